"""The logs kept on a prospect at each step (touches, concerns, the action plan...).

One repository serves every log: `domain.cycle_logs` says which table and columns each uses.
Deleting sets `deleted_at`; the entry stays in the trash until it is restored or purged.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from salescoach.domain.cycle_logs import LogKind
from salescoach.errors import NotFound
from salescoach.storage.clock import now_iso
from salescoach.storage.database import with_explained_reads, write_transaction


@with_explained_reads
class CycleLogRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def add(self, kind: LogKind, prospect_id: int, values: dict[str, Any]) -> int:
        stamp = now_iso()
        row = {
            **_columns(kind, values),
            **kind.fixed,
            "prospect_id": prospect_id,
            "created_at": stamp,
            "updated_at": stamp,
        }
        with write_transaction(self.db):
            table = self.db.table(kind.storage_table)
            table.insert(row)
            return int(table.last_pk)

    def update(self, kind: LogKind, entry_id: int, values: dict[str, Any]) -> None:
        row = {**_columns(kind, values), "updated_at": now_iso()}
        with write_transaction(self.db):
            self.db.table(kind.storage_table).update(entry_id, row)

    def get(self, kind: LogKind, entry_id: int) -> dict[str, Any]:
        rows = self.db.execute(
            f"SELECT * FROM [{kind.storage_table}] WHERE id = ? {_fixed_clause(kind)}",
            [entry_id, *kind.fixed.values()],
        )
        columns = [description[0] for description in rows.description]
        row = rows.fetchone()
        if row is None:
            raise NotFound(f"That {kind.noun} no longer exists.")
        return dict(zip(columns, row, strict=True))

    def entries(self, kind: LogKind, prospect_id: int) -> list[dict[str, Any]]:
        """The entries not in the trash, by date when the log is dated (undated last)."""
        order = "id"
        if kind.date_field:
            direction = "ASC" if kind.soonest_first else "DESC"
            order = f"[{kind.date_field}] IS NULL, [{kind.date_field}] {direction}, id DESC"
        rows = self.db.execute(
            f"SELECT * FROM [{kind.storage_table}] "
            f"WHERE prospect_id = ? AND deleted_at IS NULL {_fixed_clause(kind)} "
            f"ORDER BY {order}",
            [prospect_id, *kind.fixed.values()],
        )
        columns = [description[0] for description in rows.description]
        return [dict(zip(columns, row, strict=True)) for row in rows.fetchall()]

    def count(self, kind: LogKind, prospect_id: int, where: str = "", params: tuple = ()) -> int:
        sql = (
            f"SELECT count(*) FROM [{kind.storage_table}] "
            f"WHERE prospect_id = ? AND deleted_at IS NULL {_fixed_clause(kind)}"
        )
        if where:
            sql += f" AND ({where})"
        return self.db.execute(sql, [prospect_id, *kind.fixed.values(), *params]).fetchone()[0]

    def move_to_trash(self, kind: LogKind, entry_id: int) -> None:
        with write_transaction(self.db):
            self.db.table(kind.storage_table).update(entry_id, {"deleted_at": now_iso()})


def _columns(kind: LogKind, values: dict[str, Any]) -> dict[str, Any]:
    """Only the log's own fields reach SQL; blank text is stored as NULL."""
    names = {spec.name for spec in kind.fields}
    return {
        name: (None if isinstance(value, str) and not value.strip() else value)
        for name, value in values.items()
        if name in names
    }


def _fixed_clause(kind: LogKind) -> str:
    return "".join(f" AND [{column}] = ?" for column in kind.fixed)

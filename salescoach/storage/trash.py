"""The trash: rows marked with `deleted_at`, brought back, or deleted for good with what hangs
off them.

Moving a prospect to the trash marks the prospect alone: its people, meetings and log entries
keep their own `deleted_at`, so bringing it back restores everything exactly as it was. Lists
elsewhere must therefore hide a row when it, or its prospect, is in the trash:
`not_in_trash()` writes that condition for a query.

Deleting for good follows the foreign keys declared in the schema (meetings -> answers ->
answer history, needs, summaries; prospects -> everything), so a table added later with a
foreign key is cleaned up too. The full-text indexes follow through their triggers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from salescoach.domain.cycle_logs import LOG_KINDS
from salescoach.errors import NotFound
from salescoach.storage.database import with_explained_reads, write_transaction

# Everything that can be in the trash: the prospect's own rows first, then the logs.
TRASH_TABLES: tuple[str, ...] = (
    "prospects",
    "people",
    "interviews",
    *dict.fromkeys(kind.storage_table for kind in LOG_KINDS.values()),
)

_CHUNK = 500  # ids per statement, far below SQLite's limit on parameters


def not_in_trash(table: str, alias: str) -> str:
    """A SQL condition, true when row `alias` of `table` is not in the trash and neither is the
    prospect or meeting it belongs to; e.g. `... FROM people pe WHERE {not_in_trash("people",
    "pe")}`. Full-text hits joined to their table on rowid filter the same way."""
    conditions = [f"{alias}.deleted_at IS NULL"] if table in TRASH_TABLES else []
    if table in ("answers", "summaries"):  # reached through their meeting
        conditions.append(
            "NOT EXISTS (SELECT 1 FROM interviews ti JOIN prospects tp ON tp.id = ti.prospect_id "
            f"WHERE ti.id = {alias}.interview_id "
            "AND (ti.deleted_at IS NOT NULL OR tp.deleted_at IS NOT NULL))"
        )
    elif table != "prospects":
        conditions.append(
            "NOT EXISTS (SELECT 1 FROM prospects tp "
            f"WHERE tp.id = {alias}.prospect_id AND tp.deleted_at IS NOT NULL)"
        )
    if table == "needs":  # a need heard in a meeting goes with the meeting
        conditions.append(
            "NOT EXISTS (SELECT 1 FROM interviews ti "
            f"WHERE ti.id = {alias}.interview_id AND ti.deleted_at IS NOT NULL)"
        )
    return " AND ".join(conditions) or "1"


@dataclass(frozen=True)
class TrashedRow:
    table: str
    id: int
    prospect_id: int
    company: str
    deleted_at: str  # ISO time, UTC, as stored
    prospect_in_trash: bool  # its prospect is in the trash too (always True for a prospect)
    values: dict[str, Any]  # the row's own columns


@with_explained_reads
class TrashRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with write_transaction(self.db):
            yield

    def move(self, table: str, row_id: int, stamp: str) -> int:
        """Put one row in the trash; returns its prospect's id. A row already in the trash keeps
        the time it was first put there, so its 30 days are not extended."""
        prospect_id = self._prospect_of(table, row_id)
        with self.transaction():
            self.db.execute(
                f"UPDATE [{_checked(table)}] SET deleted_at = ? "
                "WHERE id = ? AND deleted_at IS NULL",
                [stamp, row_id],
            )
        return prospect_id

    def restore(self, table: str, row_id: int) -> None:
        with self.transaction():
            self.db.execute(
                f"UPDATE [{_checked(table)}] SET deleted_at = NULL WHERE id = ?", [row_id]
            )

    def get(self, table: str, row_id: int) -> TrashedRow:
        """One row in the trash; NotFound when it is not (any more) in it."""
        found = self._trashed(table, "t.id = ?", [row_id])
        if not found:
            raise NotFound("That is no longer in the trash.")
        return found[0]

    def rows(self) -> list[TrashedRow]:
        """Everything in the trash, in no particular order."""
        return [row for table in TRASH_TABLES for row in self._trashed(table)]

    def expired(self, cutoff: str) -> list[tuple[str, int, int]]:
        """(table, id, prospect id) of everything put in the trash before `cutoff`, prospects
        first."""
        return [
            (table, row_id, prospect_id)
            for table in TRASH_TABLES
            for row_id, prospect_id in self.db.execute(
                f"SELECT id, {'id' if table == 'prospects' else 'prospect_id'} FROM [{table}] "
                "WHERE deleted_at IS NOT NULL AND deleted_at < ? ORDER BY id",
                [cutoff],
            )
        ]

    def delete_forever(self, table: str, row_id: int) -> bool:
        """Delete the row and everything that hangs off it, in one transaction; False when it
        was already gone (deleted with its prospect, say)."""
        with self.transaction():
            exists = self.db.execute(
                f"SELECT 1 FROM [{_checked(table)}] WHERE id = ?", [row_id]
            ).fetchone()
            if exists is None:
                return False
            self._delete(table, [row_id], _dependents(self.db))
        return True

    # --- inside -------------------------------------------------------------------------------

    def _prospect_of(self, table: str, row_id: int) -> int:
        column = "id" if table == "prospects" else "prospect_id"
        row = self.db.execute(
            f"SELECT [{column}] FROM [{_checked(table)}] WHERE id = ?", [row_id]
        ).fetchone()
        if row is None:
            raise NotFound("That no longer exists.")
        return int(row[0])

    def _trashed(self, table: str, where: str = "", params: Sequence[Any] = ()) -> list[TrashedRow]:
        join = "t.id" if table == "prospects" else "t.prospect_id"
        rows = self.db.execute(
            f"SELECT t.*, p.id, p.company, p.deleted_at IS NOT NULL FROM [{_checked(table)}] t "
            f"JOIN prospects p ON p.id = {join} "
            f"WHERE t.deleted_at IS NOT NULL {'AND ' + where if where else ''}",
            list(params),
        )
        columns = [description[0] for description in rows.description][:-3]
        found = []
        for row in rows.fetchall():
            values = dict(zip(columns, row[:-3], strict=True))
            prospect_id, company, prospect_in_trash = row[-3:]
            found.append(
                TrashedRow(
                    table,
                    values["id"],
                    prospect_id,
                    company,
                    values["deleted_at"],
                    bool(prospect_in_trash),
                    values,
                )
            )
        return found

    def _delete(
        self, table: str, ids: list[int], dependents: dict[str, list[tuple[str, str]]]
    ) -> None:
        """Children first, so the foreign keys hold at every step."""
        for child, column in dependents.get(table, []):
            if child == table:
                continue
            child_ids = [
                child_id
                for chunk in _chunks(ids)
                for (child_id,) in self.db.execute(
                    f"SELECT rowid FROM [{child}] WHERE [{column}] IN ({_marks(chunk)})", chunk
                )
            ]
            if child_ids:
                self._delete(child, child_ids, dependents)
        for chunk in _chunks(ids):
            self.db.execute(f"DELETE FROM [{table}] WHERE rowid IN ({_marks(chunk)})", chunk)


def _dependents(db: sqlite_utils.Database) -> dict[str, list[tuple[str, str]]]:
    """parent table -> [(child table, column pointing at the parent)], from the schema."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for child in tables:
        for key in db.execute(f"PRAGMA foreign_key_list([{child}])").fetchall():
            parent, column = key[2], key[3]
            found[parent].append((child, column))
    return found


def _checked(table: str) -> str:
    if table not in TRASH_TABLES:
        raise ValueError(f"{table!r} has no trash")
    return table


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _marks(chunk: list[int]) -> str:
    return ", ".join("?" * len(chunk))

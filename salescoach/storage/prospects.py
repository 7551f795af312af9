"""Prospects and their people."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from salescoach.domain.prospect import ProspectRow
from salescoach.storage.clock import now_iso
from salescoach.storage.database import explained_errors

# Columns the prospect list may sort by, mapped to safe SQL expressions.
SORTABLE = {
    "company": "p.company COLLATE NOCASE",
    "stage": "p.stage",
    "industry": "p.industry COLLATE NOCASE",
    "people": "people_count",
    "last_meeting": "last_meeting",
    "updated": "p.updated_at",
}


class ProspectRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def add(self, company: str, **fields: Any) -> int:
        stamp = now_iso()
        with self.db.atomic():
            table = self.db.table("prospects")
            table.insert({"company": company, "created_at": stamp, "updated_at": stamp, **fields})
            return int(table.last_pk)

    def add_person(self, prospect_id: int, name: str, **fields: Any) -> int:
        with self.db.atomic():
            table = self.db.table("people")
            table.insert(
                {"prospect_id": prospect_id, "name": name, "created_at": now_iso(), **fields}
            )
            return int(table.last_pk)

    def update(self, prospect_id: int, fields: dict[str, Any]) -> None:
        with explained_errors(self.db), self.db.atomic():
            self.db.table("prospects").update(prospect_id, {**fields, "updated_at": now_iso()})

    def update_person(self, person_id: int, fields: dict[str, Any]) -> None:
        with explained_errors(self.db), self.db.atomic():
            self.db.table("people").update(person_id, fields)

    def move_person_to_trash(self, person_id: int) -> None:
        with explained_errors(self.db), self.db.atomic():
            self.db.table("people").update(person_id, {"deleted_at": now_iso()})

    def get(self, prospect_id: int) -> dict[str, Any]:
        return dict(self.db.table("prospects").get(prospect_id))

    def people(self, prospect_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.table("people").rows_where(
                "prospect_id = ? AND deleted_at IS NULL", [prospect_id], order_by="id"
            )
        )

    def id_for_demo_key(self, key: str) -> int | None:
        row = self.db.execute("SELECT id FROM prospects WHERE demo_key = ?", [key]).fetchone()
        return row[0] if row else None

    def count(self, search: str = "") -> int:
        where, params = _search_clause(search)
        return self.db.execute(f"SELECT count(*) FROM prospects p {where}", params).fetchone()[0]

    def list(
        self,
        search: str = "",
        sort: str = "company",
        descending: bool = False,
        limit: int = 200,
        offset: int = 0,
    ) -> list[ProspectRow]:
        where, params = _search_clause(search)
        order = SORTABLE.get(sort, SORTABLE["company"]) + (" DESC" if descending else "")
        sql = f"""
            SELECT p.id, p.company, p.industry, p.stage,
                (SELECT count(*) FROM people WHERE prospect_id = p.id) AS people_count,
                (SELECT name FROM people WHERE prospect_id = p.id ORDER BY id LIMIT 1)
                    AS main_contact,
                (SELECT max(started_at) FROM interviews WHERE prospect_id = p.id) AS last_meeting,
                (SELECT count(*) FROM interviews WHERE prospect_id = p.id) AS meetings,
                (SELECT count(*) FROM needs WHERE prospect_id = p.id) AS needs
            FROM prospects p {where}
            ORDER BY {order}, p.id
            LIMIT ? OFFSET ?
        """
        rows = self.db.execute(sql, [*params, limit, offset]).fetchall()
        return [ProspectRow(*row) for row in rows]


def _search_clause(search: str) -> tuple[str, list[str]]:
    term = search.strip()
    if not term:
        return "", []
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return (
        "WHERE p.company LIKE ? ESCAPE '\\' OR p.industry LIKE ? ESCAPE '\\' "
        "OR EXISTS (SELECT 1 FROM people WHERE prospect_id = p.id AND name LIKE ? ESCAPE '\\')",
        [pattern, pattern, pattern],
    )

"""Prospects and their people."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from salescoach.domain.pipeline import (
    NOT_SCORED,
    Due,
    DueCounts,
    PipelineFilter,
    PipelineRow,
    due_bounds,
)
from salescoach.domain.prospect import STAGES
from salescoach.storage.clock import now_iso
from salescoach.storage.database import with_explained_reads, write_transaction

_STEP_ORDER = (
    "CASE p.stage "
    + " ".join(f"WHEN '{stage}' THEN {number}" for number, stage in enumerate(STAGES, 1))
    + " END"
)
_TIER_ORDER = (
    "CASE p.fit_tier WHEN 'A' THEN 1 WHEN 'B' THEN 2 WHEN 'C' THEN 3 WHEN 'excluded' THEN 4 END"
)
_MAIN_CONTACT = (
    "(SELECT name FROM people WHERE prospect_id = p.id AND deleted_at IS NULL ORDER BY id LIMIT 1)"
)
_LAST_MEETING = (
    "(SELECT max(started_at) FROM interviews WHERE prospect_id = p.id AND deleted_at IS NULL)"
)
# Indexes of migration m005 the pipeline walks, whatever SQLite guesses without statistics.
_BY_COMPANY = "idx_prospects_live_company"
_BY_DUE = "idx_prospects_live_due"


@dataclass(frozen=True)
class SortKey:
    sql: str
    text: bool = False  # compared without regard to case

    @property
    def computed(self) -> bool:
        """Read from another table by a sub-select."""
        return self.sql.startswith("(SELECT")


# What the list may sort by. A prospect without a value (no score, no contact, no date) stays
# at the bottom whichever way the column is sorted.
SORTABLE: dict[str, tuple[SortKey, ...]] = {
    "company": (SortKey("p.company", text=True),),
    "stage": (SortKey(_STEP_ORDER),),
    "industry": (SortKey("p.industry", text=True),),
    "fit": (SortKey(_TIER_ORDER), SortKey("-p.fit_score")),
    "people": (SortKey(_MAIN_CONTACT, text=True),),
    "next_action": (SortKey("p.next_action", text=True),),
    "due": (SortKey("p.next_action_on"),),
    "last_meeting": (SortKey(_LAST_MEETING),),
    "updated": (SortKey("p.updated_at"),),
}

# What a row of the list shows, for one page of ids; every sub-select reads an index only.
_ROW_SQL = f"""
SELECT p.id, p.company, p.industry, p.stage, p.fit_tier, p.fit_score,
    {_MAIN_CONTACT} AS main_contact,
    (SELECT count(*) FROM people WHERE prospect_id = p.id AND deleted_at IS NULL),
    p.next_action, p.next_action_on,
    {_LAST_MEETING},
    (SELECT count(*) FROM interviews WHERE prospect_id = p.id AND deleted_at IS NULL)
FROM prospects p WHERE p.id IN (SELECT value FROM json_each(?))
"""


@with_explained_reads
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
        with write_transaction(self.db):
            self.db.table("prospects").update(prospect_id, {**fields, "updated_at": now_iso()})

    def update_person(self, person_id: int, fields: dict[str, Any]) -> None:
        with write_transaction(self.db):
            self.db.table("people").update(person_id, fields)

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

    def count(
        self, search: str = "", filters: PipelineFilter | None = None, today: date | None = None
    ) -> int:
        """How many prospects outside the trash match the search text and the filters."""
        filters = filters or PipelineFilter()
        where, params = _where(search, filters, today)
        sql = f"SELECT count(*) FROM {_source(filters)} WHERE {where}"
        return self.db.execute(sql, params).fetchone()[0]

    def ids(
        self,
        search: str = "",
        sort: str = "company",
        descending: bool = False,
        filters: PipelineFilter | None = None,
        today: date | None = None,
    ) -> list[int]:
        """Every matching prospect's id, in the list's order: sorted once, shown page by page."""
        filters = filters or PipelineFilter()
        where, params = _where(search, filters, today)
        return [
            row[0] for row in self.db.execute(_ids_sql(sort, descending, filters, where), params)
        ]

    def rows(self, ids: list[int]) -> list[PipelineRow]:
        """What the list shows of these prospects, in the order given; gone ones left out."""
        if not ids:
            return []
        found = {
            row[0]: PipelineRow(*row)
            for row in self.db.execute(_ROW_SQL, [json.dumps(ids)]).fetchall()
        }
        return [found[prospect_id] for prospect_id in ids if prospect_id in found]

    def list(
        self,
        search: str = "",
        sort: str = "company",
        descending: bool = False,
        limit: int = 200,
        offset: int = 0,
        filters: PipelineFilter | None = None,
        today: date | None = None,
    ) -> list[PipelineRow]:
        """One page of the pipeline, sorted in SQL."""
        filters = filters or PipelineFilter()
        where, params = _where(search, filters, today)
        sql = _ids_sql(sort, descending, filters, where) + " LIMIT ? OFFSET ?"
        return self.rows([row[0] for row in self.db.execute(sql, [*params, limit, offset])])

    def stage_counts(
        self, filters: PipelineFilter | None = None, today: date | None = None
    ) -> dict[str, int]:
        """Prospects at each step, under every filter but the step itself."""
        bare = (filters or PipelineFilter()).with_stage(None)
        where, params = _where("", bare, today)
        counts = dict.fromkeys(STAGES, 0)
        sql = f"SELECT p.stage, count(*) FROM {_source(bare)} WHERE {where} GROUP BY p.stage"
        for stage, count in self.db.execute(sql, params):
            if stage in counts:
                counts[stage] = count
        return counts

    def due_counts(self, today: date) -> DueCounts:
        """Prospects whose next action is overdue, and due today (none in the trash)."""
        overdue, due_today = self.db.execute(
            "SELECT count(*) FILTER (WHERE next_action_on < :day), "
            "count(*) FILTER (WHERE next_action_on = :day) "
            f"FROM prospects INDEXED BY {_BY_DUE} "
            "WHERE deleted_at IS NULL AND next_action_on <= :day",
            {"day": today.isoformat()},
        ).fetchone()
        return DueCounts(overdue=overdue, today=due_today)


def _source(filters: PipelineFilter, sort: str | None = None) -> str:
    """The prospects table, read the quickest way for these filters and this sort.

    Without statistics SQLite takes the (deleted_at, stage) index for "not in the trash", which
    then reads the table row by row: slower than one pass over the table when most prospects
    are wanted. The due-date and company indexes of m005 are named for the same reason.
    """
    if filters.due in (Due.OVERDUE, Due.TODAY, Due.WEEK):
        return f"prospects p INDEXED BY {_BY_DUE}"
    if filters.stage is not None:
        return "prospects p"  # the (deleted_at, stage) index finds a step's prospects
    if sort == "company" and filters.tier is None:
        return f"prospects p INDEXED BY {_BY_COMPANY}"  # already in order: no sorting
    if sort is None and filters.tier is None:
        return "prospects p"  # a count: the (deleted_at, stage) index alone answers it
    return "prospects p NOT INDEXED"


def _ids_sql(sort: str, descending: bool, filters: PipelineFilter, where: str) -> str:
    """The matching ids in the list's order."""
    direction = " DESC" if descending else ""
    if sort not in SORTABLE or sort == "company":
        return (
            f"SELECT p.id FROM {_source(filters, 'company')} WHERE {where} "
            f"ORDER BY p.company COLLATE NOCASE{direction}, p.id{direction}"
        )
    keys = SORTABLE[sort]
    order = []
    for number, key in enumerate(keys):
        value = f"k{number}" if key.computed else key.sql
        collate = " COLLATE NOCASE" if key.text else ""
        order += [f"{value} IS NULL", f"{value}{collate}{direction}"]
    order_by = ", ".join([*order, "company COLLATE NOCASE", "id"])
    if not any(key.computed for key in keys):
        return f"SELECT p.id AS id FROM {_source(filters, sort)} WHERE {where} ORDER BY {order_by}"
    # A key read from another table is worked out once per prospect, not twice (once for "is
    # it empty", once for its value), then the whole list is sorted on it.
    columns = ", ".join(f"{key.sql} AS k{number}" for number, key in enumerate(keys))
    return f"""
        WITH keyed AS MATERIALIZED (
            SELECT p.id AS id, p.company AS company, {columns} FROM {_source(filters, sort)}
            WHERE {where}
        )
        SELECT id FROM keyed ORDER BY {order_by}
    """


def _where(search: str, filters: PipelineFilter, today: date | None) -> tuple[str, list[Any]]:
    clauses = ["p.deleted_at IS NULL"]
    params: list[Any] = []
    if filters.stage is not None:
        clauses.append("p.stage = ?")
        params.append(filters.stage)
    if filters.tier == NOT_SCORED:
        clauses.append("p.fit_tier IS NULL")
    elif filters.tier is not None:
        clauses.append("p.fit_tier = ?")
        params.append(filters.tier)
    if filters.due is Due.NONE:
        clauses.append("p.next_action_on IS NULL")
    elif filters.due is not None:
        if today is None:
            raise ValueError("a due filter needs today's date")
        first, last = due_bounds(filters.due, today)
        if first is not None:
            clauses.append("p.next_action_on >= ?")
            params.append(first)
        clauses.append("p.next_action_on < ?")
        params.append(last)
    term = search.strip()
    if term:
        pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append(
            "(p.company LIKE ? ESCAPE '\\' OR p.industry LIKE ? ESCAPE '\\' "
            "OR EXISTS (SELECT 1 FROM people WHERE prospect_id = p.id AND deleted_at IS NULL "
            "AND name LIKE ? ESCAPE '\\'))"
        )
        params.extend([pattern, pattern, pattern])
    return " AND ".join(clauses), params

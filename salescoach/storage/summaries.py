"""The rep's final copies of summaries and letters, and when each went out.

A meeting's summaries are kept by meeting (`summaries`); letters to a prospect who has had no
meeting yet by prospect (`prospect_letters`). Both tables have the same columns, so one set of
methods serves both: `about` says which ("meeting" or "prospect") and `owner_id` whose.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from salescoach.storage.clock import now_iso
from salescoach.storage.database import with_explained_reads, write_transaction

# What a summary is about -> (its table, the column naming the meeting or prospect).
PLACES: dict[str, tuple[str, str]] = {
    "meeting": ("summaries", "interview_id"),
    "prospect": ("prospect_letters", "prospect_id"),
}


@with_explained_reads
class SummaryRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def get(
        self, owner_id: int, template: str, fmt: str, about: str = "meeting"
    ) -> dict[str, Any] | None:
        table, owner = PLACES[about]
        row = self.db.execute(
            f"SELECT final_text, edited_at, sent_at FROM {table} "
            f"WHERE {owner} = ? AND template = ? AND format = ?",
            [owner_id, template, fmt],
        ).fetchone()
        return {"final_text": row[0], "edited_at": row[1], "sent_at": row[2]} if row else None

    def _upsert(self, about: str, owner_id: int, template: str, fmt: str, **fields: Any) -> None:
        table, owner = PLACES[about]
        with write_transaction(self.db):
            self.db.execute(
                f"INSERT INTO {table} ({owner}, template, format, created_at) "
                f"VALUES (?, ?, ?, ?) ON CONFLICT ({owner}, template, format) DO NOTHING",
                [owner_id, template, fmt, now_iso()],
            )
            assignments = ", ".join(f"{column} = ?" for column in fields)
            self.db.execute(
                f"UPDATE {table} SET {assignments} "
                f"WHERE {owner} = ? AND template = ? AND format = ?",
                [*fields.values(), owner_id, template, fmt],
            )

    def save_final(
        self, owner_id: int, template: str, fmt: str, text: str | None, about: str = "meeting"
    ) -> None:
        self._upsert(about, owner_id, template, fmt, final_text=text, edited_at=now_iso())

    def mark_sent(
        self, owner_id: int, template: str, fmt: str, when: str, about: str = "meeting"
    ) -> None:
        self._upsert(about, owner_id, template, fmt, sent_at=when)

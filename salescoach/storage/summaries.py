"""The rep's final copies of summaries, and when each went out."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from salescoach.storage.clock import now_iso
from salescoach.storage.database import explained_errors


class SummaryRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def get(self, interview_id: int, template: str, fmt: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT final_text, edited_at, sent_at FROM summaries "
            "WHERE interview_id = ? AND template = ? AND format = ?",
            [interview_id, template, fmt],
        ).fetchone()
        return {"final_text": row[0], "edited_at": row[1], "sent_at": row[2]} if row else None

    def _upsert(self, interview_id: int, template: str, fmt: str, **fields: Any) -> None:
        with explained_errors(self.db), self.db.atomic():
            self.db.execute(
                "INSERT INTO summaries (interview_id, template, format, created_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (interview_id, template, format) DO NOTHING",
                [interview_id, template, fmt, now_iso()],
            )
            assignments = ", ".join(f"{column} = ?" for column in fields)
            self.db.execute(
                f"UPDATE summaries SET {assignments} "
                "WHERE interview_id = ? AND template = ? AND format = ?",
                [*fields.values(), interview_id, template, fmt],
            )

    def save_final(self, interview_id: int, template: str, fmt: str, text: str | None) -> None:
        self._upsert(interview_id, template, fmt, final_text=text, edited_at=now_iso())

    def mark_sent(self, interview_id: int, template: str, fmt: str, when: str) -> None:
        self._upsert(interview_id, template, fmt, sent_at=when)

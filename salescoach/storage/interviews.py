"""Discovery meetings, their answers (with history) and the needs heard in them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

import sqlite_utils
from sqlite_utils.db import NotFoundError

from salescoach.errors import NotFound
from salescoach.storage.clock import now_iso
from salescoach.storage.database import with_explained_reads, write_transaction

AnswerField = Literal["value", "note", "quote"]
ANSWER_FIELDS: tuple[AnswerField, ...] = ("value", "note", "quote")


@dataclass(frozen=True)
class StoredAnswer:
    question_id: str
    value: Any
    note: str
    quote: str
    updated_at: str
    carried_value: Any = None  # what the last meeting said, when this one was pre-filled


@dataclass(frozen=True)
class StoredNeed:
    id: int
    rank: int
    statement: str
    impact: str
    priority: str
    status: str
    source_question_id: str | None
    solution_idea: str = ""
    original_statement: str = ""


@with_explained_reads
class InterviewRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def create(
        self,
        prospect_id: int,
        playbook_id: str,
        playbook_version: int,
        playbook_title: str,
        playbook_snapshot: str,
        title: str = "",
        started_at: str | None = None,
    ) -> int:
        stamp = started_at or now_iso()
        with self.db.atomic():
            table = self.db.table("interviews")
            table.insert(
                {
                    "prospect_id": prospect_id,
                    "playbook_id": playbook_id,
                    "playbook_version": playbook_version,
                    "playbook_title": playbook_title,
                    "playbook_snapshot": playbook_snapshot,
                    "title": title,
                    "status": "in_progress",
                    "started_at": stamp,
                    "updated_at": stamp,
                }
            )
            return int(table.last_pk)

    def get(self, interview_id: int) -> dict[str, Any]:
        try:
            return dict(self.db.table("interviews").get(interview_id))
        except NotFoundError:
            raise NotFound(f"There is no meeting with id {interview_id}.") from None

    def for_prospect(self, prospect_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.table("interviews").rows_where(
                "prospect_id = ? AND deleted_at IS NULL", [prospect_id], order_by="started_at desc"
            )
        )

    def update(self, interview_id: int, **fields: Any) -> None:
        with write_transaction(self.db):
            self.db.table("interviews").update(interview_id, {**fields, "updated_at": now_iso()})

    def set_position(self, interview_id: int, question_id: str, elapsed: int) -> None:
        """Where the rep is; written on every move, so one plain statement."""
        with write_transaction(self.db):
            self.db.execute(
                "UPDATE interviews SET current_question_id = ?, elapsed_seconds = ? WHERE id = ?",
                [question_id, elapsed, interview_id],
            )

    def answers(self, interview_id: int) -> dict[str, StoredAnswer]:
        rows = self.db.execute(
            "SELECT question_id, value, note, quote, updated_at, carried_value FROM answers "
            "WHERE interview_id = ?",
            [interview_id],
        ).fetchall()
        return {
            qid: StoredAnswer(
                qid, _decode(value), note or "", quote or "", updated, _decode(carried)
            )
            for qid, value, note, quote, updated, carried in rows
        }

    def carry_answers(
        self, from_interview: int, to_interview: int, question_ids: list[str]
    ) -> None:
        """Pre-fill a new meeting with the last one's answers, remembering where they came from."""
        stamp = now_iso()
        with self.db.atomic():
            for question_id in question_ids:
                self.db.execute(
                    "INSERT INTO answers (interview_id, question_id, value, carried_value, "
                    "created_at, updated_at) SELECT ?, question_id, value, value, ?, ? "
                    "FROM answers WHERE interview_id = ? AND question_id = ? "
                    "AND value IS NOT NULL",
                    [to_interview, stamp, stamp, from_interview, question_id],
                )
            self.db.table("interviews").update(to_interview, {"prefilled_from": from_interview})

    def latest_in_progress(self) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT i.id, i.updated_at, p.company FROM interviews i "
            "JOIN prospects p ON p.id = i.prospect_id "
            "WHERE i.status = 'in_progress' AND i.deleted_at IS NULL AND p.deleted_at IS NULL "
            "ORDER BY i.updated_at DESC LIMIT 1"
        ).fetchone()
        return {"id": row[0], "updated_at": row[1], "company": row[2]} if row else None

    def listing(self) -> list[dict[str, Any]]:
        """Every meeting with its prospect, newest first (for the command line)."""
        rows = self.db.execute(
            "SELECT i.id, p.company, i.started_at, i.playbook_title, i.status, i.outcome "
            "FROM interviews i JOIN prospects p ON p.id = i.prospect_id "
            "WHERE i.deleted_at IS NULL AND p.deleted_at IS NULL "
            "ORDER BY i.started_at DESC, i.id DESC"
        ).fetchall()
        keys = ("id", "prospect", "started_at", "playbook", "status", "outcome")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def latest_for_prospect(self, prospect_id: int) -> int | None:
        row = self.db.execute(
            "SELECT id FROM interviews WHERE prospect_id = ? AND deleted_at IS NULL "
            "ORDER BY started_at DESC, id DESC "
            "LIMIT 1",
            [prospect_id],
        ).fetchone()
        return row[0] if row else None

    def save_answer_field(
        self, interview_id: int, question_id: str, field: AnswerField, value: Any
    ) -> str:
        """Write one field of one answer, keeping the previous value; returns the time saved."""
        if field not in ANSWER_FIELDS:
            raise ValueError(f"unknown answer field {field!r}")
        stored = json.dumps(value, ensure_ascii=False) if field == "value" else (value or "")
        stamp = now_iso()
        conn = self.db.conn
        with write_transaction(self.db):
            row = conn.execute(
                f"SELECT id, {field} FROM answers WHERE interview_id = ? AND question_id = ?",
                [interview_id, question_id],
            ).fetchone()
            if row is None:
                conn.execute(
                    f"INSERT INTO answers (interview_id, question_id, {field}, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?)",
                    [interview_id, question_id, stored, stamp, stamp],
                )
            elif row[1] != stored:
                conn.execute(
                    f"UPDATE answers SET {field} = ?, updated_at = ? WHERE id = ?",
                    [stored, stamp, row[0]],
                )
                if row[1] not in (None, ""):
                    conn.execute(
                        "INSERT INTO answer_history (answer_id, field, old_value, new_value, "
                        "changed_at) VALUES (?, ?, ?, ?, ?)",
                        [row[0], field, row[1], stored, stamp],
                    )
            conn.execute("UPDATE interviews SET updated_at = ? WHERE id = ?", [stamp, interview_id])
        return stamp

    def history(self, interview_id: int, question_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT h.field, h.old_value, h.new_value, h.changed_at FROM answer_history h "
            "JOIN answers a ON a.id = h.answer_id "
            "WHERE a.interview_id = ? AND a.question_id = ? ORDER BY h.id",
            [interview_id, question_id],
        ).fetchall()
        return [
            {"field": field, "old": old, "new": new, "changed_at": changed}
            for field, old, new, changed in rows
        ]

    def audit(self, interview_id: int) -> dict[str, Any]:
        """What the meeting-level history shows: start, carried answers, gate override, end."""
        row = self.db.execute(
            "SELECT i.started_at, i.prefilled_from, p.started_at, i.gate_override_reason, "
            "i.gate_override_at, i.status, i.outcome, i.ended_at, i.next_step, "
            "i.next_step_client_action, i.next_step_date FROM interviews i "
            "LEFT JOIN interviews p ON p.id = i.prefilled_from WHERE i.id = ?",
            [interview_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"There is no meeting with id {interview_id}.")
        keys = (
            "started_at",
            "prefilled_from",
            "prefilled_from_started_at",
            "gate_override_reason",
            "gate_override_at",
            "status",
            "outcome",
            "ended_at",
            "next_step",
            "next_step_client_action",
            "next_step_date",
        )
        return dict(zip(keys, row, strict=True))

    def add_need(
        self,
        prospect_id: int,
        statement: str,
        interview_id: int | None = None,
        impact: str = "",
        priority: str = "",
        status: str = "open",
        source_question_id: str | None = None,
    ) -> int:
        stamp = now_iso()
        with write_transaction(self.db):
            next_rank = self.db.execute(
                "SELECT coalesce(max(rank), 0) + 1 FROM needs WHERE prospect_id = ? "
                "AND interview_id IS ?",
                [prospect_id, interview_id],
            ).fetchone()[0]
            table = self.db.table("needs")
            table.insert(
                {
                    "prospect_id": prospect_id,
                    "interview_id": interview_id,
                    "rank": next_rank,
                    "statement": statement,
                    "impact": impact,
                    "priority": priority,
                    "status": status,
                    "source_question_id": source_question_id,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            return int(table.last_pk)

    def needs(self, interview_id: int) -> list[StoredNeed]:
        rows = self.db.execute(
            "SELECT id, rank, statement, coalesce(impact, ''), coalesce(priority, ''), status, "
            "source_question_id, coalesce(solution_idea, ''), coalesce(original_statement, '') "
            "FROM needs WHERE interview_id = ? ORDER BY rank, id",
            [interview_id],
        ).fetchall()
        return [StoredNeed(*row) for row in rows]

    def update_need(self, need_id: int, **fields: Any) -> None:
        with write_transaction(self.db):
            self.db.table("needs").update(need_id, {**fields, "updated_at": now_iso()})

    def need_prospect(self, need_id: int) -> int | None:
        row = self.db.execute("SELECT prospect_id FROM needs WHERE id = ?", [need_id]).fetchone()
        return row[0] if row else None

    def delete_need(self, need_id: int) -> None:
        with write_transaction(self.db):
            self.db.table("needs").delete(need_id)

    def rerank_needs(self, ordered_ids: list[int]) -> None:
        stamp = now_iso()
        with write_transaction(self.db):
            for rank, need_id in enumerate(ordered_ids, start=1):
                self.db.execute(
                    "UPDATE needs SET rank = ?, updated_at = ? WHERE id = ?", [rank, stamp, need_id]
                )


def _decode(value: str | None) -> Any:
    return None if value is None else json.loads(value)

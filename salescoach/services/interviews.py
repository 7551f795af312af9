"""Discovery meetings: start (fresh, pre-filled or resumed), record answers, needs, gate, end."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from salescoach.domain.answer_history import AnswerChange, merge_typing
from salescoach.errors import SalesCoachError
from salescoach.storage.clock import now_iso
from salescoach.storage.database import explained_reads
from salescoach.storage.interviews import (
    AnswerField,
    InterviewRepository,
    StoredAnswer,
    StoredNeed,
)
from salescoach.storage.prospects import ProspectRepository

# The playbook model (pydantic) and what reads it load with the first meeting, not at start-up:
# the main window only lists prospects.
if TYPE_CHECKING:
    from salescoach.domain.gate import GateState
    from salescoach.domain.playbook import Playbook

OUTCOMES = ("advance", "continuation", "no_fit", "lost")
NEED_STATUSES = ("open", "confirmed", "corrected", "not_a_priority")


class GateClosed(SalesCoachError):
    """Solution ideas were asked for before the diagnosis was done (and with no override)."""


@dataclass(frozen=True)
class MeetingEvent:
    """One moment of the meeting's own story: started, carried over, gate overridden, ended."""

    kind: str  # started, gate_override, ended
    at: str  # ISO time, UTC (a date alone for a next step's date)
    title: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Meeting:
    """An interview with the playbook it was started on (never the current edition)."""

    id: int
    prospect_id: int
    company: str
    playbook: Playbook
    record: dict[str, Any]


class InterviewService:
    def __init__(self, interviews: InterviewRepository, prospects: ProspectRepository) -> None:
        self.interviews = interviews
        self.prospects = prospects
        # Told the prospect's id when a meeting starts or ends or a need's standing changes,
        # so the prospect's step can be worked out again.
        self.on_progress: Callable[[int], object] = lambda _prospect_id: None

    # --- starting and resuming ------------------------------------------------------------------

    def start(
        self,
        prospect_id: int,
        playbook: Playbook,
        title: str = "",
        started_at: str | None = None,
        prefill: bool = False,
    ) -> int:
        """A new meeting on a frozen copy of `playbook`; `prefill` carries the last answers over."""
        previous = self.interviews.latest_for_prospect(prospect_id) if prefill else None
        snapshot = playbook.model_dump_json(by_alias=True, exclude_none=True)
        interview_id = self.interviews.create(
            prospect_id,
            playbook.id,
            playbook.version,
            playbook.title,
            snapshot,
            title=title,
            started_at=started_at,
        )
        if previous is not None:
            wanted = [question.id for question in playbook.questions()]
            self.interviews.carry_answers(previous, interview_id, wanted)
        self.on_progress(prospect_id)
        return interview_id

    def meeting(self, interview_id: int) -> Meeting:
        from salescoach.domain.playbook import Playbook

        record = self.interviews.get(interview_id)
        playbook = Playbook.model_validate_json(record["playbook_snapshot"])
        with explained_reads(self.prospects.db):
            company = self.prospects.get(record["prospect_id"])["company"]
        return Meeting(interview_id, record["prospect_id"], company, playbook, record)

    def for_prospect(self, prospect_id: int) -> list[dict[str, Any]]:
        """The prospect's meetings, newest first."""
        return self.interviews.for_prospect(prospect_id)

    def interrupted(self) -> dict[str, Any] | None:
        """The most recently edited unfinished meeting: {"id", "company", "updated_at"}."""
        return self.interviews.latest_in_progress()

    def remember_position(self, interview_id: int, question_id: str, elapsed: int) -> None:
        self.interviews.set_position(interview_id, question_id, elapsed)

    # --- answers --------------------------------------------------------------------------------

    def answers(self, interview_id: int) -> dict[str, StoredAnswer]:
        return self.interviews.answers(interview_id)

    def record(self, interview_id: int, question_id: str, field: AnswerField, value: Any) -> str:
        """Write through one edit; returns when it was saved (ISO time, UTC)."""
        return self.interviews.save_answer_field(interview_id, question_id, field, value)

    def history(self, interview_id: int, question_id: str) -> list[dict[str, Any]]:
        return self.interviews.history(interview_id, question_id)

    def answer_changes(self, interview_id: int, question_id: str) -> list[AnswerChange]:
        """Every change to the question's answer, note and quote, oldest first; the saves made
        while one passage was typed read as one change (see `merge_typing`)."""
        return merge_typing(
            AnswerChange(
                entry["field"],
                _stored_value(entry["field"], entry["old"]),
                _stored_value(entry["field"], entry["new"]),
                entry["changed_at"],
            )
            for entry in self.interviews.history(interview_id, question_id)
        )

    def meeting_history(self, interview_id: int) -> list[MeetingEvent]:
        """The meeting's own story, oldest first: when it started (and what it carried over),
        when and why the diagnosis gate was overridden, how it ended and the next step."""
        from salescoach.domain.dates import format_date
        from salescoach.domain.summary import OUTCOME_LABELS

        audit = self.interviews.audit(interview_id)
        events = []
        carried = (
            (f"Answers carried over from the meeting of {audit['prefilled_from_started_at']}",)
            if audit["prefilled_from"]
            else ()
        )
        events.append(MeetingEvent("started", audit["started_at"], "Meeting started", carried))
        if audit["gate_override_at"] or audit["gate_override_reason"]:
            events.append(
                MeetingEvent(
                    "gate_override",
                    audit["gate_override_at"] or "",
                    "Diagnosis gate overridden",
                    (f"Reason: {audit['gate_override_reason'] or '(none given)'}",),
                )
            )
        if audit["status"] == "ended":
            outcome = OUTCOME_LABELS.get(audit["outcome"] or "", audit["outcome"] or "not recorded")
            details = [
                f"{label}: {audit[key]}"
                for label, key in (
                    ("Next step", "next_step"),
                    ("Client's action", "next_step_client_action"),
                )
                if audit[key]
            ]
            if audit["next_step_date"]:
                details.append(f"By: {format_date(audit['next_step_date'])}")
            events.append(
                MeetingEvent(
                    "ended", audit["ended_at"] or "", f"Meeting ended: {outcome}", tuple(details)
                )
            )
        return sorted(events, key=lambda event: (event.at == "", event.at))

    # --- needs ----------------------------------------------------------------------------------

    def needs(self, interview_id: int) -> list[StoredNeed]:
        return self.interviews.needs(interview_id)

    def add_need(self, interview_id: int, statement: str, **fields: Any) -> int:
        prospect_id = self.interviews.get(interview_id)["prospect_id"]
        need_id = self.interviews.add_need(
            prospect_id, statement, interview_id=interview_id, **fields
        )
        if fields.get("status", "open") != "open":
            self.on_progress(prospect_id)
        return need_id

    def update_need(self, need_id: int, **fields: Any) -> None:
        if "status" in fields and fields["status"] not in NEED_STATUSES:
            raise ValueError(f"unknown need status {fields['status']!r}")
        self.interviews.update_need(need_id, **fields)
        if "status" in fields:
            self._need_progress(need_id)

    def correct_need(self, need_id: int, interview_id: int, statement: str) -> None:
        """The client rephrased a need: keep their new words and the first version."""
        current = next(n for n in self.needs(interview_id) if n.id == need_id)
        original = current.original_statement or current.statement
        self.interviews.update_need(
            need_id, statement=statement, original_statement=original, status="corrected"
        )
        self._need_progress(need_id)

    def delete_need(self, need_id: int) -> None:
        prospect_id = self.interviews.need_prospect(need_id)
        self.interviews.delete_need(need_id)
        if prospect_id is not None:
            self.on_progress(prospect_id)

    def _need_progress(self, need_id: int) -> None:
        prospect_id = self.interviews.need_prospect(need_id)
        if prospect_id is not None:
            self.on_progress(prospect_id)

    def rerank_needs(self, ordered_ids: list[int]) -> None:
        self.interviews.rerank_needs(ordered_ids)

    # --- the diagnosis gate ---------------------------------------------------------------------

    def gate(
        self,
        interview_id: int,
        playbook: Playbook | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> GateState:
        """`values`: the answers a meeting window already holds, sparing a read per keystroke."""
        from salescoach.domain.coverage import coverage
        from salescoach.domain.gate import gate_state

        playbook = playbook or self.meeting(interview_id).playbook
        if values is None:
            values = {qid: answer.value for qid, answer in self.answers(interview_id).items()}
        statuses = [need.status for need in self.needs(interview_id)]
        reason = self.interviews.get(interview_id).get("gate_override_reason")
        return gate_state(coverage(playbook, values), statuses, reason)

    def override_gate(self, interview_id: int, reason: str) -> None:
        if not reason.strip():
            raise ValueError("an override needs a reason")
        self.interviews.update(
            interview_id, gate_override_reason=reason.strip(), gate_override_at=now_iso()
        )

    def set_solution_idea(self, interview_id: int, need_id: int, idea: str) -> None:
        if not self.gate(interview_id).open:
            raise GateClosed(
                "Solution ideas wait until the diagnosis is done: answer the must-ask questions "
                "and confirm a need with the client, or override the gate with a reason."
            )
        self.interviews.update_need(need_id, solution_idea=idea)

    # --- the end --------------------------------------------------------------------------------

    def end(
        self,
        interview_id: int,
        outcome: str,
        ended_at: str | None = None,
        next_step: str = "",
        client_action: str = "",
        next_date: str = "",
    ) -> None:
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        self.interviews.update(
            interview_id,
            status="ended",
            outcome=outcome,
            ended_at=ended_at or now_iso(),
            next_step=next_step,
            next_step_client_action=client_action,
            next_step_date=next_date,
        )
        self.on_progress(self.interviews.get(interview_id)["prospect_id"])

    # --- summary --------------------------------------------------------------------------------

    def summary_model(self, interview_id: int, rep: dict[str, str]) -> dict[str, Any]:
        with explained_reads(self.prospects.db):
            return self._summary_model(interview_id, rep)

    def _summary_model(self, interview_id: int, rep: dict[str, str]) -> dict[str, Any]:
        from salescoach.domain.summary import build_summary

        meeting = self.meeting(interview_id)
        answers = {
            qid: {"value": stored.value, "note": stored.note, "quote": stored.quote}
            for qid, stored in self.interviews.answers(interview_id).items()
        }
        needs = [
            {
                "statement": need.statement,
                "impact": need.impact,
                "priority": need.priority,
                "status": need.status,
                "original_statement": need.original_statement,
                "solution_idea": need.solution_idea,
            }
            for need in self.interviews.needs(interview_id)
        ]
        return build_summary(
            playbook=meeting.playbook,
            prospect=self.prospects.get(meeting.prospect_id),
            people=self.prospects.people(meeting.prospect_id),
            rep=rep,
            meeting=meeting.record,
            answers=answers,
            needs=needs,
        )


def _stored_value(field: str, stored: str | None) -> Any:
    """An answer's value is kept as JSON (every question type round-trips); notes and quotes as
    text. A value that is not JSON is shown as it was stored rather than hidden."""
    if field != "value" or stored is None:
        return stored
    try:
        return json.loads(stored)
    except ValueError:
        return stored

"""Discovery meetings: start one on a frozen copy of a playbook, record answers, summarise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from salescoach.domain.playbook import Playbook
from salescoach.domain.summary import build_summary
from salescoach.storage.interviews import AnswerField, InterviewRepository
from salescoach.storage.prospects import ProspectRepository


@dataclass(frozen=True)
class Meeting:
    """An interview with the playbook it was started on (never the current edition)."""

    id: int
    prospect_id: int
    playbook: Playbook
    record: dict[str, Any]


class InterviewService:
    def __init__(self, interviews: InterviewRepository, prospects: ProspectRepository) -> None:
        self.interviews = interviews
        self.prospects = prospects

    def start(
        self, prospect_id: int, playbook: Playbook, title: str = "", started_at: str | None = None
    ) -> int:
        snapshot = playbook.model_dump_json(by_alias=True, exclude_none=True)
        return self.interviews.create(
            prospect_id,
            playbook.id,
            playbook.version,
            playbook.title,
            snapshot,
            title=title,
            started_at=started_at,
        )

    def meeting(self, interview_id: int) -> Meeting:
        record = self.interviews.get(interview_id)
        playbook = Playbook.model_validate_json(record["playbook_snapshot"])
        return Meeting(interview_id, record["prospect_id"], playbook, record)

    def record(self, interview_id: int, question_id: str, field: AnswerField, value: Any) -> str:
        """Write through one edit; returns when it was saved (ISO time, UTC)."""
        return self.interviews.save_answer_field(interview_id, question_id, field, value)

    def add_need(self, interview_id: int, statement: str, **fields: Any) -> int:
        prospect_id = self.interviews.get(interview_id)["prospect_id"]
        return self.interviews.add_need(prospect_id, statement, interview_id=interview_id, **fields)

    def end(self, interview_id: int, outcome: str, ended_at: str) -> None:
        self.interviews.update(interview_id, status="ended", outcome=outcome, ended_at=ended_at)

    def summary_model(self, interview_id: int, rep: dict[str, str]) -> dict[str, Any]:
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

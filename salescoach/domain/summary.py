"""The needs-summary view-model: plain dicts and lists that templates render.

Templates never see domain or storage objects, only what this module builds, so a team can write
its own templates against the documented shape (resources/docs/templates.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from salescoach.domain.answers import format_answer, format_date, group_rows, is_answered
from salescoach.domain.conditions import visible_questions
from salescoach.domain.coverage import coverage
from salescoach.domain.playbook import Playbook, QuestionType

OUTCOME_LABELS = {
    "advance": "Advance",
    "continuation": "Continuation",
    "no_fit": "No fit (sale forgone, relationship kept)",
    "lost": "Lost",
}
NEED_STATUS_LABELS = {
    "open": "Not yet confirmed",
    "confirmed": "Confirmed",
    "corrected": "Corrected with the client",
    "not_a_priority": "Not a priority",
}


def build_summary(
    *,
    playbook: Playbook,
    prospect: Mapping[str, Any],
    people: Sequence[Mapping[str, Any]],
    rep: Mapping[str, Any],
    meeting: Mapping[str, Any],
    answers: Mapping[str, Mapping[str, Any]],
    needs: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """`answers` maps question id to {"value", "note", "quote"}; `needs` are in rank order."""
    values = {qid: entry.get("value") for qid, entry in answers.items()}
    visible = {question.id for question in visible_questions(playbook, values)}
    sections: list[dict[str, Any]] = []
    slots: dict[str, list[dict[str, Any]]] = {}
    quotes: list[dict[str, str]] = []
    for section in playbook.sections:
        items = []
        for question in section.questions:
            if question.id not in visible:
                continue
            entry = answers.get(question.id, {})
            value = entry.get("value")
            item = {
                "id": question.id,
                "text": question.text,
                "type": str(question.type),
                "must_ask": question.must_ask,
                "answered": is_answered(value),
                "answer": format_answer(question, value),
                "note": (entry.get("note") or "").strip(),
                "quote": (entry.get("quote") or "").strip(),
                "columns": [field.label for field in question.fields or []],
                "rows": group_rows(question, value) if question.type == QuestionType.GROUP else [],
            }
            items.append(item)
            if item["quote"]:
                quotes.append({"question": question.text, "quote": item["quote"]})
            if question.summary and (item["answered"] or item["quote"]):
                slots.setdefault(str(question.summary), []).append(item)
        sections.append({"id": section.id, "title": section.title, "questions": items})
    cover = coverage(playbook, values)
    started = str(meeting.get("started_at") or "")
    outcome = meeting.get("outcome") or ""
    return {
        "prospect": {
            "company": prospect.get("company") or "",
            "industry": prospect.get("industry") or "",
            "region": prospect.get("region") or "",
            "website": prospect.get("website") or "",
        },
        "people": [
            {key: person.get(key) or "" for key in ("name", "title", "role", "email", "phone")}
            for person in people
        ],
        "rep": {
            key: rep.get(key) or ""
            for key in ("name", "title", "company", "email", "phone", "signature")
        },
        "meeting": {
            "title": meeting.get("title") or "",
            "date": format_date(started[:10]) if started else "",
            "date_iso": started[:10],
            "playbook": playbook.title,
            "outcome": outcome,
            "outcome_label": OUTCOME_LABELS.get(outcome, ""),
            "next_step": meeting.get("next_step") or "",
            "client_action": meeting.get("next_step_client_action") or "",
            "next_step_date": format_date(meeting.get("next_step_date") or ""),
            "gate_override_reason": meeting.get("gate_override_reason") or "",
        },
        "sections": sections,
        "slots": slots,
        "needs": [
            {
                "rank": index,
                "statement": need.get("statement") or "",
                "impact": need.get("impact") or "",
                "priority": need.get("priority") or "",
                "status": need.get("status") or "open",
                "status_label": NEED_STATUS_LABELS.get(need.get("status") or "open", ""),
                "original_statement": need.get("original_statement") or "",
                "solution_idea": need.get("solution_idea") or "",
            }
            for index, need in enumerate(needs, start=1)
            if need.get("status") != "not_a_priority"
        ],
        "quotes": quotes,
        "coverage": {
            "answered": cover.answered,
            "required": cover.required,
            "percent": cover.percent,
            "complete": cover.complete,
        },
        "missing": [{"id": question.id, "text": question.text} for question in cover.uncovered],
    }

"""The needs-summary view-model: plain dicts and lists that templates render.

Templates never see domain or storage objects, only what this module builds, so a team can write
its own templates against the documented shape (resources/docs/templates.md). Every text is a
`str` (never None): a missing value is "" and a missing list is [].
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from salescoach.domain.answers import format_answer, format_date, group_rows, is_answered
from salescoach.domain.conditions import visible_questions
from salescoach.domain.coverage import coverage
from salescoach.domain.playbook import Playbook, Question, QuestionType

OUTCOME_LABELS = {
    "advance": "Advance",
    "continuation": "Continuation",
    "no_fit": "No fit (sale forgone, relationship kept)",
    "lost": "Lost",
}
OUTCOME_NOTES = {
    "advance": "Objective met: the client committed to a concrete step.",
    "continuation": "Not yet met: we talk again, but the client has not committed to an action.",
    "no_fit": "Met: we agreed there is no fit and parted as friends.",
    "lost": "Not met: they chose another way.",
}
NEED_STATUS_LABELS = {
    "open": "Not yet confirmed",
    "confirmed": "Confirmed",
    "corrected": "Corrected with the client",
    "not_a_priority": "Not a priority",
}
QUALIFICATION_STATUS_LABELS = {
    "confirmed": "Confirmed",
    "assumed": "Assumed",
    "unknown": "Unknown",
}
# (id, topic, the summary slots it is read from), in the order a snapshot lists them.
QUALIFICATION_TOPICS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("need", "Need and pain", ("problems",)),
    ("impact", "Impact and cost of standing still", ("impact", "cost_of_inaction")),
    ("budget", "Budget", ("budget",)),
    ("decision", "Decision process", ("decision",)),
    ("criteria", "Decision criteria", ("criteria",)),
    ("stakeholders", "People involved", ("stakeholders",)),
    ("timeline", "Timing", ("timeline",)),
    ("competition", "Competition and alternatives", ("competition", "alternatives")),
)
# First words that say who owns a next step ("we send...", "Maria books...").
_OUR_WORDS = frozenset({"we", "we'll", "we've", "i", "i'll", "i've", "our", "us", "me", "my"})
_CLIENT_WORDS = frozenset(
    {"you", "you'll", "your", "they", "they'll", "their", "client", "customer", "prospect"}
)
_CLIENT_QUESTION_HINTS = ("buyer", "client", "customer")
_STEP_SPLIT = re.compile(r"\s*(?:;|\n)\s*")


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
    asked: dict[str, list[tuple[Question, dict[str, Any]]]] = {}  # every visible item per slot
    quotes: list[dict[str, str]] = []
    notes: list[dict[str, str]] = []
    for section in playbook.sections:
        items = []
        for question in section.questions:
            if question.id not in visible:
                continue
            entry = answers.get(question.id, {})
            item = _item(question, entry.get("value"), entry)
            items.append(item)
            if item["quote"]:
                quotes.append(
                    {
                        "question": question.text,
                        "section": section.title,
                        "slot": str(question.summary or ""),
                        "quote": item["quote"],
                    }
                )
            if item["note"]:
                notes.append(
                    {"question": question.text, "section": section.title, "note": item["note"]}
                )
            if question.summary:
                asked.setdefault(str(question.summary), []).append((question, item))
                if item["answered"] or item["quote"]:
                    slots.setdefault(str(question.summary), []).append(item)
        sections.append({"id": section.id, "title": section.title, "questions": items})

    prospect_model = _prospect(prospect)
    people_model = [_person(person) for person in people]
    rep_model = _rep(rep)
    meeting_model = _meeting(meeting, playbook, slots, asked, values, people_model)
    ranked = [_need(need, rank) for rank, need in enumerate(needs, start=1)]
    client_needs = [dict(need) for need in ranked if need["status"] != "not_a_priority"]
    for rank, need in enumerate(client_needs, start=1):
        need["rank"] = rank
    cover = coverage(playbook, values)
    missing = [{"id": question.id, "text": question.text} for question in cover.uncovered]
    qualification = _qualification(asked)
    next_steps = _next_steps(meeting, asked, prospect_model, people_model, rep_model, values)
    model: dict[str, Any] = {
        "subject": _subject(prospect_model["company"], meeting_model["date"]),
        "prospect": prospect_model,
        "people": people_model,
        "rep": rep_model,
        "meeting": meeting_model,
        "sections": sections,
        "slots": slots,
        "needs": client_needs,
        "all_needs": ranked,
        "unconfirmed_needs": [need for need in client_needs if need["status"] == "open"],
        "quotes": quotes,
        "notes": notes,
        "qualification": qualification,
        "stakeholders": _stakeholders(asked),
        "next_steps": next_steps,
        "coverage": {
            "answered": cover.answered,
            "required": cover.required,
            "percent": cover.percent,
            "complete": cover.complete,
        },
        "missing": missing,
    }
    model["coaching"] = _coaching(model)
    return model


def build_letter(
    *,
    prospect: Mapping[str, Any],
    people: Sequence[Mapping[str, Any]],
    rep: Mapping[str, Any],
) -> dict[str, Any]:
    """The view-model for a prospect who has had no meeting yet (the Contact step's letter).

    The same shape as `build_summary`, with every part that a meeting fills in left empty, so a
    template written for either renders against it.
    """
    prospect_model = _prospect(prospect)
    return {
        "subject": _letter_subject(prospect_model["company"]),
        "prospect": prospect_model,
        "people": [_person(person) for person in people],
        "rep": _rep(rep),
        "meeting": {
            **dict.fromkeys(_MEETING_TEXTS, ""),
            "attendees": [],
        },
        "sections": [],
        "slots": {},
        "needs": [],
        "all_needs": [],
        "unconfirmed_needs": [],
        "quotes": [],
        "notes": [],
        "qualification": _qualification({}),
        "stakeholders": {"columns": [], "rows": [], "answers": []},
        "next_steps": [],
        # Nothing was asked yet: nothing is missing, and nothing is complete either.
        "coverage": {"answered": 0, "required": 0, "percent": 0, "complete": False},
        "missing": [],
        "coaching": [],
    }


_MEETING_TEXTS = (
    "title",
    "date",
    "date_iso",
    "playbook",
    "purpose",
    "objective",
    "outcome",
    "outcome_label",
    "outcome_note",
    "next_step",
    "client_action",
    "next_step_date",
    "gate_override_reason",
)
# A line of the agenda may start as a list item does: "1.", "2)", "-", "*" or a bullet.
_LIST_MARK = re.compile(r"^(?:\d+[.)]|[-*\u2022])\s*")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _prospect(prospect: Mapping[str, Any]) -> dict[str, Any]:
    model: dict[str, Any] = {
        key: _text(prospect.get(key))
        for key in ("company", "industry", "region", "website", "hypothesis", "reason_to_meet")
    }
    model["agenda"] = _text(prospect.get("agenda"))
    model["agenda_items"] = agenda_items(model["agenda"])
    return model


def agenda_items(agenda: str) -> list[str]:
    """The agenda's points: one a line or separated by ';', without list marks or full stops."""
    items = []
    for part in _STEP_SPLIT.split(agenda):
        item = _LIST_MARK.sub("", part.strip()).rstrip(".").strip()
        if item:
            items.append(item[:1].upper() + item[1:])
    return items


def _rep(rep: Mapping[str, Any]) -> dict[str, str]:
    return {
        key: _text(rep.get(key))
        for key in ("name", "title", "company", "email", "phone", "signature")
    }


def _item(question: Question, value: Any, entry: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": question.id,
        "text": question.text,
        "type": str(question.type),
        "must_ask": question.must_ask,
        "answered": is_answered(value),
        "answer": format_answer(question, value),
        "note": _text(entry.get("note")),
        "quote": _text(entry.get("quote")),
        "columns": [field.label for field in question.fields or []],
        "rows": group_rows(question, value) if question.type == QuestionType.GROUP else [],
    }


def _person(person: Mapping[str, Any]) -> dict[str, str]:
    model = {key: _text(person.get(key)) for key in ("name", "title", "role", "email", "phone")}
    details = ", ".join(part for part in (model["title"], model["role"]) if part)
    model["label"] = f"{model['name']} ({details})" if details and model["name"] else model["name"]
    return model


def _subject(company: str, date: str) -> str:
    words = "our conversation" + (f" of {date}" if date else "")
    return f"{company}: {words}" if company else words[0].upper() + words[1:]


def _letter_subject(company: str) -> str:
    return f"{company}: a first conversation?" if company else "A first conversation?"


def _meeting(
    meeting: Mapping[str, Any],
    playbook: Playbook,
    slots: Mapping[str, list[dict[str, Any]]],
    asked: Mapping[str, list[tuple[Question, dict[str, Any]]]],
    values: Mapping[str, Any],
    people: list[dict[str, str]],
) -> dict[str, Any]:
    started = _text(meeting.get("started_at"))
    outcome = _text(meeting.get("outcome")) or _outcome_from_answers(asked, values)
    purpose = "; ".join(item["answer"] or item["quote"] for item in slots.get("purpose", []))
    return {
        "title": _text(meeting.get("title")),
        "date": format_date(started[:10]) if started else "",
        "date_iso": started[:10],
        "playbook": playbook.title,
        "attendees": [dict(person) for person in people],
        "purpose": purpose,
        "objective": _text(meeting.get("objective")) or purpose,
        "outcome": outcome,
        "outcome_label": OUTCOME_LABELS.get(outcome, ""),
        "outcome_note": OUTCOME_NOTES.get(outcome, ""),
        "next_step": _text(meeting.get("next_step")),
        "client_action": _text(meeting.get("next_step_client_action")),
        "next_step_date": format_date(_text(meeting.get("next_step_date"))),
        "gate_override_reason": _text(meeting.get("gate_override_reason")),
    }


def _outcome_from_answers(
    asked: Mapping[str, list[tuple[Question, dict[str, Any]]]], values: Mapping[str, Any]
) -> str:
    """Before the meeting is ended, a fit question answered with an outcome stands in for it."""
    for question, _item_model in asked.get("fit", []):
        value = values.get(question.id)
        if isinstance(value, str) and value in OUTCOME_LABELS:
            return value
    return ""


def _need(need: Mapping[str, Any], rank: int) -> dict[str, Any]:
    status = _text(need.get("status")) or "open"
    return {
        "rank": rank,
        "statement": _text(need.get("statement")),
        "impact": _text(need.get("impact")),
        "priority": _text(need.get("priority")),
        "status": status,
        "status_label": NEED_STATUS_LABELS.get(status, ""),
        "original_statement": _text(need.get("original_statement")),
        "solution_idea": _text(need.get("solution_idea")),
    }


def _qualification(
    asked: Mapping[str, list[tuple[Question, dict[str, Any]]]],
) -> list[dict[str, str]]:
    """Each topic: confirmed (answered), assumed (only the rep's note), or unknown."""
    rows = []
    for topic_id, topic, topic_slots in QUALIFICATION_TOPICS:
        items = [item for slot in topic_slots for _question, item in asked.get(slot, [])]
        answered = [_short_answer(item) for item in items if item["answered"] or item["quote"]]
        noted = [item["note"] for item in items if item["note"]]
        if answered:
            status, detail = "confirmed", "; ".join(answered)
        elif noted:
            status, detail = "assumed", "; ".join(noted)
        else:
            status, detail = "unknown", ""
        rows.append(
            {
                "id": topic_id,
                "topic": topic,
                "status": status,
                "status_label": QUALIFICATION_STATUS_LABELS[status],
                "detail": detail,
            }
        )
    return rows


def _short_answer(item: Mapping[str, Any]) -> str:
    """A group reads as its first column (usually names); anything else as formatted."""
    if item["rows"]:
        return ", ".join(row[0] for row in item["rows"] if row and row[0]) or item["answer"]
    return item["answer"] or item["quote"]


def _stakeholders(
    asked: Mapping[str, list[tuple[Question, dict[str, Any]]]],
) -> dict[str, Any]:
    """Every group question in the stakeholders slot as one table, plus the plain answers."""
    columns: list[str] = []
    tables: list[tuple[list[str], list[list[str]]]] = []
    mentions: list[dict[str, str]] = []
    for question, item in asked.get("stakeholders", []):
        if question.type == QuestionType.GROUP:
            if item["rows"]:
                tables.append((item["columns"], item["rows"]))
                columns += [label for label in item["columns"] if label not in columns]
        elif item["answered"] or item["quote"]:
            mentions.append({"question": item["text"], "answer": item["answer"] or item["quote"]})
    rows = []
    for table_columns, table_rows in tables:
        for row in table_rows:
            cells = dict(zip(table_columns, row, strict=False))
            rows.append([cells.get(label, "") for label in columns])
    return {"columns": columns, "rows": rows, "answers": mentions}


def _next_steps(
    meeting: Mapping[str, Any],
    asked: Mapping[str, list[tuple[Question, dict[str, Any]]]],
    prospect: Mapping[str, str],
    people: Sequence[Mapping[str, str]],
    rep: Mapping[str, str],
    values: Mapping[str, Any],
) -> list[dict[str, str]]:
    """The agreed steps, each with the side that owns it and a date where one was agreed."""
    meeting_date = _text(meeting.get("next_step_date"))
    slot_dates = [
        _text(values.get(question.id))
        for question, item in asked.get("next_step", [])
        if question.type == QuestionType.DATE and item["answered"]
    ]
    slot_date = slot_dates[0] if slot_dates else ""
    ours = _first_words([rep.get("name", ""), rep.get("company", "")])
    theirs = _first_words([prospect.get("company", "")] + [p.get("name", "") for p in people])
    sources: list[tuple[str, str, str]] = []  # (text, default owner, ISO or free date)
    if _text(meeting.get("next_step")):
        sources.append((_text(meeting.get("next_step")), "us", meeting_date or slot_date))
    if _text(meeting.get("next_step_client_action")):
        sources.append(
            (_text(meeting.get("next_step_client_action")), "client", meeting_date or slot_date)
        )
    for question, item in asked.get("next_step", []):
        if question.type in (QuestionType.DATE, QuestionType.GROUP) or not item["answered"]:
            continue
        hint = question.id.lower()
        default = "client" if any(word in hint for word in _CLIENT_QUESTION_HINTS) else "us"
        sources.append((item["answer"], default, slot_date or meeting_date))
    steps: list[dict[str, str]] = []
    seen: set[str] = set()
    for text, default, when in sources:
        for part in _STEP_SPLIT.split(text):
            action = part.strip().rstrip(".").strip()
            action = action[:1].upper() + action[1:]
            if not action or action.casefold() in seen:
                continue
            seen.add(action.casefold())
            owner = _owner(action, default, ours, theirs)
            steps.append(
                {
                    "action": action,
                    "owner": owner,
                    "owner_name": (rep.get("company") or rep.get("name") or "Us")
                    if owner == "us"
                    else (prospect.get("company") or "Client"),
                    "date": format_date(when) if when else "",
                    "date_iso": when if _is_iso(when) else "",
                }
            )
    if not steps and slot_date:
        steps.append(
            {
                "action": "Speak again",
                "owner": "us",
                "owner_name": rep.get("company") or rep.get("name") or "Us",
                "date": format_date(slot_date),
                "date_iso": slot_date if _is_iso(slot_date) else "",
            }
        )
    return steps


def _is_iso(value: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def _first_words(names: Iterable[str]) -> set[str]:
    return {name.split()[0].casefold() for name in names if name and name.split()}


def _owner(action: str, default: str, ours: set[str], theirs: set[str]) -> str:
    words = action.replace("\u2019", "'").split()
    first = words[0].casefold().strip(",.:") if words else ""
    if first == "the" and len(words) > 1:
        first = words[1].casefold().strip(",.:")
    if first in _OUR_WORDS or first in ours:
        return "us"
    if first in _CLIENT_WORDS or first in theirs:
        return "client"
    return default


def _coaching(model: Mapping[str, Any]) -> list[str]:
    """Plain advice for the rep, from what the meeting left open (internal notes only)."""
    tips: list[str] = []
    if model["missing"]:
        count = len(model["missing"])
        tips.append(
            f"{count} must-ask question{'s' if count != 1 else ''} still open: "
            "plan them into the next conversation."
        )
    unknown = [row["topic"] for row in model["qualification"] if row["status"] == "unknown"]
    if unknown:
        tips.append("Still unknown: " + ", ".join(unknown) + ".")
    assumed = [row["topic"] for row in model["qualification"] if row["status"] == "assumed"]
    if assumed:
        tips.append("Check with the client what you only assumed: " + ", ".join(assumed) + ".")
    if model["unconfirmed_needs"]:
        count = len(model["unconfirmed_needs"])
        tips.append(
            f"{count} need{'s' if count != 1 else ''} not yet confirmed with the client: "
            "read them back before proposing anything."
        )
    if model["meeting"]["gate_override_reason"]:
        tips.append(
            "The diagnosis gate was overridden: confirm the needs before the solution grows."
        )
    steps = model["next_steps"]
    if not steps:
        tips.append("No next step agreed: one clear step with an owner on each side and a date.")
    else:
        if not any(step["owner"] == "client" for step in steps):
            tips.append(
                "No action on the client's side: without one this is a continuation, "
                "not an advance."
            )
        if not any(step["date"] for step in steps):
            tips.append("The next step has no date: agree one.")
    if not model["quotes"]:
        tips.append("No client quotes captured: note their exact words next time.")
    if model["meeting"]["outcome"] == "continuation":
        tips.append("A continuation: decide which advance you will ask for next time.")
    return tips

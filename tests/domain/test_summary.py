"""The summary view-model: what templates see, built from plain answers (no database, no Jinja)."""

from __future__ import annotations

from typing import Any

from salescoach.domain.playbook import Playbook
from salescoach.domain.summary import build_summary

PLAYBOOK = Playbook.model_validate(
    {
        "id": "t",
        "version": 1,
        "title": "Test discovery",
        "sections": [
            {
                "id": "setup",
                "title": "Set-up",
                "questions": [
                    {"id": "purpose", "text": "Why meet?", "type": "text", "summary": "purpose"},
                    {
                        "id": "problems",
                        "text": "What gets in the way?",
                        "type": "long_text",
                        "must_ask": True,
                        "summary": "problems",
                    },
                ],
            },
            {
                "id": "decide",
                "title": "How they decide",
                "questions": [
                    {
                        "id": "budget_exists",
                        "text": "Is there money set aside?",
                        "type": "yes_no",
                        "summary": "budget",
                    },
                    {
                        "id": "budget_amount",
                        "text": "How much?",
                        "type": "currency",
                        "currency": "EUR",
                        "summary": "budget",
                    },
                    {
                        "id": "process",
                        "text": "How do you decide?",
                        "type": "long_text",
                        "must_ask": True,
                        "summary": "decision",
                    },
                    {
                        "id": "decide_by",
                        "text": "When do you decide?",
                        "type": "date",
                        "summary": "timeline",
                    },
                    {
                        "id": "people",
                        "text": "Who else is involved?",
                        "type": "group",
                        "summary": "stakeholders",
                        "fields": [
                            {"id": "name", "label": "Name"},
                            {
                                "id": "role",
                                "label": "Role",
                                "type": "single_choice",
                                "choices": [
                                    {"value": "eb", "label": "Economic buyer"},
                                    {"value": "champion", "label": "Champion"},
                                ],
                            },
                            {"id": "met", "label": "Met?", "type": "yes_no"},
                        ],
                    },
                    {
                        "id": "approver",
                        "text": "Who signs?",
                        "type": "text",
                        "summary": "stakeholders",
                    },
                    {
                        "id": "rivals",
                        "text": "Who else are you talking to?",
                        "type": "text",
                        "summary": "competition",
                    },
                ],
            },
            {
                "id": "close",
                "title": "Next step",
                "questions": [
                    {
                        "id": "next_step",
                        "text": "What is the next step?",
                        "type": "text",
                        "must_ask": True,
                        "summary": "next_step",
                    },
                    {
                        "id": "buyer_action",
                        "text": "What will you do next?",
                        "type": "text",
                        "summary": "next_step",
                    },
                    {
                        "id": "next_date",
                        "text": "When do we meet?",
                        "type": "date",
                        "summary": "next_step",
                    },
                    {
                        "id": "outcome",
                        "text": "Where did we land?",
                        "type": "single_choice",
                        "summary": "fit",
                        "choices": [
                            {"value": "advance", "label": "Advance"},
                            {"value": "no_fit", "label": "No fit"},
                        ],
                    },
                ],
            },
        ],
    }
)
PROSPECT = {"company": "Northwind Logistics", "industry": "Logistics", "hypothesis": None}
PEOPLE = [{"name": "Maria Lopez", "title": "Operations Director", "role": "champion"}]
REP = {"name": "Sam Rivera", "company": "RouteWise"}
MEETING = {"title": "Discovery", "started_at": "2026-11-24T09:30:00.000+00:00"}


def entry(value: Any = None, note: str = "", quote: str = "") -> dict[str, Any]:
    return {"value": value, "note": note, "quote": quote}


def summary(
    answers: dict[str, dict[str, Any]] | None = None,
    needs: list[dict[str, Any]] | None = None,
    meeting: dict[str, Any] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "playbook": PLAYBOOK,
        "prospect": PROSPECT,
        "people": PEOPLE,
        "rep": REP,
        "meeting": MEETING if meeting is None else meeting,
        "answers": answers or {},
        "needs": needs or [],
    }
    arguments.update(overrides)
    return build_summary(**arguments)


def statuses(model: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {row["id"]: (row["status"], row["detail"]) for row in model["qualification"]}


def test_the_subject_names_the_company_and_the_date() -> None:
    assert summary()["subject"] == "Northwind Logistics: our conversation of 24 November 2026"
    assert summary(meeting={})["subject"] == "Northwind Logistics: our conversation"


def test_qualification_is_confirmed_assumed_or_unknown() -> None:
    model = summary(
        {
            "budget_exists": entry("yes"),
            "budget_amount": entry({"amount": 90000, "currency": "EUR"}),
            "process": entry(None, note="Probably the CFO signs, not asked yet"),
            "rivals": entry(None, quote="We are also talking to our IT team."),
        }
    )
    found = statuses(model)
    assert found["budget"] == ("confirmed", "Yes; EUR 90,000")
    assert found["decision"] == ("assumed", "Probably the CFO signs, not asked yet")
    assert found["competition"] == ("confirmed", "We are also talking to our IT team.")
    assert found["timeline"] == ("unknown", "")
    assert found["criteria"] == ("unknown", "")  # the playbook never asks it: still unknown
    labels = {row["status"]: row["status_label"] for row in model["qualification"]}
    assert labels == {"confirmed": "Confirmed", "assumed": "Assumed", "unknown": "Unknown"}


def test_a_hidden_question_does_not_count_toward_qualification() -> None:
    hidden = Playbook.model_validate(
        {
            "id": "h",
            "version": 1,
            "title": "H",
            "sections": [
                {
                    "id": "s",
                    "title": "S",
                    "questions": [
                        {"id": "has_budget", "text": "Budget?", "type": "yes_no"},
                        {
                            "id": "amount",
                            "text": "How much?",
                            "type": "text",
                            "summary": "budget",
                            "show_if": {"question": "has_budget", "equals": "yes"},
                        },
                    ],
                }
            ],
        }
    )
    answers = {"has_budget": entry("no"), "amount": entry("EUR 5,000")}
    assert statuses(summary(answers, playbook=hidden))["budget"] == ("unknown", "")


def test_stakeholder_rows_come_from_group_questions_with_readable_cells() -> None:
    model = summary(
        {
            "people": entry(
                [
                    {"name": "Maria Lopez", "role": "champion", "met": "yes"},
                    {"name": "Tom Becker", "role": "eb", "met": "no"},
                    {"name": "", "role": None, "met": None},
                ]
            ),
            "approver": entry("Tom, the CFO"),
        }
    )
    assert model["stakeholders"]["columns"] == ["Name", "Role", "Met?"]
    assert model["stakeholders"]["rows"] == [
        ["Maria Lopez", "Champion", "Yes"],
        ["Tom Becker", "Economic buyer", "No"],
    ]
    assert model["stakeholders"]["answers"] == [
        {"question": "Who signs?", "answer": "Tom, the CFO"}
    ]
    assert statuses(model)["stakeholders"] == ("confirmed", "Maria Lopez, Tom Becker; Tom, the CFO")


def test_next_steps_have_an_owner_on_each_side_and_a_date() -> None:
    model = summary(
        {
            "next_step": entry(
                "Maria books a call with the CFO; we bring the driver-hours example"
            ),
            "next_date": entry("2026-12-08"),
        }
    )
    assert model["next_steps"] == [
        {
            "action": "Maria books a call with the CFO",
            "owner": "client",
            "owner_name": "Northwind Logistics",
            "date": "8 December 2026",
            "date_iso": "2026-12-08",
        },
        {
            "action": "We bring the driver-hours example",
            "owner": "us",
            "owner_name": "RouteWise",
            "date": "8 December 2026",
            "date_iso": "2026-12-08",
        },
    ]


def test_the_ended_meeting_gives_the_step_and_the_clients_action() -> None:
    meeting = {
        **MEETING,
        "outcome": "advance",
        "next_step": "Call with the CFO",
        "next_step_client_action": "Dana books it",
        "next_step_date": "2026-12-08",
    }
    model = summary({"next_step": entry("Call with the CFO")}, meeting=meeting)
    steps = [(s["action"], s["owner"], s["date"]) for s in model["next_steps"]]
    assert steps == [
        ("Call with the CFO", "us", "8 December 2026"),  # the same words only once
        ("Dana books it", "client", "8 December 2026"),
    ]
    assert model["meeting"]["outcome_label"] == "Advance"
    assert model["meeting"]["outcome_note"].startswith("Objective met")


def test_a_buyer_question_belongs_to_the_client_and_a_date_alone_still_counts() -> None:
    model = summary({"buyer_action": entry("Send the route data")})
    (step,) = model["next_steps"]
    assert (step["owner"], step["date"]) == ("client", "")
    (alone,) = summary({"next_date": entry("2026-12-08")})["next_steps"]
    assert (alone["owner"], alone["date"]) == ("us", "8 December 2026")


def test_needs_for_the_client_leave_out_not_a_priority_and_renumber() -> None:
    needs = [
        {"statement": "Plans by 2pm", "status": "confirmed", "impact": "Penalties"},
        {"statement": "A nicer report", "status": "not_a_priority"},
        {
            "statement": "Routes that respect driver hours",
            "status": "corrected",
            "original_statement": "Faster routes",
        },
        {"statement": "Fewer calls", "status": None},
    ]
    model = summary(needs=needs)
    assert [(n["rank"], n["statement"]) for n in model["needs"]] == [
        (1, "Plans by 2pm"),
        (2, "Routes that respect driver hours"),
        (3, "Fewer calls"),
    ]
    corrected = model["needs"][1]
    assert corrected["original_statement"] == "Faster routes"
    assert corrected["status_label"] == "Corrected with the client"
    assert [(n["rank"], n["status"]) for n in model["all_needs"]] == [
        (1, "confirmed"),
        (2, "not_a_priority"),
        (3, "corrected"),
        (4, "open"),
    ]
    assert [n["statement"] for n in model["unconfirmed_needs"]] == ["Fewer calls"]


def test_quotes_notes_attendees_and_purpose() -> None:
    model = summary(
        {
            "purpose": entry("Decide whether planning is worth fixing"),
            "problems": entry(
                "Planning takes 5 hours",
                note="Jana is the single point",
                quote="If Jana is off sick, nobody can plan.",
            ),
        }
    )
    assert model["quotes"] == [
        {
            "question": "What gets in the way?",
            "section": "Set-up",
            "slot": "problems",
            "quote": "If Jana is off sick, nobody can plan.",
        }
    ]
    assert model["notes"] == [
        {
            "question": "What gets in the way?",
            "section": "Set-up",
            "note": "Jana is the single point",
        }
    ]
    assert model["meeting"]["purpose"] == "Decide whether planning is worth fixing"
    assert model["meeting"]["objective"] == model["meeting"]["purpose"]
    (attendee,) = model["meeting"]["attendees"]
    assert attendee["label"] == "Maria Lopez (Operations Director, champion)"


def test_an_outcome_answer_stands_in_until_the_meeting_is_ended() -> None:
    model = summary({"outcome": entry("no_fit")})
    assert model["meeting"]["outcome"] == "no_fit"
    assert model["meeting"]["outcome_label"].startswith("No fit")


def test_the_gate_override_reason_and_coaching_reach_the_model() -> None:
    meeting = {**MEETING, "gate_override_reason": "  The client asked for our approach  "}
    model = summary(meeting=meeting, needs=[{"statement": "Plans by 2pm"}])
    assert model["meeting"]["gate_override_reason"] == "The client asked for our approach"
    coaching = " ".join(model["coaching"])
    assert "gate was overridden" in coaching
    assert "not yet confirmed" in coaching
    assert "must-ask" in coaching


def test_an_empty_meeting_falls_back_to_empty_text_and_lists() -> None:
    model = build_summary(
        playbook=PLAYBOOK,
        prospect={"company": "Acme", "industry": None},
        people=[],
        rep={},
        meeting={},
        answers={},
        needs=[],
    )
    assert model["subject"] == "Acme: our conversation"
    assert model["slots"] == {}
    assert model["needs"] == model["all_needs"] == model["unconfirmed_needs"] == []
    assert model["quotes"] == model["notes"] == model["next_steps"] == []
    assert model["stakeholders"] == {"columns": [], "rows": [], "answers": []}
    assert {row["status"] for row in model["qualification"]} == {"unknown"}
    assert model["meeting"]["date"] == model["meeting"]["outcome_label"] == ""
    assert model["prospect"]["hypothesis"] == ""
    assert [m["id"] for m in model["missing"]] == ["problems", "process", "next_step"]
    assert model["coaching"]

    def strings(value: Any) -> list[Any]:
        if isinstance(value, dict):
            return [item for v in value.values() for item in strings(v)]
        if isinstance(value, list):
            return [item for v in value for item in strings(v)]
        return [value]

    assert None not in strings(model)
    assert not any(isinstance(text, str) and "None" in text for text in strings(model))

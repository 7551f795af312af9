"""`salescoach demo`: a handful of realistic prospects so a newcomer sees the app at work.

Every demo prospect carries a `demo_key`; running the demo again adds only what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from salescoach.services.container import Services

DISCOVERY_PLAYBOOK = "collaborative-discovery"

# A finished discovery meeting with Northwind Logistics, answered as a rep would type it.
NORTHWIND_ANSWERS: dict[str, Any] = {
    "meeting_purpose": "Understand why dispatch planning takes so long and whether it is worth "
    "fixing this year",
    "time_available": 45,
    "ok_to_ask_first": "yes",
    "situation_overview": "Three planners build tomorrow's routes in spreadsheets every "
    "afternoon; 140 trucks, two depots. Drivers get printed sheets at 6am.",
    "team_size": 24,
    "other_teams": "Customer service and the warehouse both wait on the plan",
    "trigger_event": "Lost the Fresh Foods contract renewal after repeated late deliveries",
    "goals": "Plans ready by 2pm, on-time deliveries back above 95%",
    "success_measure": "On-time delivery rate, planner overtime hours",
    "target_date": "2027-03-31",
    "goal_priority": "top",
    "problems": "Planning takes 5 hours a day and breaks when one planner is off sick",
    "problem_areas": ["Time and speed", "Customer experience", "Staff workload"],
    "root_cause": "Everything lives in one person's spreadsheet macros",
    "problem_duration": "More than a year",
    "impact": "Late deliveries cost penalties and one lost contract",
    "impact_estimate": {"amount": 180000, "currency": "EUR"},
    "impact_basis": "Penalties last year plus the Fresh Foods margin",
    "severity": 5,
    "personal_impact": "Operations director is answering to the board on every late week",
    "cost_of_inaction": "Two more contracts come up for renewal in spring",
    "tried_before": "yes",
    "what_tried": "A route optimisation add-on for their ERP in 2024",
    "why_not_worked": "It ignored driver hours and depot cut-off times; planners stopped using it",
    "main_alternative": "in_house",
    "other_suppliers": "Their IT team offered to rebuild the spreadsheet as an internal tool",
    "value": "Planners back on customer work; keep the spring renewals",
    "value_estimate": {"amount": 250000, "currency": "EUR"},
    "decision_criteria": "Handles driver hours; planners trust it; live within a quarter",
    "decision_process": "Ops director recommends, CFO signs off, IT security review first",
    "stakeholders": [
        {"name": "Maria Lopez", "title": "Operations Director", "role": "champion", "met": "yes"},
        {"name": "Tom Becker", "title": "CFO", "role": "economic_buyer", "met": "no"},
        {"name": "Ines Park", "title": "Head of IT", "role": "technical_evaluator", "met": "no"},
    ],
    "paperwork": ["Security review", "Purchase order"],
    "signoff_weeks": 6,
    "budget_exists": "yes",
    "budget_amount": {"amount": 90000, "currency": "EUR"},
    "decision_date": "2027-01-31",
    "playback_ok": "yes",
    "outcome": "advance",
    "next_step": "Maria books a 30-minute call with Tom and Ines; we bring the driver-hours "
    "example",
    "next_meeting_date": "2026-12-08",
}
NORTHWIND_QUOTES = {
    "problems": "If Jana is off sick, nobody can plan tomorrow.",
    "cost_of_inaction": "If spring goes like Fresh Foods, we are in real trouble.",
}
NORTHWIND_NEEDS = [
    ("Plans ready by 2pm every day, even when a planner is away", "Penalties, lost contract"),
    ("Routes that respect driver hours and depot cut-offs", "Drivers overrun, fines"),
    ("Customer service can see the plan without asking", "20 calls a day"),
]

CEDAR_ANSWERS: dict[str, Any] = {
    "meeting_purpose": "See whether month-end close can move from ten days to five",
    "time_available": 30,
    "situation_overview": "Twelve accountants, four entities, close done in spreadsheets",
    "goals": "Close in five working days by the next financial year",
}


def _day(offset: int) -> str:
    """Dates around today, so next actions show as overdue, due today and coming up."""
    return (date.today() + timedelta(days=offset)).isoformat()


@dataclass(frozen=True)
class DemoProspect:
    key: str
    company: str
    industry: str
    employees: int
    region: str
    people: list[dict[str, str]]
    hypothesis: str = ""
    meetings: list[dict[str, Any]] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)  # the steps' own prospect fields
    logs: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (log key, entry)
    fit: tuple[int, ...] = ()  # ratings 0-10 in the default scorecard's order
    knockouts: tuple[str, ...] = ()


DEMO_PROSPECTS = [
    DemoProspect(
        "northwind",
        "Northwind Logistics",
        "Transport and logistics",
        380,
        "North",
        [
            {
                "name": "Maria Lopez",
                "title": "Operations Director",
                "role": "champion",
                "email": "maria.lopez@northwind.example",
            },
            {
                "name": "Tom Becker",
                "title": "CFO",
                "role": "economic buyer",
                "email": "tom.becker@northwind.example",
            },
        ],
        "Manual route planning is slowing dispatch and hurting on-time delivery",
        [
            {
                "title": "Discovery with Maria",
                "started_at": "2026-11-24T09:30:00.000+00:00",
                "answers": NORTHWIND_ANSWERS,
                "quotes": NORTHWIND_QUOTES,
                "needs": NORTHWIND_NEEDS,
                "confirmed": True,
                "outcome": "advance",
            }
        ],
        details={
            "reason_to_meet": "Late deliveries cost them the Fresh Foods renewal",
            "agenda": "How tomorrow's plan is built today; what a good day looks like",
            "first_meeting_on": "2026-11-24",
        },
        logs=[
            (
                "touches",
                {
                    "happened_on": "2026-11-10",
                    "channel": "letter",
                    "purpose": "A short note on what other fleets learnt from late penalties",
                    "outcome": "Maria replied the same day",
                },
            ),
            (
                "touches",
                {
                    "happened_on": "2026-11-14",
                    "channel": "phone",
                    "purpose": "Agree a first meeting and its agenda",
                    "outcome": "Booked for 24 November, 45 minutes",
                    "promise": "Send the agenda in writing",
                },
            ),
            (
                "checkpoints",
                {
                    "happened_on": "2026-11-24",
                    "step": "explore",
                    "topic": "The three needs, read back in Maria's words",
                    "agreed": "yes",
                },
            ),
            (
                "action_plan",
                {
                    "milestone": "Call with Tom (CFO) and Ines (IT)",
                    "client_owner": "Maria Lopez",
                    "our_owner": "Us",
                    "due_on": _day(0),
                    "status": "planned",
                },
            ),
            (
                "action_plan",
                {
                    "milestone": "IT security questionnaire returned",
                    "client_owner": "Ines Park",
                    "our_owner": "Us",
                    "due_on": _day(9),
                    "status": "planned",
                },
            ),
            (
                "approaches",
                {
                    "need_rank": 1,
                    "approach": "Plans drafted overnight from the orders; planners only adjust",
                    "reaction": "If it is ready at 7, Jana can check it before the drivers come",
                    "changes_asked": "Show which routes changed since yesterday",
                    "agreed": "partly",
                },
            ),
            (
                "concerns",
                {
                    "raised_on": "2026-11-24",
                    "concern": "Planners stopped using the last tool within a month",
                    "status": "open",
                },
            ),
        ],
        fit=(9, 8, 10, 9, 7, 8, 8, 7),
    ),
    DemoProspect(
        "cedar",
        "Cedar & Co Accountants",
        "Professional services",
        65,
        "South",
        [{"name": "Priya Shah", "title": "Finance Partner", "role": "economic buyer"}],
        "Month-end close takes too long across several entities",
        [
            {
                "title": "First discovery",
                "started_at": "2026-11-26T14:00:00.000+00:00",
                "answers": CEDAR_ANSWERS,
            }
        ],
        details={
            "reason_to_meet": "Their new entity doubles the month-end work",
            "agenda": "How the close runs today; where the days go",
            "first_meeting_on": "2026-11-26",
        },
        logs=[
            (
                "touches",
                {
                    "happened_on": "2026-11-18",
                    "channel": "email",
                    "purpose": "Offer a short outside view on closing faster",
                    "outcome": "Priya asked for 30 minutes",
                    "next_action": "Send the notes of the first meeting",
                    "next_action_date": _day(-1),
                },
            ),
        ],
        fit=(8, 6, 7, 6, 8, 7, 9, 5),
    ),
    DemoProspect(
        "harbor",
        "Harbor Dental Group",
        "Healthcare",
        210,
        "West",
        [{"name": "Dr. Alan Reyes", "title": "Managing Partner", "role": "economic buyer"}],
        "Appointment no-shows across 14 clinics",
        details={"reason_to_meet": "No-shows rose after they opened four new clinics"},
        logs=[
            (
                "touches",
                {
                    "happened_on": _day(-12),
                    "channel": "letter",
                    "purpose": "What three dental groups changed to halve no-shows",
                    "outcome": "No answer yet",
                    "next_action": "Call Dr. Reyes to propose a first meeting",
                    "next_action_date": _day(0),
                },
            ),
        ],
        fit=(9, 8, 8, 6, 7, 9, 5, 8),
    ),
    DemoProspect(
        "brightline",
        "Brightline Manufacturing",
        "Manufacturing",
        900,
        "Central",
        [{"name": "Grace Okafor", "title": "Plant Manager", "role": "user"}],
        "Unplanned downtime on the packaging lines",
        fit=(5, 9, 4, 2, 4, 6, 3, 4),
    ),
    DemoProspect(
        "alder",
        "Alder Health Clinics",
        "Healthcare",
        150,
        "East",
        [
            {"name": "Sofia Martins", "title": "COO", "role": "champion"},
            {"name": "Ben Clarke", "title": "IT Manager", "role": "technical evaluator"},
        ],
        "Patient intake forms are retyped by front-desk staff",
        details={
            "reason_to_meet": "Front-desk staff retype every intake form",
            "agenda": "Intake today; what a good morning at the desk looks like",
            "first_meeting_on": "2026-09-15",
            "commitment_form": "Signed order for the first three clinics",
            "commitment_on": "2026-10-30",
        },
        logs=[
            (
                "criteria",
                {"criterion": "Forms reach the patient record without retyping", "status": "met"},
            ),
            (
                "criteria",
                {"criterion": "Live before the January rush", "status": "partly"},
            ),
            (
                "delivery",
                {
                    "milestone": "First clinic live",
                    "client_owner": "Sofia Martins",
                    "our_owner": "Us",
                    "due_on": "2026-11-20",
                    "status": "done",
                },
            ),
            (
                "delivery",
                {
                    "milestone": "Front-desk training, clinics 2 and 3",
                    "client_owner": "Ben Clarke",
                    "our_owner": "Us",
                    "due_on": _day(-2),
                    "status": "in_progress",
                },
            ),
            (
                "check_ins",
                {
                    "happened_on": "2026-11-23",
                    "channel": "visit",
                    "purpose": "First week at the Riverside clinic",
                    "outcome": "Desk staff like it; two forms still printed out of habit",
                    "next_action": "Check the printed forms are gone",
                    "next_action_date": _day(5),
                },
            ),
            ("pulses", {"taken_on": "2026-11-23", "score": 4, "note": "Calmer mornings"}),
            (
                "issues",
                {
                    "raised_on": "2026-11-21",
                    "kind": "user_error",
                    "description": "Forms 'lost': staff saved them to the wrong clinic",
                    "resolution": "Clinic picker moved to the first screen",
                    "status": "resolved",
                },
            ),
            (
                "results",
                {
                    "measured_on": "2026-11-25",
                    "metric": "Minutes of retyping per patient",
                    "baseline": "6",
                    "target": "0",
                    "actual": "1",
                },
            ),
        ],
        fit=(9, 7, 9, 8, 9, 8, 9, 8),
    ),
    DemoProspect(
        "pinecrest",
        "Pinecrest Outdoor Retail",
        "Retail",
        45,
        "North",
        [{"name": "Leo Novak", "title": "Owner", "role": "economic buyer"}],
    ),
]


def add_demo_data(services: Services) -> int:
    """Add the demo prospects that are not there yet; returns how many were added."""
    playbook = services.playbooks.get(DISCOVERY_PLAYBOOK)
    known = {question.id for question in playbook.questions()}
    added = 0
    for demo in DEMO_PROSPECTS:
        if services.prospects.id_for_demo_key(demo.key) is not None:
            continue
        with services.db.atomic():  # a demo prospect arrives whole or not at all
            prospect_id = services.prospects.add(
                demo.company,
                industry=demo.industry,
                employees=demo.employees,
                region=demo.region,
                hypothesis=demo.hypothesis,
                demo_key=demo.key,
                **demo.details,
            )
            for person in demo.people:
                services.prospects.add_person(prospect_id, **person)
            for meeting in demo.meetings:
                _add_meeting(services, prospect_id, playbook, known, meeting)
            if demo.fit or demo.knockouts:
                criteria = services.fit.scorecard().criteria
                ratings = {c.key: r for c, r in zip(criteria, demo.fit, strict=False)}
                services.fit.rate(prospect_id, ratings, demo.knockouts)
            for key, entry in demo.logs:
                services.cycle.add(key, prospect_id, _with_need(services, prospect_id, entry))
            services.cycle.refresh(prospect_id)
        added += 1
    return added


def _with_need(services: Services, prospect_id: int, entry: dict[str, Any]) -> dict[str, Any]:
    """A solution map entry names its need by rank in the demo; stored, it is the need's id."""
    if "need_rank" not in entry:
        return entry
    rank = entry["need_rank"]
    need = next(need for need in services.cycle.needs(prospect_id) if need["rank"] == rank)
    return {**{k: v for k, v in entry.items() if k != "need_rank"}, "need_id": need["id"]}


def _add_meeting(
    services: Services, prospect_id: int, playbook: Any, known: set[str], meeting: dict[str, Any]
) -> None:
    interviews = services.interviews
    interview_id = interviews.start(
        prospect_id, playbook, title=meeting["title"], started_at=meeting["started_at"]
    )
    for question_id, value in meeting["answers"].items():
        if question_id in known:
            interviews.record(interview_id, question_id, "value", value)
    for question_id, quote in meeting.get("quotes", {}).items():
        if question_id in known:
            interviews.record(interview_id, question_id, "quote", quote)
    status = "confirmed" if meeting.get("confirmed") else "open"
    for statement, impact in meeting.get("needs", []):
        interviews.add_need(interview_id, statement, impact=impact, status=status)
    if meeting.get("outcome"):
        interviews.end(
            interview_id,
            meeting["outcome"],
            ended_at=meeting["started_at"],
            next_step=meeting["answers"].get("next_step", ""),
            next_date=meeting["answers"].get("next_meeting_date", ""),
        )

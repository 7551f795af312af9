"""Meetings on a real SQLite file: frozen playbooks, write-through answers with history."""

from __future__ import annotations

from salescoach.domain.playbook import Playbook


def test_a_meeting_keeps_the_playbook_it_started_with(services, default_playbook) -> None:
    prospect = services.prospects.add("Acme")
    first = services.interviews.start(prospect, default_playbook)
    data = default_playbook.model_dump(by_alias=True, exclude_none=True)
    data["version"] = default_playbook.version + 1
    data["sections"] = data["sections"][:1]
    edited = Playbook.model_validate(data)
    second = services.interviews.start(prospect, edited)

    old = services.interviews.meeting(first)
    assert old.playbook == default_playbook
    assert old.record["playbook_version"] == default_playbook.version
    new = services.interviews.meeting(second)
    assert new.playbook.version == default_playbook.version + 1
    assert len(new.playbook.sections) == 1


def test_answers_round_trip_every_type(services, default_playbook) -> None:
    from salescoach.domain.samples import sample_answers

    prospect = services.prospects.add("Acme")
    interview = services.interviews.start(prospect, default_playbook)
    answers = sample_answers(default_playbook)
    for question_id, value in answers.items():
        services.interviews.record(interview, question_id, "value", value)
    stored = services.interviews.interviews.answers(interview)
    assert {qid: answer.value for qid, answer in stored.items()} == answers


def test_changing_an_answer_keeps_the_previous_value(services, default_playbook) -> None:
    prospect = services.prospects.add("Acme")
    interview = services.interviews.start(prospect, default_playbook)
    record = services.interviews.record
    record(interview, "problems", "value", "Slow dispatch")
    record(interview, "problems", "value", "Slow dispatch")  # unchanged: no history entry
    record(interview, "problems", "value", "Slow dispatch and late trucks")
    record(interview, "problems", "quote", "Nobody can plan when Jana is away")
    record(interview, "problems", "note", "Ask about Jana's backup")

    repo = services.interviews.interviews
    answer = repo.answers(interview)["problems"]
    assert answer.value == "Slow dispatch and late trucks"
    assert answer.quote == "Nobody can plan when Jana is away"
    assert answer.note == "Ask about Jana's backup"
    history = repo.history(interview, "problems")
    assert [(h["field"], h["old"], h["new"]) for h in history] == [
        ("value", '"Slow dispatch"', '"Slow dispatch and late trucks"')
    ]


def test_needs_are_ranked_in_the_order_heard(services, default_playbook) -> None:
    prospect = services.prospects.add("Acme")
    interview = services.interviews.start(prospect, default_playbook)
    for statement in ("Plans by 2pm", "Respect driver hours", "Fewer calls"):
        services.interviews.add_need(interview, statement)
    needs = services.interviews.interviews.needs(interview)
    assert [(n.rank, n.statement, n.status) for n in needs] == [
        (1, "Plans by 2pm", "open"),
        (2, "Respect driver hours", "open"),
        (3, "Fewer calls", "open"),
    ]


def test_the_summary_carries_the_gate_override_and_the_agreed_next_step(
    services, default_playbook
) -> None:
    prospect = services.prospects.add("Acme")
    interview = services.interviews.start(prospect, default_playbook)
    need = services.interviews.add_need(interview, "Plans by 2pm")
    services.interviews.override_gate(interview, "  The client asked for our approach  ")
    services.interviews.set_solution_idea(interview, need, "Planning that covers absences")
    services.interviews.correct_need(need, interview, "Plans by 1pm")
    services.interviews.end(
        interview,
        "advance",
        next_step="Call with the CFO",
        client_action="Dana books it",
        next_date="2026-12-08",
    )
    model = services.interviews.summary_model(interview, {"name": "Sam"})
    assert model["meeting"]["gate_override_reason"] == "The client asked for our approach"
    assert model["meeting"]["next_step"] == "Call with the CFO"
    assert model["meeting"]["client_action"] == "Dana books it"
    assert model["meeting"]["next_step_date"] == "8 December 2026"
    (summary_need,) = model["needs"]
    assert summary_need["statement"] == "Plans by 1pm"
    assert summary_need["original_statement"] == "Plans by 2pm"
    assert summary_need["status"] == "corrected"
    assert summary_need["solution_idea"] == "Planning that covers absences"


def test_solution_ideas_wait_for_the_diagnosis(services, default_playbook) -> None:
    import pytest

    from salescoach.services.interviews import GateClosed

    prospect = services.prospects.add("Acme")
    interview = services.interviews.start(prospect, default_playbook)
    need = services.interviews.add_need(interview, "Plans by 2pm")
    with pytest.raises(GateClosed):
        services.interviews.set_solution_idea(interview, need, "Too early")
    for question in default_playbook.must_ask():
        services.interviews.record(interview, question.id, "value", "answered")
    assert not services.interviews.gate(interview).open  # no need confirmed yet
    services.interviews.update_need(need, status="confirmed")
    gate = services.interviews.gate(interview)
    assert gate.open and gate.diagnosis_done and not gate.overridden
    services.interviews.set_solution_idea(interview, need, "Now is the time")
    assert services.interviews.needs(interview)[0].solution_idea == "Now is the time"

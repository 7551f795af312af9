"""`salescoach demo` data: realistic, complete where it should be, never duplicated."""

from __future__ import annotations

from salescoach.domain.coverage import coverage
from salescoach.services.demo import DEMO_PROSPECTS, add_demo_data


def test_demo_data_is_added_once(services) -> None:
    assert add_demo_data(services) == len(DEMO_PROSPECTS)
    assert add_demo_data(services) == 0
    assert services.prospects.count() == len(DEMO_PROSPECTS)
    counts = {
        table: services.db.table(table).count
        for table in ("people", "interviews", "answers", "needs")
    }
    add_demo_data(services)
    assert counts == {
        table: services.db.table(table).count
        for table in ("people", "interviews", "answers", "needs")
    }


def test_demo_has_a_finished_discovery_with_ranked_confirmed_needs(services) -> None:
    add_demo_data(services)
    prospect_id = services.prospects.id_for_demo_key("northwind")
    (interview,) = services.interviews.interviews.for_prospect(prospect_id)
    meeting = services.interviews.meeting(interview["id"])
    assert interview["status"] == "ended" and interview["outcome"] == "advance"
    answers = {
        qid: stored.value
        for qid, stored in services.interviews.interviews.answers(interview["id"]).items()
    }
    assert set(answers) <= {q.id for q in meeting.playbook.questions()}
    assert coverage(meeting.playbook, answers).complete
    needs = services.interviews.interviews.needs(interview["id"])
    assert [need.rank for need in needs] == [1, 2, 3]
    assert all(need.status == "confirmed" for need in needs)


def test_demo_prospects_span_several_steps(services) -> None:
    add_demo_data(services)
    stages = {row.stage for row in services.prospects.page("", "company", False, 0, 100)}
    assert {"target", "contact", "explore", "collaborate"} <= stages

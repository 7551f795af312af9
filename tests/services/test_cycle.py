"""Each step's logs are kept, checked and trashed; the step and next action follow them."""

from __future__ import annotations

import pytest

from salescoach.errors import InvalidInput


def _prospect(services) -> int:
    return services.prospects.add("Harbour Logistics")


def test_a_touch_is_kept_and_its_next_action_reaches_the_pipeline(services) -> None:
    pid = _prospect(services)
    services.cycle.add(
        "touches",
        pid,
        {
            "happened_on": "2026-11-20",
            "channel": "phone",
            "purpose": "Introduce the route review",
            "next_action": "Send the agenda",
            "next_action_date": "2026-11-30",
        },
    )
    assert services.prospects.get(pid)["stage"] == "contact"  # a touch: Contact has started
    services.cycle.add(
        "action_plan",
        pid,
        {"milestone": "Workshop", "due_on": "2026-11-25", "status": "planned"},
    )
    row = services.prospects.get(pid)
    assert (row["next_action"], row["next_action_on"]) == ("Workshop", "2026-11-25")
    assert row["stage"] == "collaborate"  # a plan milestone is solution work
    [touch] = services.cycle.entries("touches", pid)
    assert touch["channel"] == "phone" and touch["kind"] == "contact"
    assert services.cycle.entries("check_ins", pid) == []


def test_an_entry_missing_a_required_field_is_refused_in_plain_words(services) -> None:
    pid = _prospect(services)
    with pytest.raises(InvalidInput, match="Purpose is needed"):
        services.cycle.add("touches", pid, {"happened_on": "2026-11-20", "channel": "email"})
    with pytest.raises(InvalidInput, match="not a valid choice"):
        services.cycle.add(
            "touches", pid, {"happened_on": "2026-11-20", "channel": "fax", "purpose": "x"}
        )
    with pytest.raises(InvalidInput, match="Satisfaction"):
        services.cycle.add("pulses", pid, {"taken_on": "2026-11-20", "score": 9})
    assert services.cycle.entries("touches", pid) == []


def test_a_trashed_entry_leaves_the_log_and_the_next_action(services) -> None:
    pid = _prospect(services)
    entry = services.cycle.add(
        "action_plan", pid, {"milestone": "Pilot", "due_on": "2026-12-01", "status": "planned"}
    )
    services.cycle.move_to_trash("action_plan", entry)
    assert services.cycle.entries("action_plan", pid) == []
    assert services.prospects.get(pid)["next_action"] is None


def test_the_step_follows_the_whole_cycle_and_an_override_wins(services) -> None:
    pid = _prospect(services)
    services.prospects.add_person(pid, "Mia Jensen")
    services.cycle.update_prospect(pid, {"hypothesis": "Route planning eats Mondays"})
    services.db.table("prospects").update(pid, {"fit_tier": "A"})
    assert services.cycle.refresh(pid).step == "contact"
    services.cycle.update_prospect(
        pid, {"first_meeting_on": "2026-12-02", "agenda": "Their routes; our questions"}
    )
    assert services.cycle.status(pid).step == "explore"
    services.cycle.update_prospect(pid, {"commitment_form": "Signed order"})
    assert services.prospects.get(pid)["stage"] == "assure"
    services.cycle.set_override(pid, "collaborate")
    assert services.prospects.get(pid)["stage"] == "collaborate"
    services.cycle.set_override(pid, None)
    assert services.prospects.get(pid)["stage"] == "assure"


def test_unknown_prospect_fields_and_a_blank_company_are_refused(services) -> None:
    pid = _prospect(services)
    with pytest.raises(InvalidInput):
        services.cycle.update_prospect(pid, {"stage": "assure"})
    with pytest.raises(InvalidInput, match="company name"):
        services.cycle.update_prospect(pid, {"company": "  "})
    assert services.prospects.get(pid)["company"] == "Harbour Logistics"


def test_what_was_logged_is_found_by_full_text_search(services) -> None:
    pid = _prospect(services)
    services.cycle.add("concerns", pid, {"concern": "Drivers fear the tablets", "status": "open"})
    hits = services.db.execute(
        "SELECT rowid FROM concerns_fts WHERE concerns_fts MATCH ?", ["tablet*"]
    ).fetchall()
    assert len(hits) == 1


def test_the_needs_heard_are_offered_for_the_solution_map(services, default_playbook) -> None:
    pid = _prospect(services)
    interview = services.interviews.start(pid, default_playbook)
    services.interviews.add_need(interview, "Fewer empty return trips")
    [need] = services.cycle.needs(pid)
    assert need["statement"] == "Fewer empty return trips" and need["status"] == "open"


def test_demo_prospects_spread_over_the_steps_with_due_actions(services) -> None:
    from salescoach.services.demo import add_demo_data

    add_demo_data(services)
    steps = dict(services.db.execute("SELECT company, stage FROM prospects").fetchall())
    assert steps["Northwind Logistics"] == "collaborate"
    assert steps["Harbor Dental Group"] == "contact"
    assert steps["Alder Health Clinics"] == "assure"
    due = services.db.execute(
        "SELECT count(*) FROM prospects WHERE next_action_on <= date('now', 'localtime')"
    ).fetchone()[0]
    assert due >= 2  # something overdue or due today shows on the home screen


def test_steps_are_worked_out_again_once_for_data_from_an_older_version(tmp_path) -> None:
    from salescoach.app import build_services
    from salescoach.paths import DataPaths

    paths = DataPaths(tmp_path / "data")
    first = build_services(paths)
    pid = first.prospects.add("Old Data Ltd", stage="assure")  # as 0.1.0 stored it
    first.db.table("app_meta").delete("steps_worked_out")
    first.close()
    again = build_services(paths)
    try:
        assert again.prospects.get(pid)["stage"] == "target"
    finally:
        again.close()


def test_a_plan_reads_from_the_next_due_date_and_a_log_from_the_latest(services) -> None:
    pid = _prospect(services)
    for due in ("2026-12-20", "2026-12-01", "2026-12-10"):
        services.cycle.add(
            "action_plan", pid, {"milestone": due, "due_on": due, "status": "planned"}
        )
        services.cycle.add("pulses", pid, {"taken_on": due, "score": 3})
    assert [e["due_on"] for e in services.cycle.entries("action_plan", pid)] == [
        "2026-12-01",
        "2026-12-10",
        "2026-12-20",
    ]
    assert services.cycle.entries("pulses", pid)[0]["taken_on"] == "2026-12-20"


def test_a_meeting_ended_without_a_date_has_not_set_the_next_meeting(
    services, default_playbook
) -> None:
    pid = _prospect(services)
    interview = services.interviews.start(pid, default_playbook)
    services.interviews.end(interview, "advance")
    assert "Next meeting set" in services.cycle.status(pid).check("explore").missing


def test_the_step_follows_the_meeting_and_the_needs_confirmed_in_it(
    services, default_playbook
) -> None:
    pid = _prospect(services)
    interview = services.interviews.start(pid, default_playbook)
    assert services.prospects.get(pid)["stage"] == "explore"
    need = services.interviews.add_need(interview, "Fewer empty return trips")
    services.interviews.update_need(need, status="confirmed")
    services.interviews.end(interview, "advance", next_date="2026-12-09")
    assert services.cycle.status(pid).check("explore").ready
    services.interviews.delete_need(need)
    assert not services.cycle.status(pid).check("explore").ready
    assert "Needs confirmed by the client" in services.cycle.status(pid).check("explore").missing

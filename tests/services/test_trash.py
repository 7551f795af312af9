"""The trash: moved things leave the lists, come back as they were, or go for good after 30 days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from salescoach.errors import NotFound
from salescoach.storage.trash import not_in_trash

START = datetime(2026, 11, 12, 9, 0, tzinfo=UTC)

# A valid entry for every log, with the label and words the trash shows for it.
ENTRIES = {
    "touches": (
        {"happened_on": "2026-11-02", "channel": "phone", "purpose": "Introduce the review"},
        "Touch",
        "Introduce the review",
    ),
    "check_ins": (
        {"happened_on": "2026-12-08", "channel": "visit", "purpose": "How week one went"},
        "Check-in",
        "How week one went",
    ),
    "concerns": (
        {"concern": "Drivers will resist a new tool", "status": "open"},
        "Concern",
        "Drivers will resist a new tool",
    ),
    "action_plan": ({"milestone": "Pilot workshop", "status": "planned"}, "Plan milestone", None),
    "delivery": ({"milestone": "Go-live", "status": "planned"}, "Delivery milestone", None),
    "checkpoints": (
        {
            "happened_on": "2026-11-21",
            "step": "explore",
            "topic": "Needs read back",
            "agreed": "yes",
        },
        "Checkpoint",
        "Needs read back",
    ),
    "criteria": ({"criterion": "Works offline", "status": "met"}, "Buying criterion", None),
    "pulses": ({"taken_on": "2026-12-10", "score": 4}, "Satisfaction pulse", None),
    "issues": (
        {
            "raised_on": "2026-12-11",
            "kind": "user_error",
            "description": "Routes printed twice",
            "status": "open",
        },
        "Issue",
        "Routes printed twice",
    ),
    "results": (
        {"measured_on": "2027-01-15", "metric": "On-time deliveries", "actual": "96%"},
        "Result",
        "On-time deliveries",
    ),
    "referrals": ({"referred_on": "2027-01-20", "name": "Ola Berg"}, "Referral", "Ola Berg"),
}
EXPECTED_TEXT = {
    "action_plan": "Pilot workshop",
    "delivery": "Go-live",
    "criteria": "Works offline",
    "pulses": "Satisfaction (1-5): 4",
    "approaches": "Nightly automatic plan",
}


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(services) -> Clock:
    ticking = Clock()
    services.trash.clock = ticking
    return ticking


def _local_noon(day: str) -> str:
    """Noon on the rep's clock, stored in UTC as the app stores times: the same calendar day
    wherever the tests run (10:00 UTC is already the next day in Kiribati)."""
    return datetime.fromisoformat(f"{day}T12:00").astimezone(UTC).isoformat(timespec="milliseconds")


def _meeting(services, playbook, pid: int, started: str, need: str) -> int:
    interviews = services.interviews
    interview_id = interviews.start(pid, playbook, started_at=started)
    interviews.record(interview_id, "situation_overview", "value", "Planning by hand")
    interviews.record(interview_id, "situation_overview", "value", "Planning by hand, daily")
    interviews.record(interview_id, "situation_overview", "quote", "Mondays are chaos")
    interviews.add_need(interview_id, need, status="confirmed")
    services.summaries.save_final(interview_id, "client-summary", "txt", "Thank you, Mia")
    return interview_id


@pytest.fixture
def acme(services, default_playbook, clock) -> dict:
    """A prospect with a person, two meetings and an entry in every log."""
    pid = services.prospects.add("Harbour Logistics", industry="Transport")
    person = services.prospects.add_person(pid, "Mia Jensen", title="Operations Director")
    meeting = _meeting(
        services, default_playbook, pid, _local_noon("2026-11-12"), "Fewer late routes"
    )
    other = _meeting(services, default_playbook, pid, _local_noon("2026-11-19"), "Plan in minutes")
    [need] = services.interviews.needs(meeting)
    entries = {key: services.cycle.add(key, pid, values) for key, (values, _, _) in ENTRIES.items()}
    entries["approaches"] = services.cycle.add(
        "approaches", pid, {"need_id": need.id, "approach": "Nightly automatic plan"}
    )
    return {"prospect": pid, "person": person, "meeting": meeting, "other": other, **entries}


def _only_item(services):
    [item] = services.trash.items()
    return item


def _fts(services, table: str, term: str) -> list[int]:
    """Search as the search service does: full-text hits joined to rows not in the trash."""
    return [
        row[0]
        for row in services.db.execute(
            f"SELECT t.id FROM [{table}_fts] f JOIN [{table}] t ON t.rowid = f.rowid "
            f"WHERE [{table}_fts] MATCH ? AND {not_in_trash(table, 't')}",
            [term],
        )
    ]


def _count(services, table: str, where: str, params: list) -> int:
    return services.db.execute(f"SELECT count(*) FROM [{table}] WHERE {where}", params).fetchone()[
        0
    ]


# --- prospects --------------------------------------------------------------------------------


def test_a_trashed_prospect_leaves_lists_counts_and_search_with_everything_under_it(
    services, acme
) -> None:
    pid = acme["prospect"]
    searches = [
        ("prospects", "Harbour"),
        ("people", "Mia"),
        ("answers", "chaos"),
        ("needs", "routes"),
        ("concerns", "drivers"),
    ]
    assert services.prospects.count() == 1
    assert all(_fts(services, table, term) for table, term in searches)
    services.trash.move_prospect(pid)

    assert services.prospects.count() == 0
    assert services.prospects.page("", "company", False, 0, 50) == []
    for table, term in searches:
        assert _fts(services, table, term) == [], table
    # Its children keep their own mark: none was put in the trash.
    for table in ("people", "interviews", "touches", "concerns", "plan_items"):
        assert _count(services, table, "prospect_id = ? AND deleted_at IS NOT NULL", [pid]) == 0
    item = _only_item(services)
    assert (item.kind, item.kind_label, item.description) == (
        "prospect",
        "Prospect",
        "Harbour Logistics",
    )
    assert item.days_left == 30


def test_restoring_a_prospect_brings_back_everything_as_it_was(services, acme) -> None:
    pid = acme["prospect"]
    services.cycle.move_to_trash("concerns", acme["concerns"])  # trashed on its own, first
    stage = services.prospects.get(pid)["stage"]
    services.trash.move_prospect(pid)
    prospect_item = next(i for i in services.trash.items() if i.kind == "prospect")

    message = services.trash.restore(prospect_item)

    assert message == "Harbour Logistics is back."
    assert services.prospects.count() == 1
    assert _fts(services, "prospects", "Harbour") == [pid]
    assert [p["name"] for p in services.prospects.people(pid)] == ["Mia Jensen"]
    assert len(services.cycle.entries("touches", pid)) == 1
    assert services.cycle.entries("concerns", pid) == []  # it was in the trash before: it stays
    assert [i.kind for i in services.trash.items()] == ["concerns"]
    assert services.prospects.get(pid)["stage"] == stage


def test_deleting_a_prospect_for_good_removes_everything_under_it(services, acme) -> None:
    pid = acme["prospect"]
    keep = services.prospects.add("Other Co")
    services.prospects.add_person(keep, "Ola Berg")
    services.trash.move_prospect(pid)

    services.trash.delete_forever(_only_item(services))

    tables = ["people", "interviews", "needs", "touches", "approaches", "concerns", "plan_items"]
    tables += ["checkpoints", "criteria", "pulses", "issues", "results", "referrals"]
    for table in tables:
        assert _count(services, table, "prospect_id = ?", [pid]) == 0, table
    for table in ("answers", "summaries"):
        where = "interview_id IN (?, ?)"
        assert _count(services, table, where, [acme["meeting"], acme["other"]]) == 0
    assert _count(services, "answer_history", "1", []) == 0
    assert _count(services, "prospects", "id = ?", [pid]) == 0
    # The full-text indexes forgot it too (their triggers ran), even without the trash filter.
    for table, term in (("prospects", "Harbour"), ("people", "Mia"), ("answers", "chaos")):
        hits = services.db.execute(
            f"SELECT count(*) FROM [{table}_fts] WHERE [{table}_fts] MATCH ?", [term]
        ).fetchone()[0]
        assert hits == 0, table
    assert services.trash.items() == []
    assert [p["name"] for p in services.prospects.people(keep)] == ["Ola Berg"]


# --- people -----------------------------------------------------------------------------------


def test_a_trashed_person_leaves_the_prospect_and_its_step(services, acme) -> None:
    pid = acme["prospect"]
    assert "A named contact" in services.cycle.status(pid).check("target").done
    services.trash.move_person(acme["person"])

    assert services.prospects.people(pid) == []
    assert "A named contact" in services.cycle.status(pid).check("target").missing
    assert _fts(services, "people", "Mia") == []
    item = _only_item(services)
    assert (item.kind_label, item.description) == ("Person", "Mia Jensen, Harbour Logistics")

    assert services.trash.restore(item) == "Person restored: Mia Jensen, Harbour Logistics."
    assert [p["name"] for p in services.prospects.people(pid)] == ["Mia Jensen"]
    assert _fts(services, "people", "Mia") == [acme["person"]]


def test_deleting_a_person_for_good(services, acme) -> None:
    services.trash.move_person(acme["person"])
    services.trash.delete_forever(_only_item(services))
    assert _count(services, "people", "id = ?", [acme["person"]]) == 0
    assert services.prospects.get(acme["prospect"])["company"] == "Harbour Logistics"


# --- meetings ---------------------------------------------------------------------------------


def test_a_trashed_meeting_leaves_the_counts_and_comes_back(services, acme) -> None:
    pid = acme["prospect"]
    before = services.cycle.status(pid)
    services.trash.move_meeting(acme["meeting"])
    services.trash.move_meeting(acme["other"])

    assert "Needs confirmed by the client" in services.cycle.status(pid).check("explore").missing
    assert services.cycle.needs(pid) == []
    assert _fts(services, "answers", "chaos") == []
    assert _fts(services, "needs", "routes") == []
    items = services.trash.items()
    assert [i.description for i in items] == [
        "Discovery meeting of 19 Nov 2026 with Harbour Logistics",
        "Discovery meeting of 12 Nov 2026 with Harbour Logistics",
    ]
    assert {i.kind_label for i in items} == {"Meeting"}

    for item in items:
        services.trash.restore(item)
    assert len(services.cycle.needs(pid)) == 2
    assert services.cycle.status(pid) == before


def test_deleting_a_meeting_for_good_removes_its_answers_history_needs_and_summaries(
    services, acme
) -> None:
    gone, kept = acme["meeting"], acme["other"]
    services.trash.move_meeting(gone)
    services.trash.delete_forever(_only_item(services))

    assert _count(services, "interviews", "id = ?", [gone]) == 0
    for table in ("answers", "needs", "summaries"):
        assert _count(services, table, "interview_id = ?", [gone]) == 0, table
        assert _count(services, table, "interview_id = ?", [kept]) > 0, table
    history = services.db.execute(
        "SELECT count(*) FROM answer_history h JOIN answers a ON a.id = h.answer_id "
        "WHERE a.interview_id = ?",
        [kept],
    ).fetchone()[0]
    assert history == 1
    assert _count(services, "answer_history", "1", []) == 1
    assert [n["statement"] for n in services.cycle.needs(acme["prospect"])] == ["Plan in minutes"]


def test_a_trashed_meeting_leaves_the_prospects_meeting_list(services, acme) -> None:
    services.trash.move_meeting(acme["meeting"])
    assert [m["id"] for m in services.interviews.for_prospect(acme["prospect"])] == [acme["other"]]


def test_a_trashed_meeting_is_not_offered_for_resuming(services, acme) -> None:
    services.trash.move_meeting(acme["meeting"])
    services.trash.move_meeting(acme["other"])
    assert services.interviews.interrupted() is None


# --- log entries ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [*ENTRIES, "approaches"])
def test_every_log_entry_is_listed_restored_and_deleted(services, acme, key: str) -> None:
    pid = acme["prospect"]
    entry = acme[key]
    services.cycle.move_to_trash(key, entry)
    assert all(e["id"] != entry for e in services.cycle.entries(key, pid))

    item = _only_item(services)
    label = "Approach" if key == "approaches" else ENTRIES[key][1]
    text = EXPECTED_TEXT.get(key) or ENTRIES[key][2]
    assert (item.kind, item.kind_label) == (key, label)
    assert item.description == f"{text} (Harbour Logistics)"

    services.trash.restore(item)
    assert any(e["id"] == entry for e in services.cycle.entries(key, pid))
    services.cycle.move_to_trash(key, entry)
    services.trash.delete_forever(_only_item(services))
    with pytest.raises(NotFound):
        services.cycle.entry(key, entry)


def test_restoring_an_entry_whose_prospect_is_in_the_trash_restores_the_prospect(
    services, acme
) -> None:
    services.cycle.move_to_trash("concerns", acme["concerns"])
    services.trash.move_prospect(acme["prospect"])
    concern = next(i for i in services.trash.items() if i.kind == "concerns")

    message = services.trash.restore(concern)

    assert message == (
        "Concern restored: Drivers will resist a new tool (Harbour Logistics). "
        "Its prospect, Harbour Logistics, was in the trash and is back too."
    )
    assert services.trash.items() == []
    assert services.prospects.count() == 1


def test_a_trashed_entry_moves_the_next_action(services, acme) -> None:
    pid = acme["prospect"]
    services.cycle.update("action_plan", acme["action_plan"], {"due_on": "2026-11-30"})
    assert services.prospects.get(pid)["next_action"] == "Pilot workshop"
    services.cycle.move_to_trash("action_plan", acme["action_plan"])
    assert services.prospects.get(pid)["next_action"] is None
    services.trash.restore(_only_item(services))
    assert services.prospects.get(pid)["next_action"] == "Pilot workshop"


# --- time -------------------------------------------------------------------------------------


def test_items_are_newest_first_with_the_days_they_have_left(services, acme, clock) -> None:
    services.trash.move_person(acme["person"])
    clock.now = START + timedelta(days=10, hours=12)
    services.trash.move_meeting(acme["meeting"])
    clock.now = START + timedelta(days=29, hours=13)

    meeting, person = services.trash.items()
    assert (meeting.kind, meeting.days_left) == ("meeting", 11)  # 10 days 23 hours to go
    assert (person.kind, person.days_left) == ("person", 1)  # 11 hours: still a day
    assert person.deleted_at == START


def test_moving_again_does_not_restart_the_thirty_days(services, acme, clock) -> None:
    services.trash.move_person(acme["person"])
    clock.now = START + timedelta(days=20)
    services.trash.move_person(acme["person"])
    assert _only_item(services).deleted_at == START


def test_purge_deletes_what_has_been_in_the_trash_more_than_thirty_days(
    services, acme, clock
) -> None:
    pid = acme["prospect"]
    services.cycle.move_to_trash("touches", acme["touches"])  # stamped by the real clock
    services.db.execute(
        "UPDATE touches SET deleted_at = ? WHERE id = ?",
        [START.isoformat(timespec="milliseconds"), acme["touches"]],
    )
    services.trash.move_person(acme["person"])
    clock.now = START + timedelta(days=5)
    services.trash.move_meeting(acme["meeting"])

    assert services.trash.purge_expired(START + timedelta(days=30)) == 0
    assert services.trash.purge_expired(START + timedelta(days=30, seconds=1)) == 2
    assert [i.kind for i in services.trash.items()] == ["meeting"]
    assert _count(services, "people", "id = ?", [acme["person"]]) == 0
    assert _count(services, "touches", "id = ?", [acme["touches"]]) == 0
    assert services.trash.purge_expired(START + timedelta(days=36)) == 1
    assert services.trash.items() == []
    assert services.prospects.get(pid)["company"] == "Harbour Logistics"


def test_purging_a_prospect_takes_its_trashed_entries_with_it(services, acme, clock) -> None:
    services.trash.move_person(acme["person"])
    services.trash.move_prospect(acme["prospect"])
    other = services.prospects.add("Other Co")
    assert services.trash.purge_expired(START + timedelta(days=31)) == 2
    assert services.trash.items() == []
    assert _count(services, "prospects", "1", []) == 1
    assert services.prospects.get(other)["company"] == "Other Co"


def test_an_item_no_longer_in_the_trash_is_explained(services, acme) -> None:
    services.trash.move_person(acme["person"])
    item = _only_item(services)
    services.trash.restore(item)
    with pytest.raises(NotFound, match="no longer in the trash"):
        services.trash.restore(item)
    with pytest.raises(NotFound, match="no longer in the trash"):
        services.trash.delete_forever(item)
    assert services.prospects.people(acme["prospect"])

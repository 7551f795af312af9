"""The trash's SQL condition and its delete-for-good, which follows the schema's foreign keys."""

from __future__ import annotations

import pytest

from salescoach.storage.trash import TRASH_TABLES, TrashRepository, not_in_trash

STAMP = "2026-11-12T09:00:00.000+00:00"


@pytest.fixture
def rows(services, default_playbook) -> dict[str, int]:
    pid = services.prospects.add("Harbour Logistics")
    person = services.prospects.add_person(pid, "Mia Jensen")
    meeting = services.interviews.start(pid, default_playbook)
    services.interviews.record(meeting, "situation_overview", "value", "By hand")
    need = services.interviews.add_need(meeting, "Fewer late routes")
    services.summaries.save_final(meeting, "client-summary", "txt", "Thanks")
    return {"prospect": pid, "person": person, "meeting": meeting, "need": need}


def _visible(services, table: str) -> int:
    return services.db.execute(
        f"SELECT count(*) FROM [{table}] t WHERE {not_in_trash(table, 't')}"
    ).fetchone()[0]


@pytest.mark.parametrize("table", ["people", "interviews", "answers", "needs", "summaries"])
def test_rows_under_a_trashed_prospect_are_hidden(services, rows, table: str) -> None:
    assert _visible(services, table) == 1
    TrashRepository(services.db).move("prospects", rows["prospect"], STAMP)
    assert _visible(services, table) == 0


@pytest.mark.parametrize("table", ["answers", "needs", "summaries"])
def test_rows_of_a_trashed_meeting_are_hidden(services, rows, table: str) -> None:
    assert _visible(services, table) == 1
    TrashRepository(services.db).move("interviews", rows["meeting"], STAMP)
    assert _visible(services, table) == 0
    assert _visible(services, "prospects") == 1


def test_a_need_outside_any_meeting_stays_visible(services, rows) -> None:
    services.db.table("needs").insert(
        {
            "prospect_id": rows["prospect"],
            "rank": 1,
            "statement": "Heard on the phone",
            "status": "open",
            "created_at": STAMP,
            "updated_at": STAMP,
        }
    )
    TrashRepository(services.db).move("interviews", rows["meeting"], STAMP)
    assert _visible(services, "needs") == 1


def test_only_tables_with_a_trash_are_accepted(services) -> None:
    assert TRASH_TABLES[:3] == ("prospects", "people", "interviews")
    assert "touches" in TRASH_TABLES and "plan_items" in TRASH_TABLES
    with pytest.raises(ValueError, match="has no trash"):
        TrashRepository(services.db).move("answers", 1, STAMP)


def test_delete_for_good_follows_a_table_added_later(services, rows) -> None:
    """A new table pointing at prospects is cleaned up without a change to the trash."""
    services.db["attachments"].create(
        {"id": int, "prospect_id": int, "name": str},
        pk="id",
        foreign_keys=[("prospect_id", "prospects", "id")],
    )
    services.db["attachments"].insert({"prospect_id": rows["prospect"], "name": "quote.pdf"})
    repository = TrashRepository(services.db)
    repository.move("prospects", rows["prospect"], STAMP)
    assert repository.delete_forever("prospects", rows["prospect"]) is True
    assert services.db.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0
    assert repository.delete_forever("prospects", rows["prospect"]) is False

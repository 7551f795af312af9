"""People on a prospect: added, changed and moved to the trash through the prospect service."""

from __future__ import annotations

import pytest

from salescoach.errors import InvalidInput, StorageUnavailable


def test_a_person_is_changed_and_blank_text_is_kept_as_nothing(services) -> None:
    pid = services.prospects.add("Harbour Logistics")
    person = services.prospects.add_person(pid, "  Mia Jensen ", title="Planner")
    services.prospects.update_person(person, {"title": "Head of Planning", "phone": "  "})
    [mia] = services.prospects.people(pid)
    assert (mia["name"], mia["title"], mia["phone"]) == ("Mia Jensen", "Head of Planning", None)


def test_a_person_needs_a_name_and_only_their_own_fields(services) -> None:
    pid = services.prospects.add("Harbour Logistics")
    with pytest.raises(InvalidInput, match="needs a name"):
        services.prospects.add_person(pid, "   ")
    person = services.prospects.add_person(pid, "Mia Jensen")
    with pytest.raises(InvalidInput, match="needs a name"):
        services.prospects.update_person(person, {"name": ""})
    with pytest.raises(InvalidInput, match="prospect_id"):
        services.prospects.update_person(person, {"prospect_id": 99})
    assert [p["name"] for p in services.prospects.people(pid)] == ["Mia Jensen"]


def test_a_trashed_person_leaves_the_list(services) -> None:
    pid = services.prospects.add("Harbour Logistics")
    person = services.prospects.add_person(pid, "Mia Jensen")
    services.prospects.add_person(pid, "Tom Becker")
    services.trash.move_person(person)
    assert [p["name"] for p in services.prospects.people(pid)] == ["Tom Becker"]


def test_a_failed_write_is_explained_not_crashed(services) -> None:
    pid = services.prospects.add("Harbour Logistics")
    services.db.execute("PRAGMA query_only = ON")
    try:
        with pytest.raises(StorageUnavailable):
            services.prospects.add_person(pid, "Mia Jensen")
    finally:
        services.db.execute("PRAGMA query_only = OFF")

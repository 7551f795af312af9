"""One search over everything, on a real database with its full-text indexes."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salescoach.services.search import SearchHit
from salescoach.storage import search as search_storage
from salescoach.storage.search import fts_query


@pytest.fixture
def world(services, default_playbook):
    """Two prospects with people, a meeting with answers, needs and step logs."""
    prospects = services.prospects
    quarry = prospects.add("Quarry Freight", industry="Transport", hypothesis="Dispatch chaos")
    other = prospects.add("Willow Bakery", industry="Food")
    maria = prospects.add_person(quarry, "Maria Lindqvist", title="Operations Director")
    meeting = services.interviews.start(quarry, default_playbook, title="Discovery with Maria")
    interviews = services.interviews
    interviews.record(meeting, "problems", "value", "Planning takes five hours every afternoon")
    interviews.record(meeting, "problems", "note", "Ask about the overtime budget")
    interviews.record(meeting, "problems", "quote", "If Jana is off sick nobody can plan")
    need = interviews.add_need(meeting, "Routes that respect driver hours")
    cycle = services.cycle
    touch = cycle.add(
        "touches",
        quarry,
        {"happened_on": "2026-11-02", "channel": "phone", "purpose": "Talk about tachograph rules"},
    )
    cycle.add(
        "check_ins",
        other,
        {"happened_on": "2026-11-03", "channel": "visit", "purpose": "Tachograph follow-up"},
    )
    cycle.add("concerns", quarry, {"concern": "Worried about the rollout", "status": "open"})
    cycle.add("action_plan", quarry, {"milestone": "Pilot in Gothenburg", "status": "planned"})
    return {
        "quarry": quarry,
        "other": other,
        "maria": maria,
        "meeting": meeting,
        "need": need,
        "touch": touch,
    }


def hits(services, text: str) -> list[SearchHit]:
    return [hit for group in services.search.search(text) for hit in group.hits]


def kinds(services, text: str) -> list[str]:
    return [hit.kind for hit in hits(services, text)]


def test_every_kind_is_found_with_its_prospect_and_meeting(services, world) -> None:
    (person,) = hits(services, "lindqvist")
    assert (person.kind, person.prospect_id, person.company) == (
        "person",
        world["quarry"],
        "Quarry Freight",
    )
    assert person.detail == "Operations Director" and not person.opens_meeting
    (quote,) = hits(services, "jana")
    assert quote.kind == "quote" and quote.meeting_id == world["meeting"] and quote.opens_meeting
    (note,) = hits(services, "overtime")
    assert note.kind == "note" and note.label == "Note"
    (answer,) = hits(services, "afternoon")
    assert answer.kind == "answer" and answer.meeting_id == world["meeting"]
    (need,) = hits(services, "driver hours")
    assert need.kind == "need" and need.meeting_id == world["meeting"]
    assert kinds(services, "dispatch") == ["prospect"]
    assert kinds(services, "rollout") == ["concern"]
    assert kinds(services, "gothenburg") == ["milestone"]
    # One index, two kinds: a contact touch and an after-sale check-in.
    tacho = hits(services, "tachograph")
    assert [(hit.kind, hit.company) for hit in tacho] == [
        ("touch", "Quarry Freight"),
        ("check_in", "Willow Bakery"),
    ]
    # A meeting's title; and the groups come in home's order, each under its own title.
    groups = services.search.search("maria")
    assert [group.title for group in groups] == ["People", "Meetings"]
    assert groups[1].hits[0].meeting_id == world["meeting"]


def test_words_are_prefixes_and_all_of_them_count(services, world) -> None:
    assert "answer" in kinds(services, "plan")  # "Planning"
    assert "quote" in kinds(services, "pla")  # "plan", from the three-letter prefix index
    assert kinds(services, "jana sick") == ["quote"]
    assert kinds(services, "jana driver") == []  # both words needed, in one answer or need
    # One answer is one unit: its words may sit in its quote and its note.
    assert kinds(services, "jana overtime") == ["quote", "note"]
    assert kinds(services, "QUARRY") == ["prospect"]
    assert kinds(services, "Göthenburg") == ["milestone"]  # diacritics do not matter


def test_snippets_mark_the_matched_words(services, world) -> None:
    (quote,) = hits(services, "sick jan")
    assert quote.text == "If Jana is off sick nobody can plan"
    assert [text for text, matched in quote.parts if matched] == ["Jana", "sick"]
    assert quote.html() == "If <b>Jana</b> is off <b>sick</b> nobody can plan"
    services.prospects.add("Acme <Tools> & Sons")
    (prospect,) = hits(services, "acme")
    assert prospect.html() == "<b>Acme</b> &lt;Tools&gt; &amp; Sons"


def test_answers_read_as_words_not_json(services, world, default_playbook) -> None:
    meeting = world["meeting"]
    services.interviews.record(meeting, "problem_areas", "value", ["Staff workload", "Quality"])
    (answer,) = hits(services, "workload")
    assert answer.text == "Staff workload, Quality"
    people = [
        {"name": "Ines Duarte", "title": "IT lead", "met": "yes"},
        {"name": "Tom Berg", "title": "CFO", "met": "no"},
    ]
    services.interviews.record(meeting, "stakeholders", "value", people)
    services.interviews.record(meeting, "target_date", "value", "2027-03-31")
    (table,) = hits(services, "duarte")
    assert table.text.startswith("Ines Duarte, IT lead, yes, Tom Berg, CFO")
    assert not {"name", "title", "met"} & set(table.text.replace(",", " ").split())
    (touch,) = [hit for hit in hits(services, "tachograph") if hit.kind == "touch"]
    assert touch.detail == "2 November 2026"  # as dates read everywhere else, not 2026-11-02
    (when,) = hits(services, "2027")
    assert when.html() == "<b>31 March 2027</b>"  # the match, in the words the app uses


def test_the_trash_hides_hits(services, world) -> None:
    services.trash.move_person(world["maria"])
    assert kinds(services, "lindqvist") == []
    services.cycle.move_to_trash("touches", world["touch"])
    assert [hit.kind for hit in hits(services, "tachograph")] == ["check_in"]
    services.trash.move_meeting(world["meeting"])
    assert kinds(services, "jana") == [] and kinds(services, "driver") == []
    assert kinds(services, "maria") == []  # the meeting's title went with it
    services.trash.move_prospect(world["other"])
    assert kinds(services, "tachograph") == []
    services.trash.move_prospect(world["quarry"])
    assert kinds(services, "quarry") == [] and kinds(services, "gothenburg") == []


def test_bm25_ranks_the_closest_match_first(services) -> None:
    services.prospects.add("Harbor", hypothesis="A long story about many other things and harbor")
    services.prospects.add("Harbor Harbor Logistics")
    ranked = [hit.company for hit in hits(services, "harbor")]
    assert ranked == ["Harbor Harbor Logistics", "Harbor"]


def test_each_kind_is_limited(services) -> None:
    for number in range(12):
        services.prospects.add(f"Lumen Works {number}")
    found = services.search.search("lumen", per_kind=5)
    assert len(found) == 1 and len(found[0].hits) == 5


def test_common_words_rank_the_newest_matches(services, monkeypatch) -> None:
    """Past RANKED_NEWEST matches only the newest are scored; trashed ones make it look back."""
    monkeypatch.setattr(search_storage, "RANKED_NEWEST", 4)
    ids = [services.prospects.add(f"Nimbus {number}") for number in range(10)]

    def found() -> set[str]:
        (group,) = services.search.search("nimbus", per_kind=3)
        return {hit.company for hit in group.hits}

    assert len(found()) == 3 and found() <= {f"Nimbus {number}" for number in range(6, 10)}
    for prospect_id in ids[5:]:
        services.trash.move_prospect(prospect_id)
    # The five newest are in the trash: the search looks further back and still finds three.
    assert len(found()) == 3 and found() <= {f"Nimbus {number}" for number in range(5)}


def test_the_query_is_safe_whatever_is_typed(services) -> None:
    assert fts_query("plan  sick") == '"plan"* AND "sick"*'
    assert fts_query("p") == '"p"'  # one letter: a word, not every word beginning with it
    assert fts_query('"(*)" NEAR: -') == '"NEAR"*'
    assert fts_query('  ** " ') is None
    assert services.search.search('"') == []
    with pytest.raises(sqlite3.OperationalError):  # what the raw text would have done
        services.db.execute("SELECT * FROM prospects_fts WHERE prospects_fts MATCH '\"'").fetchall()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=40))
def test_no_typed_text_can_break_the_search(services, text: str) -> None:
    for group in services.search.search(text):
        assert group.hits

"""The pipeline's filters, counts and sorting, in SQL on a real database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from salescoach.domain.pipeline import Due, DueCounts, PipelineFilter, due_state, fit_label
from salescoach.errors import InvalidInput

TODAY = date(2026, 11, 27)


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


@pytest.fixture
def pipeline(services):
    """Prospects spread over steps, tiers and due dates; 'today' is fixed."""
    services.prospects.today = lambda: TODAY
    repo = services.prospects.prospects
    ids = {}
    for name, stage, tier, score, due in (
        ("Acme", "target", "A", 91, day(-3)),  # overdue
        ("Birch", "target", "B", 60, day(0)),  # today
        ("Cobalt", "contact", "C", 30, day(2)),  # this week
        ("Delta", "explore", "excluded", 70, day(6)),  # this week, last day
        ("Ember", "explore", None, None, day(7)),  # later
        ("Fjord", "assure", "A", 80, None),  # nothing due
    ):
        prospect_id = repo.add(name)
        repo.update(
            prospect_id,
            {
                "stage": stage,
                "fit_tier": tier,
                "fit_score": score,
                "next_action": f"Call {name}" if due else None,
                "next_action_on": due,
            },
        )
        ids[name] = prospect_id
    return ids


def companies(services, **kwargs) -> list[str]:
    filters = kwargs.pop("filters", None)
    sort = kwargs.pop("sort", "company")
    descending = kwargs.pop("descending", False)
    ids = services.prospects.ordered_ids(filters, sort, descending)
    return [row.company for row in services.prospects.rows(ids)]


def test_each_filter_selects_in_sql(services, pipeline) -> None:
    assert companies(services, filters=PipelineFilter(stage="target")) == ["Acme", "Birch"]
    assert companies(services, filters=PipelineFilter(tier="A")) == ["Acme", "Fjord"]
    assert companies(services, filters=PipelineFilter(tier="none")) == ["Ember"]
    assert companies(services, filters=PipelineFilter(tier="excluded")) == ["Delta"]
    assert companies(services, filters=PipelineFilter(due=Due.OVERDUE)) == ["Acme"]
    assert companies(services, filters=PipelineFilter(due=Due.TODAY)) == ["Birch"]
    assert companies(services, filters=PipelineFilter(due=Due.WEEK)) == ["Birch", "Cobalt", "Delta"]
    assert companies(services, filters=PipelineFilter(due=Due.NONE)) == ["Fjord"]
    both = PipelineFilter(stage="explore", due=Due.WEEK)
    assert companies(services, filters=both) == ["Delta"]
    assert services.prospects.count(filters=both) == 1


def test_the_strip_counts_each_step_under_the_other_filters(services, pipeline) -> None:
    counts = services.prospects.stage_counts()
    assert counts == {
        "target": 2,
        "contact": 1,
        "explore": 2,
        "collaborate": 0,
        "confirm": 0,
        "assure": 1,
    }
    # The step filter itself does not narrow the strip: every step keeps its number.
    assert services.prospects.stage_counts(PipelineFilter(stage="explore")) == counts
    tier_a = services.prospects.stage_counts(PipelineFilter(tier="A"))
    assert tier_a["target"] == 1 and tier_a["assure"] == 1 and sum(tier_a.values()) == 2


def test_due_counts_tell_overdue_and_today(services, pipeline) -> None:
    assert services.prospects.due_counts() == DueCounts(overdue=1, today=1)
    services.prospects.today = lambda: TODAY + timedelta(days=3)
    assert services.prospects.due_counts() == DueCounts(overdue=3, today=0)


def test_the_trash_is_never_shown(services, pipeline) -> None:
    services.trash.move_prospect(pipeline["Acme"])
    assert "Acme" not in companies(services)
    assert services.prospects.count() == 5
    assert services.prospects.stage_counts()["target"] == 1
    assert services.prospects.due_counts().overdue == 0


@pytest.mark.parametrize("descending", [False, True])
def test_empty_values_stay_at_the_bottom_either_way(services, pipeline, descending) -> None:
    by_due = companies(services, sort="due", descending=descending)
    assert by_due[-1] == "Fjord"  # no date
    dated = ["Acme", "Birch", "Cobalt", "Delta", "Ember"]
    assert by_due[:-1] == (dated[::-1] if descending else dated)
    by_fit = companies(services, sort="fit", descending=descending)
    assert by_fit[-1] == "Ember"  # not scored
    best_first = ["Acme", "Fjord", "Birch", "Cobalt", "Delta"]  # A 91, A 80, B, C, excluded
    assert by_fit[:-1] == (best_first[::-1] if descending else best_first)


def test_steps_sort_in_the_cycle_order_not_the_alphabet(services, pipeline) -> None:
    assert companies(services, sort="stage") == [
        "Acme",
        "Birch",
        "Cobalt",
        "Delta",
        "Ember",
        "Fjord",
    ]
    assert companies(services, sort="stage", descending=True)[0] == "Fjord"  # assure


def test_main_contact_and_last_meeting_leave_out_the_trash(
    services, pipeline, default_playbook
) -> None:
    acme = pipeline["Acme"]
    zoe = services.prospects.add_person(acme, "Zoe Archer")
    services.prospects.add_person(acme, "Yann Baker")
    old = services.interviews.start(
        acme, default_playbook, started_at="2026-01-10T09:00:00.000+00:00"
    )
    new = services.interviews.start(
        acme, default_playbook, started_at="2026-06-10T09:00:00.000+00:00"
    )
    row = services.prospects.rows([acme])[0]
    assert (row.main_contact, row.people_count, row.meetings) == ("Zoe Archer", 2, 2)
    assert row.last_meeting.startswith("2026-06-10")
    services.trash.move_person(zoe)
    services.trash.move_meeting(new)
    row = services.prospects.rows([acme])[0]
    assert (row.main_contact, row.people_count, row.meetings) == ("Yann Baker", 1, 1)
    assert row.last_meeting.startswith("2026-01-10")
    assert old
    # Sorting by contact and by last meeting uses the same rules; the empty ones come last.
    assert companies(services, sort="people")[0] == "Acme"
    assert companies(services, sort="last_meeting", descending=True)[0] == "Acme"


def test_pages_follow_the_sorted_ids(services) -> None:
    for number in range(45):
        services.prospects.add(f"Company {number:02d}")
    pages = [
        services.prospects.page("", "company", True, offset, 10) for offset in range(0, 50, 10)
    ]
    names = [row.company for page in pages for row in page]
    assert names == [f"Company {number:02d}" for number in range(44, -1, -1)]


def test_new_prospect_with_its_first_contact(services) -> None:
    prospect_id = services.prospects.create("  Gamma Labs ", "Ines Park", "ines@gamma.example")
    assert services.prospects.get(prospect_id)["company"] == "Gamma Labs"
    (person,) = services.prospects.prospects.people(prospect_id)
    assert (person["name"], person["email"]) == ("Ines Park", "ines@gamma.example")
    alone = services.prospects.create("Solo Ltd")
    assert services.prospects.prospects.people(alone) == []
    with pytest.raises(InvalidInput):
        services.prospects.create("   ")
    with pytest.raises(InvalidInput):
        services.prospects.create("Nameless Ltd", "", "who@example.com")


def test_the_due_rules_match_the_filters() -> None:
    assert due_state(day(-1), TODAY) is Due.OVERDUE
    assert due_state(day(0), TODAY) is Due.TODAY
    assert due_state(day(6), TODAY) is Due.WEEK
    assert due_state(day(7), TODAY) is Due.LATER
    assert due_state(None, TODAY) is Due.NONE
    assert due_state("not a date", TODAY) is Due.NONE
    assert fit_label("A", 86) == "A · 86"
    assert fit_label("excluded", 70) == "Excluded"
    assert fit_label(None, None) == ""
    with pytest.raises(ValueError):
        PipelineFilter(stage="closing")


def query_plan(services, sql: str, params: list) -> str:
    return " | ".join(row[3] for row in services.db.execute("EXPLAIN QUERY PLAN " + sql, params))


def test_the_list_reads_indexes_not_whole_tables(services) -> None:
    """Without statistics SQLite would guess; the queries name the indexes of m005 instead."""
    from salescoach.storage.prospects import _ROW_SQL, _ids_sql, _where

    where, params = _where("", PipelineFilter(), TODAY)
    plan = query_plan(services, _ids_sql("company", False, PipelineFilter(), where), params)
    assert "idx_prospects_live_company" in plan and "TEMP B-TREE" not in plan
    overdue = PipelineFilter(due=Due.OVERDUE)
    where, params = _where("", overdue, TODAY)
    assert "idx_prospects_live_due" in query_plan(
        services, _ids_sql("due", False, overdue, where), params
    )
    rows_plan = query_plan(services, _ROW_SQL, ["[1]"])
    assert "COVERING INDEX idx_interviews_prospect_live" in rows_plan
    assert "COVERING INDEX idx_people_prospect_live" in rows_plan


def test_full_text_indexes_have_prefix_indexes(services) -> None:
    schemas = services.db.execute(
        "SELECT sql FROM sqlite_master WHERE name LIKE '%\\_fts' ESCAPE '\\' "
        "AND sql LIKE 'CREATE VIRTUAL TABLE%'"
    ).fetchall()
    assert len(schemas) == 15
    assert all("prefix='2 3 4'" in sql for (sql,) in schemas)
    # The triggers made by m004 still keep the rebuilt indexes in step.
    prospect_id = services.prospects.add("Quetzal Optics")
    hit = services.db.execute(
        "SELECT rowid FROM prospects_fts WHERE prospects_fts MATCH 'quet*'"
    ).fetchall()
    assert hit == [(prospect_id,)]


def test_the_new_indexes_keep_the_step_query_on_one_prospect(services) -> None:
    """Without statistics, a wider index once made SQLite look for a prospect's latest ended
    meeting through the status index, over every ended meeting; m005's index prevents it."""
    from salescoach.storage.progress import _FACTS_SQL

    plan = query_plan(services, _FACTS_SQL, [1])
    assert "idx_interviews_status" not in plan
    assert "idx_interviews_prospect_live (prospect_id=? AND deleted_at=? AND status=?)" in plan

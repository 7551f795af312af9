"""Fit ratings kept on prospects; a new scorecard scores every rated prospect again, at once."""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest

from salescoach.domain.fit import DEFAULT_SCORECARD, Criterion, Scorecard
from salescoach.errors import InvalidInput, StorageUnavailable
from salescoach.services.fit import SCORECARD_KEY

KEYS = [criterion.key for criterion in DEFAULT_SCORECARD.criteria]


def _ready_for_contact(services) -> int:
    """A prospect whose only missing Target item is its fit."""
    pid = services.prospects.add("Harbour Logistics")
    services.prospects.add_person(pid, "Mia Jensen")
    services.cycle.update_prospect(pid, {"hypothesis": "Route planning eats Mondays"})
    return pid


def _row(services, pid: int) -> dict:
    return services.prospects.get(pid)


def test_rating_keeps_the_ratings_score_and_tier_and_moves_the_step(services) -> None:
    pid = _ready_for_contact(services)
    assert _row(services, pid)["stage"] == "target"
    result = services.fit.rate(pid, dict.fromkeys(KEYS, 8), [])
    assert (result.score, result.tier) == (80, "A")
    row = _row(services, pid)
    assert json.loads(row["fit_ratings"]) == dict.fromkeys(KEYS, 8)
    assert json.loads(row["fit_knockouts"]) == []
    assert (row["fit_score"], row["fit_tier"]) == (80, "A")
    assert row["stage"] == "contact"  # Target's test passed: the step moved on
    assert services.fit.result(pid) == result
    assert services.fit.stored(pid).ratings == dict.fromkeys(KEYS, 8)


def test_a_knock_out_excludes_and_keeps_the_prospect_in_target(services) -> None:
    pid = _ready_for_contact(services)
    result = services.fit.rate(pid, dict.fromkeys(KEYS, 10), ["no_budget_holder"])
    assert (result.score, result.tier) == (100, "excluded")
    row = _row(services, pid)
    assert (row["fit_tier"], row["stage"]) == ("excluded", "target")
    assert "Fit: excluded by a knock-out" in services.cycle.status(pid).check("target").missing


def test_unrating_everything_makes_the_prospect_unscored_again(services) -> None:
    pid = _ready_for_contact(services)
    services.fit.rate(pid, {"industry": 10}, [])
    assert _row(services, pid)["fit_tier"] == "C"
    result = services.fit.rate(pid, {"industry": None}, [])
    assert result.tier is None
    row = _row(services, pid)
    assert (row["fit_score"], row["fit_tier"]) == (None, None)


def test_bad_ratings_are_refused_in_plain_words_and_nothing_changes(services) -> None:
    pid = _ready_for_contact(services)
    services.fit.rate(pid, {"industry": 5}, [])
    with pytest.raises(InvalidInput, match="Size: the rating must be a whole number from 0 to 10"):
        services.fit.rate(pid, {"size": 11}, [])
    with pytest.raises(InvalidInput, match="no criterion 'colour'"):
        services.fit.rate(pid, {"colour": 3}, [])
    with pytest.raises(InvalidInput, match="no knock-out 'grumpy'"):
        services.fit.rate(pid, {}, ["grumpy"])
    assert json.loads(_row(services, pid)["fit_ratings"]) == {"industry": 5}


def test_the_default_scorecard_is_used_until_one_is_saved_and_says_so(services) -> None:
    loaded = services.fit.load_scorecard()
    assert loaded.card == DEFAULT_SCORECARD
    assert loaded.source == "default" and "default scorecard" in loaded.notice
    card = replace(DEFAULT_SCORECARD, tier_a=85)
    services.fit.save_scorecard(card)
    again = services.fit.load_scorecard()
    assert (again.card, again.source, again.notice) == (card, "team", "")


@pytest.mark.parametrize(
    ("stored", "reason"),
    [
        ("{broken", "not readable"),
        (json.dumps({"criteria": [], "tiers": {"A": 80, "B": 50}}), "Add at least one criterion"),
        (json.dumps({"tiers": 3}), "no tier thresholds"),
    ],
)
def test_a_broken_saved_scorecard_falls_back_to_the_default_and_says_why(
    services, stored: str, reason: str
) -> None:
    services.db.table("settings").upsert({"key": SCORECARD_KEY, "value": stored}, pk="key")
    loaded = services.fit.load_scorecard()
    assert loaded.card == DEFAULT_SCORECARD
    assert loaded.source == "default"
    assert reason in loaded.notice and "could not be used" in loaded.notice
    pid = services.prospects.add("Still scorable")
    assert services.fit.rate(pid, dict.fromkeys(KEYS, 5), []).tier == "B"


def test_an_invalid_scorecard_is_refused_and_the_old_one_stays(services) -> None:
    bad = replace(DEFAULT_SCORECARD, criteria=DEFAULT_SCORECARD.criteria[:-1])  # 90
    with pytest.raises(InvalidInput, match="add up to 90; they must add up to 100"):
        services.fit.save_scorecard(bad)
    assert services.fit.load_scorecard().source == "default"


def test_a_new_scorecard_scores_every_rated_prospect_again(services) -> None:
    strong = _ready_for_contact(services)
    middling = services.prospects.add("Middling Ltd")
    unrated = services.prospects.add("Unrated Ltd")
    services.fit.rate(strong, dict.fromkeys(KEYS, 8), [])
    services.fit.rate(middling, dict.fromkeys(KEYS, 6), [])
    before = _row(services, strong)["updated_at"]
    assert _row(services, strong)["stage"] == "contact"

    moved = services.fit.save_scorecard(replace(DEFAULT_SCORECARD, tier_a=90, tier_b=85))

    assert moved == 2
    assert (_row(services, strong)["fit_tier"], _row(services, strong)["stage"]) == ("C", "target")
    assert _row(services, middling)["fit_tier"] == "C"
    assert "Fit tier C (A or B needed)" in services.cycle.status(strong).check("target").missing
    assert _row(services, unrated)["fit_tier"] is None
    assert _row(services, strong)["updated_at"] == before  # the team's change, not the rep's edit


def test_new_weights_change_scores_and_a_removed_criterion_keeps_its_rating(services) -> None:
    pid = services.prospects.add("Reweighted Ltd")
    services.fit.rate(pid, {**dict.fromkeys(KEYS, 5), "industry": 10}, [])
    assert _row(services, pid)["fit_score"] == 58  # 50 + 15 x 5 / 10 = 57.5, rounded up
    lean = Scorecard(
        (Criterion("industry", "Industry match", 60), Criterion("size", "Size", 40)), 80, 50
    )
    services.fit.save_scorecard(lean)
    assert (_row(services, pid)["fit_score"], _row(services, pid)["fit_tier"]) == (80, "A")
    assert services.fit.rate(pid, {"industry": 10, "size": 6}, []).score == 84
    stored = services.fit.stored(pid).ratings
    assert stored["access"] == 5  # kept for the day the team brings the criterion back
    services.fit.save_scorecard(DEFAULT_SCORECARD)
    assert _row(services, pid)["fit_score"] == 59  # 57.5 + 10 x 1 / 10 = 58.5, rounded up


def test_scorecard_change_and_re_scoring_stand_or_fall_together(services, monkeypatch) -> None:
    first = _ready_for_contact(services)
    second = services.prospects.add("Second Ltd")
    services.fit.rate(first, dict.fromkeys(KEYS, 8), [])
    services.fit.rate(second, dict.fromkeys(KEYS, 8), [])
    calls = []

    real_status = services.cycle.status

    def failing_status(prospect_id: int):
        calls.append(prospect_id)
        if len(calls) == 2:
            raise StorageUnavailable("The disk is full.")
        return real_status(prospect_id)

    monkeypatch.setattr(services.cycle, "status", failing_status)
    with pytest.raises(StorageUnavailable):
        services.fit.save_scorecard(replace(DEFAULT_SCORECARD, tier_a=95))
    assert services.fit.load_scorecard().source == "default"
    assert [_row(services, pid)["fit_tier"] for pid in (first, second)] == ["A", "A"]
    assert _row(services, first)["stage"] == "contact"


def test_ten_thousand_prospects_are_scored_again_quickly(services) -> None:
    ratings = [json.dumps(dict.fromkeys(KEYS, n % 11)) for n in range(10_000)]
    stamp = "2026-11-01T09:00:00.000+00:00"
    with services.db.atomic():
        services.db.conn.executemany(
            "INSERT INTO prospects (company, stage, fit_ratings, fit_knockouts, created_at, "
            "updated_at) VALUES (?, 'target', ?, '[]', ?, ?)",
            [(f"Prospect {n}", text, stamp, stamp) for n, text in enumerate(ratings)],
        )
    services.fit.save_scorecard(DEFAULT_SCORECARD)  # first scoring: every tier is set

    started = time.perf_counter()
    moved = services.fit.save_scorecard(replace(DEFAULT_SCORECARD, tier_a=95, tier_b=25))
    elapsed = time.perf_counter() - started
    print(f"\nre-scored 10,000 prospects ({moved} changed tier) in {elapsed:.2f} s")

    tiers = dict(
        services.db.execute("SELECT fit_tier, count(*) FROM prospects GROUP BY fit_tier").fetchall()
    )
    # Ratings 0..10 in turn (0 once more): 0-2 -> C (0-20), 3-9 -> B (30-90), 10 -> A (100).
    assert tiers == {"A": 909, "B": 7 * 909, "C": 910 + 2 * 909}
    assert moved == 4 * 909  # 3 and 4 rose from C, 8 and 9 fell from A
    assert elapsed < 15  # generous for a busy shared machine; about a second on a laptop

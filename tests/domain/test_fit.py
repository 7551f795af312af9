"""The fit score: weights x ratings / 10, tiers at the thresholds, knock-outs win, plain checks."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from salescoach.domain.fit import (
    DEFAULT_SCORECARD,
    Criterion,
    KnockOut,
    Scorecard,
    knockout_problems,
    new_key,
    rating_problems,
    score,
)

DEFAULT_KEYS = [criterion.key for criterion in DEFAULT_SCORECARD.criteria]

# Two criteria weighted 10 and 90: score = a + 9b, so every whole score is reachable.
TWO = Scorecard((Criterion("a", "First", 10), Criterion("b", "Second", 90)), 80, 50)


def test_the_default_is_the_one_described_in_the_domain_notes() -> None:
    card = DEFAULT_SCORECARD
    assert card.problems() == []
    assert card.total_weight == 100
    assert (card.tier_a, card.tier_b) == (80, 50)
    assert [c.label for c in card.criteria] == [
        "Industry match",
        "Size",
        "Evidence of the problem",
        "Trigger event",
        "Environment fit",
        "Ability to pay",
        "Access to the people who decide",
        "Strategic value",
    ]
    assert [k.label for k in card.knockouts] == [
        "No budget holder reachable",
        "Competitor's subsidiary",
        "Under sanctions or a legal block",
    ]


def test_score_is_the_weighted_sum_over_ten() -> None:
    # 15x8 + 10x6 + 20x9 + 10x5 + 10x7 + 15x8 + 10x6 + 10x4 = 700 -> 70, tier B
    ratings = dict(zip(DEFAULT_KEYS, [8, 6, 9, 5, 7, 8, 6, 4], strict=True))
    result = score(DEFAULT_SCORECARD, ratings)
    assert (result.score, result.tier, result.missing) == (70, "B", ())
    assert score(DEFAULT_SCORECARD, dict.fromkeys(DEFAULT_KEYS, 10)).score == 100
    assert score(DEFAULT_SCORECARD, dict.fromkeys(DEFAULT_KEYS, 8)).tier == "A"
    nothing_good = score(DEFAULT_SCORECARD, dict.fromkeys(DEFAULT_KEYS, 0))
    assert (nothing_good.score, nothing_good.tier) == (0, "C")


@pytest.mark.parametrize(
    ("a", "b", "expected_score", "tier"),
    [(4, 5, 49, "C"), (5, 5, 50, "B"), (7, 8, 79, "B"), (8, 8, 80, "A"), (10, 10, 100, "A")],
)
def test_tier_boundaries(a: int, b: int, expected_score: int, tier: str) -> None:
    result = score(TWO, {"a": a, "b": b})
    assert (result.score, result.tier) == (expected_score, tier)


def test_half_points_round_up_and_the_tier_follows_the_shown_score() -> None:
    card = Scorecard((Criterion("a", "First", 15), Criterion("b", "Second", 85)), 80, 50)
    assert score(card, {"a": 2, "b": 9}).score == 80  # 79.5
    assert score(card, {"a": 2, "b": 9}).tier == "A"
    assert score(card, {"a": 7, "b": 8}).score == 79  # 78.5, not banker's 78
    assert score(card, {"a": 7, "b": 8}).tier == "B"


def test_a_knock_out_wins_over_a_perfect_score() -> None:
    result = score(DEFAULT_SCORECARD, dict.fromkeys(DEFAULT_KEYS, 10), ["competitor_subsidiary"])
    assert (result.score, result.tier, result.tier_label) == (100, "excluded", "Excluded")
    assert result.knockouts == ("competitor_subsidiary",)
    alone = score(DEFAULT_SCORECARD, {}, ["legal_block"])
    assert alone.tier == "excluded" and alone.scored


def test_unrated_criteria_count_as_zero_and_are_reported() -> None:
    result = score(DEFAULT_SCORECARD, {"industry": 10, "problem_evidence": 10})
    assert result.score == 35
    assert result.tier == "C"
    assert result.missing == tuple(
        k for k in DEFAULT_KEYS if k not in ("industry", "problem_evidence")
    )


def test_nothing_rated_is_not_scored() -> None:
    result = score(DEFAULT_SCORECARD, {})
    assert (result.score, result.tier, result.scored, result.tier_label) == (
        0,
        None,
        False,
        "Not scored",
    )
    assert result.missing == tuple(DEFAULT_KEYS)


def test_keys_the_scorecard_does_not_have_are_not_counted() -> None:
    result = score(TWO, {"a": 5, "b": 5, "gone": 10}, ["gone_knockout"])
    assert (result.score, result.tier, result.knockouts) == (50, "B", ())


def test_a_rating_outside_zero_to_ten_is_refused() -> None:
    with pytest.raises(ValueError, match="0-10"):
        score(TWO, {"a": 11})
    assert rating_problems(TWO, {"a": 11, "b": 2.5, "c": 3}) == [
        "First: the rating must be a whole number from 0 to 10, not 11.",
        "Second: the rating must be a whole number from 0 to 10, not 2.5.",
        "There is no criterion 'c' on the scorecard.",
    ]
    assert rating_problems(TWO, {"a": 0, "b": 10}) == []
    assert knockout_problems(DEFAULT_SCORECARD, ["legal_block", "bad_mood"]) == [
        "There is no knock-out 'bad_mood' on the scorecard."
    ]


def test_validation_speaks_plainly() -> None:
    assert Scorecard(()).problems()[0] == "Add at least one criterion."
    short = replace(TWO, criteria=(Criterion("a", "First", 10), Criterion("b", "Second", 85)))
    assert short.problems() == ["The weights add up to 95; they must add up to 100."]
    unnamed = replace(TWO, criteria=(Criterion("a", " ", 10), Criterion("b", "Second", 90)))
    assert unnamed.problems() == ["Criterion 1 needs a name."]
    zero = replace(TWO, criteria=(Criterion("a", "First", 0), Criterion("b", "Second", 100)))
    assert zero.problems() == ["The weight of 'First' must be a whole number from 1 to 100."]
    assert replace(TWO, tier_a=50, tier_b=60).problems() == [
        "Tier A must start above tier B (now A from 50, B from 60)."
    ]
    assert replace(TWO, tier_b=0).problems() == ["Tier B must start above 0."]
    assert replace(TWO, tier_a=101).problems() == [
        "Tier A cannot start above 100, the highest score."
    ]
    same_key = replace(TWO, criteria=(Criterion("a", "First", 10), Criterion("a", "Second", 90)))
    assert same_key.problems() == ["Two criteria have the same key: 'a'."]
    same_name = replace(TWO, criteria=(Criterion("a", "Size", 10), Criterion("b", "size ", 90)))
    assert same_name.problems() == ["Two criteria have the same name: 'size'."]
    knockouts = replace(TWO, knockouts=(KnockOut("x", "Banned"), KnockOut("x", "")))
    assert knockouts.problems() == [
        "Knock-out 2 needs a description.",
        "Two knock-outs have the same key: 'x'.",
    ]


def test_json_round_trip() -> None:
    text = DEFAULT_SCORECARD.to_json()
    assert Scorecard.from_json(text) == DEFAULT_SCORECARD
    data = json.loads(text)
    assert data["version"] == 1
    assert data["tiers"] == {"A": 80, "B": 50}
    assert data["criteria"][0] == {"key": "industry", "label": "Industry match", "weight": 15}


@pytest.mark.parametrize(
    ("stored", "message"),
    [
        ("[1, 2]", "not a set of named parts"),
        ("{not json", "not valid JSON"),
        ('{"criteria": "all of them", "tiers": {"A": 80, "B": 50}}', "not a list"),
        ('{"criteria": [{"key": "a", "label": "A"}], "tiers": {"A": 80, "B": 50}}', "weight"),
        ('{"criteria": [], "tiers": {"A": "high", "B": 50}}', "tier threshold"),
        ('{"criteria": []}', "no tier thresholds"),
        ('{"version": 7, "criteria": []}', "format 7"),
    ],
)
def test_a_damaged_saved_scorecard_is_explained(stored: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Scorecard.from_json(stored)


def test_new_keys_are_readable_and_unique() -> None:
    assert new_key("Évidence of the problem!", []) == "evidence_of_the_problem"
    assert new_key("Size", ["size"]) == "size_2"
    assert new_key("Size", ["size", "size_2"]) == "size_3"
    assert new_key("???", [], fallback="knockout") == "knockout"

"""`show_if` evaluation and coverage: pure Python, no Qt, no database."""

from __future__ import annotations

import pytest

from salescoach.domain.conditions import holds, visible_questions
from salescoach.domain.coverage import coverage
from salescoach.domain.playbook import Condition, Playbook


def condition(data: dict) -> Condition:
    return Condition.model_validate(data)


@pytest.mark.parametrize(
    ("data", "answers", "expected"),
    [
        ({"question": "q", "equals": "yes"}, {"q": "yes"}, True),
        ({"question": "q", "equals": True}, {"q": "yes"}, True),  # YAML's bare `yes`
        ({"question": "q", "equals": "yes"}, {"q": "no"}, False),
        ({"question": "q", "equals": "yes"}, {}, False),
        ({"question": "q", "not_equals": "a"}, {"q": "b"}, True),
        ({"question": "q", "not_equals": "a"}, {}, False),
        ({"question": "q", "in": ["a", "b"]}, {"q": "b"}, True),
        ({"question": "q", "in": ["a", "b"]}, {"q": "c"}, False),
        ({"question": "q", "equals": "a"}, {"q": ["c", "a"]}, True),  # multi-choice contains
        ({"question": "q", "answered": True}, {"q": "  "}, False),
        ({"question": "q", "answered": False}, {"q": None}, True),
        ({"question": "q", "answered": True}, {"q": [{"name": ""}]}, False),
        ({"question": "q", "at_least": 20}, {"q": 20}, True),
        ({"question": "q", "at_least": 20}, {"q": 19.5}, False),
        ({"question": "q", "at_most": 2}, {"q": 3}, False),
        ({"question": "q", "at_least": 1000}, {"q": {"amount": 5000, "currency": "EUR"}}, True),
        ({"question": "q", "at_least": 1}, {"q": "not a number"}, False),
        ({"question": "q", "equals": 3}, {"q": 3.0}, True),
        (
            {"all": [{"question": "a", "equals": "x"}, {"question": "b", "answered": True}]},
            {"a": "x", "b": "hi"},
            True,
        ),
        (
            {"all": [{"question": "a", "equals": "x"}, {"question": "b", "answered": True}]},
            {"a": "x"},
            False,
        ),
        (
            {"any": [{"question": "a", "equals": "x"}, {"question": "b", "at_most": 2}]},
            {"a": "y", "b": 1},
            True,
        ),
        ({"not": {"question": "a", "equals": "later"}}, {"a": "now"}, True),
        ({"not": {"question": "a", "equals": "later"}}, {"a": "later"}, False),
    ],
)
def test_condition_holds(data: dict, answers: dict, expected: bool) -> None:
    assert holds(condition(data), answers) is expected


@pytest.mark.parametrize(
    "data",
    [
        {"question": "q"},
        {"question": "q", "equals": "a", "answered": True},
        {"equals": "a"},
        {"question": "q", "equals": "a", "all": []},
        {"all": [{"question": "a", "answered": True}], "any": []},
    ],
)
def test_malformed_conditions_are_rejected(data: dict) -> None:
    with pytest.raises(ValueError, match=r"condition|test"):
        condition(data)


CHAIN = Playbook.model_validate(
    {
        "id": "chain",
        "version": 1,
        "title": "Chain",
        "sections": [
            {
                "id": "s",
                "title": "S",
                "questions": [
                    {"id": "budget", "text": "Budget?", "type": "yes_no", "must_ask": True},
                    {
                        "id": "amount",
                        "text": "How much?",
                        "type": "currency",
                        "must_ask": True,
                        "show_if": {"question": "budget", "equals": "yes"},
                    },
                    {
                        "id": "basis",
                        "text": "Based on?",
                        "type": "text",
                        "must_ask": True,
                        "show_if": {"question": "amount", "answered": True},
                    },
                    {"id": "next", "text": "Next?", "type": "text"},
                ],
            }
        ],
    }
)


def test_hidden_questions_hide_their_dependants_too() -> None:
    answers = {"budget": "yes", "amount": {"amount": 10, "currency": "EUR"}, "basis": "x"}
    assert [q.id for q in visible_questions(CHAIN, answers)] == [
        "budget",
        "amount",
        "basis",
        "next",
    ]
    answers["budget"] = "no"  # the amount stays stored, but it and its follow-up are hidden
    assert [q.id for q in visible_questions(CHAIN, answers)] == ["budget", "next"]


def test_coverage_counts_only_visible_must_ask_questions() -> None:
    empty = coverage(CHAIN, {})
    assert (empty.answered, empty.required, empty.percent) == (0, 1, 0)
    assert [q.id for q in empty.uncovered] == ["budget"]
    said_no = coverage(CHAIN, {"budget": "no", "amount": {"amount": 5}})
    assert said_no.complete and said_no.percent == 100
    said_yes = coverage(CHAIN, {"budget": "yes"})
    assert (said_yes.answered, said_yes.required) == (1, 2)
    assert [q.id for q in said_yes.uncovered] == ["amount"]
    assert not said_yes.complete

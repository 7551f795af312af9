"""How each answer type reads in a summary, and what counts as answered."""

from __future__ import annotations

import pytest

from salescoach.domain.answers import format_answer, is_answered
from salescoach.domain.playbook import Question


def question(**fields) -> Question:
    return Question.model_validate({"id": "q", "text": "Q?", **fields})


@pytest.mark.parametrize(
    ("fields", "value", "expected"),
    [
        ({"type": "text"}, "  Slow dispatch  ", "Slow dispatch"),
        ({"type": "single_choice", "choices": [{"value": "a", "label": "Alpha"}]}, "a", "Alpha"),
        ({"type": "multi_choice", "choices": ["Cost", "Time"]}, ["Cost", "Time"], "Cost, Time"),
        ({"type": "yes_no"}, "no", "No"),
        ({"type": "scale", "labels": ["a", "b", "c", "d", "Critical"]}, 5, "5/5 (Critical)"),
        ({"type": "number", "unit": "trucks"}, 140, "140 trucks"),
        ({"type": "number"}, 1234.5, "1,234.5"),
        (
            {"type": "currency", "currency": "EUR"},
            {"amount": 90000, "currency": "USD"},
            "USD 90,000",
        ),
        ({"type": "currency", "currency": "EUR"}, {"amount": 1500}, "EUR 1,500"),
        ({"type": "date"}, "2027-01-31", "31 January 2027"),
        ({"type": "date"}, "next spring", "next spring"),
        (
            {
                "type": "group",
                "fields": [
                    {"id": "name", "label": "Name"},
                    {
                        "id": "role",
                        "label": "Role",
                        "type": "single_choice",
                        "choices": [{"value": "cb", "label": "Champion"}],
                    },
                ],
            },
            [{"name": "Maria", "role": "cb"}, {"name": "", "role": None}, {"name": "Tom"}],
            "Maria, Champion; Tom",
        ),
    ],
)
def test_format_answer(fields: dict, value, expected: str) -> None:
    assert format_answer(question(**fields), value) == expected


@pytest.mark.parametrize(
    ("value", "answered"),
    [
        (None, False),
        ("", False),
        ("   ", False),
        ([], False),
        ([{"name": ""}], False),
        ({"amount": None, "currency": "EUR"}, False),
        ("x", True),
        (0, True),
        (["a"], True),
        ({"amount": 0, "currency": "EUR"}, True),
    ],
)
def test_is_answered(value, answered: bool) -> None:
    assert is_answered(value) is answered


def test_empty_answers_format_as_nothing() -> None:
    assert format_answer(question(type="number", unit="trucks"), None) == ""

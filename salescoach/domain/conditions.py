"""Evaluate a playbook's `show_if` conditions against the answers so far. No `eval`, ever."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from salescoach.domain.answers import is_answered
from salescoach.domain.playbook import Condition, Playbook, Question


def holds(condition: Condition, answers: Mapping[str, Any]) -> bool:
    if condition.all is not None:
        return all(holds(child, answers) for child in condition.all)
    if condition.any is not None:
        return any(holds(child, answers) for child in condition.any)
    if condition.not_ is not None:
        return not holds(condition.not_, answers)
    value = answers.get(condition.question or "")
    if condition.answered is not None:
        return is_answered(value) == condition.answered
    if not is_answered(value):
        return False  # an unanswered question satisfies no comparison
    if condition.equals is not None:
        return _matches(value, condition.equals)
    if condition.not_equals is not None:
        return not _matches(value, condition.not_equals)
    if condition.in_ is not None:
        return any(_matches(value, option) for option in condition.in_)
    number = _as_number(value)
    if number is None:
        return False
    if condition.at_least is not None:
        return number >= condition.at_least
    if condition.at_most is not None:
        return number <= condition.at_most
    return False


def visible_questions(playbook: Playbook, answers: Mapping[str, Any]) -> list[Question]:
    """Questions to ask now. A hidden question's answer is ignored, so chains hide together."""
    visible: list[Question] = []
    effective: dict[str, Any] = {}
    for question in playbook.questions():
        if question.show_if is None or holds(question.show_if, effective):
            visible.append(question)
            effective[question.id] = answers.get(question.id)
    return visible


def _matches(value: Any, expected: Any) -> bool:
    """A multi-choice answer matches when it contains the expected value."""
    if isinstance(value, list):
        return any(_same(item, expected) for item in value)
    return _same(value, expected)


def _same(value: Any, expected: Any) -> bool:
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        number = _as_number(value)
        return number is not None and number == float(expected)
    return str(value) == str(expected)


def _as_number(value: Any) -> float | None:
    if isinstance(value, dict):  # currency answers carry {"amount": ..., "currency": ...}
        value = value.get("amount")
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None

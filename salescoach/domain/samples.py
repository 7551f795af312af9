"""Plausible answers for any playbook: for the self-test, template checks and tests."""

from __future__ import annotations

from typing import Any

from salescoach.domain.conditions import visible_questions
from salescoach.domain.playbook import Playbook, Question, QuestionType


def sample_value(question: Question) -> Any:
    kind = question.type
    choices = question.choice_values() or []
    if kind == QuestionType.SINGLE_CHOICE:
        return choices[0]
    if kind == QuestionType.MULTI_CHOICE:
        return choices[:2]
    if kind == QuestionType.YES_NO:
        return "yes"
    if kind == QuestionType.SCALE:
        return 4
    if kind == QuestionType.NUMBER:
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 100
        return int(low + (high - low) / 4) if high - low >= 4 else low
    if kind == QuestionType.CURRENCY:
        return {"amount": 50000, "currency": question.currency or "EUR"}
    if kind == QuestionType.DATE:
        return "2026-12-15"
    if kind == QuestionType.GROUP:
        return [
            {
                field.id: _field_sample(field.type, field.choices, row)
                for field in question.fields or []
            }
            for row in range(2)
        ]
    if kind == QuestionType.LONG_TEXT:
        return f"Sample answer to '{question.text}', in the client's words."
    return "Sample answer"


def _field_sample(kind: str, choices: Any, row: int) -> Any:
    if kind == "single_choice" and choices:
        return choices[row % len(choices)].value
    if kind == "yes_no":
        return "yes"
    if kind == "number":
        return 10 * (row + 1)
    if kind == "date":
        return "2026-12-15"
    return f"Sample {row + 1}"


def sample_answers(playbook: Playbook, fraction: float = 1.0) -> dict[str, Any]:
    """Answers for the first `fraction` of the questions that would be shown."""
    answers: dict[str, Any] = {}
    # Answering can reveal questions, so settle on a fixed point.
    for _ in range(len(playbook.questions())):
        visible = visible_questions(playbook, answers)
        wanted = visible[: round(len(visible) * fraction)]
        before = len(answers)
        for question in wanted:
            answers.setdefault(question.id, sample_value(question))
        if len(answers) == before:
            break
    return answers

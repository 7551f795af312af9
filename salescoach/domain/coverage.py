"""Discovery coverage: how many of the must-ask questions that apply have an answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from salescoach.domain.answers import is_answered
from salescoach.domain.conditions import visible_questions
from salescoach.domain.playbook import Playbook, Question


@dataclass(frozen=True)
class Coverage:
    answered: int
    required: int
    uncovered: tuple[Question, ...]

    @property
    def ratio(self) -> float:
        return 1.0 if self.required == 0 else self.answered / self.required

    @property
    def percent(self) -> int:
        return round(self.ratio * 100)

    @property
    def complete(self) -> bool:
        return not self.uncovered


def coverage(playbook: Playbook, answers: Mapping[str, Any]) -> Coverage:
    must_ask = [q for q in visible_questions(playbook, answers) if q.must_ask]
    uncovered = tuple(q for q in must_ask if not is_answered(answers.get(q.id)))
    return Coverage(len(must_ask) - len(uncovered), len(must_ask), uncovered)

"""An answer's history as the rep reads it.

Answers are saved while they are typed (half a second after the first key), so one sentence
typed without a pause leaves a change per save. Kept that way on disk, the history is read in
bursts: changes to the same part of an answer, each following the one before within
`TYPING_PAUSE_SECONDS`, read as one change from what was there before the burst to what it
ended as. A pause to listen to the client, or a return to the answer later, starts a new one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

TYPING_PAUSE_SECONDS = 10.0


@dataclass(frozen=True)
class AnswerChange:
    """A change to one part of an answer (values decoded)."""

    field: str  # value, note or quote
    old: Any
    new: Any
    changed_at: str  # ISO time, UTC, of the last save in it
    saves: int = 1  # saves made while it was typed


def merge_typing(
    changes: Iterable[AnswerChange], pause_seconds: float | None = None
) -> list[AnswerChange]:
    """`changes`, oldest first, with each burst of typing made one change (None: the pause is
    `TYPING_PAUSE_SECONDS`). A burst that ends where it began (typed, then rubbed out) is no
    change at all and is left out."""
    pause = TYPING_PAUSE_SECONDS if pause_seconds is None else pause_seconds
    merged: list[AnswerChange] = []
    for change in changes:
        last = merged[-1] if merged else None
        if last is not None and _continues(last, change, pause):
            merged[-1] = replace(
                last, new=change.new, changed_at=change.changed_at, saves=last.saves + change.saves
            )
        else:
            merged.append(change)
    return [change for change in merged if change.old != change.new]


def _continues(last: AnswerChange, change: AnswerChange, pause_seconds: float) -> bool:
    if change.field != last.field or change.old != last.new:
        return False
    try:
        gap = datetime.fromisoformat(change.changed_at) - datetime.fromisoformat(last.changed_at)
    except (ValueError, TypeError):  # a time not written as SalesCoach writes it: keep both
        return False
    return 0 <= gap.total_seconds() <= pause_seconds

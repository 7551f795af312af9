"""The diagnosis gate: no solution talk until the diagnosis is done.

Prescription before diagnosis is malpractice. Solution ideas stay locked until every visible
must-ask question is answered and the client has confirmed at least one need. The rep may
override, with a reason that is kept and shown in the internal notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from salescoach.domain.coverage import Coverage

CONFIRMED_STATUSES = frozenset({"confirmed", "corrected"})


@dataclass(frozen=True)
class GateState:
    diagnosis_done: bool
    missing: tuple[str, ...]  # what still stands between the rep and solution talk
    override_reason: str = ""

    @property
    def open(self) -> bool:
        return self.diagnosis_done or bool(self.override_reason)

    @property
    def overridden(self) -> bool:
        return not self.diagnosis_done and bool(self.override_reason)


def gate_state(
    cover: Coverage, need_statuses: Sequence[str], override_reason: str | None = None
) -> GateState:
    missing: list[str] = []
    if cover.uncovered:
        count = len(cover.uncovered)
        missing.append(f"{count} must-ask question{'s' if count != 1 else ''} to answer")
    if not any(status in CONFIRMED_STATUSES for status in need_statuses):
        missing.append("no need confirmed with the client yet")
    return GateState(not missing, tuple(missing), (override_reason or "").strip())

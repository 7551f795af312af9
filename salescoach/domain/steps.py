"""Where a prospect stands in the six steps, worked out from what has been done.

Each step has its "ready to move on" test (DOMAIN.md). A prospect is at the first step whose test
fails, unless work already under way in a later step shows the rep has moved on (a discovery
meeting held without a written hypothesis is still Explore); the tracker then lists what the
earlier steps still miss. A rep may set the step by hand; the override wins until cleared.
"""

from __future__ import annotations

from dataclasses import dataclass

from salescoach.domain.prospect import STAGE_LABELS, STAGES


@dataclass(frozen=True)
class CycleFacts:
    """What has been done with one prospect, counted by the storage layer."""

    fit_tier: str | None = None  # A, B, C, excluded; None until scored
    has_contact: bool = False
    has_hypothesis: bool = False
    touches: int = 0
    first_meeting_booked: bool = False
    has_agenda: bool = False
    meetings: int = 0
    confirmed_needs: int = 0
    outcome: str | None = None  # of the latest ended meeting: advance, continuation, no_fit
    next_meeting_set: bool = False
    needs_agreed: int = 0  # confirmed needs whose approach the client agreed covers them
    solution_work: int = 0  # approaches and plan milestones
    commitment: bool = False
    after_sale_work: int = 0  # delivery milestones, check-ins, pulses, issues, results


@dataclass(frozen=True)
class StepCheck:
    step: str
    done: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class StepStatus:
    derived: str
    override: str | None
    checks: tuple[StepCheck, ...]

    @property
    def step(self) -> str:
        return self.override or self.derived

    @property
    def label(self) -> str:
        return STAGE_LABELS[self.step]

    def check(self, step: str) -> StepCheck:
        return next(check for check in self.checks if check.step == step)


def _items(*pairs: tuple[bool, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return (
        tuple(text for ok, text in pairs if ok),
        tuple(text for ok, text in pairs if not ok),
    )


def step_checks(facts: CycleFacts) -> tuple[StepCheck, ...]:
    tier_ok = facts.fit_tier in ("A", "B")
    if facts.fit_tier == "excluded":
        tier_text = "Fit: excluded by a knock-out"
    elif facts.fit_tier is None:
        tier_text = "Fit scored at tier A or B"
    else:
        tier_text = f"Fit tier {facts.fit_tier}" + ("" if tier_ok else " (A or B needed)")
    target = _items(
        (tier_ok, tier_text),
        (facts.has_contact, "A named contact"),
        (facts.has_hypothesis, "A written need hypothesis"),
    )
    contact = _items(
        (facts.first_meeting_booked, "First meeting booked"),
        (facts.has_agenda, "Agenda agreed for the first meeting"),
    )
    explore = _items(
        (facts.confirmed_needs > 0, "Needs confirmed by the client"),
        (facts.outcome == "advance", _outcome_text(facts.outcome)),
        (facts.next_meeting_set, "Next meeting set"),
    )
    all_agreed = facts.confirmed_needs > 0 and facts.needs_agreed >= facts.confirmed_needs
    collaborate = _items(
        (
            all_agreed,
            f"Client agrees the solution covers each need "
            f"({facts.needs_agreed} of {facts.confirmed_needs})",
        ),
    )
    confirm = _items((facts.commitment, "Commitment recorded"))
    assure = ((), ())  # never ends: the account cycles back to Target for expansion
    parts = (target, contact, explore, collaborate, confirm, assure)
    return tuple(
        StepCheck(step, done, missing) for step, (done, missing) in zip(STAGES, parts, strict=True)
    )


def _outcome_text(outcome: str | None) -> str:
    if outcome == "no_fit":
        return "Fit decided: no fit (the sale was forgone)"
    if outcome == "continuation":
        return "Fit decided: only a continuation so far"
    return "Fit decided: go"


def _furthest_work(facts: CycleFacts) -> int:
    """The index of the latest step where work has already started."""
    started = [
        True,
        facts.touches > 0,
        facts.meetings > 0,
        facts.solution_work > 0,
        False,  # agreement checkpoints run across all steps, so they show no step
        facts.commitment or facts.after_sale_work > 0,
    ]
    return max(index for index, began in enumerate(started) if began)


def step_status(facts: CycleFacts, override: str | None = None) -> StepStatus:
    checks = step_checks(facts)
    first_unready = next(
        (index for index, check in enumerate(checks) if not check.ready), len(checks) - 1
    )
    derived = STAGES[max(first_unready, _furthest_work(facts))]
    return StepStatus(derived, override if override in STAGES else None, checks)

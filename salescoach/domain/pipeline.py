"""The pipeline as home shows it: one row per prospect, the filters a rep can set, what is due.

Dates of next actions are calendar days (ISO yyyy-mm-dd) in the rep's own time zone; "today" is
passed in, so the rules here are the same in the SQL filters, the counts and the Due column.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from salescoach.domain.prospect import STAGES

# A "this week" next action falls between today and the sixth day after it.
WEEK_DAYS = 7

TIERS = ("A", "B", "C", "excluded")
NOT_SCORED = "none"  # the tier filter's value for prospects without a fit score yet
TIER_FILTERS = (
    ("A", "Tier A"),
    ("B", "Tier B"),
    ("C", "Tier C"),
    ("excluded", "Excluded"),
    (NOT_SCORED, "Not scored"),
)


class Due(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    WEEK = "week"  # today and the next six days
    LATER = "later"  # only a state of one date; not a filter
    NONE = "none"  # no next action with a date


DUE_FILTERS = (
    (Due.OVERDUE, "Overdue"),
    (Due.TODAY, "Due today"),
    (Due.WEEK, "This week"),
    (Due.NONE, "No date"),
)


@dataclass(frozen=True)
class PipelineFilter:
    """What home shows: every filter None means the whole pipeline."""

    stage: str | None = None
    tier: str | None = None  # one of TIERS or NOT_SCORED
    due: Due | None = None

    def __post_init__(self) -> None:
        if self.stage is not None and self.stage not in STAGES:
            raise ValueError(f"unknown step {self.stage!r}")
        if self.tier is not None and self.tier not in (*TIERS, NOT_SCORED):
            raise ValueError(f"unknown fit tier {self.tier!r}")
        if self.due is Due.LATER:
            raise ValueError("'later' is not a due filter")

    @property
    def active(self) -> bool:
        return any(value is not None for value in (self.stage, self.tier, self.due))

    def with_stage(self, stage: str | None) -> PipelineFilter:
        return replace(self, stage=stage)


@dataclass(frozen=True)
class PipelineRow:
    id: int
    company: str
    industry: str | None
    stage: str
    fit_tier: str | None
    fit_score: int | None
    main_contact: str | None
    people_count: int
    next_action: str | None
    next_action_on: str | None
    last_meeting: str | None  # ISO timestamp in UTC of the latest meeting's start
    meetings: int


@dataclass(frozen=True)
class DueCounts:
    overdue: int
    today: int


def due_state(day: str | None, today: date) -> Due:
    """Where one next action's date stands against today."""
    if not day:
        return Due.NONE
    try:
        when = date.fromisoformat(day[:10])
    except ValueError:
        return Due.NONE
    if when < today:
        return Due.OVERDUE
    if when == today:
        return Due.TODAY
    if when < today + timedelta(days=WEEK_DAYS):
        return Due.WEEK
    return Due.LATER


def due_bounds(due: Due, today: date) -> tuple[str | None, str | None]:
    """The [first, last) ISO day range a due filter selects; None for an open end."""
    start = today.isoformat()
    if due is Due.OVERDUE:
        return None, start
    if due is Due.TODAY:
        return start, (today + timedelta(days=1)).isoformat()
    if due is Due.WEEK:
        return start, (today + timedelta(days=WEEK_DAYS)).isoformat()
    raise ValueError(f"{due} has no date range")


def fit_label(tier: str | None, score: int | None) -> str:
    """'A · 86', 'Excluded', or '' before the prospect is scored."""
    if tier is None:
        return ""
    if tier == "excluded":
        return "Excluded"
    return f"{tier} · {score}" if score is not None else tier

"""The Target fit score: a team's weighted scorecard, tiers and knock-outs (DOMAIN.md).

Each criterion has a weight (the weights add up to 100) and is rated 0-10 per prospect;
score = sum(weight x rating) / 10, so a prospect rated 10 everywhere scores 100.

Decisions worth knowing:
- The score is rounded half up to a whole number and the tier is read from that rounded number,
  so the badge and the figure the rep sees never disagree (79.5 shows as 80, tier A).
- A criterion not rated yet counts as 0 and is listed in `FitResult.missing`, so a half-rated
  prospect gets an honest, low score rather than an inflated one.
- Nothing rated and no knock-out ticked means "not scored": tier None, not tier C.
- Any knock-out ticked makes the tier "excluded", whatever the ratings (the score is still
  worked out and shown beside it).
- Criteria and knock-outs have stable keys: renaming one keeps the ratings given to it, and a
  rating for a key the scorecard no longer has is simply not counted.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

Tier = Literal["A", "B", "C", "excluded"]

MIN_RATING = 0
MAX_RATING = 10
TOTAL_WEIGHT = 100
FORMAT_VERSION = 1

TIER_LABELS: dict[str | None, str] = {
    "A": "A",
    "B": "B",
    "C": "C",
    "excluded": "Excluded",
    None: "Not scored",
}


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    weight: int


@dataclass(frozen=True)
class KnockOut:
    key: str
    label: str


@dataclass(frozen=True)
class Scorecard:
    criteria: tuple[Criterion, ...]
    tier_a: int = 80  # a score from here up is tier A
    tier_b: int = 50  # from here up to tier A is tier B; below it, C
    knockouts: tuple[KnockOut, ...] = field(default=())

    @property
    def total_weight(self) -> int:
        return sum(criterion.weight for criterion in self.criteria)

    def criterion(self, key: str) -> Criterion:
        for candidate in self.criteria:
            if candidate.key == key:
                return candidate
        raise KeyError(key)

    def problems(self) -> list[str]:
        """What stops this scorecard from being used, in plain words; empty when it can be."""
        found: list[str] = []
        if not self.criteria:
            found.append("Add at least one criterion.")
        for number, criterion in enumerate(self.criteria, start=1):
            name = criterion.label.strip()
            if not name:
                found.append(f"Criterion {number} needs a name.")
            if not _whole(criterion.weight) or not 1 <= criterion.weight <= TOTAL_WEIGHT:
                found.append(
                    f"The weight of {_named(name, number, 'criterion')} must be a whole number "
                    f"from 1 to {TOTAL_WEIGHT}."
                )
        weights_whole = all(_whole(c.weight) for c in self.criteria)
        if self.criteria and weights_whole and self.total_weight != TOTAL_WEIGHT:
            found.append(
                f"The weights add up to {self.total_weight}; they must add up to {TOTAL_WEIGHT}."
            )
        found += _duplicates("criteria", [c.key for c in self.criteria], "key")
        found += _duplicates("criteria", [c.label for c in self.criteria])
        if not (_whole(self.tier_a) and _whole(self.tier_b)):
            found.append("The tier thresholds must be whole numbers.")
        else:
            if self.tier_b <= 0:
                found.append("Tier B must start above 0.")
            if self.tier_a <= self.tier_b:
                found.append(
                    f"Tier A must start above tier B (now A from {self.tier_a}, "
                    f"B from {self.tier_b})."
                )
            if self.tier_a > TOTAL_WEIGHT:
                found.append(f"Tier A cannot start above {TOTAL_WEIGHT}, the highest score.")
        for number, knockout in enumerate(self.knockouts, start=1):
            if not knockout.label.strip():
                found.append(f"Knock-out {number} needs a description.")
        found += _duplicates("knock-outs", [k.key for k in self.knockouts], "key")
        found += _duplicates("knock-outs", [k.label for k in self.knockouts])
        for key in [c.key for c in self.criteria] + [k.key for k in self.knockouts]:
            if not key:
                found.append("Every criterion and knock-out needs a key.")
                break
        return found

    def tier_for(self, score: int) -> Tier:
        if score >= self.tier_a:
            return "A"
        if score >= self.tier_b:
            return "B"
        return "C"

    # --- JSON, as kept in the settings ------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "criteria": [
                {"key": c.key, "label": c.label, "weight": c.weight} for c in self.criteria
            ],
            "tiers": {"A": self.tier_a, "B": self.tier_b},
            "knockouts": [{"key": k.key, "label": k.label} for k in self.knockouts],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Any) -> Scorecard:
        """Read a stored scorecard; ValueError in plain words when its shape is wrong.

        The result may still have `problems()` (weights not adding up...): the caller decides."""
        if not isinstance(data, Mapping):
            raise ValueError("The saved scorecard is not a set of named parts.")
        version = data.get("version", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            raise ValueError(f"The saved scorecard has format {version!r}, not {FORMAT_VERSION}.")
        criteria = tuple(
            Criterion(
                _text(entry, "key", "criterion"),
                _text(entry, "label", "criterion"),
                _number(entry, "weight", "criterion"),
            )
            for entry in _list(data, "criteria")
        )
        knockouts = tuple(
            KnockOut(_text(entry, "key", "knock-out"), _text(entry, "label", "knock-out"))
            for entry in _list(data, "knockouts")
        )
        tiers = data.get("tiers")
        if not isinstance(tiers, Mapping):
            raise ValueError("The saved scorecard has no tier thresholds.")
        return cls(
            criteria,
            _number(tiers, "A", "tier threshold"),
            _number(tiers, "B", "tier threshold"),
            knockouts,
        )

    @classmethod
    def from_json(cls, text: str) -> Scorecard:
        try:
            data = json.loads(text)
        except ValueError as error:
            raise ValueError(f"The saved scorecard is not valid JSON ({error}).") from None
        return cls.from_dict(data)


DEFAULT_SCORECARD = Scorecard(
    criteria=(
        Criterion("industry", "Industry match", 15),
        Criterion("size", "Size", 10),
        Criterion("problem_evidence", "Evidence of the problem", 20),
        Criterion("trigger_event", "Trigger event", 10),
        Criterion("environment_fit", "Environment fit", 10),
        Criterion("ability_to_pay", "Ability to pay", 15),
        Criterion("access", "Access to the people who decide", 10),
        Criterion("strategic_value", "Strategic value", 10),
    ),
    tier_a=80,
    tier_b=50,
    knockouts=(
        KnockOut("no_budget_holder", "No budget holder reachable"),
        KnockOut("competitor_subsidiary", "Competitor's subsidiary"),
        KnockOut("legal_block", "Under sanctions or a legal block"),
    ),
)


@dataclass(frozen=True)
class FitResult:
    score: int  # 0..100 when the weights add up to 100; 0 when nothing is rated
    tier: Tier | None  # None: not scored yet (nothing rated, no knock-out)
    missing: tuple[str, ...] = ()  # keys of criteria not rated yet, in scorecard order
    knockouts: tuple[str, ...] = ()  # keys of the knock-outs that apply

    @property
    def scored(self) -> bool:
        return self.tier is not None

    @property
    def tier_label(self) -> str:
        return TIER_LABELS[self.tier]


def rating_problems(scorecard: Scorecard, ratings: Mapping[str, Any]) -> list[str]:
    """Ratings that cannot be kept (not a whole number 0-10, or for no criterion)."""
    known = {criterion.key: criterion.label for criterion in scorecard.criteria}
    found = []
    for key, rating in ratings.items():
        if key not in known:
            found.append(f"There is no criterion {key!r} on the scorecard.")
        elif not _whole(rating) or not MIN_RATING <= rating <= MAX_RATING:
            found.append(
                f"{known[key]}: the rating must be a whole number from {MIN_RATING} to "
                f"{MAX_RATING}, not {rating!r}."
            )
    return found


def knockout_problems(scorecard: Scorecard, knockouts: Iterable[str]) -> list[str]:
    known = {knockout.key for knockout in scorecard.knockouts}
    return [
        f"There is no knock-out {key!r} on the scorecard." for key in knockouts if key not in known
    ]


def score(
    scorecard: Scorecard, ratings: Mapping[str, int], knockouts: Iterable[str] = ()
) -> FitResult:
    """The prospect's fit under `scorecard`. Ratings and knock-outs for keys the scorecard does
    not have are ignored; a rating outside 0-10 is a ValueError (check `rating_problems`)."""
    total = 0
    missing = []
    for criterion in scorecard.criteria:
        rating = ratings.get(criterion.key)
        if rating is None:
            missing.append(criterion.key)
            continue
        if not _whole(rating) or not MIN_RATING <= rating <= MAX_RATING:
            raise ValueError(f"rating {rating!r} for {criterion.key!r} is not 0-10")
        total += criterion.weight * rating
    # Whole tenths of a point: exact in Decimal, then half up ("79.5" -> 80).
    points = int((Decimal(total) / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    wanted = set(knockouts)
    applied = tuple(k.key for k in scorecard.knockouts if k.key in wanted)
    if applied:
        tier: Tier | None = "excluded"
    elif len(missing) == len(scorecard.criteria):
        tier = None
    else:
        tier = scorecard.tier_for(points)
    return FitResult(points, tier, tuple(missing), applied)


def new_key(label: str, taken: Iterable[str], fallback: str = "criterion") -> str:
    """A stable key for a new criterion or knock-out, made from its first name."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:40] or fallback
    used = set(taken)
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}_{number}", number + 1
    return candidate


# --- helpers ----------------------------------------------------------------------------------


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _named(name: str, number: int, noun: str) -> str:
    return f"'{name}'" if name else f"{noun} {number}"


def _duplicates(noun: str, values: list[str], what: str = "name") -> list[str]:
    """One message per repeated value; names compare without case or surrounding spaces."""
    seen: set[str] = set()
    reported: set[str] = set()
    found = []
    for value in values:
        same = value.strip().casefold()
        if same and same in seen and same not in reported:
            reported.add(same)
            found.append(f"Two {noun} have the same {what}: '{value.strip()}'.")
        seen.add(same)
    return found


def _list(data: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    entries = data.get(name, [])
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        raise ValueError(f"The saved scorecard's {name} are not a list of entries.")
    return entries


def _text(entry: Mapping[str, Any], name: str, noun: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str):
        raise ValueError(f"A {noun} in the saved scorecard has no {name}.")
    return value


def _number(entry: Mapping[str, Any], name: str, noun: str) -> int:
    value = entry.get(name)
    if not _whole(value):
        raise ValueError(f"A {noun} in the saved scorecard has {value!r} for {name}.")
    return value

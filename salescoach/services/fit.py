"""The Target fit score: the team's scorecard (kept in the settings) and each prospect's ratings.

A change of scorecard scores every rated prospect again in the same transaction as the change,
and works out the step again for those whose tier moved (the tier is part of Target's
"ready to move on" test).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from salescoach.domain.fit import (
    DEFAULT_SCORECARD,
    FitResult,
    Scorecard,
    knockout_problems,
    rating_problems,
    score,
)
from salescoach.errors import InvalidInput
from salescoach.services.cycle import CycleService
from salescoach.storage.fit import FitRepository, StoredFit
from salescoach.storage.meta import KeyValueStore

SCORECARD_KEY = "fit_scorecard"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedScorecard:
    """The scorecard in use and where it came from."""

    card: Scorecard
    source: Literal["team", "default"]
    problem: str = ""  # why the saved scorecard could not be used, when it could not

    @property
    def notice(self) -> str:
        """A sentence for the settings page; empty when the team's own scorecard is in use."""
        if self.problem:
            return (
                f"The saved scorecard could not be used: {self.problem} The default "
                "scorecard is in use until you save a new one."
            )
        if self.source == "default":
            return "This is the default scorecard. Change it to fit how your team qualifies."
        return ""


class FitService:
    def __init__(
        self, repository: FitRepository, settings: KeyValueStore, cycle: CycleService
    ) -> None:
        self.repository = repository
        self.settings = settings  # the settings table, shared with SettingsService
        self.cycle = cycle

    # --- the scorecard --------------------------------------------------------------------------

    def load_scorecard(self) -> LoadedScorecard:
        """The team's scorecard, or the default when none is saved or the saved one is broken."""
        try:
            saved = self.settings.get(SCORECARD_KEY)
        except ValueError:  # the settings cell is not JSON at all
            return self._broken("the stored value is not readable")
        if saved is None:
            return LoadedScorecard(DEFAULT_SCORECARD, "default")
        try:
            card = Scorecard.from_dict(saved)
        except ValueError as error:
            return self._broken(str(error))
        problems = card.problems()
        if problems:
            return self._broken(" ".join(problems))
        return LoadedScorecard(card, "team")

    def scorecard(self) -> Scorecard:
        return self.load_scorecard().card

    def save_scorecard(self, card: Scorecard) -> int:
        """Keep `card` as the team's scorecard and score every rated prospect again, all in one
        transaction; returns how many prospects moved to another tier."""
        problems = card.problems()
        if problems:
            raise InvalidInput("The scorecard cannot be saved: " + " ".join(problems))
        with self.repository.transaction():
            self.settings.set(SCORECARD_KEY, card.to_dict())
            moved = self.repository.rescore_all(card)
            # The tier is read only by Target's test, so it can move the step but never the
            # next action: one batch of steps instead of a full refresh per prospect keeps
            # thousands of prospects quick.
            self.repository.store_steps([(self.cycle.status(pid).step, pid) for pid in moved])
        return len(moved)

    # --- a prospect's ratings -------------------------------------------------------------------

    def stored(self, prospect_id: int) -> StoredFit:
        """The ratings and knock-outs as kept, for an editor to show."""
        return self.repository.get(prospect_id)

    def result(self, prospect_id: int) -> FitResult:
        stored = self.repository.get(prospect_id)
        return score(self.scorecard(), stored.ratings, stored.knockouts)

    def rate(
        self,
        prospect_id: int,
        ratings: Mapping[str, int | None],
        knockouts: Iterable[str],
    ) -> FitResult:
        """Keep the prospect's ratings (criterion key -> 0..10; a missing key or None means not
        rated) and the knock-outs that apply, then work out its step again.

        Ratings and knock-outs kept for keys the scorecard no longer has are left alone, so a
        criterion a team removes and later brings back keeps what the rep said."""
        card = self.scorecard()
        given = {key: value for key, value in ratings.items() if value is not None}
        ticked = list(dict.fromkeys(knockouts))
        problems = rating_problems(card, given) + knockout_problems(card, ticked)
        if problems:
            raise InvalidInput(" ".join(problems))
        stored = self.repository.get(prospect_id)
        criterion_keys = {criterion.key for criterion in card.criteria}
        knockout_keys = {knockout.key for knockout in card.knockouts}
        kept_ratings = {
            **{key: value for key, value in stored.ratings.items() if key not in criterion_keys},
            **given,
        }
        kept_knockouts = [key for key in stored.knockouts if key not in knockout_keys] + ticked
        result = score(card, kept_ratings, kept_knockouts)
        with self.repository.transaction():
            self.repository.store(
                prospect_id,
                kept_ratings,
                kept_knockouts,
                result.score if result.scored else None,
                result.tier,
            )
            self.cycle.refresh(prospect_id)
        return result

    def _broken(self, problem: str) -> LoadedScorecard:
        log.warning("saved fit scorecard not used: %s", problem)
        return LoadedScorecard(DEFAULT_SCORECARD, "default", problem.rstrip(".") + ".")

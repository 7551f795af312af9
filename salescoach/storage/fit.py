"""Fit ratings on prospects, and scoring them all again when the team changes its scorecard.

Ratings and knock-outs are kept as JSON on the prospect; the score and tier are kept beside them
so the pipeline sorts and filters in SQL. Re-scoring reads every rated prospect once and writes
only the rows whose score or tier changed, in one statement batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from salescoach.domain.fit import Scorecard, score
from salescoach.errors import NotFound
from salescoach.storage.clock import now_iso
from salescoach.storage.database import with_explained_reads, write_transaction


@dataclass(frozen=True)
class StoredFit:
    ratings: dict[str, int]
    knockouts: list[str]
    score: int | None
    tier: str | None


@with_explained_reads
class FitRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several writes that stand or fall together (nested ones become savepoints)."""
        with write_transaction(self.db):
            yield

    def get(self, prospect_id: int) -> StoredFit:
        row = self.db.execute(
            "SELECT fit_ratings, fit_knockouts, fit_score, fit_tier FROM prospects WHERE id = ?",
            [prospect_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"There is no prospect with id {prospect_id}.")
        return StoredFit(_valid_ratings(_ratings(row[0])), _keys(row[1]), row[2], row[3])

    def store(
        self,
        prospect_id: int,
        ratings: dict[str, int],
        knockouts: list[str],
        fit_score: int | None,
        tier: str | None,
    ) -> None:
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE prospects SET fit_ratings = ?, fit_knockouts = ?, fit_score = ?, "
                "fit_tier = ?, updated_at = ? WHERE id = ?",
                [
                    json.dumps(ratings, sort_keys=True),
                    json.dumps(knockouts),
                    fit_score,
                    tier,
                    now_iso(),
                    prospect_id,
                ],
            )
            if cursor.rowcount == 0:
                raise NotFound(f"There is no prospect with id {prospect_id}.")

    def rescore_all(self, scorecard: Scorecard) -> list[int]:
        """Score every prospect that has ratings or knock-outs again (those in the trash too, so
        they come back right); returns the ids whose tier changed. The caller's transaction
        holds it together; on its own it is one transaction."""
        with self.transaction():
            rows = self.db.execute(
                "SELECT id, fit_ratings, fit_knockouts, fit_score, fit_tier FROM prospects "
                "WHERE fit_ratings IS NOT NULL OR fit_knockouts IS NOT NULL"
            ).fetchall()
            changes = []
            tier_changed = []
            for prospect_id, ratings, knockouts, old_score, old_tier in rows:
                result = score(scorecard, _valid_ratings(_ratings(ratings)), _keys(knockouts))
                new_score = result.score if result.scored else None
                if (new_score, result.tier) != (old_score, old_tier):
                    changes.append((new_score, result.tier, prospect_id))
                if result.tier != old_tier:
                    tier_changed.append(prospect_id)
            # Not an edit by the rep: updated_at stays as it was.
            self.db.conn.executemany(
                "UPDATE prospects SET fit_score = ?, fit_tier = ? WHERE id = ?", changes
            )
        return tier_changed

    def store_steps(self, steps: list[tuple[str, int]]) -> None:
        """Keep each (step, prospect id) worked out again, writing only the rows it changes."""
        with self.transaction():
            self.db.conn.executemany(
                "UPDATE prospects SET stage = ? WHERE id = ? AND stage IS NOT ?",
                [(step, prospect_id, step) for step, prospect_id in steps],
            )


def _ratings(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}  # a damaged cell reads as "not rated" rather than stopping the pipeline
    return value if isinstance(value, dict) else {}


def _keys(text: str | None) -> list[str]:
    if not text:
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return [key for key in value if isinstance(key, str)] if isinstance(value, list) else []


def _valid_ratings(ratings: dict[str, Any]) -> dict[str, int]:
    """Only whole numbers 0-10 count; anything else stored by mistake reads as not rated."""
    return {
        key: value
        for key, value in ratings.items()
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10
    }

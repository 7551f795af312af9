"""The steps around the discovery: each step's logs, the prospect's step and its next action."""

from __future__ import annotations

from typing import Any

from salescoach.domain.cycle_logs import LOG_KINDS, LogKind, logs_for_step
from salescoach.domain.prospect import STAGES
from salescoach.domain.steps import StepStatus, step_status
from salescoach.errors import InvalidInput
from salescoach.services.fields import checked_fields
from salescoach.storage.cycle_logs import CycleLogRepository
from salescoach.storage.progress import ProgressRepository
from salescoach.storage.prospects import ProspectRepository

# Prospect fields each step's page edits directly (the rest live in the logs).
PROSPECT_FIELDS = frozenset(
    {
        "company",
        "industry",
        "employees",
        "region",
        "website",
        "hypothesis",
        "notes",
        "reason_to_meet",
        "agenda",
        "first_meeting_on",
        "commitment_form",
        "commitment_on",
        "commitment_note",
    }
)


class CycleService:
    def __init__(
        self,
        prospects: ProspectRepository,
        logs: CycleLogRepository,
        progress: ProgressRepository,
    ) -> None:
        self.prospects = prospects
        self.logs = logs
        self.progress = progress

    # --- the prospect's own fields --------------------------------------------------------------

    def update_prospect(self, prospect_id: int, fields: dict[str, Any]) -> None:
        cleaned = checked_fields(
            fields, PROSPECT_FIELDS, "company", "A prospect needs a company name."
        )
        self.prospects.update(prospect_id, cleaned)
        self.refresh(prospect_id)

    # --- the logs -------------------------------------------------------------------------------

    @staticmethod
    def kind(key: str) -> LogKind:
        return LOG_KINDS[key]

    @staticmethod
    def kinds_for_step(step: str) -> list[LogKind]:
        return logs_for_step(step)

    def entries(self, key: str, prospect_id: int) -> list[dict[str, Any]]:
        return self.logs.entries(LOG_KINDS[key], prospect_id)

    def entry(self, key: str, entry_id: int) -> dict[str, Any]:
        return self.logs.get(LOG_KINDS[key], entry_id)

    def add(self, key: str, prospect_id: int, values: dict[str, Any]) -> int:
        kind = LOG_KINDS[key]
        _require_valid(kind, values)
        entry_id = self.logs.add(kind, prospect_id, values)
        self.refresh(prospect_id)
        return entry_id

    def update(self, key: str, entry_id: int, values: dict[str, Any]) -> None:
        kind = LOG_KINDS[key]
        _require_valid(kind, {**self.logs.get(kind, entry_id), **values})
        self.logs.update(kind, entry_id, values)
        self.refresh(self.logs.get(kind, entry_id)["prospect_id"])

    def move_to_trash(self, key: str, entry_id: int) -> None:
        kind = LOG_KINDS[key]
        prospect_id = self.logs.get(kind, entry_id)["prospect_id"]
        self.logs.move_to_trash(kind, entry_id)
        self.refresh(prospect_id)

    def needs(self, prospect_id: int) -> list[dict[str, Any]]:
        """The needs a solution map entry can point at: id, statement, status, rank."""
        return self.progress.needs(prospect_id)

    # --- the step -------------------------------------------------------------------------------

    def status(self, prospect_id: int) -> StepStatus:
        return step_status(self.progress.facts(prospect_id), self.progress.override(prospect_id))

    def set_override(self, prospect_id: int, step: str | None) -> None:
        """Set the step by hand, or give it back to what has been done (None)."""
        if step is not None and step not in STAGES:
            raise InvalidInput(f"There is no step called {step!r}.")
        self.progress.store(prospect_id, stage_override=step)
        self.refresh(prospect_id)

    def refresh_all(self) -> int:
        """Work out every prospect's step again (after an upgrade); returns how many."""
        ids = self.progress.prospect_ids()
        with self.progress.db.atomic():  # one commit, not one disk sync per prospect
            for prospect_id in ids:
                self.refresh(prospect_id)
        return len(ids)

    def refresh(self, prospect_id: int) -> StepStatus:
        """Work out the step and next action again after a change, and keep them for the list."""
        status = self.status(prospect_id)
        action, due = self.progress.next_action(prospect_id)
        self.progress.store(prospect_id, stage=status.step, next_action=action, next_action_on=due)
        return status


def _require_valid(kind: LogKind, values: dict[str, Any]) -> None:
    problems = kind.problems(values)
    if problems:
        raise InvalidInput(" ".join(problems))

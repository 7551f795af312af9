"""The files a CRM export writes: one per kind, with column names CRMs recognise.

JSON keys are the snake_case `key`s; CSV headers are the `header`s, which SalesCoach's own import
recognises too, so an export can be imported back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from salescoach.domain.csv_cells import neutralise


@dataclass(frozen=True)
class ExportKind:
    name: str  # file stem and query name
    noun: str  # "prospect", for "12 prospects"
    columns: tuple[tuple[str, str], ...]  # (key, header)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _header in self.columns)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(header for _key, header in self.columns)


EXPORT_KINDS = (
    ExportKind(
        "prospects",
        "prospect",
        (
            ("prospect_id", "Prospect ID"),
            ("company", "Company"),
            ("industry", "Industry"),
            ("employees", "Employees"),
            ("region", "Region"),
            ("website", "Website"),
            ("stage", "Stage"),
            ("fit_score", "Fit Score"),
            ("fit_tier", "Fit Tier"),
            ("hypothesis", "Hypothesis"),
            ("notes", "Notes"),
            ("next_action", "Next Action"),
            ("next_action_on", "Next Action Date"),
            ("contact_name", "Contact Name"),
            ("contact_title", "Contact Title"),
            ("contact_email", "Contact Email"),
            ("contact_phone", "Contact Phone"),
            ("created", "Created"),
            ("updated", "Updated"),
        ),
    ),
    ExportKind(
        "people",
        "contact",
        (
            ("person_id", "Person ID"),
            ("prospect_id", "Prospect ID"),
            ("company", "Company"),
            ("name", "Name"),
            ("title", "Title"),
            ("role", "Role"),
            ("email", "Email"),
            ("phone", "Phone"),
            ("created", "Created"),
        ),
    ),
    ExportKind(
        "meetings",
        "meeting",
        (
            ("meeting_id", "Meeting ID"),
            ("prospect_id", "Prospect ID"),
            ("company", "Company"),
            ("playbook", "Playbook"),
            ("title", "Title"),
            ("status", "Status"),
            ("started", "Started"),
            ("ended", "Ended"),
            ("outcome", "Outcome"),
            ("next_step", "Next Step"),
            ("next_step_date", "Next Step Date"),
        ),
    ),
    ExportKind(
        "needs",
        "need",
        (
            ("need_id", "Need ID"),
            ("prospect_id", "Prospect ID"),
            ("company", "Company"),
            ("meeting_id", "Meeting ID"),
            ("rank", "Rank"),
            ("statement", "Statement"),
            ("impact", "Impact"),
            ("priority", "Priority"),
            ("status", "Status"),
        ),
    ),
)


def csv_cells(kind: ExportKind, row: dict[str, Any]) -> list[str]:
    """One CSV line: empty for nothing, numbers as numbers, text never a formula."""
    return [_csv_value(row[key]) for key in kind.keys]


def json_object(kind: ExportKind, row: dict[str, Any]) -> dict[str, Any]:
    """One JSON object: values exactly as stored."""
    return {key: row[key] for key in kind.keys}


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return str(value)

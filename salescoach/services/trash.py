"""The trash: what the rep deletes stays 30 days, can be brought back, then goes for good.

Choices worth knowing:
- Moving a prospect to the trash hides it and everything under it without marking its people,
  meetings or log entries, so restoring it brings everything back as it was; things the rep had
  trashed one by one before stay in the trash.
- Restoring something whose prospect is in the trash brings the prospect back too (an entry
  cannot live without its prospect), and the message says so.
- Moving something that is already in the trash keeps its first date: the 30 days do not
  start again.
- `purge_expired` deletes for good what has been in the trash more than 30 days; at start-up it
  runs after the start-up backup, so the last copy of a purged item is still in that backup.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from salescoach.domain.cycle_logs import LOG_KINDS, FieldKind, LogKind
from salescoach.services.cycle import CycleService
from salescoach.storage.trash import TrashedRow, TrashRepository

TRASH_DAYS = 30
DESCRIPTION_LENGTH = 90

# Kinds whose noun alone would be ambiguous in a list of everything.
_KIND_LABELS = {
    "action_plan": "Plan milestone",
    "delivery": "Delivery milestone",
    "criteria": "Buying criterion",
    "pulses": "Satisfaction pulse",
}
_TABLE_KINDS = {"prospects": "prospect", "people": "person", "interviews": "meeting"}
_TEXT_KINDS = (FieldKind.TEXT, FieldKind.LONG_TEXT)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class TrashItem:
    table: str  # where it is kept
    id: int
    kind: str  # prospect, person, meeting, or a log's key (touches, check_ins, concerns...)
    kind_label: str  # Prospect, Person, Meeting, Touch, Check-in, Concern...
    description: str
    deleted_at: datetime  # aware, UTC
    days_left: int  # whole days before it goes for good (0: at the next purge)
    prospect_id: int
    company: str

    @property
    def deleted_on(self) -> str:
        """When it was deleted, in the rep's time zone: "12 Nov 2026 14:32"."""
        local = self.deleted_at.astimezone()
        return f"{local.day} {local:%b %Y %H:%M}"


class TrashService:
    def __init__(
        self,
        repository: TrashRepository,
        cycle: CycleService,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.repository = repository
        self.cycle = cycle
        self.clock = clock  # aware datetimes; tests move time on

    # --- putting things in ----------------------------------------------------------------------

    def move_prospect(self, prospect_id: int) -> None:
        self._move("prospects", prospect_id)

    def move_person(self, person_id: int) -> None:
        self._move("people", person_id)

    def move_meeting(self, interview_id: int) -> None:
        self._move("interviews", interview_id)

    # --- what is in it --------------------------------------------------------------------------

    def items(self) -> list[TrashItem]:
        """Everything in the trash, most recently deleted first."""
        now = self.clock()
        found = [_item(row, now) for row in self.repository.rows()]
        return sorted(found, key=lambda item: (item.deleted_at, item.table, item.id), reverse=True)

    def restore(self, item: TrashItem) -> str:
        """Take `item` out of the trash, with its prospect when that is in the trash too;
        returns what happened, in a sentence for the rep."""
        row = self.repository.get(item.table, item.id)
        with self.repository.transaction():
            self.repository.restore(item.table, item.id)
            brought_back_prospect = row.table != "prospects" and row.prospect_in_trash
            if brought_back_prospect:
                self.repository.restore("prospects", row.prospect_id)
            self.cycle.refresh(row.prospect_id)
        restored = _item(row, self.clock())
        if row.table == "prospects":
            return f"{restored.description} is back."
        message = f"{restored.kind_label} restored: {restored.description}."
        if brought_back_prospect:
            message += f" Its prospect, {row.company}, was in the trash and is back too."
        return message

    def delete_forever(self, item: TrashItem) -> None:
        """Delete `item` for good with everything under it, in one transaction."""
        row = self.repository.get(item.table, item.id)
        with self.repository.transaction():
            self.repository.delete_forever(row.table, row.id)
            if row.table != "prospects":
                self.cycle.refresh(row.prospect_id)  # needs of a meeting may leave the counts

    def purge_expired(self, now: datetime | None = None) -> int:
        """Delete for good everything in the trash for more than 30 days, in one transaction;
        returns how many of those went. An expired prospect takes everything under it, including
        entries trashed more recently on their own."""
        cutoff = _stamp((now or self.clock()) - timedelta(days=TRASH_DAYS))
        expired = self.repository.expired(cutoff)
        if not expired:
            return 0
        with self.repository.transaction():
            gone = {row_id for table, row_id, _ in expired if table == "prospects"}
            touched = set()
            for table, row_id, prospect_id in expired:
                if self.repository.delete_forever(table, row_id) and table != "prospects":
                    touched.add(prospect_id)
            for prospect_id in sorted(touched - gone):
                self.cycle.refresh(prospect_id)
        return len(expired)

    # --- inside ---------------------------------------------------------------------------------

    def _move(self, table: str, row_id: int) -> None:
        with self.repository.transaction():
            prospect_id = self.repository.move(table, row_id, _stamp(self.clock()))
            self.cycle.refresh(prospect_id)


def _stamp(moment: datetime) -> str:
    """As `storage.clock.now_iso` writes it, so stamps compare as text."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _item(row: TrashedRow, now: datetime) -> TrashItem:
    deleted = datetime.fromisoformat(row.deleted_at)
    if deleted.tzinfo is None:
        deleted = deleted.replace(tzinfo=UTC)
    left = deleted + timedelta(days=TRASH_DAYS) - now
    days_left = max(0, math.ceil(left / timedelta(days=1)))
    kind, label, description = _describe(row)
    return TrashItem(
        row.table,
        row.id,
        kind,
        label,
        _shorten(description),
        deleted.astimezone(UTC),
        days_left,
        row.prospect_id,
        row.company,
    )


def _describe(row: TrashedRow) -> tuple[str, str, str]:
    values = row.values
    if row.table == "prospects":
        return "prospect", "Prospect", row.company
    if row.table == "people":
        return "person", "Person", f"{values.get('name') or 'Someone'}, {row.company}"
    if row.table == "interviews":
        when = _local_date(values.get("started_at"))
        text = (
            f"Discovery meeting of {when} with {row.company}"
            if when
            else (f"Discovery meeting with {row.company}")
        )
        title = (values.get("title") or "").strip()
        return "meeting", "Meeting", f"{text} ({title})" if title else text
    kind = _log_kind(row.table, values)
    label = _KIND_LABELS.get(kind.key, kind.noun[:1].upper() + kind.noun[1:])
    return kind.key, label, f"{_main_text(kind, values)} ({row.company})"


def _log_kind(table: str, values: dict[str, Any]) -> LogKind:
    """The log an entry belongs to: touches hold touches and check-ins, told apart by kind."""
    candidates = [kind for kind in LOG_KINDS.values() if kind.storage_table == table]
    for kind in candidates:
        if all(values.get(column) == value for column, value in kind.fixed.items()):
            return kind
    return candidates[0]


def _main_text(kind: LogKind, values: dict[str, Any]) -> str:
    """The words that say what the entry is: its first text in the list's columns, else the
    first other value with its label."""
    shown = [kind.field(name) for name in kind.summary_fields]
    for spec in shown:
        text = str(values.get(spec.name) or "").strip()
        if spec.kind in _TEXT_KINDS and text:
            return text
    others = [spec for spec in shown if spec.kind is not FieldKind.DATE] + [
        spec for spec in shown if spec.kind is FieldKind.DATE
    ]
    for spec in others:
        value = values.get(spec.name)
        if value not in (None, "") and spec.kind not in (FieldKind.NEED, FieldKind.FLAG):
            shown_value = spec.choice_label(value) if spec.kind is FieldKind.CHOICE else value
            return f"{spec.label}: {shown_value}"
    return kind.noun[:1].upper() + kind.noun[1:]


def _local_date(stamp: str | None) -> str:
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment.day} {moment:%b %Y}"


def _shorten(text: str) -> str:
    """One line, short enough for a list."""
    line = " ".join(text.split())
    if len(line) <= DESCRIPTION_LENGTH:
        return line
    return line[: DESCRIPTION_LENGTH - 1].rstrip() + "\u2026"

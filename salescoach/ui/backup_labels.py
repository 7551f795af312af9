"""Backups in the rep's words: when (local time), why, how big, and what is in them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from salescoach.services.backups import BackupContents

REASONS = {
    "start": "When SalesCoach started",
    "periodic": "Automatic, while you worked",
    "quit": "When you quit SalesCoach",
    "manual": "Made by you",
    "before-migration": "Before an upgrade",
    "before-restore": "Before a restore",
}


def when_label(moment: datetime, today: date | None = None) -> str:
    """'today 14:32', 'yesterday 09:05' or '14 Nov 2026 14:32', in the rep's local time."""
    local = moment.astimezone()
    today = today or datetime.now().astimezone().date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"today {clock}"
    if local.date() == today - timedelta(days=1):
        return f"yesterday {clock}"
    return f"{local.day} {local:%b %Y} {clock}"


def reason_label(reason: str) -> str:
    return REASONS.get(reason, reason.replace("-", " ").capitalize())


def size_label(size: int) -> str:
    if size < 1000 * 1000:
        return f"{max(size, 1) / 1000:.0f} KB"
    return f"{size / 1000 / 1000:.1f} MB"


def contents_label(contents: BackupContents) -> str:
    """'42 prospects, 17 meetings, last edit 14 Nov 2026 14:32'."""
    parts = [
        _count(contents.prospects, "prospect"),
        _count(contents.meetings, "meeting"),
    ]
    if contents.last_edit is not None:
        parts.append(f"last edit {when_label(contents.last_edit)}")
    return ", ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"

"""How stored values read on the prospect page: dates in the rep's locale, choices by label."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QLocale

from salescoach.domain.cycle_logs import Field, FieldKind, LogKind

NOT_DONE_STATUSES = frozenset({"done", "dropped"})


def date_text(value: Any) -> str:
    """An ISO date (or timestamp) in the rep's short local format; blank when there is none."""
    if not value:
        return ""
    text = str(value)
    try:
        if len(text) > 10:  # a timestamp: the day it was in the rep's time zone
            day = datetime.fromisoformat(text).astimezone().date()
        else:
            day = date.fromisoformat(text)
    except ValueError:
        return text
    return QLocale().toString(QDate(day.year, day.month, day.day), _date_format())


def _date_format() -> str:
    """The locale's short date with a four-digit year: "12/03/26" is easy to misread.
    Without a locale (the "C" one) the month is named, as in the date editors."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return "d MMM yyyy"
    pattern = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in pattern:
        pattern = pattern.replace("yy", "yyyy")
    return pattern


def field_text(spec: Field, value: Any, need_labels: dict[int, str]) -> str:
    """One stored value as a list shows it."""
    if value is None or value == "":
        return ""
    if spec.kind is FieldKind.CHOICE:
        return spec.choice_label(str(value))
    if spec.kind is FieldKind.DATE:
        return date_text(value)
    if spec.kind is FieldKind.SCORE:
        return f"{value} of 5"
    if spec.kind is FieldKind.FLAG:
        return "Done" if value else ""
    if spec.kind is FieldKind.NEED:
        return need_labels.get(int(value), "(a need no longer listed)")
    return " ".join(str(value).split())  # long text on one line


def overdue(kind: LogKind, entry: dict[str, Any], today: date) -> str | None:
    """The name of the date field that is past and still open, if any.

    A touch's next action is open until ticked done; a plan milestone until done or dropped.
    """
    names = {spec.name for spec in kind.fields}
    if "next_action_date" in names:
        due, still_open = entry.get("next_action_date"), not entry.get("next_action_done")
        field = "next_action_date"
    elif "due_on" in names:
        due, still_open = entry.get("due_on"), entry.get("status") not in NOT_DONE_STATUSES
        field = "due_on"
    else:
        return None
    try:
        past = bool(due) and date.fromisoformat(str(due)) < today
    except ValueError:
        return None
    return field if past and still_open else None


def need_label(need: dict[str, Any]) -> str:
    """A need as a picker or a list names it: its statement, in the client's words."""
    return str(need.get("statement") or "").strip() or "(a need with no words yet)"

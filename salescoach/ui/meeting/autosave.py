"""Write-through saving of answers: nothing typed is ever lost, and the indicator tells the truth.

Every edit is queued per (question, field) and written at most `DEBOUNCE_MS` after the first
unsaved change, so typing never waits on the disk and a crash loses at most that window.
`flush()` writes everything at once (leaving a field, changing question, closing, quitting).
A failed write keeps the value queued, reports the reason, and is retried.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from salescoach.errors import SalesCoachError

DEBOUNCE_MS = 500
RETRY_MS = 3000

Key = tuple[str, str]  # (question id, field: value / note / quote)
Writer = Callable[[str, str, Any], str]  # (question id, field, value) -> ISO time saved


class AnswerSaver(QObject):
    saved = Signal(str)
    """Everything queued so far is on disk; carries the ISO time of the last write."""
    failed = Signal(str)
    """A write failed; carries the reason. The values stay queued and are retried."""
    fieldSaved = Signal(str, str, object)
    """One (question id, field, value) reached the disk."""

    def __init__(self, write: Writer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._write = write
        self._pending: dict[Key, Any] = {}
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.flush)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self.flush)
        self.last_error = ""

    def queue(self, question_id: str, field: str, value: Any) -> None:
        self._pending[(question_id, field)] = value
        if not self._debounce.isActive() and not self._retry.isActive():
            self._debounce.start()  # not restarted by later keys: at most one window late

    def pending(self) -> dict[Key, Any]:
        return dict(self._pending)

    def has_pending(self) -> bool:
        return bool(self._pending)

    def flush(self) -> bool:
        """Write everything queued; True when nothing is left unsaved."""
        self._debounce.stop()
        if not self._pending:
            return True
        last = ""
        for key in list(self._pending):
            value = self._pending[key]
            try:
                last = self._write(key[0], key[1], value)
            except SalesCoachError as error:
                self.last_error = str(error)
                self._retry.start()
                self.failed.emit(self.last_error)
                return False
            # Only forget the value if no newer edit arrived while it was being written.
            if self._pending.get(key, _MISSING) is value:
                del self._pending[key]
            self.fieldSaved.emit(key[0], key[1], value)
        self._retry.stop()
        self.last_error = ""
        self.saved.emit(last)
        return not self._pending


_MISSING = object()


def local_time_label(iso: str) -> str:
    """'14:32' in the rep's local time, from a stored UTC timestamp."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%H:%M")
    except ValueError:
        return ""

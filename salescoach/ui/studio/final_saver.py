"""Write the rep's edited copy through: at most DEBOUNCE_MS after typing, and at once on leaving.

A failed write keeps the text pending, says why, and is retried; nothing typed is dropped.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from salescoach.errors import SalesCoachError

DEBOUNCE_MS = 500
RETRY_MS = 3000

Key = tuple[str, str]  # (template family name, format)


class FinalCopySaver(QObject):
    saved = Signal()
    """Every pending edit is on disk."""
    failed = Signal(str)
    """A write failed (carries the reason); the text stays pending and is retried."""

    def __init__(self, write: Callable[[str, str, str], None], parent: QObject | None = None):
        super().__init__(parent)
        self._write = write
        self._pending: dict[Key, str] = {}
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.flush)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self.flush)

    def queue(self, key: Key, text: str) -> None:
        self._pending[key] = text
        if not self._debounce.isActive():
            self._debounce.start()

    def pending(self, key: Key) -> str | None:
        return self._pending.get(key)

    def discard(self, key: Key) -> None:
        """Forget what is pending for `key` (the rep went back to the generated draft)."""
        self._pending.pop(key, None)

    def has_pending(self) -> bool:
        return bool(self._pending)

    def flush(self) -> bool:
        """Write everything now; True when nothing is left pending."""
        self._debounce.stop()
        wrote = False
        for key, text in list(self._pending.items()):
            try:
                self._write(*key, text)
            except SalesCoachError as error:
                self.failed.emit(str(error).strip() or type(error).__name__)
                self._retry.start()
                return False
            wrote = True
            if self._pending.get(key) == text:
                del self._pending[key]
        self._retry.stop()
        if wrote:
            self.saved.emit()
        return True

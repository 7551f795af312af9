"""Backups while SalesCoach runs: one soon after start, then one every few minutes if anything
changed, each made on a thread of its own so the window never waits for a copy.

A failure is logged and kept for Settings > Backups to show; it never interrupts the rep.

While a large database is still being checked after start, copies wait for the verdict: a copy
of a damaged file must never push a good backup out of the rotation. Once damage is found, no
copy is made at all.

A copy reads the database by its file name: if the file was deleted or moved away while the app
runs, that name leads to nothing (or to another file), so no copy is made and the rep is told.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from salescoach.services.backups import BackupService
from salescoach.ui.background import BackgroundTask

log = logging.getLogger(__name__)

START_BACKUP_DELAY_MS = 1500  # after the window shows, so the copy never slows the start
PERIODIC_BACKUP_MINUTES = 5

DATA_NOT_IN_PLACE = (
    "No backup was made: your data file was moved or deleted while SalesCoach was open, so a "
    "copy would not hold your work. Nothing is lost: SalesCoach still has all of it."
)


class BackupScheduler(QObject):
    started = Signal(str)
    """A copy began, for this reason ('start', 'periodic', 'manual'...)."""
    progressed = Signal(int, int)
    """(pages copied, pages in all) of the copy under way."""
    finished = Signal(str, object)
    """(reason, path of the new backup)."""
    failed = Signal(str, str)
    """(reason, message for the rep)."""
    checked = Signal(bool)
    """The periodic check ran: True when it found changes and a copy was asked for."""

    def __init__(
        self,
        backups: BackupService,
        interval_ms: int = PERIODIC_BACKUP_MINUTES * 60_000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.backups = backups
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(lambda: self.checked.emit(self.back_up_if_changed()))
        self._start_timer = QTimer(self, singleShot=True, interval=START_BACKUP_DELAY_MS)
        self._start_timer.timeout.connect(lambda: self.back_up("start"))
        self._task: BackgroundTask | None = None
        self._reason = ""  # of the copy under way
        self._outcome: Path | str | None = None  # its new file, or why it failed
        self._waiting: str | None = None  # a reason asked for while a copy was under way or held
        self._held = False  # the data is still being checked: copies wait
        self._refusal = ""  # why no copy may be made (damaged data), once known
        self.last_error = ""
        self.last_backup: Path | None = None
        # Set by the running app: puts a backup back and reopens the data (after the dialog
        # that asked for it has closed). None where nothing can, as in a bare Settings dialog.
        self.restorer: Callable[[Path], None] | None = None
        # Set by the running app: True when the data file is still where it was opened (and,
        # when not, the rep is offered to put it back). None: not watched.
        self.data_in_place: Callable[[], bool] | None = None

    def start(self, first_backup_ms: int | None = START_BACKUP_DELAY_MS) -> None:
        """Take the start-up copy after `first_backup_ms` (None: none), then check every
        interval."""
        if first_backup_ms is not None:
            self._start_timer.start(first_backup_ms)
        self._timer.start()

    def stop(self) -> None:
        """No more copies; a copy under way finishes (see `wait`)."""
        self._start_timer.stop()
        self._timer.stop()
        self._waiting = None

    def wait(self, timeout_ms: int = 30_000) -> bool:
        task = self._task
        return task is None or task.wait(timeout_ms)

    def is_busy(self) -> bool:
        return self._task is not None

    def hold(self) -> None:
        """Make no copy until `release` or `refuse`: the data is still being checked. A copy
        asked for meanwhile (the one at start, or by hand) is made once released."""
        self._held = True

    def release(self) -> None:
        """The data passed its check: a copy that waited is made now."""
        if not self._held:
            return
        self._held = False
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.back_up(waiting)

    def refuse(self, why: str) -> None:
        """The data is damaged: no more copies while it is open, so the good backups stay."""
        self._held = False
        self._refusal = why
        self.stop()
        log.warning("backups stopped: %s", why)

    def is_waiting(self) -> bool:
        """A copy was asked for and follows the one under way (or the check of the data)."""
        return self._waiting is not None

    def is_held(self) -> bool:
        return self._held

    def may_back_up(self) -> bool:
        """False while the data is being checked or after damage was found."""
        return not self._held and not self._refusal

    def back_up_if_changed(self, reason: str = "periodic") -> bool:
        """True when something changed since the last copy (a copy is then on its way)."""
        if self._held or self._refusal or self._task is not None:
            return False  # what changed meanwhile waits for the next check (or the held copy)
        if not self.backups.changed_since_backup():
            return False
        self.back_up(reason)
        return True

    def back_up(self, reason: str) -> bool:
        """Start a copy now, or right after the one under way (or the check of the data); False
        if it had to wait or may not be made."""
        if self._refusal:
            self.last_error = self._refusal
            self.failed.emit(reason, self._refusal)
            return False
        if self.data_in_place is not None and not self.data_in_place():
            self.last_error = DATA_NOT_IN_PLACE
            log.warning("%s backup not made: the data file is not where it was opened", reason)
            self.failed.emit(reason, DATA_NOT_IN_PLACE)
            return False
        if self._task is not None or self._held:
            self._waiting = reason
            return False
        marker = self.backups.change_marker()  # on this thread: it owns the connection
        task = BackgroundTask(
            lambda task: self.backups.copy(reason, marker, task.progress), f"{reason} backup"
        )
        # Bound slots, not lambdas: should this scheduler go first, its slots go with it.
        task.progressed.connect(self.progressed)
        task.succeeded.connect(self._done)
        task.failed.connect(self._failed)
        task.finished.connect(self._next)
        self._task, self._reason = task, reason
        self.started.emit(reason)
        task.start_now()
        return True

    def can_restore(self) -> bool:
        return self.restorer is not None

    def request_restore(self, backup: Path) -> None:
        """Ask the running app to put `backup` back (it waits until the dialog has closed)."""
        if self.restorer is not None:
            self.restorer(backup)

    def _done(self, path: Path) -> None:
        self._outcome = path

    def _failed(self, message: str) -> None:
        self._outcome = message

    def _next(self) -> None:
        """The thread has ended: report (no longer busy), then start a copy that waited."""
        reason, outcome = self._reason, self._outcome
        self._task, self._outcome = None, None
        if isinstance(outcome, Path):
            self.last_error = ""
            self.last_backup = outcome
            self.finished.emit(reason, outcome)
        else:
            self.last_error = outcome or "The backup stopped unexpectedly."
            log.warning("%s backup failed: %s", reason, self.last_error)
            self.failed.emit(reason, self.last_error)
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.back_up(waiting)

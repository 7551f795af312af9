"""Opening the data at start, with an offer to put back the latest good backup when the database
file is damaged (corrupt, truncated or empty).

A large database opens before it is checked; `LaterCheck` runs the check right after the window
shows, and the running app (`ui.application.RunningApp`) makes the same offer if it finds damage.

The damaged file is never deleted: it is renamed beside the database
(`salescoach-damaged-<date>-<time>.db`) so the rep or their IT department can find it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from salescoach import APP_NAME
from salescoach.errors import CorruptDatabase, SalesCoachError
from salescoach.paths import DataPaths
from salescoach.services.backups import find_rescue, restore
from salescoach.services.container import Services
from salescoach.services.startup_check import Verdict, check_now
from salescoach.ui.background import BackgroundTask, run_with_progress
from salescoach.ui.backup_labels import when_label

log = logging.getLogger(__name__)

CHECK_AFTER_SHOW_MS = 300
"""The window's first paint reads the file too: on a cold disk, a check reading 1 GB alongside
made the home screen take about a second more. Measured 300 ms is enough for the paint."""


@dataclass(frozen=True)
class Opened:
    services: Services
    note: str  # what the rep should know once the window is up ('' when nothing happened)


def open_services(
    paths: DataPaths,
    build_services: Callable[[DataPaths], Services],
    show_error: Callable[[str], None],
) -> Opened | None:
    """Open the data; on a damaged file, offer the latest good backup. None when it stays shut
    (the rep has been told why)."""
    try:
        return Opened(build_services(paths), "")
    except CorruptDatabase as error:
        return _rescue(paths, build_services, show_error, error)
    except SalesCoachError as error:
        show_error(str(error))
        return None


def _rescue(
    paths: DataPaths,
    build_services: Callable[[DataPaths], Services],
    show_error: Callable[[str], None],
    error: CorruptDatabase,
) -> Opened | None:
    rescue = find_rescue(paths)
    log.warning("the database is damaged: %s", str(error).splitlines()[0])
    if rescue.backup is None:
        show_error(without_backup(str(error)))
        return None
    when = when_label(rescue.backup.taken_at)
    if not StartupRepair.ask(str(error), when, paths.database):
        return None
    backup = rescue.backup.path
    try:
        kept = run_with_progress(
            lambda task: restore(paths, backup, task.progress), "Restoring your data..."
        )
        services = build_services(paths)
    except SalesCoachError as failure:
        show_error(f"The backup could not be put back.\n\n{failure}")
        return None
    log.info("restored %s at start; the damaged file is kept as %s", backup.name, kept)
    return Opened(services, repaired_note(when, kept))


def without_backup(problem: str) -> str:
    """What to do about damaged data when no backup can be put back."""
    return (
        f"{problem}\n\nNo backup of it was found that could be put back. Keep the damaged "
        "file: your IT department may be able to recover it. To start afresh, move it to "
        "another folder (or rename it), then start SalesCoach again."
    )


def repaired_note(when: str, kept: Path | None) -> str:
    """What the rep is told once the latest good backup replaced damaged data."""
    note = (
        f"Your data was restored from the backup of {when}. Anything entered after that time "
        "is not in it."
    )
    return f"{note}\n\nThe damaged file is kept as:\n{kept}" if kept is not None else note


class LaterCheck(QObject):
    """The check start-up left for later (a large database), on a thread of its own with its own
    read-only connection, so the rep can work meanwhile. Emits exactly one of its signals, unless
    cancelled first (then none)."""

    passed = Signal(float)
    """The data is sound; the seconds the check took."""
    damaged = Signal(object)
    """A `Verdict` naming the damage and the backup that can be put back (if any)."""
    inconclusive = Signal(str)
    """The check could not be run (a locked or unreadable file): a message for the log."""

    def __init__(self, paths: DataPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.state = "waiting"  # then running, passed, damaged, inconclusive or cancelled
        self._task: BackgroundTask | None = None
        self._delay = QTimer(self, singleShot=True)
        self._delay.timeout.connect(self._run)

    def start(self, delay_ms: int = 0) -> None:
        """Begin after `delay_ms` (the event loop must run meanwhile)."""
        self._delay.start(delay_ms)

    def _run(self) -> None:
        if self.state != "waiting":
            return
        task = BackgroundTask(lambda task: check_now(self.paths, lambda: task.cancelled), "check")
        task.succeeded.connect(self._verdict)
        task.failed.connect(self._failed)
        self._task, self.state = task, "running"
        task.start_now()

    def cancel(self) -> None:
        """Stop now (the data is about to close); no signal follows."""
        self._delay.stop()
        if self._task is not None:
            self._task.cancel()
        if self.state in ("waiting", "running"):
            self.state = "cancelled"

    def is_done(self) -> bool:
        return self.state not in ("waiting", "running")

    def _verdict(self, verdict: Verdict | None) -> None:
        if self.state != "running":
            return
        if verdict is None:
            self.state = "cancelled"
        elif verdict.damage:
            self.state = "damaged"
            self.damaged.emit(verdict)
        else:
            self.state = "passed"
            self.passed.emit(verdict.seconds)

    def _failed(self, message: str) -> None:
        if self.state != "running":
            return
        self.state = "inconclusive"
        log.warning("the check of the data after start could not run: %s", message)
        self.inconclusive.emit(message)


class StartupRepair:
    """The offer to put back a backup, and the note once done; replaceable in tests."""

    @classmethod
    def ask(cls, problem: str, when: str, database: Path) -> bool:
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "Your SalesCoach data is damaged.")
        box.setInformativeText(
            "This can happen after a power cut, a crash or a full disk.\n\n"
            f"SalesCoach can put back the latest good backup, from {when}. Anything entered "
            "after that time will be missing. The damaged file is kept, renamed, in "
            f"{database.parent}, so your IT department can try to recover it."
        )
        box.setDetailedText(problem)
        restore_button = box.addButton(
            f"Restore the latest good backup (from {when})", QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore_button)
        box.exec()
        return box.clickedButton() is restore_button

    @classmethod
    def tell(cls, parent: QWidget | None, note: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, note, parent=parent)
        box.exec()

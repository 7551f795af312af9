"""Slow file work (copying or checking a database) on a thread of its own, reporting by signal.

The work is a plain function that receives the task: it may call `task.progress(done, total)`
and `task.send(item)`, and should stop early when `task.cancelled` is true. Only a
`SalesCoachError` is an expected failure; anything else is logged as a bug and reported all the
same, so the rep is never left waiting on a thread that died.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDeadlineTimer, QEventLoop, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from salescoach.errors import SalesCoachError

log = logging.getLogger(__name__)

# Tasks still running, so that neither Python nor a closing window destroys a running thread.
_running: set[BackgroundTask] = set()


class BackgroundTask(QThread):
    progressed = Signal(int, int)
    """(done, total) from the work; total 0 means 'no idea how long'."""
    sent = Signal(object)
    """An intermediate result, such as one backup's contents."""
    succeeded = Signal(object)
    """The work's return value."""
    failed = Signal(str)
    """A message for the rep."""

    def __init__(self, work: Callable[[BackgroundTask], Any], name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self._work = work
        self.cancelled = False
        self.finished.connect(self._forget)

    def start_now(self) -> BackgroundTask:
        _running.add(self)
        self.start()
        return self

    def progress(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    def send(self, item: object) -> None:
        self.sent.emit(item)

    def cancel(self) -> None:
        self.cancelled = True

    def run(self) -> None:
        try:
            result = self._work(self)
        except SalesCoachError as error:
            self.failed.emit(str(error))
        except Exception as error:
            log.exception("%s failed unexpectedly", self.objectName())
            self.failed.emit(f"Something went wrong ({type(error).__name__}); see the log file.")
        else:
            self.succeeded.emit(result)

    def _forget(self) -> None:
        _running.discard(self)
        self.deleteLater()


def running_tasks() -> list[BackgroundTask]:
    return list(_running)


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Block until every task has finished (before closing the database or quitting)."""
    deadline = QDeadlineTimer(timeout_ms)
    return all(task.wait(deadline) for task in list(_running))


def run_with_progress(
    work: Callable[[BackgroundTask], Any], label: str, parent: QWidget | None = None
) -> Any:
    """Run `work` on its own thread while a progress window shows (if it takes a moment);
    returns its result or raises `SalesCoachError` with its message. The window is modal and
    cannot be cancelled: a restore must not stop halfway."""
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setWindowTitle("SalesCoach")
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    task = BackgroundTask(work, label)

    def show_progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    task.progressed.connect(show_progress)
    task.succeeded.connect(lambda result: outcome.setdefault("result", result))
    task.failed.connect(lambda message: outcome.setdefault("error", message))
    task.finished.connect(loop.quit)
    task.start_now()
    loop.exec()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise SalesCoachError(outcome["error"])
    return outcome.get("result")

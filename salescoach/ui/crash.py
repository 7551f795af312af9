"""The last line of defence: an unexpected error is logged, typed answers are saved, and the rep
is told calmly where the details are, instead of the app vanishing mid-meeting."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from salescoach import APP_NAME
from salescoach.errors import SalesCoachError

log = logging.getLogger(__name__)
Hook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


class CrashReport:
    """What the rep sees; replaceable in tests."""

    @classmethod
    def show(cls, parent: QWidget | None, message: str, details: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message, parent=parent)
        box.setInformativeText(details)
        box.exec()


def install(window: QWidget, flush_all: Callable[[], object], log_file: Path | None) -> Hook:
    """Route uncaught exceptions (including those raised in Qt slots) to a calm report."""
    previous = sys.excepthook
    reporting = False

    def handle(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        nonlocal reporting
        if issubclass(kind, KeyboardInterrupt) or reporting:
            previous(kind, error, tb)
            return
        reporting = True
        try:
            if isinstance(error, SalesCoachError):  # a known problem that escaped its handler
                log.warning("A known problem reached the crash handler: %s", error)
                CrashReport.show(window, str(error), "What you typed is kept.")
                return
            log.error("Unexpected error", exc_info=(kind, error, tb))
            try:
                all_saved = flush_all()
            except Exception:  # report the first problem, not this one
                log.exception("Saving after an unexpected error failed too")
                all_saved = False
            saved = (
                "Everything you typed has been saved."
                if all_saved
                else "Some answers are not saved yet; they are still on screen and will be retried."
            )
            where = f"The details are in {log_file}." if log_file else "No log file is available."
            CrashReport.show(
                window,
                "Something went wrong inside SalesCoach. You can carry on working.",
                f"{saved} {where}",
            )
        finally:
            reporting = False

    sys.excepthook = handle
    return handle

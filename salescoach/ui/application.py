"""Start the Qt application: icon, names, the database, and the main window."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from salescoach import APP_ID, APP_NAME, __version__, log, resources
from salescoach.errors import SalesCoachError
from salescoach.paths import DataPaths
from salescoach.services.container import Services
from salescoach.ui import crash
from salescoach.ui.main_window import MainWindow

START_BACKUP_DELAY_MS = 1500


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(resources.icon_path())))
    return app


def show_startup_error(message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "SalesCoach cannot open your data.")
    box.setInformativeText(message)
    box.exec()


def open_main_window(
    paths: DataPaths,
    build_services: Callable[[DataPaths], Services],
    show_error: Callable[[str], None] = show_startup_error,
) -> MainWindow | None:
    """Open the database and the window; explain, instead of crashing, when it cannot."""
    try:
        services = build_services(paths)
    except SalesCoachError as error:
        show_error(str(error))
        return None
    unclean = services.session.begin()
    window = MainWindow(services)
    app = QApplication.instance()
    app.aboutToQuit.connect(services.session.end)
    app.aboutToQuit.connect(services.close)
    if unclean:
        QTimer.singleShot(0, window.offer_resume)
    QTimer.singleShot(START_BACKUP_DELAY_MS, lambda: _backup_quietly(services))
    return window


def _backup_quietly(services: Services) -> None:
    """A copy at every start, once the window is up; a failure is logged, never in the way."""
    try:
        services.backups.backup_now("start")
    except SalesCoachError as error:
        logging.getLogger(__name__).warning("start-up backup failed: %s", error)


def run(paths: DataPaths, build_services: Callable[[DataPaths], Services]) -> int:
    app = create_application()
    window = open_main_window(paths, build_services)
    if window is None:
        return 2
    window.show()
    crash.install(window, window.flush_meetings, paths.logs / log.LOG_NAME)
    # Everything loaded so far lives as long as the app: keep it out of the collector's way,
    # so a full collection never lands mid-keystroke.
    gc.collect()
    gc.freeze()
    return app.exec()

"""Start the Qt application: icon, names, one SalesCoach per data folder, the database (with an
offer to put back a backup when it is damaged), the main window, and backups while it runs.

A large database is checked right after the window shows rather than before (see
`startup_repair.LaterCheck`); until the verdict no backup is made, and damage found then gets the
same offer as at start, with the open meetings saved first.

The data file is watched while SalesCoach runs (a look every few seconds, when the window comes
forward and before each backup): if something outside SalesCoach deletes, moves or replaces it,
the rep is offered to put the data back, which the open connection still holds entirely."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from salescoach import APP_ID, APP_NAME, __version__, log, resources
from salescoach.errors import SalesCoachError
from salescoach.paths import DataPaths
from salescoach.services.backups import describe, restore
from salescoach.services.container import Services
from salescoach.services.startup_check import Verdict, check_is_left_for_later
from salescoach.ui import background, crash
from salescoach.ui.backup_labels import when_label
from salescoach.ui.backup_scheduler import (
    PERIODIC_BACKUP_MINUTES,
    START_BACKUP_DELAY_MS,
    BackupScheduler,
)
from salescoach.ui.main_window import MainWindow
from salescoach.ui.moved_data import MovedData, not_put_back, put_back_note
from salescoach.ui.single_instance import AlreadyRunning, InstanceGuard, Outcome
from salescoach.ui.startup_repair import (
    CHECK_AFTER_SHOW_MS,
    LaterCheck,
    StartupRepair,
    open_services,
    repaired_note,
    without_backup,
)

logger = logging.getLogger(__name__)

BuildServices = Callable[[DataPaths], Services]

NO_BACKUP_OF_DAMAGE = "Your data is damaged: no backup is made, so the good ones stay as they are."

DATA_FILE_CHECK_MS = 3000  # one `stat` of the data file: cheap enough to look often


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
    build_services: BuildServices,
    show_error: Callable[[str], None] = show_startup_error,
    offer_resume: bool = True,
) -> MainWindow | None:
    """Open the database and the window; explain, instead of crashing, when it cannot."""
    opened = open_services(paths, build_services, show_error)
    if opened is None:
        return None
    services = opened.services
    unclean = services.session.begin()
    window = MainWindow(services)
    if opened.note:
        QTimer.singleShot(0, window, lambda: StartupRepair.tell(window, opened.note))
    elif unclean and offer_resume:
        QTimer.singleShot(0, window, window.offer_resume)
    return window


@dataclass(frozen=True)
class Reopening:
    """What came of a change made while the data was closed, and how to open it again."""

    note: str  # told to the rep once the window is back ('' when told already)
    done: bool  # False: the data was left as it was
    check_later: bool  # a large file is checked after the window shows
    first_backup_ms: int | None = None  # None: no copy at start
    is_a_backup: bool = False  # the data now is a backup: no copy needed until it changes


class RunningApp(QObject):
    """One running SalesCoach: its data, its main window and the backups made while it runs.

    It can put a backup back without the rep restarting: the open meetings and summaries are
    saved and closed, the database is closed, the backup goes in place (the current data kept as
    a backup first), and the data and the main window open again, exactly as at a start.

    A database too large to check before the window shows is checked just after, off the GUI
    thread; backups wait for the verdict. If the data is damaged, the rep gets the start-up
    offer (the latest good backup, the damaged file kept aside) or SalesCoach closes.

    If the data file is deleted, moved or replaced while it runs, the rep is offered to put the
    data back (the open connection still holds it all); SalesCoach then reopens the file at its
    usual place, the same way as after a restore, so later saves land where the next start looks.
    """

    ended = Signal(int)
    """The data was closed for good while running (found damaged): quit with this exit code."""

    def __init__(
        self,
        paths: DataPaths,
        build_services: BuildServices,
        backup_interval_ms: int = PERIODIC_BACKUP_MINUTES * 60_000,
        show_error: Callable[[str], None] = show_startup_error,
        whole_process: bool = False,
        data_check_ms: int = DATA_FILE_CHECK_MS,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.build_services = build_services
        self.backup_interval_ms = backup_interval_ms
        self.show_error = show_error
        # The real app (not a test): route crashes to the rep, keep the collector out of the way.
        self.whole_process = whole_process
        self.window: MainWindow | None = None
        self.scheduler: BackupScheduler | None = None
        self._pending_restore: Path | None = None
        self._restore_timer = QTimer(self, singleShot=True, interval=0)
        self._restore_timer.timeout.connect(self._restore_when_free)
        self.later_check: LaterCheck | None = None
        self._damaged = False  # the open data failed its check: never copied, never written
        self._pending_repair: Verdict | None = None
        self._repair_timer = QTimer(self, singleShot=True, interval=0)
        self._repair_timer.timeout.connect(self._repair_when_free)
        self._data_file_timer = QTimer(self, interval=data_check_ms)
        self._data_file_timer.timeout.connect(self.check_data_file)
        self._file_trouble: tuple[str, bool] | None = None  # what the rep was last offered for
        self._offer_timer = QTimer(self, singleShot=True, interval=0)
        self._offer_timer.timeout.connect(self._offer_put_back_when_free)
        self._excepthook = sys.excepthook

    @property
    def services(self) -> Services | None:
        return self.window.services if self.window is not None else None

    def open(
        self,
        first_backup_ms: int | None = START_BACKUP_DELAY_MS,
        offer_resume: bool = True,
        check_later: bool = True,
    ) -> bool:
        """Open the data and show the main window; False when the data cannot be opened.
        `first_backup_ms` None: no start-up copy (the data was just restored from one).
        `check_later` False: a file too large to check at open is not checked after either
        (it is a backup that has just passed the full check)."""
        window = open_main_window(
            self.paths, self.build_services, self.show_error, offer_resume=offer_resume
        )
        if window is None:
            return False
        self.window = window
        self._damaged = False
        check = check_later and check_is_left_for_later(self.paths)
        scheduler = BackupScheduler(window.services.backups, self.backup_interval_ms, window)
        scheduler.restorer = self.restore_later
        scheduler.data_in_place = self.check_data_file  # a copy reads the file by its name
        if check:
            scheduler.hold()  # no copy of data not yet checked
        scheduler.start(first_backup_ms)
        self.scheduler = scheduler
        self._file_trouble = None
        window.installEventFilter(self)  # a look at the data file when the window comes forward
        self._data_file_timer.start()
        window.show()
        self.later_check = self._start_check() if check else None
        if self.whole_process:
            sys.excepthook = self._excepthook  # the handler for a previous window goes
            crash.install(window, window.flush_meetings, self.paths.logs / log.LOG_NAME)
            # Everything loaded so far lives as long as the window: keep it out of the
            # collector's way, so a full collection never lands mid-keystroke.
            gc.collect()
            gc.freeze()
        logger.info("SalesCoach is open (data folder %s)", self.paths.basedir)
        return True

    def bring_forward(self) -> None:
        """A second start asked for SalesCoach: show the window the rep was using."""
        target: QWidget | None = QApplication.activeModalWidget() or self.window
        if target is None:  # still starting: the window shows by itself in a moment
            return
        if target.isMinimized():
            target.showNormal()
        target.show()
        target.raise_()
        target.activateWindow()
        QApplication.alert(target)  # where the desktop refuses to switch, the taskbar flashes

    def shut_down(self) -> None:
        """After the event loop ends: a last backup if anything changed since the previous one,
        the session marked as ended cleanly, and the database closed. Data whose file went while
        SalesCoach ran is put back first: closing the connection would lose it."""
        services = self.services
        went = services is not None and services.data_file.where_is_it() != "in place"
        if services is not None and went and not self._damaged:
            self._put_back_before_closing(services)
            self._close_data(final_backup=False)  # a copy would read another file, or none
            return
        self._close_data(final_backup=True)

    def _close_data(self, final_backup: bool) -> None:
        services = self.services
        scheduler = self.scheduler
        if self.later_check is not None:
            self.later_check.cancel()  # checked again at the next start
        self._data_file_timer.stop()
        self._offer_timer.stop()
        if self.window is not None:
            self.window.removeEventFilter(self)  # no more looks at a file being closed
        if scheduler is not None:
            scheduler.stop()
        background.wait_for_all()  # a copy or check under way reads the file we are closing
        if services is None:
            return
        changed = services.backups.changed_since_backup()
        if not self._damaged:  # a damaged file is left as it is, for IT
            services.session.end()
        if final_backup and changed and (scheduler is None or scheduler.may_back_up()):
            try:
                services.backups.backup_now("quit")
            except SalesCoachError as error:
                logger.warning("the backup on quit failed: %s", error)
        elif final_backup and changed:
            logger.info("no backup on quit: the data was not found sound")
        services.close()

    # --- the check of a large database, after the window shows --------------------------------

    def _start_check(self) -> LaterCheck:
        check = LaterCheck(self.paths, self)
        check.passed.connect(self._check_passed)
        check.inconclusive.connect(self._check_inconclusive)
        check.damaged.connect(self._check_found_damage)
        check.start(CHECK_AFTER_SHOW_MS)
        return check

    def _check_passed(self, _seconds: float) -> None:
        if self.scheduler is not None:
            self.scheduler.release()  # the copy at start, if it waited, is made now

    def _check_inconclusive(self, _message: str) -> None:
        # Not damage (a busy or unreadable file): backups go on as they would have without it.
        if self.scheduler is not None:
            self.scheduler.release()

    def _check_found_damage(self, verdict: Verdict) -> None:
        self._damaged = True
        if self.scheduler is not None:
            self.scheduler.refuse(NO_BACKUP_OF_DAMAGE)
        self._pending_repair = verdict
        self._repair_timer.start(0)

    def _repair_when_free(self) -> None:
        # The offer is a dialog of its own: not on top of one the rep is answering.
        if _dialog_open():
            self._repair_timer.start(50)
            return
        verdict, self._pending_repair = self._pending_repair, None
        if verdict is not None and self.window is not None:
            self.offer_repair(verdict)

    def offer_repair(self, verdict: Verdict) -> None:
        """The data was found damaged while SalesCoach runs: save what is typed, then offer the
        latest good backup as at start; declined (or none to offer), SalesCoach closes."""
        window = self.window
        if window is None:
            return
        window.flush_meetings()  # whatever the answer, what the rep typed is on disk first
        logger.warning("the database is damaged: %s", verdict.damage.splitlines()[0])
        if verdict.rescue is None:
            self.show_error(without_backup(verdict.damage))
            self._close_damaged()
        elif StartupRepair.ask(
            verdict.damage, when_label(verdict.rescue.taken_at), self.paths.database
        ):
            self.restore(verdict.rescue.path, damaged=True)
        else:
            self._close_damaged()

    def _close_damaged(self) -> None:
        """Close SalesCoach without another write or copy of the damaged data."""
        window = self.window
        if window is None:
            return
        if not _close_other_windows(window):
            RestoreResult.tell(
                window,
                "Some windows could not be closed. Save or close your open meetings and "
                "summaries, then quit SalesCoach.",
            )
            return
        self._close_data(final_backup=False)
        self.window = None
        self.scheduler = None
        window.hide()
        window.deleteLater()
        self.ended.emit(2)  # as when the data cannot be opened at start

    # --- restoring a backup while running -----------------------------------------------------

    def restore_later(self, backup: Path) -> None:
        """Restore once the dialog that asked for it has closed (see `_restore_when_free`)."""
        self._pending_restore = backup
        self._restore_timer.start(0)

    def _restore_when_free(self) -> None:
        # The main window is about to go: wait until no dialog it owns is still on the stack.
        if _dialog_open():
            self._restore_timer.start(50)
            return
        backup, self._pending_restore = self._pending_restore, None
        if backup is not None:
            self.restore(backup)

    def restore(self, backup: Path, damaged: bool = False) -> bool:
        """Put `backup` back and reopen; True when it was restored. The rep is told either way.
        `damaged`: the current data failed its check (it is set aside rather than backed up)."""
        window = self.window
        if window is None:
            return False
        if not damaged and not self.check_data_file():
            # Closing the data now would lose what only the open connection still holds.
            RestoreResult.tell(
                window,
                "Nothing was restored: your data file was moved or deleted while SalesCoach "
                "was open. Put your data back first (SalesCoach offers to), then restore.",
            )
            return False
        if not _close_other_windows(window):
            RestoreResult.tell(
                window,
                "Nothing was restored: some windows could not be closed. Save or close your "
                "open meetings and summaries, then try again.",
            )
            return False

        def put_backup_in_place() -> Reopening:
            try:
                kept = background.run_with_progress(
                    lambda task: restore(self.paths, backup, task.progress),
                    "Restoring your data...",
                )
            except SalesCoachError as error:
                # Data left as it was is checked again, as at a start.
                return Reopening(f"Nothing was restored. {error}", done=False, check_later=True)
            note = _repaired_note(backup, kept) if damaged else _restored_note(backup, kept)
            # A restored backup passed the full check, and is a backup already: no copy yet.
            return Reopening(note, done=True, check_later=False, is_a_backup=True)

        return self._reopen(window, put_backup_in_place, RestoreResult.tell)

    def _reopen(
        self,
        window: MainWindow,
        change: Callable[[], Reopening],
        tell: Callable[[QWidget | None, str], None],
    ) -> bool:
        """Close the window and the data, make `change` to the files, then open the data and a
        new window exactly as at a start, and tell the rep the outcome. Returns whether the
        change was made; False as well when the data cannot be opened again (SalesCoach quits)."""
        app = QApplication.instance()
        quit_on_close = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # the window comes back in a moment
        try:
            window.hide()
            self._close_data(final_backup=False)  # each change keeps its own copy first
            self.window = None
            self.scheduler = None
            window.deleteLater()
            if self.whole_process:
                gc.unfreeze()
            outcome = change()
            if not self.open(
                outcome.first_backup_ms, offer_resume=False, check_later=outcome.check_later
            ):
                app.quit()
                return False
            if outcome.is_a_backup and self.services is not None:
                self.services.backups.note_backed_up()  # the data is that backup: no copy yet
            if outcome.note:
                tell(self.window, outcome.note)
            return outcome.done
        finally:
            app.setQuitOnLastWindowClosed(quit_on_close)

    # --- the data file deleted, moved or replaced while running ---------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate and watched is self.window:
            self.check_data_file()
        return super().eventFilter(watched, event)

    def check_data_file(self) -> bool:
        """True when the data file is where it was opened. When it is not, the rep is offered
        to put the data back once for each new situation (not at every look), as soon as no
        other dialog is open."""
        services = self.services
        if services is None or self._damaged:  # damaged data is left as it is, for IT
            return True
        where = services.data_file.where_is_it()
        if where == "in place":
            if self._file_trouble is not None:
                logger.info("the data file is back in its place")
            self._file_trouble = None
            return True
        # A folder that comes back, or becomes writable again, is worth a new offer.
        situation = (where, services.data_file.folder_usable())
        if situation != self._file_trouble:
            self._file_trouble = situation
            logger.warning("the data file is %s: %s", where, self.paths.database)
            self._offer_timer.start(0)
        return False

    def _offer_put_back_when_free(self) -> None:
        if _dialog_open():
            self._offer_timer.start(50)
            return
        services = self.services
        if services is None or self.window is None:
            return
        where = services.data_file.where_is_it()
        if where != "in place" and MovedData.ask(self.window, where, self.paths.database):
            self.put_back()

    def put_back(self) -> bool:
        """Write everything the open connection holds back to its place in the data folder (a
        file that had taken the name is kept under a name of its own), then carry on with the
        file at that place, as after a restore. True when done. When it cannot be written, the
        rep is told why and the data stays open, still watched."""
        window, services = self.window, self.services
        if window is None or services is None:
            return False
        if services.data_file.where_is_it() == "in place":  # brought back meanwhile
            self._file_trouble = None
            return True
        if not _close_other_windows(window):  # what is typed goes into the copy
            MovedData.tell(
                window,
                not_put_back(
                    "Some windows could not be closed.",
                    "Save or close your open meetings and summaries, then quit SalesCoach: it "
                    "puts your data back as it closes.",
                ),
            )
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            placed = services.data_file.put_back()  # here: the connection lives on this thread
        except SalesCoachError as error:
            logger.warning("the data could not be put back: %s", error)
            MovedData.tell(window, not_put_back(str(error)))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        # From here the file at the name is no longer the one open here: no look, no copy.
        self._data_file_timer.stop()
        if self.scheduler is not None:
            self.scheduler.stop()
        # Told before the data is opened again: should that fail, the rep knows where it went.
        MovedData.tell(window, put_back_note(placed))
        # The copy is whole; a backup soon after opening it keeps it in backups/ too.
        reopening = Reopening(
            "", done=True, check_later=True, first_backup_ms=START_BACKUP_DELAY_MS
        )
        return self._reopen(window, lambda: reopening, MovedData.tell)

    def _put_back_before_closing(self, services: Services) -> None:
        services.session.end()  # the copy says SalesCoach closed properly
        while True:
            if services.data_file.where_is_it() == "in place":  # the folder was put back
                return
            try:
                placed = services.data_file.put_back()
            except SalesCoachError as error:
                logger.warning("the data could not be put back on closing: %s", error)
                if MovedData.retry_on_quit(str(error)):
                    continue
                logger.error("SalesCoach closed with its data file away from its folder")
                return
            MovedData.tell(None, put_back_note(placed, closing=True))
            return


def _dialog_open() -> bool:
    return QThread.currentThread().loopLevel() > 1 or QApplication.activeModalWidget() is not None


def _close_other_windows(window: MainWindow) -> bool:
    """Save and close every window showing the data (meetings, summaries, guides)."""
    if not window.flush_meetings():
        return False
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible():
            widget.close()
    return not any(
        widget is not window and widget.isVisible() for widget in QApplication.topLevelWidgets()
    )


def _restored_note(backup: Path, kept: Path | None) -> str:
    described = describe(backup)
    what = f"the backup from {when_label(described.taken_at)}" if described else str(backup)
    note = f"Your data was restored from {what}."
    if kept is not None:
        note += f"\n\nThe data you had before is kept in:\n{kept}"
    return note


def _repaired_note(backup: Path, kept: Path | None) -> str:
    described = describe(backup)
    return repaired_note(when_label(described.taken_at) if described else str(backup), kept)


class RestoreResult:
    """What happened to a restore; replaceable in tests."""

    @classmethod
    def tell(cls, parent: QWidget | None, note: str) -> None:
        QMessageBox.information(parent, APP_NAME, note)


def run(paths: DataPaths, build_services: BuildServices) -> int:
    app = create_application()
    guard = InstanceGuard(paths.basedir)
    outcome = guard.claim()
    if outcome is Outcome.SHOWN_ELSEWHERE:
        return 0  # before the log starts: nothing of this start goes into the data folder
    log.configure(paths.logs)
    if outcome is Outcome.NOT_ANSWERING:
        print(f"salescoach: {AlreadyRunning.MESSAGE}", file=sys.stderr)
        AlreadyRunning.tell(paths.basedir)
        return 1
    running = RunningApp(paths, build_services, whole_process=True)
    guard.showRequested.connect(running.bring_forward)
    running.ended.connect(app.exit)
    try:
        if not running.open():
            return 2
        code = app.exec()
        running.shut_down()
        return code
    finally:
        guard.release()

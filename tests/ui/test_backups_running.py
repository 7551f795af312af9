"""Backups while SalesCoach runs: every few minutes when something changed, off the GUI thread,
quietly on failure, on a clean quit; and a restore that reopens the running app's data."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from shared_helpers import companies_in

from salescoach.app import build_services
from salescoach.paths import DataPaths
from salescoach.services.backups import BackupService
from salescoach.ui import application, background
from salescoach.ui.application import RunningApp
from salescoach.ui.backup_scheduler import BackupScheduler
from salescoach.ui.backups_page import RestoreConfirmation
from salescoach.ui.settings_dialog import SettingsDialog


@pytest.fixture(autouse=True)
def _threads_finish():
    yield
    assert background.wait_for_all(30_000)


def reasons(paths: DataPaths) -> list[str]:
    return [backup.reason for backup in BackupService(None, paths).backups()]  # type: ignore[arg-type]


class Recorder:
    def __init__(self, scheduler: BackupScheduler) -> None:
        self.done: list[tuple[str, Path]] = []
        self.failures: list[str] = []
        self.checks: list[bool] = []
        scheduler.finished.connect(lambda reason, path: self.done.append((reason, path)))
        scheduler.failed.connect(lambda reason, message: self.failures.append(message))
        scheduler.checked.connect(self.checks.append)


def test_a_copy_every_interval_but_only_when_something_changed(qtbot, services) -> None:
    scheduler = BackupScheduler(services.backups, interval_ms=50)
    seen = Recorder(scheduler)
    scheduler.start(first_backup_ms=0)
    qtbot.waitUntil(lambda: len(seen.done) == 1)
    assert seen.done[0][0] == "start"

    # Checks made while the start copy ran said False too (busy): count only the ones after it.
    quiet_checks = seen.checks.count(False)
    qtbot.waitUntil(lambda: seen.checks.count(False) >= quiet_checks + 3)  # nothing new
    assert len(seen.done) == 1

    services.prospects.add("Changed Meanwhile Ltd")
    qtbot.waitUntil(lambda: len(seen.done) == 2)
    reason, path = seen.done[1]
    assert reason == "periodic"
    assert "Changed Meanwhile Ltd" in companies_in(path)

    quiet_checks = seen.checks.count(False)
    qtbot.waitUntil(lambda: seen.checks.count(False) >= quiet_checks + 3)
    assert len(seen.done) == 2
    scheduler.stop()
    assert scheduler.wait()


def test_the_copy_is_made_off_the_gui_thread(qtbot, services, monkeypatch) -> None:
    threads: list[threading.Thread] = []
    copy = services.backups.copy

    def copy_noting_the_thread(*args, **kwargs):
        threads.append(threading.current_thread())
        return copy(*args, **kwargs)

    monkeypatch.setattr(services.backups, "copy", copy_noting_the_thread)
    scheduler = BackupScheduler(services.backups)
    seen = Recorder(scheduler)
    progress: list[tuple[int, int]] = []
    scheduler.progressed.connect(lambda done, total: progress.append((done, total)))
    assert scheduler.back_up("manual")
    qtbot.waitUntil(lambda: bool(seen.done))
    assert threads and threads[0] is not threading.main_thread()
    assert progress and progress[-1][0] == progress[-1][1] > 0


def test_a_copy_asked_for_during_another_follows_it(qtbot, services) -> None:
    scheduler = BackupScheduler(services.backups)
    seen = Recorder(scheduler)
    assert scheduler.back_up("periodic")
    assert not scheduler.back_up("manual")  # waits its turn
    qtbot.waitUntil(lambda: len(seen.done) == 2)
    assert [reason for reason, _ in seen.done] == ["periodic", "manual"]
    assert len({path for _, path in seen.done}) == 2


def test_a_failed_copy_is_logged_and_kept_quiet(qtbot, services, caplog) -> None:
    services.paths.backups.parent.mkdir(parents=True, exist_ok=True)
    services.paths.backups.write_text("a file where the backups folder should be")
    scheduler = BackupScheduler(services.backups)
    seen = Recorder(scheduler)
    with caplog.at_level(logging.WARNING, logger="salescoach"):
        scheduler.back_up("periodic")
        qtbot.waitUntil(lambda: bool(seen.failures))
    assert "backup could not be written" in scheduler.last_error
    assert "periodic backup failed" in caplog.text
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]  # nothing popped up
    assert services.backups.changed_since_backup()  # tried again at the next interval


def _open(qtbot, paths: DataPaths, **kwargs) -> RunningApp:
    application.create_application()
    running = RunningApp(paths, build_services, **kwargs)
    assert running.open(first_backup_ms=0)
    qtbot.waitUntil(lambda: running.scheduler.last_backup is not None)  # the start copy
    return running


def _close(running: RunningApp) -> None:
    window = running.window
    running.shut_down()
    if window is not None:
        window.close()
        window.deleteLater()


def test_quitting_after_changes_makes_a_last_copy(qtbot, tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    running = _open(qtbot, paths)
    running.services.prospects.add("Typed Before Quitting Ltd")
    _close(running)
    quit_copies = [b for b in BackupService(None, paths).backups() if b.reason == "quit"]  # type: ignore[arg-type]
    assert len(quit_copies) == 1
    assert companies_in(quit_copies[0].path) == ["Typed Before Quitting Ltd"]
    for path in (paths.database, quit_copies[0].path):  # the copy, too, says the session ended
        conn = sqlite3.connect(path)
        state = conn.execute("SELECT value FROM app_meta WHERE key = 'session_state'").fetchone()
        conn.close()
        assert json.loads(state[0]) == "clean"


def test_quitting_without_changes_makes_no_copy(qtbot, tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    running = _open(qtbot, paths)
    _close(running)
    assert reasons(paths) == ["start"]


def test_restore_from_settings_reopens_the_running_app(qtbot, tmp_path: Path, monkeypatch) -> None:
    paths = DataPaths(tmp_path)
    running = _open(qtbot, paths)
    services = running.services
    services.prospects.add("In The Backup Ltd")
    running.scheduler.back_up("manual")
    qtbot.waitUntil(lambda: reasons(paths)[0] == "manual")
    later = services.prospects.add("Added Later Ltd")
    meeting = running.window.open_meeting(
        services.interviews.start(later, services.playbooks.get("collaborative-discovery"))
    )
    assert meeting.isVisible()
    old_window = running.window

    confirmations: list[tuple[str, str]] = []
    notes: list[str] = []
    monkeypatch.setattr(
        RestoreConfirmation,
        "ask",
        classmethod(
            lambda cls, parent, when, contents: confirmations.append((when, contents)) or True
        ),
    )
    monkeypatch.setattr(
        application.RestoreResult, "tell", classmethod(lambda cls, parent, note: notes.append(note))
    )
    dialog = SettingsDialog(services, old_window)
    dialog.show()
    page = dialog.backups_page
    qtbot.waitUntil(lambda: "1 prospect" in page.model.contents(page.model.backup(0).path))
    assert page.model.backup(0).reason == "manual"
    page.table.selectRow(0)
    page.restore_button.click()

    qtbot.waitUntil(lambda: bool(notes), timeout=15_000)
    assert confirmations and "1 prospect" in confirmations[0][1]
    assert not dialog.isVisible()
    assert running.window is not None and running.window is not old_window
    assert running.window.isVisible()
    assert running.services is not services
    assert companies_in(paths.database) == ["In The Backup Ltd"]
    assert running.services.prospects.count() == 1
    assert "Your data was restored from the backup from" in notes[0]
    kept = [b for b in BackupService(None, paths).backups() if b.reason == "before-restore"]  # type: ignore[arg-type]
    assert len(kept) == 1 and str(kept[0].path) in notes[0]
    assert companies_in(kept[0].path) == ["In The Backup Ltd", "Added Later Ltd"]
    assert not meeting.isVisible()  # saved and closed before the data was swapped
    assert not running.services.backups.changed_since_backup()  # no needless copy right away
    assert not running.scheduler.is_busy()
    _close(running)


def test_a_restore_that_fails_leaves_the_data_as_it_was(qtbot, tmp_path: Path, monkeypatch) -> None:
    paths = DataPaths(tmp_path)
    running = _open(qtbot, paths)
    running.services.prospects.add("Still Here Ltd")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    notes: list[str] = []
    monkeypatch.setattr(
        application.RestoreResult, "tell", classmethod(lambda cls, parent, note: notes.append(note))
    )
    assert not running.restore(bad)
    assert notes and notes[0].startswith("Nothing was restored") and "damaged" in notes[0]
    assert companies_in(paths.database) == ["Still Here Ltd"]
    assert running.services.prospects.count() == 1
    assert running.window.isVisible()
    _close(running)

"""A database too large to check before the window shows is checked just after, off the GUI
thread: nothing is shown when it is sound (the start-up copy simply waits for the verdict); when
it is damaged, what the rep typed is saved, the start-up offer is made, and accepting it puts the
latest good backup back while SalesCoach keeps running."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit
from shared_helpers import (
    companies_in,
    damage_an_index_nothing_reads_at_start,
    demo_data_with_a_backup,
)

from salescoach.app import build_services, main
from salescoach.errors import StorageUnavailable
from salescoach.paths import DataPaths
from salescoach.storage import database
from salescoach.storage.backups import list_backups
from salescoach.ui import application, background, startup_repair
from salescoach.ui.application import RunningApp
from salescoach.ui.meeting import autosave
from salescoach.ui.startup_repair import StartupRepair

TYPED = "Dispatch is planned on paper every morning"


@pytest.fixture(autouse=True)
def _threads_finish():
    yield
    assert background.wait_for_all(30_000)


@pytest.fixture(autouse=True)
def _every_database_is_large(monkeypatch) -> None:
    """A demo database stands in for a 1 GB one: the check is left until the window shows."""
    monkeypatch.setattr(database, "QUICK_CHECK_AT_OPEN_MAX_BYTES", 1)


class Gate:
    """Holds the real check until the test lets it run, as a slow disk would."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened = threading.Event()
        self.started = threading.Event()
        real = startup_repair.check_now

        def gated(paths, cancelled):
            self.started.set()
            while not self.opened.wait(0.01):
                if cancelled():
                    return None
            return real(paths, cancelled)

        monkeypatch.setattr(startup_repair, "check_now", gated)


@pytest.fixture
def gate(monkeypatch):
    held = Gate(monkeypatch)
    yield held
    held.opened.set()  # a test that failed early must not leave the thread waiting


class Rep:
    """Stands in for the rep at the dialogs; records what was on disk when asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, restore: bool, database: Path) -> None:
        self.asked: list[tuple[str, str, Path]] = []
        self.answers_on_disk_when_asked: list[str] = []
        self.told: list[str] = []
        self.errors: list[str] = []

        def ask(cls, problem: str, when: str, db: Path) -> bool:
            self.asked.append((problem, when, db))
            self.answers_on_disk_when_asked.extend(answers(database))
            return restore

        monkeypatch.setattr(StartupRepair, "ask", classmethod(ask))
        monkeypatch.setattr(
            application.RestoreResult,
            "tell",
            classmethod(lambda cls, parent, note: self.told.append(note)),
        )


def answers(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return [json.loads(row[0]) for row in conn.execute("SELECT value FROM answers")]
    finally:
        conn.close()


@pytest.fixture
def apps() -> Iterator[list[RunningApp]]:
    """Every app a test started; closed afterwards even when the test failed half-way."""
    apps: list[RunningApp] = []
    yield apps
    for running in apps:
        _close(running)


def _open(apps: list[RunningApp], paths: DataPaths, rep: Rep) -> RunningApp:
    application.create_application()
    running = RunningApp(paths, build_services, show_error=rep.errors.append)
    apps.append(running)
    assert running.open(first_backup_ms=0)  # the start-up copy is due at once
    return running


def _close(running: RunningApp) -> None:
    """As at the end of the event loop; once only."""
    window = running.window
    for meeting in list(window.meetings) if window is not None else []:
        meeting.close()  # saved while the data is still open
    running.shut_down()
    running.window = None
    if window is not None:
        window.close()
        window.deleteLater()


def _type_in_a_new_meeting(qtbot, running: RunningApp, company: str):
    services = running.services
    prospect = services.prospects.add(company)
    meeting = running.window.open_meeting(
        services.interviews.start(prospect, services.playbooks.get("collaborative-discovery"))
    )
    editor = meeting.page.editor
    qtbot.keyClicks(editor.findChild(QLineEdit) or editor.findChild(QPlainTextEdit), TYPED)
    return meeting


def _reasons(paths: DataPaths) -> list[str]:
    return [backup.reason for backup in list_backups(paths.backups)]


def test_damage_found_after_start_is_repaired_from_the_latest_good_backup(
    qtbot, tmp_path: Path, monkeypatch, apps, gate
) -> None:
    paths = DataPaths(tmp_path)
    good = demo_data_with_a_backup(tmp_path)
    damage_an_index_nothing_reads_at_start(paths.database)
    monkeypatch.setattr(autosave, "DEBOUNCE_MS", 60_000)  # only a flush saves the typing
    rep = Rep(monkeypatch, restore=True, database=paths.database)

    running = _open(apps, paths, rep)  # opens at once: the file is "large"
    first_window = running.window
    assert first_window.isVisible() and first_window.services.prospects.count() == 6
    qtbot.waitUntil(gate.started.is_set)  # off the GUI thread, once the window has shown
    meeting = _type_in_a_new_meeting(qtbot, running, "Met After The Backup Ltd")
    qtbot.wait(100)
    assert _reasons(paths) == ["manual"]  # the start-up copy waits for the verdict
    assert running.scheduler.is_held()

    gate.opened.set()
    qtbot.waitUntil(lambda: bool(rep.told), timeout=15_000)

    (problem, when, db) = rep.asked[0]
    assert "damaged" in problem and db == paths.database and when.startswith("today ")
    assert TYPED in rep.answers_on_disk_when_asked  # the meeting was saved before the offer
    assert not meeting.isVisible()
    assert running.window is not None and running.window is not first_window
    assert running.window.isVisible()
    assert companies_in(paths.database) == companies_in(good)  # reopened on the backup's data
    assert running.services.prospects.count() == 6
    (kept,) = tmp_path.glob("salescoach-damaged-*.db")
    assert "Met After The Backup Ltd" in companies_in(kept)  # set aside with what was typed
    assert TYPED in answers(kept)
    assert str(kept) in rep.told[0] and "Anything entered after that time" in rep.told[0]
    assert _reasons(paths) == ["manual"]  # the damaged data was never copied
    assert running.later_check is None  # the backup passed the full check before going in
    assert rep.errors == []


def test_a_sound_database_is_checked_quietly_and_then_the_start_copy_is_made(
    qtbot, tmp_path: Path, monkeypatch, apps, caplog, gate
) -> None:
    paths = DataPaths(tmp_path)
    assert main(["demo", "--basedir", str(tmp_path)]) == 0
    rep = Rep(monkeypatch, restore=True, database=paths.database)
    caplog.set_level("INFO", logger="salescoach.storage.database")

    running = _open(apps, paths, rep)
    qtbot.wait(100)
    assert _reasons(paths) == []  # not before the verdict
    gate.opened.set()
    qtbot.waitUntil(lambda: running.scheduler.last_backup is not None, timeout=15_000)

    assert _reasons(paths) == ["start"]
    assert running.later_check.state == "passed"
    assert rep.asked == [] and rep.told == [] and rep.errors == []
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [running.window]
    assert "quick check of salescoach.db after start: ok" in caplog.text


def test_the_rep_may_quit_instead_and_the_damaged_data_is_neither_copied_nor_replaced(
    qtbot, tmp_path: Path, monkeypatch, apps
) -> None:
    paths = DataPaths(tmp_path)
    demo_data_with_a_backup(tmp_path)
    damage_an_index_nothing_reads_at_start(paths.database)
    rep = Rep(monkeypatch, restore=False, database=paths.database)
    running = _open(apps, paths, rep)
    window = running.window
    running.services.prospects.add("Changed Since The Backup Ltd")  # a quit would copy this

    with qtbot.waitSignal(running.ended, timeout=15_000) as ended:
        pass

    assert ended.args == [2] and len(rep.asked) == 1
    assert running.window is None and not window.isVisible()
    running.shut_down()  # what the event loop's end then does: nothing more to close
    assert _reasons(paths) == ["manual"]  # no copy at start, none at quit
    assert "Changed Since The Backup Ltd" in companies_in(paths.database)  # left where it was
    assert list(tmp_path.glob("salescoach-damaged-*")) == []
    conn = sqlite3.connect(f"{paths.database.as_uri()}?mode=ro", uri=True)
    state = conn.execute("SELECT value FROM app_meta WHERE key = 'session_state'").fetchone()
    conn.close()
    assert json.loads(state[0]) == "running"  # not written to once found damaged


def test_damage_without_a_good_backup_is_explained_and_salescoach_closes(
    qtbot, tmp_path: Path, monkeypatch, apps
) -> None:
    paths = DataPaths(tmp_path)
    assert main(["demo", "--basedir", str(tmp_path)]) == 0
    damage_an_index_nothing_reads_at_start(paths.database)
    rep = Rep(monkeypatch, restore=True, database=paths.database)
    running = _open(apps, paths, rep)

    with qtbot.waitSignal(running.ended, timeout=15_000):
        pass

    assert rep.asked == []  # nothing to offer
    (message,) = rep.errors
    assert "damaged" in message and "No backup" in message and str(paths.database) in message
    assert _reasons(paths) == []
    assert paths.database.exists()


def test_quitting_while_the_check_runs_stops_it_and_copies_nothing(
    qtbot, tmp_path: Path, monkeypatch, apps, gate
) -> None:
    paths = DataPaths(tmp_path)
    assert main(["demo", "--basedir", str(tmp_path)]) == 0
    rep = Rep(monkeypatch, restore=True, database=paths.database)
    running = _open(apps, paths, rep)
    qtbot.waitUntil(gate.started.is_set)
    running.services.prospects.add("Typed Before Quitting Ltd")
    check = running.later_check

    started = time.monotonic()
    _close(running)

    # The rep is not kept waiting: a check left running would hold the close for its 30 s limit.
    assert time.monotonic() - started < 15
    assert check.state == "cancelled"
    assert _reasons(paths) == []  # not checked, so not copied: the next start does both
    assert "Typed Before Quitting Ltd" in companies_in(paths.database)


def test_a_check_that_cannot_run_is_logged_and_backups_go_on_as_before(
    qtbot, tmp_path: Path, monkeypatch, apps, caplog
) -> None:
    paths = DataPaths(tmp_path)
    assert main(["demo", "--basedir", str(tmp_path)]) == 0

    def unreadable(paths, cancelled):
        raise StorageUnavailable("The disk holding the data could not be read.")

    monkeypatch.setattr(startup_repair, "check_now", unreadable)
    rep = Rep(monkeypatch, restore=True, database=paths.database)
    running = _open(apps, paths, rep)

    qtbot.waitUntil(lambda: running.scheduler.last_backup is not None, timeout=15_000)
    assert running.later_check.state == "inconclusive"
    assert "could not run: The disk holding the data could not be read." in caplog.text
    assert _reasons(paths) == ["start"]  # not damage: the copy is made as it always was
    assert rep.asked == [] and rep.errors == [] and rep.told == []

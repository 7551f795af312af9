"""The data file deleted, moved or replaced while SalesCoach is open: the rep is told once, the
data the open connection still holds goes back to its folder, and later saves land there."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget
from shared_helpers import answer_rows, companies_in, delete_with_log, fresh_answer_rows

from salescoach.app import build_services
from salescoach.domain.samples import sample_answers
from salescoach.paths import DataPaths
from salescoach.ui import application, background
from salescoach.ui.application import RestoreResult, RunningApp
from salescoach.ui.backup_scheduler import DATA_NOT_IN_PLACE
from salescoach.ui.moved_data import MovedData
from salescoach.ui.settings_dialog import SettingsDialog
from salescoach.ui.startup_repair import StartupRepair

LOOK_MS = 50  # the app looks every few seconds; tests look more often
NEVER_MS = 3_600_000  # tests where something else than the timer must look


@pytest.fixture(autouse=True)
def _threads_finish():
    yield
    assert background.wait_for_all(30_000)


class Dialogs:
    """Answers the offer ('Put it back') and keeps what the rep was told."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked: list[str] = []
        self.told: list[str] = []
        self.retries: list[str] = []
        self.on_retry = lambda: False  # 'Close anyway'
        self.errors: list[str] = []
        monkeypatch.setattr(MovedData, "ask", classmethod(self._ask))
        monkeypatch.setattr(MovedData, "tell", classmethod(self._tell))
        monkeypatch.setattr(MovedData, "retry_on_quit", classmethod(self._retry))
        # Not expected here; answered all the same, so that a failure never waits on a dialog.
        monkeypatch.setattr(StartupRepair, "ask", classmethod(self._refuse_repair))

    def _ask(self, _cls, _parent: QWidget | None, where: str, _database: Path) -> bool:
        self.asked.append(where)
        return True

    def _tell(self, _cls, _parent: QWidget | None, note: str) -> None:
        self.told.append(note)

    def _retry(self, _cls, reason: str) -> bool:
        self.retries.append(reason)
        return self.on_retry()

    def _refuse_repair(self, _cls, problem: str, _when: str, _database: Path) -> bool:
        self.errors.append(problem)
        return False


class Apps:
    """Opens running apps and closes each one at the end, even when a test fails (a running
    app left behind would put real dialogs up once the test's answers are gone)."""

    def __init__(self, dialogs: Dialogs) -> None:
        self.dialogs = dialogs
        self.running: list[RunningApp] = []

    def open(self, paths: DataPaths, look_ms: int = LOOK_MS) -> RunningApp:
        application.create_application()
        running = RunningApp(
            paths, build_services, show_error=self.dialogs.errors.append, data_check_ms=look_ms
        )
        assert running.open(first_backup_ms=None)  # no copy under way to race with the test
        self.running.append(running)
        return running

    def close(self, running: RunningApp) -> None:
        """As at quit: `shut_down` after the event loop, then the window goes."""
        self.running.remove(running)
        window = running.window
        running.shut_down()
        if window is not None:
            window.close()
            window.deleteLater()


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    return Dialogs(monkeypatch)


@pytest.fixture
def apps(dialogs: Dialogs) -> Iterator[Apps]:
    opened = Apps(dialogs)
    yield opened
    for running in list(opened.running):  # while the dialogs still answer
        opened.close(running)


def _answer_everything(running: RunningApp, playbook) -> int:
    services = running.services
    interview = services.interviews.start(services.prospects.add("Nordic Freight AB"), playbook)
    for question_id, value in sample_answers(playbook).items():
        services.interviews.record(interview, question_id, "value", value)
    return interview


def _text_input(meeting) -> QLineEdit | QPlainTextEdit:
    editor = meeting.page.editor
    return editor.findChild(QLineEdit) or editor.findChild(QPlainTextEdit)


def test_a_deleted_file_is_put_back_and_later_saves_land_in_it(
    qtbot, tmp_path: Path, dialogs: Dialogs, apps: Apps, default_playbook
) -> None:
    paths = DataPaths(tmp_path / "data")
    running = apps.open(paths)
    interview = _answer_everything(running, default_playbook)
    meeting = running.window.open_meeting(interview)
    first = default_playbook.questions()[0].id
    _text_input(meeting).clear()
    qtbot.keyClicks(_text_input(meeting), "Decide if routing is worth fixing")
    with qtbot.waitSignal(meeting.saver.saved, timeout=5000):
        pass
    old_services = running.services

    delete_with_log(paths.database)  # a clean-up tool, while the rep types on
    qtbot.keyClicks(_text_input(meeting), " this year")
    qtbot.waitUntil(lambda: bool(dialogs.told), timeout=10_000)

    assert dialogs.asked == ["missing"]
    assert dialogs.told[0].startswith("Your data is back in its folder")
    assert running.services is not old_services  # carries on with the file at its place
    assert running.services.data_file.where_is_it() == "in place"
    saved = fresh_answer_rows(paths.database)
    assert saved == answer_rows(running.services.db.conn)
    assert len(saved) == len(sample_answers(default_playbook))
    typed = dict(((row[0], row[1]), row[2]) for row in saved)[(interview, first)]
    assert typed == '"Decide if routing is worth fixing this year"'  # typed after it went

    meeting = running.window.open_meeting(interview)  # the meeting closed with the old data
    qtbot.keyClicks(meeting.page.quote, "We lose a day every week")
    with qtbot.waitSignal(meeting.saver.saved, timeout=5000):
        pass
    quotes = [row[4] for row in fresh_answer_rows(paths.database)]
    assert "We lose a day every week" in quotes  # a save made after lands in the file

    qtbot.wait(10 * LOOK_MS)
    assert dialogs.asked == ["missing"]
    meeting.close()
    apps.close(running)


def test_a_folder_moved_away_is_explained_once_and_nothing_is_lost(
    qtbot, tmp_path: Path, dialogs: Dialogs, apps: Apps, default_playbook
) -> None:
    paths = DataPaths(tmp_path / "data")
    running = apps.open(paths)
    _answer_everything(running, default_playbook)
    services = running.services
    saved = answer_rows(services.db.conn)

    paths.basedir.rename(tmp_path / "moved by hand")
    qtbot.waitUntil(lambda: bool(dialogs.told), timeout=10_000)
    qtbot.wait(10 * LOOK_MS)  # many more looks: no second message

    assert dialogs.asked == ["missing"]
    assert len(dialogs.told) == 1
    assert "could not be put back" in dialogs.told[0]
    assert "is no longer there" in dialogs.told[0]
    assert "Nothing is lost" in dialogs.told[0]
    assert not paths.basedir.exists()  # no empty folder made where the next start would look
    assert running.services is services and answer_rows(services.db.conn) == saved
    assert not running.scheduler.back_up("manual")  # a copy would read nothing
    assert running.scheduler.last_error == DATA_NOT_IN_PLACE
    assert not paths.basedir.exists()

    (tmp_path / "moved by hand").rename(paths.basedir)  # the rep puts the folder back
    qtbot.wait(10 * LOOK_MS)
    assert dialogs.asked == ["missing"]  # the very file again: nothing to do
    services.prospects.add("Added Once It Was Back Ltd")
    assert fresh_answer_rows(paths.database) == answer_rows(services.db.conn)

    paths.basedir.rename(tmp_path / "moved again")  # a new incident is a new message
    qtbot.waitUntil(lambda: len(dialogs.asked) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: len(dialogs.told) == 2, timeout=10_000)
    (tmp_path / "moved again").rename(paths.basedir)
    apps.close(running)


def test_a_file_that_took_the_name_is_kept_and_the_rep_keeps_their_data(
    qtbot, tmp_path: Path, dialogs: Dialogs, apps: Apps, default_playbook
) -> None:
    other = build_services(DataPaths(tmp_path / "other laptop"))
    other.prospects.add("Other Laptop Ltd")
    other.close()
    paths = DataPaths(tmp_path / "data")
    running = apps.open(paths)
    _answer_everything(running, default_playbook)
    saved = answer_rows(running.services.db.conn)

    shutil.copyfile(other.paths.database, paths.basedir / "sync.tmp")
    (paths.basedir / "sync.tmp").replace(paths.database)  # a sync client's version
    qtbot.waitUntil(lambda: bool(dialogs.told), timeout=10_000)

    assert dialogs.asked == ["replaced"]
    (kept,) = paths.basedir.glob("salescoach-replaced-*.db")
    assert str(kept) in dialogs.told[0]
    with closing(sqlite3.connect(f"{kept.as_uri()}?mode=ro", uri=True)) as conn:
        assert conn.execute("SELECT company FROM prospects").fetchall() == [("Other Laptop Ltd",)]
    assert answer_rows(running.services.db.conn) == saved  # what the rep sees: their own data
    assert fresh_answer_rows(paths.database) == saved
    running.services.prospects.add("Added After Ltd")  # and later saves land in that file
    with closing(sqlite3.connect(f"{paths.database.as_uri()}?mode=ro", uri=True)) as conn:
        assert ("Added After Ltd",) in conn.execute("SELECT company FROM prospects").fetchall()
    assert dialogs.errors == []
    apps.close(running)


def test_a_backup_looks_first_and_makes_no_empty_file(
    qtbot, tmp_path: Path, dialogs: Dialogs, apps: Apps, default_playbook
) -> None:
    paths = DataPaths(tmp_path / "data")
    running = apps.open(paths, look_ms=NEVER_MS)
    _answer_everything(running, default_playbook)
    failures: list[str] = []
    running.scheduler.failed.connect(lambda _reason, message: failures.append(message))
    delete_with_log(paths.database)

    assert not running.scheduler.back_up("periodic")

    assert failures == [DATA_NOT_IN_PLACE]
    assert not paths.database.exists()  # a copy by name would have made an empty file
    assert not list(paths.backups.glob("*.db"))
    qtbot.waitUntil(lambda: bool(dialogs.told), timeout=10_000)
    assert dialogs.asked == ["missing"]
    assert len(fresh_answer_rows(paths.database)) == len(sample_answers(default_playbook))
    apps.close(running)


def test_coming_back_to_the_window_looks(
    qtbot, tmp_path: Path, dialogs: Dialogs, apps: Apps, default_playbook
) -> None:
    paths = DataPaths(tmp_path / "data")
    running = apps.open(paths, look_ms=NEVER_MS)
    _answer_everything(running, default_playbook)
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.windowHandle().requestActivate()  # the rep goes to the file manager...
    qtbot.waitUntil(elsewhere.isActiveWindow)
    delete_with_log(paths.database)
    qtbot.wait(100)
    assert dialogs.asked == []

    running.window.windowHandle().requestActivate()  # ...and comes back
    qtbot.waitUntil(lambda: bool(dialogs.told), timeout=10_000)

    assert dialogs.asked == ["missing"]
    assert len(fresh_answer_rows(paths.database)) == len(sample_answers(default_playbook))
    apps.close(running)


def test_quitting_puts_the_data_back_first(
    qtbot, tmp_path: Path, dialogs: Dialogs, apps: Apps, default_playbook
) -> None:
    paths = DataPaths(tmp_path / "data")
    running = apps.open(paths, look_ms=NEVER_MS)
    _answer_everything(running, default_playbook)
    saved = answer_rows(running.services.db.conn)
    paths.basedir.rename(tmp_path / "moved")
    delete_with_log(tmp_path / "moved" / "salescoach.db")  # and then deleted

    def folder_back() -> bool:  # the rep makes the folder again, then 'Try again'
        paths.basedir.mkdir()
        return True

    dialogs.on_retry = folder_back
    apps.close(running)

    assert len(dialogs.retries) == 1 and "is no longer there" in dialogs.retries[0]
    assert fresh_answer_rows(paths.database) == saved
    assert dialogs.told and dialogs.told[0].startswith("Your data is back in its folder")


def test_back_up_now_says_why_no_copy_was_made(
    qtbot, tmp_path: Path, dialogs: Dialogs, apps: Apps, default_playbook
) -> None:
    paths = DataPaths(tmp_path / "data")
    running = apps.open(paths, look_ms=NEVER_MS)
    _answer_everything(running, default_playbook)
    settings = SettingsDialog(running.services, running.window)
    settings.show()
    page = settings.backups_page
    delete_with_log(paths.database)

    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)

    assert page.status.text() == DATA_NOT_IN_PLACE
    assert not paths.database.exists()
    qtbot.waitUntil(lambda: bool(dialogs.told), timeout=10_000)  # then the offer, as ever
    assert dialogs.asked == ["missing"]
    assert len(fresh_answer_rows(paths.database)) == len(sample_answers(default_playbook))


def test_no_restore_while_the_data_is_only_in_the_open_connection(
    qtbot, tmp_path: Path, dialogs: Dialogs, apps: Apps, monkeypatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(RestoreResult, "tell", classmethod(lambda cls, p, note: told.append(note)))
    paths = DataPaths(tmp_path / "data")
    running = apps.open(paths, look_ms=NEVER_MS)
    running.services.prospects.add("Backed Up Ltd")
    backup = running.services.backups.backup_now("manual")
    running.services.prospects.add("Typed After The Backup Ltd")
    delete_with_log(paths.database)  # a clean-up program, just before Settings > Restore

    assert not running.restore(backup)

    assert "Put your data back first" in told[0]
    qtbot.waitUntil(lambda: bool(dialogs.told), timeout=10_000)  # then offered, and put back
    assert companies_in(paths.database) == ["Backed Up Ltd", "Typed After The Backup Ltd"]
    apps.close(running)


def test_a_folder_brought_back_before_the_answer_is_left_as_it_is(
    qtbot, tmp_path: Path, dialogs: Dialogs, apps: Apps, monkeypatch
) -> None:
    paths = DataPaths(tmp_path / "data")
    running = apps.open(paths)
    running.services.prospects.add("Mine Ltd")

    def bring_it_back_then_answer(_cls, _parent, where: str, _database: Path) -> bool:
        dialogs.asked.append(where)
        (tmp_path / "moved").rename(paths.basedir)  # the rep undoes the move, then clicks
        return True

    monkeypatch.setattr(MovedData, "ask", classmethod(bring_it_back_then_answer))
    paths.basedir.rename(tmp_path / "moved")
    qtbot.waitUntil(lambda: dialogs.asked == ["missing"], timeout=10_000)

    assert sorted(path.name for path in paths.basedir.glob("*.db")) == ["salescoach.db"]
    running.services.prospects.add("Added After Ltd")  # still the very same file
    assert companies_in(paths.database) == ["Mine Ltd", "Added After Ltd"]
    assert dialogs.told == []
    apps.close(running)


def test_quitting_after_the_folder_is_put_back_renames_nothing(
    qtbot, tmp_path: Path, dialogs: Dialogs, apps: Apps
) -> None:
    paths = DataPaths(tmp_path / "data")
    running = apps.open(paths, look_ms=NEVER_MS)
    running.services.prospects.add("Mine Ltd")
    paths.basedir.rename(tmp_path / "moved")

    def put_the_folder_back() -> bool:  # what the quit dialog asks the rep to do
        (tmp_path / "moved").rename(paths.basedir)
        return True

    dialogs.on_retry = put_the_folder_back
    apps.close(running)

    assert len(dialogs.retries) == 1
    assert sorted(path.name for path in paths.basedir.glob("*.db")) == ["salescoach.db"]
    assert companies_in(paths.database) == ["Mine Ltd"]

"""Settings: the rep's profile and a team's shared playbooks folder, set through the dialog; and the
Backups page: every copy listed with what it holds, a backup by hand, a restore asked for."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from salescoach.ui import background
from salescoach.ui.backup_labels import reason_label, size_label, when_label
from salescoach.ui.backup_scheduler import BackupScheduler
from salescoach.ui.backups_page import BackupListModel, RestoreConfirmation
from salescoach.ui.main_window import MainWindow
from salescoach.ui.settings_dialog import SettingsDialog


@pytest.fixture(autouse=True)
def _threads_finish():
    """The Backups page reads its copies on a thread: it ends before the next test."""
    yield
    assert background.wait_for_all(30_000)


TEAM_PLAYBOOK = """\
id: team-discovery
version: 1
title: Team discovery
sections:
  - id: only
    title: The essentials
    questions:
      - id: pain
        text: What hurts most?
        type: long_text
        must_ask: true
        tip: Let them talk.
"""


def test_profile_and_team_folder_are_saved_and_used(qtbot, services, tmp_path: Path) -> None:
    team = tmp_path / "shared" / "playbooks"
    team.mkdir(parents=True)
    (team / "team.yaml").write_text(TEAM_PLAYBOOK, encoding="utf-8")
    (team / "broken.yaml").write_text("id: broken\nversion: [1\n", encoding="utf-8")

    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.profile_fields["name"], "Sam Rivera")
    qtbot.keyClicks(dialog.profile_fields["signature"], "Sam Rivera, RouteWise")
    qtbot.keyClicks(dialog.playbooks_folder.edit, str(team))
    dialog.accept()

    assert services.settings.profile()["name"] == "Sam Rivera"
    assert services.settings.profile()["signature"] == "Sam Rivera, RouteWise"
    assert services.settings.playbooks_folder() == team
    assert "team-discovery" in services.playbooks.library().playbooks
    (problem,) = services.playbooks.problems()
    assert problem.path.name == "broken.yaml"
    assert problem.line and "YAML syntax" in problem.message


def test_an_empty_folder_field_means_the_default(qtbot, services) -> None:
    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.playbooks_folder.edit.text() == ""
    dialog.accept()
    assert services.settings.playbooks_folder() == services.paths.playbooks
    assert services.settings.store.get("playbooks_folder") is None


def test_broken_team_playbooks_are_reported_in_the_window(
    qtbot, show_active, services, tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "bad.yaml").write_text("id: bad\nversion: 1\ntitle: Bad\nsections: []\n")
    window = MainWindow(services)
    assert not window.problems_action.isEnabled()

    def choose_folder(cls, services_, parent) -> bool:
        services_.settings.set_playbooks_folder(tmp_path)
        services_.playbooks.reload(tmp_path)
        return True

    monkeypatch.setattr(SettingsDialog, "ask", classmethod(choose_folder))
    show_active(window)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert window.problems_action.isEnabled()
    assert "problem(s) in your playbook files" in window.statusBar().currentMessage()


def test_a_broken_team_template_is_reported_in_the_window(qtbot, show_active, services) -> None:
    folder = services.settings.templates_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ours.txt.j2").write_text("Hello {{ prospect.company\n", encoding="utf-8")
    services.summaries.use_user_folder(folder)
    window = show_active(MainWindow(services))
    qtbot.waitUntil(window.problems_action.isEnabled)
    assert "problem(s) in your playbook and template files" in window.statusBar().currentMessage()


# --- Backups ------------------------------------------------------------------------------------


def _backups_page(qtbot, services, scheduler=None):
    dialog = SettingsDialog(services, scheduler=scheduler)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentWidget(dialog.backups_page)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, dialog.backups_page


def _cell(page, row: int, column: int) -> str:
    return page.model.index(row, column).data()


def test_every_backup_is_listed_with_when_why_size_and_contents(
    qtbot, services, qtmodeltester
) -> None:
    services.prospects.add("Acme Freight")
    services.backups.backup_now("start")
    services.prospects.add("Globex")
    services.backups.backup_now("periodic")
    folder = services.paths.backups
    taken = datetime(2025, 1, 1, 9, 0).astimezone()  # on the rep's clock: the same day anywhere
    broken = folder / f"salescoach-{taken.astimezone(UTC):%Y%m%d-%H%M%S}Z-before-migration.db"
    broken.write_bytes(b"not a database")

    model = BackupListModel()  # outlives the dialog, for the tester's clean-up
    model.set_backups(services.backups.backups())
    qtmodeltester.check(model, force_py=True)

    _dialog, page = _backups_page(qtbot, services)
    assert page.model.rowCount() == 3
    qtbot.waitUntil(lambda: "Reading" not in _cell(page, 2, 3))
    assert _cell(page, 0, 0).startswith("Today ")
    assert [_cell(page, row, 1) for row in range(3)] == [
        "Automatic, while you worked",
        "When SalesCoach started",
        "Before an upgrade",
    ]
    assert _cell(page, 0, 2).endswith("KB")
    assert _cell(page, 0, 3).startswith("2 prospects, 0 meetings, last edit today ")
    assert _cell(page, 1, 3).startswith("1 prospect, 0 meetings")
    assert _cell(page, 2, 0) == "1 Jan 2025 09:00"
    assert _cell(page, 2, 3) == "Cannot be read: this copy may be damaged"


def test_back_up_now_adds_a_copy_and_says_so(qtbot, services) -> None:
    _dialog, page = _backups_page(qtbot, services)
    assert page.model.rowCount() == 0
    assert "No backups yet" in page.status.text()
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert _cell(page, 0, 1) == "Made by you"
    assert page.status.text().startswith("Backed up today ")
    assert page.backup_button.isEnabled()


def test_a_copy_that_follows_the_rep_s_own_leaves_its_confirmation(qtbot, services) -> None:
    scheduler = BackupScheduler(services.backups)
    _dialog, page = _backups_page(qtbot, services, scheduler)
    with qtbot.waitSignal(scheduler.finished, timeout=10_000):
        qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
        assert not scheduler.back_up("start")  # due meanwhile: it follows at once
    confirmed = page.status.text()
    assert confirmed.startswith("Backed up today ") and confirmed.endswith("-manual.db")

    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and not scheduler.is_busy())
    assert page.status.text() == confirmed  # the automatic copy is in the list, not over it
    assert page.backup_button.isEnabled()


def test_a_failed_backup_is_shown_on_the_page(qtbot, services) -> None:
    services.paths.backups.write_text("a file where the backups folder should be")
    _dialog, page = _backups_page(qtbot, services)
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "could not be written" in page.status.text())
    assert page.backup_button.isEnabled()


def test_restore_asks_first_and_then_hands_the_backup_to_the_app(
    qtbot, services, monkeypatch
) -> None:
    services.prospects.add("Acme Freight")
    chosen = services.backups.backup_now("manual")
    scheduler = BackupScheduler(services.backups)
    handed: list[Path] = []
    answers = iter([False, True])
    monkeypatch.setattr(
        RestoreConfirmation, "ask", classmethod(lambda cls, parent, when, what: next(answers))
    )

    dialog, page = _backups_page(qtbot, services)  # no app behind it: restore is not offered
    assert not page.restore_button.isEnabled()
    assert "salescoach restore" in page.restore_button.toolTip()

    scheduler.restorer = handed.append
    dialog, page = _backups_page(qtbot, services, scheduler)
    page.table.selectRow(0)
    assert page.restore_button.isEnabled()
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)  # the rep says no
    qtbot.wait(50)
    assert handed == [] and dialog.isVisible()
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)  # and then yes
    qtbot.waitUntil(lambda: handed == [chosen])
    assert not dialog.isVisible()  # closed, so the app can reopen its data


def test_backup_times_read_as_a_rep_would_say_them() -> None:
    today = date(2026, 11, 14)
    at = datetime(2026, 11, 14, 14, 32).astimezone()
    assert when_label(at, today) == "today 14:32"
    assert when_label(at - timedelta(days=1), today) == "yesterday 14:32"
    assert when_label(at - timedelta(days=3), today) == "11 Nov 2026 14:32"
    assert reason_label("before-restore") == "Before a restore"
    assert size_label(1_234) == "1 KB" and size_label(52_800_000) == "52.8 MB"

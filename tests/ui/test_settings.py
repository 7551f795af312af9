"""Settings: the rep's profile and a team's shared playbooks folder, set through the dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from salescoach.ui.main_window import MainWindow
from salescoach.ui.settings_dialog import SettingsDialog

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

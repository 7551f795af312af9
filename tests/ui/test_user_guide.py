"""The user guide lists every meeting shortcut the app really has."""

from __future__ import annotations

from salescoach import resources
from salescoach.ui.meeting.shortcuts import SHORTCUTS


def test_every_meeting_shortcut_is_in_the_user_guide() -> None:
    guide = (resources.docs_dir() / "user-guide.md").read_text(encoding="utf-8")
    for shortcut in SHORTCUTS:
        assert shortcut.keys[0] in guide, shortcut.keys[0]
        assert shortcut.text in guide, shortcut.text


def test_help_opens_the_user_guide_offline(qtbot, show_active, services) -> None:
    from PySide6.QtCore import Qt

    from salescoach.ui.main_window import MainWindow

    window = MainWindow(services)
    show_active(window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    (viewer,) = window.guides
    assert "Meeting mode" in viewer.browser.toPlainText()
    viewer.close()

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


def test_a_web_link_in_a_guide_is_copied_never_followed(qtbot, tmp_path) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QGuiApplication

    from salescoach.ui.doc_viewer import DocViewer

    (tmp_path / "one.md").write_text(
        "# One\n\nSee [two](two.md) and [the web](https://example.org/x)"
    )
    (tmp_path / "two.md").write_text("# Two\n\nThe second guide.")
    viewer = DocViewer(tmp_path / "one.md", "Guide")
    qtbot.addWidget(viewer)
    viewer.browser.anchorClicked.emit(QUrl("https://example.org/x"))
    assert QGuiApplication.clipboard().text() == "https://example.org/x"
    assert "does not go online" in viewer.note.text()
    assert "See two" in viewer.browser.toPlainText()  # still the same guide
    viewer.browser.anchorClicked.emit(QUrl("two.md"))
    assert "The second guide." in viewer.browser.toPlainText()
    viewer.browser.anchorClicked.emit(QUrl("../outside.md"))  # never outside the guides
    assert "The second guide." in viewer.browser.toPlainText()

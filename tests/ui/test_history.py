"""The rep's audit trail in meeting mode: each change to an answer (Ctrl+H) and the meeting's own
story (Ctrl+Shift+H), read-only, in local time, written the way the rest of the app writes it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit
from shared_helpers import SAVE_WAIT_MS, drive_gone

from salescoach.domain import answer_history
from salescoach.ui.meeting import window as window_module
from salescoach.ui.meeting.dialogs import MeetingEnd
from salescoach.ui.meeting.help_overlay import shortcuts_html
from salescoach.ui.meeting.history_dialog import AnswerHistoryDialog, MeetingHistoryDialog
from salescoach.ui.meeting.shortcuts import SHORTCUTS
from salescoach.ui.meeting.window import MeetingWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
LOCAL_TIME = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2}$")


@pytest.fixture
def meeting(services, default_playbook) -> int:
    prospect = services.prospects.add("Acme Freight")
    return services.interviews.start(prospect, default_playbook)


@pytest.fixture
def window(qtbot, show_active, services, meeting) -> MeetingWindow:
    return show_active(MeetingWindow(services.interviews, meeting))


def press(qtbot, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifiers)


def text_input(window: MeetingWindow):
    editor = window.page.editor
    return editor.findChild(QLineEdit) or editor.findChild(QPlainTextEdit)


def rows_of(dialog) -> list[tuple[str, ...]]:
    return dialog.texts()


def read_modal(qtbot, open_it: Callable[[], None], window: MeetingWindow) -> dict:
    """Open a modal dialog the way the rep does, read what it shows, press Esc to close it."""
    seen: dict = {}

    def read() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, read)
            return
        seen.update(
            dialog=type(dialog).__name__,
            title=dialog.windowTitle(),
            heading=dialog.heading.text(),
            rows=rows_of(dialog),
            message=dialog.message.text() if not dialog.message.isHidden() else "",
            editable=bool(dialog.findChildren(QLineEdit) + dialog.findChildren(QTextEdit))
            or dialog.rows.editTriggers() != dialog.rows.EditTrigger.NoEditTriggers,
        )
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, read)
    open_it()
    assert seen, "no dialog opened"
    window.windowHandle().requestActivate()  # what the window manager does once a dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    return seen


def test_typed_changes_show_in_the_history_of_the_question(
    qtbot, window, services, meeting, monkeypatch
) -> None:
    # One passage however slowly a loaded machine saves it (each wait below may take seconds).
    monkeypatch.setattr(answer_history, "TYPING_PAUSE_SECONDS", 600.0)
    window.go_to("problems")
    for words in ("Slow", " dispatch", " and late trucks"):
        qtbot.keyClicks(text_input(window), words)
        with qtbot.waitSignal(window.saver.saved, timeout=SAVE_WAIT_MS):
            pass
    press(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    qtbot.keyClicks(window.page.quote, "Nobody can plan")
    with qtbot.waitSignal(window.saver.saved, timeout=SAVE_WAIT_MS):
        pass
    qtbot.keyClicks(window.page.quote, " when Jana is away")  # saved when the history opens

    shown = read_modal(qtbot, lambda: press(qtbot, Qt.Key.Key_H, CTRL), window)

    assert shown["dialog"] == "AnswerHistoryDialog"
    assert shown["heading"] == window.playbook.question("problems").text
    # Typed in one go, the answer's three saves read as one change from the first one.
    assert [row[1:] for row in shown["rows"]] == [
        ("Answer (typed in 2 saves)", "Slow", "Slow dispatch and late trucks"),
        ("Client's words", "Nobody can plan", "Nobody can plan when Jana is away"),
    ]
    stored = services.interviews.history(meeting, "problems")
    assert [entry["field"] for entry in stored] == ["value", "value", "quote"]  # all kept
    for row, entry in zip(shown["rows"], (stored[1], stored[2]), strict=True):
        assert LOCAL_TIME.match(row[0]), row[0]
        local = datetime.fromisoformat(entry["changed_at"]).astimezone()
        assert row[0].endswith(local.strftime("%H:%M:%S"))
    assert not shown["editable"]
    assert QApplication.activeModalWidget() is None  # Esc closed it; back in the meeting
    assert window.isActiveWindow()


def test_a_question_without_changes_says_so(qtbot, window) -> None:
    window.go_to("problems")
    qtbot.keyClicks(text_input(window), "First words")
    shown = read_modal(qtbot, lambda: press(qtbot, Qt.Key.Key_H, CTRL), window)
    assert shown["rows"] == []
    assert "No changes yet" in shown["message"]


def test_every_question_type_reads_as_the_rep_wrote_it(qtbot, services, meeting) -> None:
    """Values are stored as JSON; the history shows labels, units, currencies and dates."""
    record = services.interviews.record
    playbook = services.interviews.meeting(meeting).playbook
    changes = {
        "meeting_purpose": ("Explore", "Explore routing", "Explore", "Explore routing"),
        "time_available": (30, 45, "30 minutes", "45 minutes"),
        "ok_to_ask_first": ("yes", "no", "Yes", "No"),
        "target_date": ("2026-12-15", "2027-01-31", "15 December 2026", "31 January 2027"),
        "goal_priority": ("top", "nice_to_have", "Top priority", "Nice to have"),
        "problem_areas": (["Cost"], ["Cost", "Time and speed"], "Cost", "Cost, Time and speed"),
        "impact_estimate": (
            {"amount": 50000, "currency": "EUR"},
            {"amount": 65000.5, "currency": "EUR"},
            "EUR 50,000",
            "EUR 65,000.5",
        ),
        "severity": (2, 4, "2/5 (Annoying)", "4/5 (Serious)"),
        "stakeholders": (
            [{"name": "Dana Ortiz", "role": "champion", "met": "yes"}],
            [{"name": "Dana Ortiz", "role": "economic_buyer", "met": "no"}],
            "Dana Ortiz, Champion (wants this to happen), Yes",
            "Dana Ortiz, Economic buyer (approves the spend), No",
        ),
    }
    for question_id, (old, new, _, _) in changes.items():
        record(meeting, question_id, "value", old)
        record(meeting, question_id, "value", new)
    for question_id, (_, _, old_text, new_text) in changes.items():
        dialog = AnswerHistoryDialog(services.interviews, meeting, playbook.question(question_id))
        qtbot.addWidget(dialog)
        ((when, what, before, after),) = rows_of(dialog)
        assert LOCAL_TIME.match(when)
        assert (what, before, after) == ("Answer", old_text, new_text), question_id


def test_meeting_history_lists_the_gate_override_and_the_end(
    qtbot, show_active, window, services, meeting, monkeypatch
) -> None:
    monkeypatch.setattr(
        window_module.GateOverrideDialog,
        "ask",
        classmethod(lambda cls, p, missing: "The client asked for our approach"),
    )
    monkeypatch.setattr(window_module.SolutionIdeasDialog, "ask", classmethod(lambda *a: None))
    press(qtbot, Qt.Key.Key_G, CTRL)
    shown = read_modal(qtbot, lambda: press(qtbot, Qt.Key.Key_H, CTRL | SHIFT), window)
    assert shown["dialog"] == "MeetingHistoryDialog"
    assert [row[1:] for row in shown["rows"]] == [
        ("Meeting started", ""),
        ("Diagnosis gate overridden", "Reason: The client asked for our approach"),
    ]
    assert all(LOCAL_TIME.match(row[0]) for row in shown["rows"])
    assert not shown["editable"]

    ending = MeetingEnd("advance", "Pilot at the Leeds depot", "Dana books the depot", "2026-12-04")
    monkeypatch.setattr(window_module.EndMeetingDialog, "ask", classmethod(lambda *a: ending))
    monkeypatch.setattr(MeetingWindow, "_open_studio", lambda self, follow: None)
    press(qtbot, Qt.Key.Key_E, CTRL)
    assert not window.isVisible()

    reopened = show_active(MeetingWindow(services.interviews, meeting))
    shown = read_modal(qtbot, lambda: press(qtbot, Qt.Key.Key_H, CTRL | SHIFT), reopened)
    assert [row[1:] for row in shown["rows"]][-1] == (
        "Meeting ended: Advance",
        "Next step: Pilot at the Leeds depot\nClient's action: Dana books the depot\n"
        "By: 4 December 2026",
    )
    assert len(shown["rows"]) == 3
    reopened.close()


def test_history_is_in_the_menus_the_tooltips_and_the_f1_sheet(window) -> None:
    for name, key, text in (
        ("history", "Ctrl+H", "History of this answer"),
        ("meeting_history", "Ctrl+Shift+H", "Meeting history"),
    ):
        action = window.actions_by_name[name]
        assert action.shortcut() == QKeySequence(key)
        assert key in action.toolTip() and text in action.toolTip()
        in_menus = [
            entry
            for top in window.menuBar().actions()
            if top.menu() is not None
            for entry in top.menu().actions()
        ]
        assert action in in_menus
        assert key in shortcuts_html() and text in shortcuts_html()


def test_no_two_meeting_shortcuts_share_a_key() -> None:
    keys = [QKeySequence(key).toString() for shortcut in SHORTCUTS for key in shortcut.keys]
    keys += [f"Ctrl+{n}" for n in range(1, 10)]  # jump to section
    keys += ["Ctrl+Z", "F2", "Alt+Up", "Alt+Down", "Alt+Return", "Delete"]  # the needs list
    assert len(keys) == len(set(keys)), sorted(key for key in keys if keys.count(key) > 1)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")
def test_a_history_that_cannot_be_read_says_why(qtbot, services, meeting) -> None:
    """The drive holding the data goes away: the dialog says so calmly, no crash report."""
    question = services.interviews.meeting(meeting).playbook.question("problems")
    with drive_gone(services.db.conn, services.paths.database):
        answer = AnswerHistoryDialog(services.interviews, meeting, question)
        events = MeetingHistoryDialog(services.interviews, meeting)
    for dialog in (answer, events):
        qtbot.addWidget(dialog)
        assert rows_of(dialog) == []
        assert dialog.message.text().startswith("The history cannot be read right now.")
        assert "reconnect it, then try again" in dialog.message.text()

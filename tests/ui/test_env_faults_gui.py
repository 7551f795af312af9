"""Meeting mode and the summary studio under real environment faults: another program holding
the database, a full disk, a database that may only be read. What the rep typed stays in memory
and on screen, the window says "Not saved - retrying", and once the fault clears everything is
saved: checked on disk with a connection of its own."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit
from shared_helpers import SAVE_WAIT_MS, drive_gone

from salescoach.services.demo import add_demo_data
from salescoach.ui.meeting import window as window_module
from salescoach.ui.meeting.dialogs import MeetingEnd
from salescoach.ui.meeting.window import MeetingWindow
from salescoach.ui.studio.window import StudioWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
FAST_BUSY_MS = 150
NOT_SAVED = "Not saved - retrying"


def on_disk(path: Path, sql: str, *args: object) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, args).fetchall()


def answer_on_disk(path: Path, interview: int, question: str) -> tuple:
    rows = on_disk(
        path,
        "SELECT value, quote, note FROM answers WHERE interview_id = ? AND question_id = ?",
        interview,
        question,
    )
    if not rows:
        return (None, "", "")
    value, quote, note = rows[0]
    return (json.loads(value) if value else None, quote or "", note or "")


def needs_on_disk(path: Path, interview: int) -> list[str]:
    rows = on_disk(path, "SELECT statement FROM needs WHERE interview_id = ?", interview)
    return [row[0] for row in rows]


def key(qtbot, which: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), which, modifiers)


def text_input(window: MeetingWindow):
    editor = window.page.editor
    return editor.findChild(QLineEdit) or editor.findChild(QPlainTextEdit)


@pytest.fixture
def meeting(services, default_playbook) -> int:
    prospect = services.prospects.add("Acme Freight")
    return services.interviews.start(prospect, default_playbook)


@pytest.fixture
def window(qtbot, show_active, services, meeting) -> MeetingWindow:
    services.db.execute(f"PRAGMA busy_timeout = {FAST_BUSY_MS}")
    opened = show_active(MeetingWindow(services.interviews, meeting))
    opened.saver._retry.setInterval(300)  # the app retries every 3 s; the tests are impatient
    opened.go_to("problems")
    return opened


def type_answer_quote_and_note(qtbot, window: MeetingWindow, words: str) -> None:
    qtbot.keyClicks(text_input(window), words)
    key(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    qtbot.keyClicks(window.page.quote, f"quote: {words}")
    key(qtbot, Qt.Key.Key_M, CTRL)
    qtbot.keyClicks(window.page.note, f"note: {words}")


def assert_kept_on_screen(window: MeetingWindow, words: str) -> None:
    assert window.values["problems"] == words
    assert text_input(window).toPlainText() == words
    assert window.page.quote.toPlainText() == f"quote: {words}"
    assert window.page.note.toPlainText() == f"note: {words}"
    assert window.saved_label.text() == NOT_SAVED
    assert "kept" in window.saved_label.toolTip()


def test_locked_by_another_program_then_released(
    qtbot, window, services, meeting, held_by_another_program
) -> None:
    path = services.paths.database
    words = "Dispatch re-plans every route by hand"
    with held_by_another_program(path):
        type_answer_quote_and_note(qtbot, window, words)
        qtbot.waitUntil(lambda: window.saved_label.text() == NOT_SAVED, timeout=SAVE_WAIT_MS)
        assert "in use by another program" in window.saved_label.toolTip()
        # A need heard meanwhile: the form keeps the words and says why.
        key(qtbot, Qt.Key.Key_N, CTRL)
        qtbot.keyClicks(window.needs.editor.statement, "Plans ready by 2pm")
        key(qtbot, Qt.Key.Key_Return)
        assert window.needs.editor.isVisible()
        assert window.needs.editor.statement.toPlainText() == "Plans ready by 2pm"
        assert "in use by another program" in window.needs.editor.hint.text()
        assert window.needs.holds_unsaved_words()
        qtbot.wait(700)  # a retry or two while still locked
        assert_kept_on_screen(window, words)
        assert answer_on_disk(path, meeting, "problems") == (None, "", "")
        assert needs_on_disk(path, meeting) == []

    qtbot.waitUntil(lambda: window.saved_label.text().startswith("Saved "), timeout=SAVE_WAIT_MS)
    assert answer_on_disk(path, meeting, "problems") == (words, f"quote: {words}", f"note: {words}")
    window.needs.editor.statement.setFocus()
    key(qtbot, Qt.Key.Key_Return)  # Enter tries the need again
    assert needs_on_disk(path, meeting) == ["Plans ready by 2pm"]
    assert not window.needs.editor.isVisible()
    assert window.needs.model.rowCount() == 1


def _fill_to_the_brim(services, interview: int) -> None:
    """No room left in the file: the page limit is its size and the answers' pages are full."""
    db = services.db
    db.execute("PRAGMA max_page_count = " + str(db.execute("PRAGMA page_count").fetchone()[0]))
    size, filler = 2000, 0
    while size:
        filler += 1
        try:
            db.execute(
                "INSERT INTO answers (interview_id, question_id, value, created_at, updated_at) "
                "VALUES (?, ?, ?, 't', 't')",
                [interview, f"filler-{filler}", json.dumps("x" * size)],
            )
        except sqlite3.OperationalError:
            size //= 2


def test_a_full_disk_then_space_freed(qtbot, window, services, meeting) -> None:
    path = services.paths.database
    _fill_to_the_brim(services, meeting)
    words = "They lose a day a week to re-planning"
    type_answer_quote_and_note(qtbot, window, words)
    qtbot.waitUntil(lambda: window.saved_label.text() == NOT_SAVED, timeout=SAVE_WAIT_MS)
    assert "is full" in window.saved_label.toolTip()
    assert "Free some space" in window.statusBar().currentMessage()
    qtbot.wait(700)
    assert_kept_on_screen(window, words)
    assert answer_on_disk(path, meeting, "problems") == (None, "", "")

    services.db.execute("PRAGMA max_page_count = 1000000")  # space freed
    qtbot.waitUntil(lambda: window.saved_label.text().startswith("Saved "), timeout=SAVE_WAIT_MS)
    assert answer_on_disk(path, meeting, "problems") == (words, f"quote: {words}", f"note: {words}")


def test_a_database_that_may_only_be_read_then_writable(qtbot, window, services, meeting):
    path = services.paths.database
    services.db.execute("PRAGMA query_only = ON")
    words = "Penalties every week"
    type_answer_quote_and_note(qtbot, window, words)
    qtbot.waitUntil(lambda: window.saved_label.text() == NOT_SAVED, timeout=SAVE_WAIT_MS)
    assert "cannot write" in window.saved_label.toolTip()
    qtbot.wait(700)
    assert_kept_on_screen(window, words)
    services.db.execute("PRAGMA query_only = OFF")
    qtbot.waitUntil(lambda: window.saved_label.text().startswith("Saved "), timeout=SAVE_WAIT_MS)
    assert answer_on_disk(path, meeting, "problems") == (words, f"quote: {words}", f"note: {words}")


def test_typing_never_reads_the_database(qtbot, window, services) -> None:
    """Every keystroke works from memory (answers, needs, the gate): a slow or locked disk never
    stalls typing, and a failed read cannot interrupt it. Text waits for the debounce; a choice
    is saved at once, with no other read."""
    statements: list[str] = []
    for question, typing in (
        ("problems", lambda: qtbot.keyClicks(text_input(window), "Routes by hand")),
        ("budget_exists", lambda: key(qtbot, Qt.Key.Key_Y)),  # shows a question, moves the gate
    ):
        window.go_to(question)  # moving on saves at once: that may touch the disk
        services.db.conn.set_trace_callback(statements.append)
        try:
            typing()
        finally:
            services.db.conn.set_trace_callback(None)
        # A choice is saved at once; apart from that save's own look-up, nothing is read.
        reads = [
            statement
            for statement in statements
            if statement.lstrip().upper().startswith("SELECT")
            and not statement.startswith("SELECT id, value FROM answers WHERE")
        ]
        assert reads == [], question
        statements.clear()
    assert window.values["budget_exists"] == "yes"


def test_ending_the_meeting_while_locked_keeps_the_choice(
    qtbot, window, services, meeting, monkeypatch, held_by_another_program
) -> None:
    path = services.paths.database
    chosen = MeetingEnd("advance", "Pilot at the Leeds depot", "Dana books the depot", "")
    offered: list[object] = []
    notices: list[str] = []

    def ask(cls, parent, next_step="", previous=None):
        offered.append(previous)
        return previous or chosen

    monkeypatch.setattr(window_module.EndMeetingDialog, "ask", classmethod(ask))
    monkeypatch.setattr(
        window_module.NotSavedNotice, "ask", classmethod(lambda cls, p, m, d: notices.append(d))
    )
    with held_by_another_program(path):
        key(qtbot, Qt.Key.Key_E, CTRL)
    assert window.isVisible()
    assert "in use by another program" in notices[0]
    assert on_disk(path, "SELECT status FROM interviews WHERE id = ?", meeting) == [
        ("in_progress",)
    ]
    key(qtbot, Qt.Key.Key_E, CTRL)  # the lock is gone: the same choice is offered and saved
    assert offered == [None, chosen]
    assert on_disk(
        path, "SELECT status, outcome, next_step FROM interviews WHERE id = ?", meeting
    ) == [("ended", "advance", "Pilot at the Leeds depot")]


def test_closing_with_an_unsaved_need_asks_first(
    qtbot, window, services, meeting, monkeypatch, held_by_another_program
):
    asked: list[str] = []

    def warning(parent, title, text, *buttons):
        asked.append(text)
        return window_module.QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(window_module.QMessageBox, "warning", warning)
    with held_by_another_program(services.paths.database):
        key(qtbot, Qt.Key.Key_N, CTRL)
        qtbot.keyClicks(window.needs.editor.statement, "Fewer late trucks")
        key(qtbot, Qt.Key.Key_Return)
    window.close()
    assert window.isVisible()
    assert "need you were writing is not saved" in asked[0]
    assert window.needs.editor.statement.toPlainText() == "Fewer late trucks"


def test_studio_edits_while_locked_are_saved_once_released(
    qtbot, show_active, services, held_by_another_program
):
    add_demo_data(services)
    prospect = services.prospects.id_for_demo_key("northwind")
    interview = services.interviews.for_prospect(prospect)[0]["id"]
    services.db.execute(f"PRAGMA busy_timeout = {FAST_BUSY_MS}")
    studio = show_active(StudioWindow(services, interview))
    studio.saver._retry.setInterval(300)
    path = services.paths.database
    key(qtbot, Qt.Key.Key_E, CTRL)
    with held_by_another_program(path):
        studio.view.editor.selectAll()
        qtbot.keyClicks(studio.view.editor, "Dear Dana, here is what we heard")
        qtbot.waitUntil(
            lambda: studio.badge.text() == "Edits not saved - retrying", timeout=SAVE_WAIT_MS
        )
        assert "in use by another program" in studio.badge.toolTip()
        qtbot.wait(700)
        assert studio.view.editor.toPlainText() == "Dear Dana, here is what we heard"
        assert on_disk(path, "SELECT final_text FROM summaries") == []
    qtbot.waitUntil(lambda: studio.badge.text() == "Edited copy", timeout=SAVE_WAIT_MS)
    assert on_disk(path, "SELECT final_text FROM summaries WHERE interview_id = ?", interview) == [
        ("Dear Dana, here is what we heard",)
    ]


def test_opening_the_gate_while_locked_keeps_the_reason(
    qtbot, window, services, meeting, monkeypatch, held_by_another_program
) -> None:
    path = services.paths.database
    notices: list[str] = []
    ideas: list[int] = []
    offered: list[str] = []

    def ask(cls, parent, missing, reason=""):
        offered.append(reason)
        return reason or "Client asked"

    monkeypatch.setattr(window_module.GateOverrideDialog, "ask", classmethod(ask))
    monkeypatch.setattr(
        window_module.SolutionIdeasDialog, "ask", classmethod(lambda cls, p, s, i: ideas.append(i))
    )
    monkeypatch.setattr(
        window_module.NotSavedNotice, "ask", classmethod(lambda cls, p, m, d: notices.append(m))
    )
    with held_by_another_program(path):
        key(qtbot, Qt.Key.Key_G, CTRL)
    assert notices == ["The reason for opening the gate is not saved."]
    assert ideas == [] and window.gate_label.text() == "Diagnosing"
    key(qtbot, Qt.Key.Key_G, CTRL)  # the reason written before is offered again, and saved
    assert offered == ["", "Client asked"]
    assert ideas == [meeting] and window.gate_label.text() == "Gate overridden"
    assert on_disk(path, "SELECT gate_override_reason FROM interviews WHERE id = ?", meeting) == [
        ("Client asked",)
    ]


def test_solution_ideas_are_not_dropped_when_their_save_fails(
    qtbot, services, meeting, monkeypatch, held_by_another_program
) -> None:
    from salescoach.ui.meeting import dialogs

    path = services.paths.database
    need = services.interviews.add_need(meeting, "Plans ready by 2pm")
    services.interviews.override_gate(meeting, "Client asked")
    services.db.execute(f"PRAGMA busy_timeout = {FAST_BUSY_MS}")
    asked: list[bool] = []
    monkeypatch.setattr(
        dialogs.LoseIdeasQuestion, "ask", classmethod(lambda cls, p: asked.append(True) or False)
    )
    dialog = dialogs.SolutionIdeasDialog(services.interviews, meeting)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.fields[need], "A shared routing board")
    with held_by_another_program(path):
        dialog.accept()
    assert asked == [True] and dialog.isVisible()  # kept open: the words are still there
    assert dialog.fields[need].text() == "A shared routing board"
    assert "in use by another program" in dialog.error.text()
    dialog.accept()
    assert not dialog.isVisible()
    assert on_disk(path, "SELECT solution_idea FROM needs WHERE id = ?", need) == [
        ("A shared routing board",)
    ]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")
def test_the_studio_that_cannot_read_the_meeting_says_so(qtbot, window, services) -> None:
    """The drive holding the data goes away: Ctrl+Shift+S explains instead of a crash report."""
    window.services = services
    with drive_gone(services.db.conn, services.paths.database):
        key(qtbot, Qt.Key.Key_S, CTRL | SHIFT)
    message = window.statusBar().currentMessage()
    assert message.startswith("The summary studio cannot open right now.")
    assert "could not be read or written" in message
    assert window.studio is None

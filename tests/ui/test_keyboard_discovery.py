"""A whole discovery meeting run with the keyboard alone, as a rep would in front of a client."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from salescoach.domain.answers import is_answered
from salescoach.domain.coverage import coverage
from salescoach.domain.playbook import Question, QuestionType
from salescoach.ui.meeting import window as window_module
from salescoach.ui.meeting.window import MeetingWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifiers)


def answer_by_keyboard(qtbot, question: Question) -> None:
    """Answer the question on screen the way a rep would: type, or press its choice keys."""
    kind = question.type
    if kind in (QuestionType.TEXT, QuestionType.LONG_TEXT):
        qtbot.keyClicks(QApplication.focusWidget(), f"In their words: {question.id}")
    elif kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE):
        press(qtbot, Qt.Key.Key_1)
    elif kind == QuestionType.YES_NO:
        press(qtbot, Qt.Key.Key_Y)
    elif kind == QuestionType.SCALE:
        press(qtbot, Qt.Key.Key_4)
    elif kind in (QuestionType.NUMBER, QuestionType.CURRENCY):
        low = int(question.min or 0)
        qtbot.keyClicks(QApplication.focusWidget(), str(low + 12))
    elif kind == QuestionType.DATE:
        press(qtbot, Qt.Key.Key_Up)  # an empty date jumps to today
    elif kind == QuestionType.GROUP:
        qtbot.keyClicks(QApplication.focusWidget(), "Dana Ortiz")
        press(qtbot, Qt.Key.Key_Tab)  # leave the cell so it is kept


def end_dialog_by_keyboard(qtbot, failures: list[str]) -> None:
    """Tab to the next step, add to it, press Enter; never leave the modal dialog hanging."""
    dialog = QApplication.activeModalWidget()
    try:
        dialog.windowHandle().requestActivate()  # a window manager does this for a real rep
        qtbot.waitUntil(dialog.isActiveWindow)
        for _ in range(6):
            if QApplication.focusWidget().objectName() == "next-step":
                break
            press(qtbot, Qt.Key.Key_Tab)
        assert QApplication.focusWidget().objectName() == "next-step"
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_End)
        qtbot.keyClicks(QApplication.focusWidget(), " and a pilot plan")
        press(qtbot, Qt.Key.Key_Return)
    except AssertionError as error:
        failures.append(str(error))
        dialog.reject()


def test_a_whole_discovery_by_keyboard(
    qtbot, show_active, services, default_playbook, monkeypatch
) -> None:
    prospect = services.prospects.add("Keyboard Freight")
    interview = services.interviews.start(prospect, default_playbook)
    window = MeetingWindow(services.interviews, interview)
    show_active(window)

    visited: list[str] = []
    while True:
        question = window._current
        visited.append(question.id)
        answer_by_keyboard(qtbot, question)
        press(qtbot, Qt.Key.Key_Return, CTRL)
        if window._current.id == question.id:  # the last visible question
            break
    assert len(visited) == len(set(visited)) >= 35

    press(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(QApplication.focusWidget(), "Plans ready by 2pm, even when a planner is away")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_R, CTRL)
    press(qtbot, Qt.Key.Key_C)
    press(qtbot, Qt.Key.Key_Escape)

    opened: list[int] = []
    monkeypatch.setattr(
        window_module.SolutionIdeasDialog, "ask", classmethod(lambda cls, p, s, i: opened.append(i))
    )
    press(qtbot, Qt.Key.Key_G, CTRL)  # the diagnosis is done: no override asked for
    assert opened == [interview]

    failures: list[str] = []
    QTimer.singleShot(0, lambda: end_dialog_by_keyboard(qtbot, failures))
    with qtbot.waitSignal(window.ended, timeout=5000, raising=False) as ending:
        press(qtbot, Qt.Key.Key_E, CTRL)
    assert failures == []
    assert ending.signal_triggered

    answers = {qid: a.value for qid, a in services.interviews.answers(interview).items()}
    assert all(is_answered(answers.get(qid)) for qid in visited)
    assert coverage(default_playbook, answers).complete
    (need,) = services.interviews.needs(interview)
    assert need.status == "confirmed"
    assert need.source_question_id == visited[-1]
    record = services.interviews.meeting(interview).record
    assert record["status"] == "ended" and record["outcome"] == "advance"
    assert record["next_step"].endswith("and a pilot plan")
    assert not services.interviews.gate(interview).overridden

"""Meeting mode on a real database, driven by the keyboard the way a rep would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit
from shared_helpers import SAVE_WAIT_MS

from salescoach.errors import StorageUnavailable
from salescoach.ui.meeting import window as window_module
from salescoach.ui.meeting.dialogs import MeetingEnd
from salescoach.ui.meeting.window import MeetingWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def meeting(services, default_playbook):
    prospect = services.prospects.add("Acme Freight")
    services.prospects.add_person(prospect, "Dana Ortiz", title="COO")
    return services.interviews.start(prospect, default_playbook)


@pytest.fixture
def open_window(show_active):
    def open_meeting(qtbot, services, interview_id: int) -> MeetingWindow:
        return show_active(MeetingWindow(services.interviews, interview_id))

    return open_meeting


def focused() -> object:
    return QApplication.focusWidget()


def key(qtbot, sequence: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), sequence, modifiers)


def text_input(window: MeetingWindow):
    editor = window.page.editor
    return editor.findChild(QLineEdit) or editor.findChild(QPlainTextEdit)


def stored(services, interview_id: int) -> dict:
    return {qid: a.value for qid, a in services.interviews.answers(interview_id).items()}


def test_opens_on_the_first_question_with_its_tip(
    qtbot, open_window, services, meeting, default_playbook
):
    window = open_window(qtbot, services, meeting)
    first = default_playbook.questions()[0]
    assert window.page.text.text() == first.text
    assert first.tip in window.tip.text()
    assert window.page.must_ask.isVisible() == first.must_ask
    assert window.coverage_bar.format().startswith("Must-ask 0/")


def test_keys_move_between_questions_and_sections(
    qtbot, open_window, services, meeting, default_playbook
):
    window = open_window(qtbot, services, meeting)
    questions = default_playbook.questions()
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert window._current.id == questions[1].id
    key(qtbot, Qt.Key.Key_PageDown)
    assert window._current.id == questions[2].id
    key(qtbot, Qt.Key.Key_Return, CTRL | SHIFT)
    assert window._current.id == questions[1].id
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert window._current.id == default_playbook.sections[1].questions[0].id
    key(qtbot, Qt.Key.Key_3, CTRL)
    assert window._current.id == default_playbook.sections[2].questions[0].id
    assert window.sections.currentRow() == 2


def test_typing_an_answer_saves_it_and_says_so(
    qtbot, open_window, services, meeting, default_playbook
):
    window = open_window(qtbot, services, meeting)
    first = default_playbook.questions()[0]
    qtbot.keyClicks(text_input(window), "Decide if routing is worth fixing")
    with qtbot.waitSignal(window.saver.saved, timeout=SAVE_WAIT_MS):
        pass
    assert stored(services, meeting)[first.id] == "Decide if routing is worth fixing"
    assert window.saved_label.text().startswith("Saved ")
    qtbot.keyClicks(text_input(window), " this year")
    key(qtbot, Qt.Key.Key_PageDown)  # changing question flushes at once
    assert stored(services, meeting)[first.id] == "Decide if routing is worth fixing this year"
    history = services.interviews.history(meeting, first.id)
    assert history and history[-1]["new"].endswith('this year"')


def test_quote_and_note_are_kept_per_question(
    qtbot, open_window, services, meeting, default_playbook
):
    window = open_window(qtbot, services, meeting)
    first = default_playbook.questions()[0]
    key(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    assert focused() is window.page.quote
    qtbot.keyClicks(window.page.quote, "We lose a day every week")
    key(qtbot, Qt.Key.Key_M, CTRL)
    assert focused() is window.page.note
    qtbot.keyClicks(window.page.note, "Ask about the depot")
    key(qtbot, Qt.Key.Key_PageDown)
    answers = services.interviews.answers(meeting)
    assert answers[first.id].quote == "We lose a day every week"
    assert answers[first.id].note == "Ask about the depot"
    key(qtbot, Qt.Key.Key_PageUp)
    assert window.page.quote.toPlainText() == "We lose a day every week"


def test_show_if_applies_live_and_keeps_hidden_answers(qtbot, open_window, services, meeting):
    window = open_window(qtbot, services, meeting)
    window.go_to("budget_exists")
    key(qtbot, Qt.Key.Key_Y)
    key(qtbot, Qt.Key.Key_PageDown)
    assert window._current.id == "budget_amount"
    qtbot.keyClicks(text_input(window), "90000")
    key(qtbot, Qt.Key.Key_PageUp)
    assert window._current.id == "budget_exists"
    key(qtbot, Qt.Key.Key_N)
    key(qtbot, Qt.Key.Key_PageDown)
    assert window._current.id == "budget_route"  # the amount is hidden now
    assert stored(services, meeting)["budget_amount"]["amount"] == 90000  # but kept


def test_coverage_counts_must_ask_answers_and_ctrl_u_finds_the_gaps(
    qtbot, open_window, services, meeting, default_playbook
):
    window = open_window(qtbot, services, meeting)
    must_ask = default_playbook.must_ask()
    window.go_to(must_ask[0].id)
    qtbot.keyClicks(text_input(window), "Answered")
    assert window.coverage_bar.value() == 1
    assert window.coverage_bar.format() == f"Must-ask 1/{len(must_ask)}"
    key(qtbot, Qt.Key.Key_U, CTRL)
    assert window._current.id == must_ask[1].id


def test_the_gate_stays_shut_until_overridden_with_a_reason(
    qtbot, open_window, services, meeting, monkeypatch
):
    window = open_window(qtbot, services, meeting)
    asked: list[list[str]] = []
    opened: list[int] = []
    monkeypatch.setattr(
        window_module.GateOverrideDialog, "ask", classmethod(lambda cls, p, m: asked.append(m))
    )
    monkeypatch.setattr(
        window_module.SolutionIdeasDialog, "ask", classmethod(lambda cls, p, s, i: opened.append(i))
    )
    key(qtbot, Qt.Key.Key_G, CTRL)
    assert asked and "no need confirmed" in " ".join(asked[0])
    assert opened == []  # cancelled: still shut
    assert window.gate_label.text() == "Diagnosing"

    monkeypatch.setattr(
        window_module.GateOverrideDialog,
        "ask",
        classmethod(lambda cls, p, m: "The client asked for our approach now"),
    )
    key(qtbot, Qt.Key.Key_G, CTRL)
    assert opened == [meeting]
    gate = services.interviews.gate(meeting)
    assert gate.overridden and gate.override_reason == "The client asked for our approach now"
    assert window.gate_label.text() == "Gate overridden"


def test_readback_takes_over_the_window_and_esc_returns(qtbot, open_window, services, meeting):
    services.interviews.add_need(meeting, "Plans ready by 2pm")
    window = open_window(qtbot, services, meeting)
    key(qtbot, Qt.Key.Key_R, CTRL)
    assert window.centralWidget() is window.readback
    key(qtbot, Qt.Key.Key_C)
    assert services.interviews.needs(meeting)[0].status == "confirmed"
    key(qtbot, Qt.Key.Key_Escape)
    assert window.centralWidget() is window.body


def test_ending_the_meeting_records_outcome_and_next_step(
    qtbot, open_window, services, meeting, monkeypatch
):
    window = open_window(qtbot, services, meeting)
    ending = MeetingEnd("no_fit", "Send a thank-you note", "Dana shares our name", "2026-12-08")
    monkeypatch.setattr(
        window_module.EndMeetingDialog, "ask", classmethod(lambda cls, p, n="": ending)
    )
    with qtbot.waitSignal(window.ended):
        key(qtbot, Qt.Key.Key_E, CTRL)
    record = services.interviews.meeting(meeting).record
    assert record["status"] == "ended" and record["outcome"] == "no_fit"
    assert record["next_step"] == "Send a thank-you note"
    assert record["next_step_client_action"] == "Dana shares our name"
    assert record["next_step_date"] == "2026-12-08"


def test_reopening_resumes_where_the_rep_left(qtbot, open_window, services, meeting):
    window = open_window(qtbot, services, meeting)
    window.go_to("goals")
    qtbot.keyClicks(text_input(window), "On-time above 95%")
    window.close()
    again = open_window(qtbot, services, meeting)
    assert again._current.id == "goals"
    assert (
        text_input(again).text()
        if isinstance(text_input(again), QLineEdit)
        else (text_input(again).toPlainText()) == "On-time above 95%"
    )


def test_a_second_meeting_starts_from_the_last_answers(
    qtbot, open_window, services, meeting, default_playbook
):
    first = open_window(qtbot, services, meeting)
    first.go_to("goals")
    qtbot.keyClicks(text_input(first), "On-time above 95%")
    first.close()
    prospect = services.interviews.meeting(meeting).prospect_id
    second_id = services.interviews.start(prospect, default_playbook, prefill=True)
    second = open_window(qtbot, services, second_id)
    second.go_to("goals")
    field = text_input(second)
    assert field.toPlainText() == "On-time above 95%"
    assert not second.page.carried.isVisible()
    qtbot.keyClicks(field, " by March")
    assert second.page.carried.isVisible()
    assert "On-time above 95%" in second.page.carried.text()


def test_a_failed_save_is_shown_kept_and_retried(
    qtbot, open_window, services, meeting, monkeypatch
):
    window = open_window(qtbot, services, meeting)
    window.saver._retry.setInterval(100)
    real_record = services.interviews.record

    def full_disk(*args, **kwargs):
        raise StorageUnavailable("The disk holding your data is full.")

    monkeypatch.setattr(services.interviews, "record", full_disk)
    qtbot.keyClicks(text_input(window), "Typed while the disk was full")
    with qtbot.waitSignal(window.saver.failed, timeout=SAVE_WAIT_MS):
        pass
    assert window.saved_label.text() == "Not saved - retrying"
    assert "full" in window.saved_label.toolTip()
    monkeypatch.setattr(services.interviews, "record", real_record)
    qtbot.waitUntil(lambda: window.saved_label.text().startswith("Saved"), timeout=SAVE_WAIT_MS)
    first_id = services.interviews.meeting(meeting).playbook.questions()[0].id
    assert stored(services, meeting)[first_id] == "Typed while the disk was full"


def test_f1_shows_every_shortcut(qtbot, open_window, services, meeting):
    window = open_window(qtbot, services, meeting)
    key(qtbot, Qt.Key.Key_F1)
    assert window.help_overlay.isVisible()
    key(qtbot, Qt.Key.Key_Escape)
    assert not window.help_overlay.isVisible()
    for action in window.actions_by_name.values():
        assert action.shortcut().toString() in action.toolTip()


def test_the_add_need_button_links_the_question_on_screen(qtbot, open_window, services, meeting):
    window = open_window(qtbot, services, meeting)
    window.go_to("problems")
    qtbot.mouseClick(window.needs.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(focused(), "Stop re-keying orders")
    key(qtbot, Qt.Key.Key_Return)
    (need,) = services.interviews.needs(meeting)
    assert (need.statement, need.source_question_id) == ("Stop re-keying orders", "problems")


def test_a_section_is_ticked_once_it_needs_nothing_more(qtbot, open_window, services, meeting):
    window = open_window(qtbot, services, meeting)
    titles = {
        section.id: row for row, section in enumerate(window.playbook.sections)
    }  # "value" has no must-ask question; "situation" has one

    def ticked(section_id: str) -> bool:
        return window.sections.item(titles[section_id]).text().endswith("\u2713")

    assert not ticked("value") and not ticked("situation")
    window.go_to("value")
    qtbot.keyClicks(text_input(window), "Two planners back on customer work")
    qtbot.waitUntil(lambda: ticked("value"))
    window.go_to("team_size")  # answered, but not the section's must-ask question
    qtbot.keyClicks(text_input(window), "12")
    qtbot.wait(100)
    assert not ticked("situation")
    window.go_to("situation_overview")
    qtbot.keyClicks(text_input(window), "Routes planned by hand every morning")
    qtbot.waitUntil(lambda: ticked("situation"))

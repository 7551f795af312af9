"""The Confirm read-back on a real database, driven by the keys the rep uses with the client."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from salescoach.errors import SalesCoachError
from salescoach.ui.meeting.readback import EMPTY_TEXT, SCALE, ReadbackView


@pytest.fixture
def meeting(services, default_playbook) -> int:
    prospect = services.prospects.add("Acme")
    return services.interviews.start(prospect, default_playbook)


@pytest.fixture
def three(services, meeting) -> list[int]:
    return [
        services.interviews.add_need(meeting, statement, impact=impact, priority=priority)
        for statement, impact, priority in (
            ("Orders are keyed in twice", "2 days a week", "High"),
            ("Drivers hear about changes late", "", "Medium"),
            ("Month-end reporting is slow", "", ""),
        )
    ]


def statuses(services, meeting: int) -> list[str]:
    return [need.status for need in services.interviews.needs(meeting)]


@pytest.fixture
def readback(show_active):
    def open_readback(qtbot, services, meeting: int) -> ReadbackView:
        view = show_active(ReadbackView(services.interviews, meeting, "Acme"), 1000, 700)
        view.setFocus()
        assert view.hasFocus()
        return view

    return open_readback


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def highlighted(view: ReadbackView) -> list[int]:
    return [row for row, card in enumerate(view.cards) if card.current]


def test_shows_the_ranked_needs_in_large_type(readback, qtbot, services, meeting, three) -> None:
    services.interviews.update_need(three[2], status="not_a_priority")
    view = readback(qtbot, services, meeting)
    assert view.title.text() == "What we heard from Acme"
    assert [card.statement.text() for card in view.cards] == [
        "“Orders are keyed in twice”",
        "“Drivers hear about changes late”",
        "“Month-end reporting is slow”",
    ]
    assert [card.rank.text() for card in view.cards] == ["1", "2", "3"]
    app_size = QApplication.font().pointSizeF()
    assert view.cards[0].statement.font().pointSizeF() >= app_size * (SCALE - 0.05)
    assert view.title.font().pointSizeF() > view.cards[0].statement.font().pointSizeF()
    assert "High priority" in view.cards[0].details.text()
    assert "2 days a week" in view.cards[0].details.text()
    dropped = view.cards[2].statement
    assert dropped.font().strikeOut() and not view.cards[0].statement.font().strikeOut()
    assert "Not a priority" in view.cards[2].status.text()
    assert view.cards[2].buttons["not_a_priority"].isChecked()
    assert (
        view.cards[0].statement.textInteractionFlags()
        & Qt.TextInteractionFlag.TextSelectableByMouse
    )
    assert highlighted(view) == [0]
    assert not view.empty.isVisible()


def test_follows_the_system_palette(readback, qtbot, services, meeting, three) -> None:
    view = readback(qtbot, services, meeting)
    system = QApplication.palette()
    assert view.palette().color(view.palette().ColorRole.Window) == system.color(
        system.ColorRole.Base
    )
    assert view.palette().color(view.palette().ColorRole.WindowText) == system.color(
        system.ColorRole.Text
    )


def test_c_confirms_and_moves_on(readback, qtbot, services, meeting, three) -> None:
    view = readback(qtbot, services, meeting)
    with qtbot.waitSignal(view.statusChanged):
        press(qtbot, Qt.Key.Key_C)
    assert statuses(services, meeting) == ["confirmed", "open", "open"]
    assert "✓" in view.cards[0].status.text() and "Confirmed" in view.cards[0].status.text()
    assert highlighted(view) == [1]


def test_n_marks_not_a_priority(readback, qtbot, services, meeting, three) -> None:
    view = readback(qtbot, services, meeting)
    press(qtbot, Qt.Key.Key_Down)
    with qtbot.waitSignal(view.statusChanged):
        press(qtbot, Qt.Key.Key_N)
    assert statuses(services, meeting) == ["open", "not_a_priority", "open"]
    assert view.cards[1].statement.font().strikeOut()
    assert highlighted(view) == [2]
    press(qtbot, Qt.Key.Key_C)  # the last need: the highlight stays
    assert statuses(services, meeting) == ["open", "not_a_priority", "confirmed"]
    assert highlighted(view) == [2]


def test_e_corrects_the_words_and_keeps_the_first_ones(
    readback, qtbot, services, meeting, three
) -> None:
    view = readback(qtbot, services, meeting)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_E)
    card = view.cards[1]
    assert focused() is card.edit and card.edit.isVisible() and not card.statement.isVisible()
    assert card.edit.text() == "Drivers hear about changes late"
    assert card.edit.selectedText() == card.edit.text()  # typing replaces, arrows edit
    press(qtbot, Qt.Key.Key_End)
    qtbot.keyClicks(focused(), ", after they reach the depot")
    press(qtbot, Qt.Key.Key_Down)  # arrows stay in the field while correcting
    assert highlighted(view) == [1]
    with qtbot.waitSignal(view.statusChanged):
        press(qtbot, Qt.Key.Key_Return)
    need = services.interviews.needs(meeting)[1]
    assert need.statement == "Drivers hear about changes late, after they reach the depot"
    assert need.original_statement == "Drivers hear about changes late"
    assert need.status == "corrected"
    assert view.hasFocus() and highlighted(view) == [2]
    assert "First said: “Drivers hear about changes late”" in view.cards[1].original.text()
    assert "✎" in view.cards[1].status.text()


def test_a_second_correction_still_keeps_the_very_first_words(
    readback, qtbot, services, meeting, three
) -> None:
    view = readback(qtbot, services, meeting)
    for words in ("Orders are keyed in three times", "Orders are keyed in by hand"):
        view.set_current_row(0)
        press(qtbot, Qt.Key.Key_E)
        qtbot.keyClicks(focused(), words)  # replaces the selected text
        press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    need = services.interviews.needs(meeting)[0]
    assert need.statement == "Orders are keyed in by hand"
    assert need.original_statement == "Orders are keyed in twice"


def test_esc_while_correcting_cancels_then_esc_closes(
    readback, qtbot, services, meeting, three
) -> None:
    view = readback(qtbot, services, meeting)
    press(qtbot, Qt.Key.Key_E)
    qtbot.keyClicks(focused(), "Something else")
    with qtbot.assertNotEmitted(view.closeRequested), qtbot.assertNotEmitted(view.statusChanged):
        press(qtbot, Qt.Key.Key_Escape)
    assert statuses(services, meeting) == ["open", "open", "open"]
    assert services.interviews.needs(meeting)[0].statement == "Orders are keyed in twice"
    assert view.hasFocus() and not view.cards[0].edit.isVisible()
    with qtbot.waitSignal(view.closeRequested):
        press(qtbot, Qt.Key.Key_Escape)


def test_unchanged_or_empty_words_are_not_a_correction(
    readback, qtbot, services, meeting, three
) -> None:
    view = readback(qtbot, services, meeting)
    press(qtbot, Qt.Key.Key_E)
    with qtbot.assertNotEmitted(view.statusChanged):
        press(qtbot, Qt.Key.Key_Return)  # unchanged
    assert "unchanged" in view.message.text()
    assert statuses(services, meeting) == ["open", "open", "open"]
    press(qtbot, Qt.Key.Key_E)
    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Return)  # empty
    assert view.cards[0].edit.isVisible() and "client's words" in view.message.text()
    assert statuses(services, meeting) == ["open", "open", "open"]


def test_up_down_and_tab_move_the_highlight(readback, qtbot, services, meeting, three) -> None:
    view = readback(qtbot, services, meeting)
    assert highlighted(view) == [0]
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert highlighted(view) == [2]
    press(qtbot, Qt.Key.Key_Down)  # stays on the last
    assert highlighted(view) == [2]
    press(qtbot, Qt.Key.Key_Up)
    assert highlighted(view) == [1] and view.current_need_id() == three[1]
    press(qtbot, Qt.Key.Key_Tab)
    assert highlighted(view) == [2]
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert highlighted(view) == [1]
    press(qtbot, Qt.Key.Key_Home)
    assert highlighted(view) == [0]
    press(qtbot, Qt.Key.Key_End)
    assert highlighted(view) == [2]
    assert view.hasFocus()
    assert statuses(services, meeting) == ["open", "open", "open"]


def test_the_mouse_works_too(readback, qtbot, services, meeting, three) -> None:
    view = readback(qtbot, services, meeting)
    qtbot.mouseClick(view.cards[2], Qt.MouseButton.LeftButton)
    assert highlighted(view) == [2]
    with qtbot.waitSignal(view.statusChanged):
        qtbot.mouseClick(view.cards[1].buttons["confirmed"], Qt.MouseButton.LeftButton)
    assert statuses(services, meeting) == ["open", "confirmed", "open"]
    assert view.cards[1].buttons["confirmed"].isChecked()
    assert view.hasFocus()


def test_refresh_picks_up_changes_made_elsewhere(readback, qtbot, services, meeting, three) -> None:
    view = readback(qtbot, services, meeting)
    press(qtbot, Qt.Key.Key_Down)
    services.interviews.rerank_needs([three[2], three[0], three[1]])
    services.interviews.add_need(meeting, "Nobody owns the customer list")
    view.refresh()
    assert [card.need.id for card in view.cards][:3] == [three[2], three[0], three[1]]
    assert len(view.cards) == 4
    assert view.current_need_id() == three[1]  # the highlight follows the need


def test_a_failed_answer_is_shown_and_the_correction_kept(
    readback, qtbot, services, meeting, three, monkeypatch
) -> None:
    view = readback(qtbot, services, meeting)

    def locked(*_args, **_kwargs):
        raise SalesCoachError("The database is locked by another program.")

    monkeypatch.setattr(services.interviews, "update_need", locked)
    monkeypatch.setattr(services.interviews, "correct_need", locked)
    with qtbot.waitSignal(view.saveFailed) as failed, qtbot.assertNotEmitted(view.statusChanged):
        press(qtbot, Qt.Key.Key_C)
    assert "locked" in failed.args[0] and view.message.isVisible()
    assert highlighted(view) == [0]
    press(qtbot, Qt.Key.Key_E)
    qtbot.keyClicks(focused(), "New words")
    with qtbot.waitSignal(view.saveFailed):
        press(qtbot, Qt.Key.Key_Return)
    assert view.cards[0].edit.isVisible() and view.cards[0].edit.text() == "New words"
    assert "kept" in view.message.text()
    monkeypatch.undo()
    with qtbot.waitSignal(view.statusChanged):
        press(qtbot, Qt.Key.Key_Return)  # Enter tries again
    assert services.interviews.needs(meeting)[0].statement == "New words"
    assert not view.message.isVisible()


def test_no_needs_says_what_to_do(readback, qtbot, services, meeting) -> None:
    view = readback(qtbot, services, meeting)
    assert view.cards == [] and view.empty.isVisible()
    assert view.empty.text() == EMPTY_TEXT
    with qtbot.assertNotEmitted(view.statusChanged):
        press(qtbot, Qt.Key.Key_C)
        press(qtbot, Qt.Key.Key_Down)
    with qtbot.waitSignal(view.closeRequested):
        press(qtbot, Qt.Key.Key_Escape)

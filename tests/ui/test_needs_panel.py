"""The needs panel on a real database, driven by keys (and the mouse where it helps)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QWidget

from salescoach.errors import SalesCoachError
from salescoach.ui.meeting.needs_model import MIME_TYPE, NeedsModel
from salescoach.ui.meeting.needs_panel import EMPTY_TEXT, NeedsPanel

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def meeting(services, default_playbook) -> int:
    prospect = services.prospects.add("Acme")
    return services.interviews.start(prospect, default_playbook)


def add(services, meeting: int, *statements: str) -> list[int]:
    return [services.interviews.add_need(meeting, statement) for statement in statements]


def stored(services, meeting: int) -> list[str]:
    return [need.statement for need in services.interviews.needs(meeting)]


class Window(QWidget):
    """A stand-in for meeting mode: a notes field beside the panel; Ctrl+N adds a need linked to
    the question on screen, as the meeting window does."""

    def __init__(self, services, meeting: int) -> None:
        super().__init__()
        self.question = "situation_overview"
        layout = QHBoxLayout(self)
        self.notes = QLineEdit(self)
        layout.addWidget(self.notes)
        self.panel = NeedsPanel(services.interviews, meeting, self)
        layout.addWidget(self.panel)
        add = QAction("Add a need", self)
        add.setShortcut(QKeySequence("Ctrl+N"))
        add.triggered.connect(lambda: self.panel.add_need(self.question))
        self.addAction(add)


@pytest.fixture
def open_panel(show_active):
    def open_window(qtbot, services, meeting: int) -> Window:
        return show_active(Window(services, meeting), 900, 600)

    return open_window


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def select(qtbot, panel: NeedsPanel, row: int) -> None:
    """Click a need, as the rep would, which also focuses the list."""
    rect = panel.list.visualRect(panel.model.index(row))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.list.currentIndex().row() == row
    assert panel.list.hasFocus()


# --- adding -------------------------------------------------------------------------------------


def test_an_empty_meeting_says_how_to_add_a_need(open_panel, qtbot, services, meeting) -> None:
    w = open_panel(qtbot, services, meeting)
    assert w.panel.empty.isVisible()
    assert (
        w.panel.empty.text() == EMPTY_TEXT == ("No needs yet. Press Ctrl+N while the client talks.")
    )
    assert not w.panel.list.isVisible()


def test_ctrl_n_adds_a_need_by_keys_and_returns_to_the_notes(
    open_panel, qtbot, services, meeting
) -> None:
    w = open_panel(qtbot, services, meeting)
    w.question = "problems"
    w.notes.setFocus()
    qtbot.keyClicks(w.notes, "half a sentence")
    qtbot.keyClick(w.notes, Qt.Key.Key_N, CTRL)
    assert w.panel.editor.isVisible()
    assert focused() is w.panel.editor.statement
    qtbot.keyClicks(focused(), "We lose two days a week re-keying orders")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is w.panel.editor.impact
    qtbot.keyClicks(focused(), "EUR 40k a year")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is w.panel.editor.priority
    qtbot.keyClick(focused(), Qt.Key.Key_H)  # type-ahead picks "High"
    with qtbot.waitSignal(w.panel.needsChanged):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)

    [need] = services.interviews.needs(meeting)
    assert need.statement == "We lose two days a week re-keying orders"
    assert (need.impact, need.priority, need.status) == ("EUR 40k a year", "High", "open")
    assert need.source_question_id == "problems"
    assert not w.panel.editor.isVisible()
    assert focused() is w.notes and w.notes.text() == "half a sentence"
    assert w.panel.list.isVisible() and not w.panel.empty.isVisible()
    assert w.panel.model.rowCount() == 1
    assert w.panel.list.currentIndex().row() == 0


def test_add_need_slot_links_the_question_given(open_panel, qtbot, services, meeting) -> None:
    w = open_panel(qtbot, services, meeting)
    w.panel.add_need("goals")
    assert "from:" in w.panel.editor.title.text()
    qtbot.keyClicks(focused(), "Grow to three depots")
    qtbot.keyClick(focused(), Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    [need] = services.interviews.needs(meeting)
    assert (need.statement, need.source_question_id) == ("Grow to three depots", "goals")


def test_esc_cancels_and_adds_nothing(open_panel, qtbot, services, meeting) -> None:
    w = open_panel(qtbot, services, meeting)
    w.notes.setFocus()
    with qtbot.assertNotEmitted(w.panel.needsChanged):
        qtbot.keyClick(w.notes, Qt.Key.Key_N, CTRL)
        qtbot.keyClicks(focused(), "Something half heard")
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert not w.panel.editor.isVisible()
    assert services.interviews.needs(meeting) == []
    assert w.panel.empty.isVisible()
    assert focused() is w.notes
    qtbot.keyClick(w.notes, Qt.Key.Key_N, CTRL)  # the form opens empty again
    assert w.panel.editor.statement.toPlainText() == ""


def test_enter_without_words_keeps_the_form_open_with_a_hint(
    open_panel, qtbot, services, meeting
) -> None:
    w = open_panel(qtbot, services, meeting)
    w.panel.add_need()
    with qtbot.assertNotEmitted(w.panel.needsChanged):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert w.panel.editor.isVisible()
    assert "client's words" in w.panel.editor.hint.text()
    assert focused() is w.panel.editor.statement
    assert services.interviews.needs(meeting) == []


def test_ctrl_n_again_does_not_throw_away_unsaved_words(
    open_panel, qtbot, services, meeting
) -> None:
    w = open_panel(qtbot, services, meeting)
    w.panel.add_need("problems")
    qtbot.keyClicks(focused(), "Words I must not lose")
    qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL)
    assert w.panel.editor.statement.toPlainText() == "Words I must not lose"
    assert "Finish this need first" in w.panel.editor.hint.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert stored(services, meeting) == ["Words I must not lose"]


def test_pasted_line_breaks_become_spaces(open_panel, qtbot, services, meeting) -> None:
    w = open_panel(qtbot, services, meeting)
    w.panel.add_need()
    QApplication.clipboard().setText("two days\na week\n")
    qtbot.keyClick(focused(), Qt.Key.Key_V, CTRL)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert stored(services, meeting) == ["two days a week"]


# --- editing ------------------------------------------------------------------------------------


def test_f2_edits_the_selected_need_in_place(open_panel, qtbot, services, meeting) -> None:
    first, _second = add(services, meeting, "Orders are re-keyed", "Drivers hear late")
    services.interviews.update_need(first, impact="2 days a week", priority="Medium")
    w = open_panel(qtbot, services, meeting)
    select(qtbot, w.panel, 0)
    qtbot.keyClick(w.panel.list, Qt.Key.Key_F2)
    editor = w.panel.editor
    assert editor.isVisible() and focused() is editor.statement
    assert editor.title.text() == "Edit need 1"
    assert editor.values() == {
        "statement": "Orders are re-keyed",
        "impact": "2 days a week",
        "priority": "Medium",
    }
    qtbot.keyClicks(focused(), " by hand")
    with qtbot.waitSignal(w.panel.needsChanged):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    need = services.interviews.needs(meeting)[0]
    assert need.statement == "Orders are re-keyed by hand"
    assert (need.impact, need.priority) == ("2 days a week", "Medium")
    assert focused() is w.panel.list and w.panel.list.currentIndex().row() == 0
    assert len(services.interviews.needs(meeting)) == 2


def test_enter_on_a_need_edits_it_and_esc_keeps_it(open_panel, qtbot, services, meeting) -> None:
    add(services, meeting, "Orders are re-keyed", "Drivers hear late")
    w = open_panel(qtbot, services, meeting)
    select(qtbot, w.panel, 1)
    qtbot.keyClick(w.panel.list, Qt.Key.Key_Return)
    assert w.panel.editor.title.text() == "Edit need 2"
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focused(), "Something else")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert stored(services, meeting) == ["Orders are re-keyed", "Drivers hear late"]
    assert focused() is w.panel.list and w.panel.list.currentIndex().row() == 1


def test_double_click_edits_a_need(open_panel, qtbot, services, meeting) -> None:
    add(services, meeting, "Orders are re-keyed")
    w = open_panel(qtbot, services, meeting)
    rect = w.panel.list.visualRect(w.panel.model.index(0))
    viewport = w.panel.list.viewport()
    # A real double click is a click, then a double-click event on the same spot.
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.panel.editor.isVisible()
    assert w.panel.editor.statement.toPlainText() == "Orders are re-keyed"


# --- ranking and deleting -----------------------------------------------------------------------


def test_alt_up_and_down_rerank_and_persist(open_panel, qtbot, services, meeting) -> None:
    add(services, meeting, "first", "second", "third")
    w = open_panel(qtbot, services, meeting)
    select(qtbot, w.panel, 2)
    with qtbot.waitSignal(w.panel.needsChanged):
        qtbot.keyClick(w.panel.list, Qt.Key.Key_Up, ALT)
    assert stored(services, meeting) == ["first", "third", "second"]
    qtbot.keyClick(w.panel.list, Qt.Key.Key_Up, ALT)
    assert stored(services, meeting) == ["third", "first", "second"]
    assert w.panel.list.currentIndex().data() == "third"
    with qtbot.assertNotEmitted(w.panel.needsChanged):
        qtbot.keyClick(w.panel.list, Qt.Key.Key_Up, ALT)  # already first
    qtbot.keyClick(w.panel.list, Qt.Key.Key_Down, ALT)
    assert stored(services, meeting) == ["first", "third", "second"]
    assert w.panel.list.currentIndex().data() == "third"
    assert [need.rank for need in services.interviews.needs(meeting)] == [1, 2, 3]
    ranks = [w.panel.model.index(row).data(NeedsModel.RankRole) for row in range(3)]
    assert ranks == [1, 2, 3]


def test_plain_arrows_still_move_the_selection(open_panel, qtbot, services, meeting) -> None:
    add(services, meeting, "first", "second")
    w = open_panel(qtbot, services, meeting)
    select(qtbot, w.panel, 0)
    qtbot.keyClick(w.panel.list, Qt.Key.Key_Down)
    assert w.panel.list.currentIndex().row() == 1
    assert stored(services, meeting) == ["first", "second"]


def test_delete_key_deletes_and_ctrl_z_puts_it_back(open_panel, qtbot, services, meeting) -> None:
    ids = add(services, meeting, "first", "second", "third")
    services.interviews.update_need(ids[1], status="confirmed", impact="big")
    w = open_panel(qtbot, services, meeting)
    select(qtbot, w.panel, 1)
    with qtbot.waitSignal(w.panel.needsChanged):
        qtbot.keyClick(w.panel.list, Qt.Key.Key_Delete)
    assert stored(services, meeting) == ["first", "third"]
    assert w.panel.list.currentIndex().data() == "third"
    assert "Deleted need 2" in w.panel.notice_label.text()
    assert w.panel.undo_button.isVisible()

    qtbot.keyClick(w.panel.list, Qt.Key.Key_Z, CTRL)
    needs = services.interviews.needs(meeting)
    assert [need.statement for need in needs] == ["first", "second", "third"]
    assert (needs[1].status, needs[1].impact) == ("confirmed", "big")
    assert w.panel.list.currentIndex().data() == "second"
    assert not w.panel.notice.isVisible()


def test_deleting_the_last_need_shows_the_empty_state(open_panel, qtbot, services, meeting) -> None:
    add(services, meeting, "only")
    w = open_panel(qtbot, services, meeting)
    select(qtbot, w.panel, 0)
    qtbot.keyClick(w.panel.list, Qt.Key.Key_Delete)
    assert services.interviews.needs(meeting) == []
    assert w.panel.empty.isVisible()


def test_alt_enter_asks_for_the_question_a_need_came_from(
    open_panel, qtbot, services, meeting
) -> None:
    services.interviews.add_need(meeting, "Orders are re-keyed", source_question_id="problems")
    add(services, meeting, "Added without a question")
    w = open_panel(qtbot, services, meeting)
    select(qtbot, w.panel, 0)
    tip = w.panel.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Heard at:" in tip and "Alt+Enter" in tip
    assert w.panel.model.index(0).data(NeedsModel.SourceQuestionRole) == "problems"
    with qtbot.waitSignal(w.panel.questionRequested) as asked:
        qtbot.keyClick(w.panel.list, Qt.Key.Key_Return, ALT)
    assert asked.args == ["problems"]
    select(qtbot, w.panel, 1)
    with qtbot.assertNotEmitted(w.panel.questionRequested):
        qtbot.keyClick(w.panel.list, Qt.Key.Key_Return, ALT)
    assert "without a question" in w.panel.notice_label.text()


def test_long_statements_wrap_onto_more_lines(open_panel, qtbot, services, meeting) -> None:
    add(services, meeting, "short", " ".join(["the orders are keyed twice"] * 12))
    w = open_panel(qtbot, services, meeting)
    short = w.panel.list.visualRect(w.panel.model.index(0))
    long = w.panel.list.visualRect(w.panel.model.index(1))
    assert long.height() > short.height() * 2
    assert long.width() <= w.panel.list.viewport().width()


# --- when saving fails --------------------------------------------------------------------------


def test_a_failed_add_keeps_the_words_and_says_so(open_panel, qtbot, services, meeting) -> None:
    w = open_panel(qtbot, services, meeting)
    w.panel.add_need("problems")
    qtbot.keyClicks(focused(), "Words the client said")
    services.db.execute("PRAGMA query_only = ON")  # writes now fail as on a read-only file
    with qtbot.waitSignal(w.panel.saveFailed) as failed:
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert "readonly database" in failed.args[0]
    assert w.panel.editor.isVisible()
    assert w.panel.editor.statement.toPlainText() == "Words the client said"
    assert "Your words are kept" in w.panel.editor.hint.text()
    assert focused() is w.panel.editor.statement


def test_enter_retries_a_failed_save(open_panel, qtbot, services, meeting, monkeypatch) -> None:
    w = open_panel(qtbot, services, meeting)
    w.panel.add_need()
    qtbot.keyClicks(focused(), "Orders are re-keyed")

    def disk_full(*_args, **_kwargs):
        raise SalesCoachError("The disk is full.")

    with monkeypatch.context() as patch:
        patch.setattr(services.interviews, "add_need", disk_full)
        with (
            qtbot.waitSignal(w.panel.saveFailed) as failed,
            qtbot.assertNotEmitted(w.panel.needsChanged),
        ):
            qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert failed.args == ["Not saved: The disk is full."]
    assert w.panel.editor.statement.toPlainText() == "Orders are re-keyed"
    with qtbot.waitSignal(w.panel.needsChanged):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert stored(services, meeting) == ["Orders are re-keyed"]
    assert not w.panel.editor.isVisible()


def test_a_failed_rerank_leaves_the_order_and_says_so(
    open_panel, qtbot, services, meeting, monkeypatch
) -> None:
    add(services, meeting, "first", "second")
    w = open_panel(qtbot, services, meeting)
    select(qtbot, w.panel, 1)

    def locked(_ids):
        raise SalesCoachError("The database is locked.")

    monkeypatch.setattr(services.interviews, "rerank_needs", locked)
    with qtbot.waitSignal(w.panel.saveFailed), qtbot.assertNotEmitted(w.panel.needsChanged):
        qtbot.keyClick(w.panel.list, Qt.Key.Key_Up, ALT)
    assert [w.panel.model.index(row).data() for row in range(2)] == ["first", "second"]
    assert w.panel.notice.isVisible() and "locked" in w.panel.notice_label.text()
    monkeypatch.undo()
    assert stored(services, meeting) == ["first", "second"]


def test_bugs_are_not_mistaken_for_save_failures(
    open_panel, qtbot, services, meeting, monkeypatch
) -> None:
    w = open_panel(qtbot, services, meeting)
    w.panel.add_need()
    qtbot.keyClicks(focused(), "x")

    def bug(*_args, **_kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(services.interviews, "add_need", bug)
    with pytest.raises(KeyError):
        w.panel._save_form()


# --- the model ----------------------------------------------------------------------------------


def test_needs_model_passes_the_model_tester(qtmodeltester, services, meeting) -> None:
    ids = add(services, meeting, "first", "second", "third")
    services.interviews.update_need(ids[0], status="confirmed", source_question_id="problems")
    model = NeedsModel(services.interviews, meeting)
    qtmodeltester.check(model, force_py=True)
    assert model.index(0).data(NeedsModel.StatusRole) == "confirmed"


def test_move_rows_persists_the_ranks(qtbot, services, meeting) -> None:
    add(services, meeting, "a", "b", "c", "d")
    model = NeedsModel(services.interviews, meeting)
    with qtbot.waitSignal(model.rowsMoved):
        assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)
    assert stored(services, meeting) == ["b", "c", "a", "d"]
    assert model.moveRows(QModelIndex(), 2, 2, QModelIndex(), 0)
    assert stored(services, meeting) == ["a", "d", "b", "c"]
    assert [model.index(row).data() for row in range(4)] == ["a", "d", "b", "c"]
    assert not model.moveRows(QModelIndex(), 1, 1, QModelIndex(), 2)  # onto itself
    assert not model.moveRows(QModelIndex(), 3, 2, QModelIndex(), 0)  # past the end


def test_drag_and_drop_data_reranks(qtbot, services, meeting) -> None:
    add(services, meeting, "a", "b", "c")
    model = NeedsModel(services.interviews, meeting)
    dragged = model.mimeData([model.index(2)])
    assert dragged.hasFormat(MIME_TYPE)
    move = Qt.DropAction.MoveAction
    assert model.canDropMimeData(dragged, move, 0, 0, QModelIndex())
    assert model.dropMimeData(dragged, move, 0, 0, QModelIndex())  # to the top
    assert stored(services, meeting) == ["c", "a", "b"]
    dragged = model.mimeData([model.index(0)])
    assert model.dropMimeData(dragged, move, -1, -1, QModelIndex())  # below the last
    assert stored(services, meeting) == ["a", "b", "c"]
    dragged = model.mimeData([model.index(2)])
    assert model.dropMimeData(dragged, move, -1, -1, model.index(1))  # onto "b": before it
    assert stored(services, meeting) == ["a", "c", "b"]
    assert model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled
    assert not model.flags(model.index(0)) & Qt.ItemFlag.ItemIsDropEnabled
    assert model.flags(model.index(0)) & Qt.ItemFlag.ItemIsDragEnabled


def test_the_list_is_set_up_for_internal_moves(open_panel, qtbot, services, meeting) -> None:
    w = open_panel(qtbot, services, meeting)
    view = w.panel.list
    assert view.dragDropMode() == view.DragDropMode.InternalMove
    assert view.defaultDropAction() == Qt.DropAction.MoveAction
    assert not view.uniformItemSizes() and view.wordWrap()


def test_the_panel_keys_win_over_window_shortcuts(open_panel, qtbot, services, meeting) -> None:
    """Meeting mode may use Enter, Esc or Delete itself; inside the panel the panel's keys win."""
    add(services, meeting, "first", "second")
    w = open_panel(qtbot, services, meeting)
    fired: list[str] = []
    for key in ("Return", "Esc", "Delete", "Alt+Up", "Ctrl+Return"):
        action = QAction(key, w)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False, k=key: fired.append(k))
        w.addAction(action)
    select(qtbot, w.panel, 1)
    qtbot.keyClick(w.panel.list, Qt.Key.Key_Up, ALT)
    assert stored(services, meeting) == ["second", "first"]
    qtbot.keyClick(w.panel.list, Qt.Key.Key_Return)
    assert w.panel.editor.isVisible()
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert not w.panel.editor.isVisible()
    w.panel.add_need()
    qtbot.keyClicks(focused(), "third")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.keyClick(w.panel.list, Qt.Key.Key_Delete)
    assert stored(services, meeting) == ["second", "first"]
    assert fired == []
    qtbot.keyClick(w.panel.list, Qt.Key.Key_Return, CTRL)  # not the panel's: next question
    assert fired == ["Ctrl+Return"]
    fired.clear()
    w.notes.setFocus()
    qtbot.keyClick(w.notes, Qt.Key.Key_Escape)  # outside the panel the window's keys work
    assert fired == ["Esc"]


def test_the_add_button_links_the_question_on_screen(open_panel, qtbot, services, meeting) -> None:
    w = open_panel(qtbot, services, meeting)
    w.panel.set_current_question("goals")
    qtbot.mouseClick(w.panel.add_button, Qt.MouseButton.LeftButton)
    assert focused() is w.panel.editor.statement
    qtbot.keyClicks(focused(), "Three depots by spring")
    qtbot.mouseClick(w.panel.editor.save_button, Qt.MouseButton.LeftButton)
    [need] = services.interviews.needs(meeting)
    assert (need.statement, need.source_question_id) == ("Three depots by spring", "goals")


def test_focusing_the_panel_focuses_the_list(open_panel, qtbot, services, meeting) -> None:
    add(services, meeting, "first")
    w = open_panel(qtbot, services, meeting)
    w.notes.setFocus()
    w.panel.setFocus()
    assert w.panel.list.hasFocus()

"""The needs panel of meeting mode: the client's needs, ranked, captured while they talk.

Everything is reachable from the keyboard. The meeting window owns Ctrl+N and calls
`add_need(question_id)`: a small form opens inside the panel, linked to the question on screen;
Enter saves, Esc cancels, and focus goes back where the rep was typing. In the list: Enter or F2
edits, Alt+Up / Alt+Down re-ranks, Delete deletes (with Undo, Ctrl+Z), Alt+Enter jumps to the
question the need was heard under. Dragging a need with the mouse re-ranks it too. While the list
or the form has focus these keys win over window shortcuts with the same keys.

Every change is written through `InterviewService` at once. When a save fails the panel says so,
emits `saveFailed`, and keeps what the rep typed in the form so nothing is lost.

The panel assembles `NeedsModel` (needs_model), `NeedsListView` (needs_list) and `NeedEditor`
(need_form), and keeps the state that spans them: the form's target, undo, the notice line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salescoach.errors import SalesCoachError
from salescoach.services.interviews import NEED_STATUSES, InterviewService
from salescoach.ui.meeting.need_form import NeedEditor
from salescoach.ui.meeting.needs_common import (
    call_service,
    has_focus_within,
    plain_label,
    scaled,
    status_text,
)
from salescoach.ui.meeting.needs_list import NeedsListView
from salescoach.ui.meeting.needs_model import NeedsModel

if TYPE_CHECKING:
    from salescoach.services.interviews import StoredNeed

EMPTY_TEXT = "No needs yet. Press Ctrl+N while the client talks."


class NeedsPanel(QWidget):
    """The ranked needs of one meeting, added and edited while the client talks."""

    needsChanged = Signal()
    """A need was added, edited, re-ranked, deleted (or restored) or its status changed."""
    saveFailed = Signal(str)
    """A change could not be saved (the message says why); what the rep typed is kept."""
    questionRequested = Signal(str)
    """The rep asked to go to the question a need was heard under (its question id)."""

    def __init__(
        self, interviews: InterviewService, interview_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("needs-panel")
        self._interviews = interviews
        self._interview_id = interview_id
        self._current_question: str | None = None
        self._editing_id: int | None = None  # None while adding
        self._source_question: str | None = None
        self._return_focus: QWidget | None = None
        self._deleted: StoredNeed | None = None
        self._deleted_row = 0

        self.model = NeedsModel(interviews, interview_id, self, self._question_labels())
        self._build()
        self._build_actions()
        self.model.saveFailed.connect(self._report_failure)
        self.model.rowsMoved.connect(self._after_move)
        self.model.modelReset.connect(self._show_list_or_empty)
        self.model.rowsInserted.connect(self._show_list_or_empty)
        self.model.rowsRemoved.connect(self._show_list_or_empty)
        self._show_list_or_empty()

    # --- construction ---------------------------------------------------------------------------

    def _question_labels(self) -> dict[str, str]:
        try:
            playbook = self._interviews.meeting(self._interview_id).playbook
        except SalesCoachError:
            return {}  # the list still works, showing question ids
        return {question.id: question.text for question in playbook.questions()}

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.list = NeedsListView(self.model, self)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._show_context_menu)
        self.list.doubleClicked.connect(lambda _index: self.edit_current())
        layout.addWidget(self.list, 1)
        self.setFocusProxy(self.list)  # focusing the panel (e.g. Ctrl+L) focuses the list

        self.empty = QLabel(EMPTY_TEXT, self)
        self.empty.setObjectName("needs-empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty.setMinimumHeight(80)
        layout.addWidget(self.empty, 1)

        self.notice = QFrame(self)
        self.notice.setObjectName("needs-notice")
        notice_layout = QHBoxLayout(self.notice)
        notice_layout.setContentsMargins(4, 2, 4, 2)
        self.notice_label = plain_label(self.notice)
        notice_layout.addWidget(self.notice_label, 1)
        self.undo_button = QToolButton(self.notice)
        self.undo_button.setObjectName("undo-delete")
        notice_layout.addWidget(self.undo_button)
        self.notice.hide()
        layout.addWidget(self.notice)

        self.editor = NeedEditor(self)
        self.editor.hide()
        self.editor.submitted.connect(self._save_form)
        self.editor.cancelled.connect(self._cancel_form)
        layout.addWidget(self.editor)

        self.keys = QLabel(
            "Ctrl+N add · Enter edit · Alt+↑/↓ rank · Del delete · Alt+Enter go to its question",
            self,
        )
        self.keys.setObjectName("needs-keys")
        self.keys.setWordWrap(True)
        self.keys.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.keys.setFont(scaled(self.keys.font(), 0.85))
        self.add_button = QToolButton(self)
        self.add_button.setObjectName("add-need")
        footer = QHBoxLayout()
        footer.addWidget(self.keys, 1)
        footer.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(footer)

    def _action(
        self,
        text: str,
        shortcuts: Sequence[QKeySequence | QKeySequence.StandardKey | str],
        slot: Callable[[], object],
        owner: QWidget,
        context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetShortcut,
    ) -> QAction:
        action = QAction(text, owner)
        action.setShortcuts([QKeySequence(shortcut) for shortcut in shortcuts])
        action.setShortcutContext(context)
        action.triggered.connect(lambda _checked=False: slot())
        owner.addAction(action)
        return action

    def _build_actions(self) -> None:
        # No shortcut of its own: the window's Ctrl+N calls add_need() with the question on screen.
        self.add_action = self._action(
            "&Add need", [], lambda: self.add_need(self._current_question), self
        )
        self.add_action.setToolTip("Add a need, in the client's words (Ctrl+N)")
        self.add_button.setDefaultAction(self.add_action)
        self.add_button.setText("+ Add need")

        self.undo_action = self._action(
            "&Undo delete",
            ["Ctrl+Z"],
            self.undo_delete,
            self,
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.undo_action.setEnabled(False)
        self.undo_button.setDefaultAction(self.undo_action)
        self.undo_button.setText("Undo (Ctrl+Z)")

        self.edit_action = self._action(
            "&Edit need", ["F2", "Return", "Enter"], self.edit_current, self.list
        )
        self.up_action = self._action(
            "Move &up", ["Alt+Up"], lambda: self.move_current(-1), self.list
        )
        self.down_action = self._action(
            "Move &down", ["Alt+Down"], lambda: self.move_current(1), self.list
        )
        self.question_action = self._action(
            "&Go to its question", ["Alt+Return", "Alt+Enter"], self.go_to_question, self.list
        )
        self.delete_action = self._action(
            "De&lete need", ["Delete"], self.delete_current, self.list
        )

    # --- public slots ---------------------------------------------------------------------------

    def holds_unsaved_words(self) -> bool:
        """True while the form holds words not saved yet (say, after a save that failed)."""
        return not self.editor.isHidden() and self._form_dirty()

    def set_current_question(self, question_id: str | None) -> None:
        """The question on screen: needs added with the panel's own button are linked to it."""
        self._current_question = question_id or None

    def refresh(self) -> None:
        """Reread the needs (after a change made elsewhere, e.g. the read-back)."""
        keep = self.current_need_id()
        if self._reload():
            self.select_need(keep)

    def add_need(self, source_question_id: str | None = None) -> None:
        """Open the form for a new need, linked to `source_question_id`, focused on its words."""
        if not self._form_free():
            return
        self._editing_id = None
        self._source_question = source_question_id or None
        source = self.model.source_label(self._source_question)
        self.editor.fill(f"New need (from: {source})" if source else "New need")
        self._open_form()

    def edit_current(self) -> None:
        """Open the form on the selected need, prefilled."""
        row = self._current_row()
        if row < 0 or not self._form_free():
            return
        need = self.model.need(row)
        self._editing_id = need.id
        self._source_question = need.source_question_id
        self.editor.fill(f"Edit need {row + 1}", need.statement, need.impact, need.priority)
        self._open_form()

    def move_current(self, delta: int) -> None:
        """Re-rank the selected need by `delta` places (negative = higher), keeping it selected."""
        row = self._current_row()
        if row < 0 or delta == 0:
            return
        target = max(0, min(self.model.rowCount() - 1, row + delta))
        if target == row:
            return
        need_id = self.model.need(row).id
        destination = target + 1 if target > row else target
        self.model.moveRows(QModelIndex(), row, 1, QModelIndex(), destination)
        self.select_need(need_id)

    def delete_current(self) -> None:
        """Delete the selected need; Undo (Ctrl+Z) puts it back where it was."""
        row = self._current_row()
        if row < 0:
            return
        need = self.model.need(row)
        if not self._call(self._interviews.delete_need, need.id):
            return
        self._deleted, self._deleted_row = need, row
        self.undo_action.setEnabled(True)
        self._show_notice(f"Deleted need {row + 1}: “{need.statement}”", undo=True)
        if self._reload():
            self.select_row(min(row, self.model.rowCount() - 1))
        self.needsChanged.emit()

    def undo_delete(self) -> None:
        """Put back the need deleted last, with its words, status and rank."""
        need = self._deleted
        if need is None:
            return
        new_id = self._call(
            self._interviews.add_need,
            self._interview_id,
            need.statement,
            impact=need.impact,
            priority=need.priority,
            status=need.status,
            source_question_id=need.source_question_id,
        )
        if not new_id:
            return
        self._deleted = None
        self.undo_action.setEnabled(False)
        self._hide_notice()
        extras = {
            key: value
            for key, value in (
                ("original_statement", need.original_statement),
                ("solution_idea", need.solution_idea),
            )
            if value
        }
        if extras:
            self._call(self._interviews.update_need, new_id, **extras)
        if self._reload():
            order = [i for i in self.model.need_ids() if i != new_id]
            order.insert(min(self._deleted_row, len(order)), new_id)
            if order != self.model.need_ids() and self._call(self._interviews.rerank_needs, order):
                self._reload()
            self.select_need(new_id)
        self.needsChanged.emit()

    def set_status(self, status: str) -> None:
        """Mark the selected need open, confirmed or not a priority."""
        row = self._current_row()
        if row < 0 or status not in NEED_STATUSES:
            return
        need_id = self.model.need(row).id
        if self._call(self._interviews.update_need, need_id, status=status) is not None:
            self._reload()
            self.select_need(need_id)
            self.needsChanged.emit()

    def go_to_question(self) -> None:
        """Ask the window to show the question the selected need was heard under."""
        row = self._current_row()
        if row < 0:
            return
        question = self.model.need(row).source_question_id
        if question:
            self.questionRequested.emit(question)
        else:
            self._show_notice("This need was added without a question.")

    # --- selection helpers ----------------------------------------------------------------------

    def current_need_id(self) -> int | None:
        row = self._current_row()
        return self.model.need(row).id if row >= 0 else None

    def select_need(self, need_id: int | None) -> None:
        if need_id is not None:
            self.select_row(self.model.row_of(need_id))

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row)
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)

    def _current_row(self) -> int:
        index = self.list.currentIndex()
        return index.row() if index.isValid() else -1

    # --- the form -------------------------------------------------------------------------------

    def _form_free(self) -> bool:
        """True when the form may be (re)filled: it is closed or holds nothing unsaved."""
        if not self.editor.isHidden() and self._form_dirty():
            self.editor.show_hint("Finish this need first: Enter saves it, Esc cancels it.")
            self.editor.statement.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        return True

    def _form_dirty(self) -> bool:
        if self._editing_id is None:
            return self.editor.holds_changes(None)
        row = self.model.row_of(self._editing_id)  # -1 when deleted meanwhile: keep the words
        return row < 0 or self.editor.holds_changes(self.model.need(row))

    def _open_form(self) -> None:
        if self.editor.isHidden():
            # Saving or cancelling gives focus back to where the rep was typing (e.g. the notes).
            outside = not has_focus_within(self)
            self._return_focus = QApplication.focusWidget() if outside else None
        self.editor.show()
        self.editor.statement.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _close_form(self, select: int | None = None) -> None:
        self.editor.hide()
        self.editor.fill("New need")
        self._editing_id = None
        self._source_question = None
        self.select_need(select if select is not None else self.current_need_id())
        back = self._return_focus
        self._return_focus = None
        if back is not None and shiboken6.isValid(back) and back.isVisible():
            back.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.model.rowCount():
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _save_form(self) -> None:
        values = self.editor.values()
        if not values["statement"]:
            self.editor.show_hint("Write the need first, in the client's words.")
            self.editor.statement.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self._editing_id is None:
            saved = self._call(
                self._interviews.add_need,
                self._interview_id,
                values["statement"],
                impact=values["impact"],
                priority=values["priority"],
                source_question_id=self._source_question,
            )
            need_id = saved if isinstance(saved, int) else None
        else:
            need_id = self._editing_id
            if self._call(self._interviews.update_need, need_id, **values) is None:
                need_id = None
        if need_id is None:
            message = self.notice_label.text()
            self._hide_notice()
            self.editor.show_hint(f"{message}\nYour words are kept here: press Enter to try again.")
            self.editor.statement.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._hide_notice()
        self._reload()
        self._close_form(select=need_id)
        self.needsChanged.emit()

    def _cancel_form(self) -> None:
        self._close_form()

    # --- service calls and messages -------------------------------------------------------------

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """The service's result (True for none), or None once the failure has been reported."""
        return call_service(self._report_failure, method, *args, **kwargs)

    def _reload(self) -> bool:
        keep = self._call(self.model.reload)
        return keep is not None

    def _report_failure(self, message: str) -> None:
        self._show_notice(message, warning=True)
        self.saveFailed.emit(message)

    def _show_notice(self, text: str, warning: bool = False, undo: bool = False) -> None:
        self.notice_label.setText(f"⚠ {text}" if warning else text)
        self.notice_label.setForegroundRole(QPalette.ColorRole.WindowText)
        font = self.notice_label.font()
        font.setBold(warning)
        self.notice_label.setFont(font)
        self.undo_button.setVisible(undo and self.undo_action.isEnabled())
        self.notice.show()

    def _hide_notice(self) -> None:
        self.notice.hide()
        self.notice_label.clear()

    # --- reactions ------------------------------------------------------------------------------

    def _after_move(self, *_args: object) -> None:
        self.needsChanged.emit()

    def _show_list_or_empty(self, *_args: object) -> None:
        empty = self.model.rowCount() == 0
        self.empty.setVisible(empty)
        self.list.setVisible(not empty)

    def _show_context_menu(self, position: Any) -> None:
        menu = QMenu(self)
        menu.addAction(self.add_action)
        if self._current_row() >= 0:
            for action in (self.edit_action, self.up_action, self.down_action):
                menu.addAction(action)
            menu.addAction(self.question_action)
            status_menu = menu.addMenu("Mark as")
            for status in ("open", "confirmed", "not_a_priority"):
                mark = status_menu.addAction(status_text(status))
                mark.triggered.connect(lambda _checked=False, s=status: self.set_status(s))
            menu.addSeparator()
            menu.addAction(self.delete_action)
        menu.popup(self.list.viewport().mapToGlobal(position))

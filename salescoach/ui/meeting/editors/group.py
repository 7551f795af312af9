"""Repeatable groups: a small table, one row per item (a stakeholder, say), one column per field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salescoach.domain.playbook import GroupField, Question
from salescoach.ui.meeting.editors.base import (
    CLEAR_KEYS,
    ENTER_KEYS,
    AnswerEditor,
    as_text,
    bare,
    held,
    plain_key,
    side_by_side,
)
from salescoach.ui.meeting.editors.choice import YES_NO
from salescoach.ui.meeting.editors.numbers import (
    NumberValidator,
    number_text,
    parse_number,
    stored_number,
)

_VALUE_ROLE = Qt.ItemDataRole.UserRole  # a choice cell's stored value; it shows the label


class _CellDelegate(QStyledItemDelegate):
    """Edits one column: plain text, a number, a date as text, or a choice shown by label.

    Line edits commit on every keystroke so autosave sees the cell while the rep types.
    """

    def __init__(self, field: GroupField, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.choices: list[tuple[str, str]] = []
        if field.type == "single_choice":
            self.choices = [(choice.value, choice.label) for choice in field.choices or []]
        elif field.type == "yes_no":
            self.choices = list(YES_NO)

    def label(self, value: Any) -> str:
        return dict(self.choices).get(value, "" if value is None else str(value))

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        if self.choices:
            combo = QComboBox(parent)
            combo.setAccessibleName(self.field.label)
            combo.addItem("", None)
            for value, label in self.choices:
                combo.addItem(label, value)
            combo.activated.connect(lambda _index: self.commitData.emit(combo))
            return combo
        line = QLineEdit(parent)
        line.setAccessibleName(self.field.label)
        if self.field.type == "number":
            line.setValidator(NumberValidator(None, None, line))
        elif self.field.type == "date":
            line.setPlaceholderText("YYYY-MM-DD")
        line.textEdited.connect(lambda _text: self.commitData.emit(line))
        return line

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            value = index.data(_VALUE_ROLE)
            found = editor.findData(value) if value is not None else 0
            if found < 0:  # a value the playbook no longer lists stays selectable
                editor.addItem(self.label(value), value)
                found = editor.count() - 1
            editor.setCurrentIndex(found)
            return
        super().setEditorData(editor, index)

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QComboBox):
            value = editor.currentData()
            if value == index.data(_VALUE_ROLE) and editor.currentText() == index.data():
                return
            model.setData(index, value, _VALUE_ROLE)
            model.setData(index, editor.currentText(), Qt.ItemDataRole.ToolTipRole)
            model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)
            return
        if isinstance(editor, QLineEdit) and editor.text() == (index.data() or ""):
            return
        super().setModelData(editor, model, index)


class _GroupTable(QTableWidget):
    """The rows of a group: Insert adds a row, Ctrl+Delete removes one, Tab runs across cells."""

    add_requested = Signal()
    remove_requested = Signal()
    clear_requested = Signal()

    VISIBLE_ROWS = (3, 6)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, plain = event.key(), plain_key(event)
        control = held(event) == Qt.KeyboardModifier.ControlModifier
        if (key == Qt.Key.Key_Insert and plain) or (key in ENTER_KEYS and control):
            # Ctrl+Enter only arrives here when no window shortcut claims it.
            self.add_requested.emit()
        elif key == Qt.Key.Key_Delete and control:
            self.remove_requested.emit()
        elif key in CLEAR_KEYS and plain:
            self.clear_requested.emit()
        else:
            super().keyPressEvent(event)

    def _at_edge(self, forward: bool) -> bool:
        here = (self.currentRow(), self.currentColumn())
        if forward:
            return here == (self.rowCount() - 1, self.columnCount() - 1)
        return here in ((0, 0), (-1, -1))

    def focusNextPrevChild(self, next: bool) -> bool:
        if self._at_edge(next):
            return QWidget.focusNextPrevChild(self, next)  # leave the table, don't wrap around
        return super().focusNextPrevChild(next)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        forward = hint == QAbstractItemDelegate.EndEditHint.EditNextItem
        moving = forward or hint == QAbstractItemDelegate.EndEditHint.EditPreviousItem
        if moving and self._at_edge(forward):
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            QWidget.focusNextPrevChild(self, forward)
            return
        super().closeEditor(editor, hint)

    def sizeHint(self) -> QSize:
        low, high = self.VISIBLE_ROWS
        rows = min(max(self.rowCount(), low), high)
        row_height = self.verticalHeader().defaultSectionSize()
        header = self.horizontalHeader().sizeHint().height()
        frame = self.frameWidth() * 2
        return QSize(super().sizeHint().width(), header + rows * row_height + frame)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


class GroupEditor(AnswerEditor):
    """A small table, one row per item (a stakeholder, say), one column per field."""

    keys_hint = (
        "Type to fill a cell, Tab moves on. Insert adds a row, "
        "Ctrl+Delete removes the row, Delete clears a cell"
    )

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.fields = list(question.fields or [])
        self.table = table = _GroupTable(0, len(self.fields), self)
        self._main_input(table)
        table.setHorizontalHeaderLabels([field.label for field in self.fields])
        table.verticalHeader().hide()
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.setTabKeyNavigation(True)
        table.setWordWrap(False)
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.delegates = [_CellDelegate(field, table) for field in self.fields]
        for column, delegate in enumerate(self.delegates):
            table.setItemDelegateForColumn(column, delegate)
        table.itemChanged.connect(self._user_changed)
        table.add_requested.connect(self.add_row)
        table.remove_requested.connect(self.remove_row)
        table.clear_requested.connect(self._clear_cell)

        self.add_button = QPushButton("Add row", self)
        self.add_button.setToolTip("Add a row (Insert)")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton("Remove row", self)
        self.remove_button.setToolTip("Remove the selected row (Ctrl+Delete)")
        self.remove_button.clicked.connect(self.remove_row)
        layout = bare(QVBoxLayout(self))
        layout.addWidget(table)
        layout.addLayout(side_by_side(self.add_button, self.remove_button))
        self._append_empty_row()
        table.setCurrentCell(0, 0)

    # rows

    def add_row(self) -> None:
        """Append an empty row and put the cursor in its first cell."""
        self._finish_editing()
        self._append_empty_row()
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_row(self) -> None:
        """Remove the current row; there is always one row left to type in."""
        self._finish_editing()
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        had_content = self._row_value(row) is not None
        self.table.removeRow(row)
        if self.table.rowCount() == 0:
            self._append_empty_row()
        self.table.setCurrentCell(min(row, self.table.rowCount() - 1), 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.updateGeometry()
        if had_content:
            self._user_changed()
            self._commit()

    def _finish_editing(self) -> None:
        """Keep what is typed in an open cell before rows move under it."""
        editor = QApplication.focusWidget()
        if self.table.state() == QAbstractItemView.State.EditingState and self._owns(editor):
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _append_empty_row(self) -> None:
        loading, self._loading = self._loading, True  # new empty cells are not an edit
        try:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column in range(len(self.fields)):
                self.table.setItem(row, column, QTableWidgetItem())
        finally:
            self._loading = loading
        self.table.updateGeometry()

    def _clear_cell(self) -> None:
        item = self.table.currentItem()
        if item is None:
            return
        if item.text() or item.data(_VALUE_ROLE) is not None:
            self.table.blockSignals(True)
            item.setData(_VALUE_ROLE, None)
            self.table.blockSignals(False)
            item.setText("")  # one itemChanged: one edit

    # values

    def _cell_value(self, row: int, column: int) -> Any:
        item = self.table.item(row, column)
        if item is None:
            return None
        if self.delegates[column].choices:
            return item.data(_VALUE_ROLE)
        text = item.text()
        if not text.strip():
            return None
        if self.fields[column].type == "number":
            number = parse_number(text)
            return text if number is None else stored_number(number)
        return text

    def _row_value(self, row: int) -> dict[str, Any] | None:
        values = {
            field.id: self._cell_value(row, column) for column, field in enumerate(self.fields)
        }
        return values if any(value is not None for value in values.values()) else None

    def _read(self) -> list[dict[str, Any]] | None:
        rows = [self._row_value(row) for row in range(self.table.rowCount())]
        kept = [row for row in rows if row is not None]
        return kept or None

    def _show(self, value: Any) -> bool:
        if isinstance(value, list | tuple):
            items, complete = list(value), True
        else:  # one row's worth, or nothing
            items, complete = ([] if value is None else [value]), value is None
        known = {field.id for field in self.fields}
        self.table.setRowCount(0)
        for item in items:
            self._append_empty_row()
            row = self.table.rowCount() - 1
            if not isinstance(item, dict):
                self._set_cell(row, 0, as_text(item))
                complete = False
                continue
            complete = complete and set(item) <= known
            for column, field in enumerate(self.fields):
                complete = self._set_cell(row, column, item.get(field.id)) and complete
        if self.table.rowCount() == 0:
            self._append_empty_row()
        self.table.setCurrentCell(0, 0)
        return complete

    def _set_cell(self, row: int, column: int, value: Any) -> bool:
        """Fill one cell; False when the value is not of the column's kind."""
        item = self.table.item(row, column)
        delegate = self.delegates[column]
        if delegate.choices:
            item.setData(_VALUE_ROLE, None if value is None else as_text(value))
            item.setToolTip(delegate.label(value))  # long labels are cut short in the cell
            item.setText(delegate.label(value))
            return value is None or isinstance(value, str)
        if self.fields[column].type == "number":
            text = number_text(value)
            item.setText(as_text(value) if text is None else text)
            return value is None or text is not None or isinstance(value, str)
        item.setText(as_text(value))
        return value is None or isinstance(value, str)

    def _focus_target(self) -> QWidget:
        if self.table.currentRow() < 0:
            self.table.setCurrentCell(0, 0)
        return self.table

"""One widget for any log on the prospect page: a table of its entries, Add / Edit / Trash.

What a log holds is data (`LogKind`), so touches, concerns, pulses and people all use this one
widget: columns are the kind's `summary_fields`, the entry form is built from its fields.
Keys: Insert adds, Enter edits, Delete moves to the trash (after a short question).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salescoach.domain.cycle_logs import Field, FieldKind, LogKind
from salescoach.errors import SalesCoachError
from salescoach.services.container import Services
from salescoach.ui.prospect.entry_dialog import EntryDialog
from salescoach.ui.prospect.log_model import LogTableModel
from salescoach.ui.prospect.look import PROBLEM_STYLE, quiet, section_font
from salescoach.ui.prospect.shortcuts import local_shortcut

ADD_KEY = Qt.Key.Key_Insert
TRASH_KEY = QKeySequence.StandardKey.Delete  # a key sequence needs the application: made late


class LogSource(Protocol):
    """Where a log's entries live and how they change; every call may raise SalesCoachError."""

    kind: LogKind

    def entries(self) -> list[dict[str, Any]]: ...
    def needs(self) -> list[dict[str, Any]]: ...
    def add(self, values: dict[str, Any]) -> int: ...
    def update(self, entry_id: int, values: dict[str, Any]) -> None: ...
    def trash(self, entry_id: int) -> None: ...


class CycleLogSource:
    """A log of the cycle service, on one prospect."""

    def __init__(self, services: Services, key: str, prospect_id: int) -> None:
        self.services = services
        self.kind = services.cycle.kind(key)
        self.prospect_id = prospect_id

    def entries(self) -> list[dict[str, Any]]:
        return self.services.cycle.entries(self.kind.key, self.prospect_id)

    def needs(self) -> list[dict[str, Any]]:
        if not any(spec.kind is FieldKind.NEED for spec in self.kind.fields):
            return []
        return self.services.cycle.needs(self.prospect_id)

    def add(self, values: dict[str, Any]) -> int:
        return self.services.cycle.add(self.kind.key, self.prospect_id, values)

    def update(self, entry_id: int, values: dict[str, Any]) -> None:
        self.services.cycle.update(self.kind.key, entry_id, values)

    def trash(self, entry_id: int) -> None:
        self.services.cycle.move_to_trash(self.kind.key, entry_id)


class TrashQuestion:
    """Asked before an entry goes to the trash."""

    @classmethod
    def ask(cls, parent: QWidget | None, noun: str, what: str) -> bool:
        answer = QMessageBox.question(
            parent,
            f"Move this {noun} to the trash?",
            f"Move this {noun} to the trash?\n\n{what}\n\nYou can restore it from the trash.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes


class LogTable(QWidget):
    changed = Signal()
    """An entry was added, edited or trashed, and is on disk."""

    def __init__(
        self,
        source: LogSource,
        parent: QWidget | None = None,
        defaults: dict[str, Any] | None = None,
        visible_rows: int = 4,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.kind = source.kind
        self.defaults = defaults or {}
        self._locked_reason = ""
        self.setObjectName(f"log-{self.kind.key}")

        self.title = QLabel(self.kind.title, self)
        self.title.setFont(section_font(self.title.font()))
        self.model = LogTableModel(self.kind, self)
        self.view = QTableView(self)
        self.view.setObjectName(f"table-{self.kind.key}")
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.kind.title)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        row_height = self.fontMetrics().height() + 10
        self.view.verticalHeader().setDefaultSectionSize(row_height)
        rows = row_height * visible_rows
        self.view.setMinimumHeight(rows + header.sizeHint().height() + 4)
        self.view.activated.connect(self.edit_current)  # Enter, or a double click
        self.empty = QLabel(
            f"No {self.kind.title.lower()} yet. Add one with Add {self.kind.noun}... (Insert)."
        )
        self.empty.setObjectName("log-empty")
        quiet(self.empty)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        QVBoxLayout(self.view.viewport()).addWidget(self.empty)  # inside the empty table

        noun = self.kind.noun
        self.add_button = QPushButton(f"Add {noun}...", self)
        self.add_button.setToolTip(f"Add a {noun} (Insert)")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("Edit...", self)
        self.edit_button.setToolTip(f"Edit the chosen {noun} (Enter)")
        self.edit_button.clicked.connect(self.edit_current)
        self.trash_button = QPushButton("Move to trash", self)
        self.trash_button.setToolTip(f"Move the chosen {noun} to the trash (Delete)")
        self.trash_button.clicked.connect(self.trash_current)
        self.problem = QLabel(self)
        self.problem.setObjectName("log-problem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.hide()

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.edit_button, self.trash_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        self.extra = QVBoxLayout()  # room for what one log adds (the pulse's trend)
        layout.addLayout(self.extra)
        layout.addWidget(self.view, stretch=1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

        # Shortcuts work while the focus is anywhere in this log (its table or its buttons).
        local_shortcut(ADD_KEY, self, self.add)
        local_shortcut(TRASH_KEY, self.view, self.trash_current)
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.reload()

    # --- data -----------------------------------------------------------------------------------

    def reload(self) -> None:
        keep = self.current_entry()
        try:
            entries, needs = self.source.entries(), self.source.needs()
        except SalesCoachError as error:
            self._report(f"Cannot read the {self.kind.title.lower()} right now: {error}")
            return
        self.model.set_entries(entries, needs)
        self.empty.setVisible(not entries)
        if keep is not None:
            self.select(keep["id"])
        self._fit_columns()
        self._update_buttons()

    def current_entry(self) -> dict[str, Any] | None:
        index = self.view.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def select(self, entry_id: int) -> None:
        row = self.model.row_of(entry_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))

    def set_add_locked(self, reason: str) -> None:
        """Soft lock: adding waits (the reason says for what); existing entries stay editable."""
        self._locked_reason = reason
        self._update_buttons()

    # --- actions --------------------------------------------------------------------------------

    def add(self) -> None:
        if self._locked_reason:
            self._report(self._locked_reason)
            return
        new_id: list[int] = []

        def save(values: dict[str, Any]) -> None:
            new_id[:] = [self.source.add(values)]

        initial = {**self._start_values(), **self.defaults}
        if EntryDialog.ask(self, self.kind, save, initial, self._needs()) is None:
            return
        self._after_change(new_id[0] if new_id else None)

    def edit_current(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return

        def save(values: dict[str, Any]) -> None:
            self.source.update(entry["id"], values)

        if EntryDialog.ask(self, self.kind, save, entry, self._needs()) is None:
            return
        self._after_change(entry["id"])

    def trash_current(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        if not TrashQuestion.ask(self, self.kind.noun, self._describe(entry)):
            return
        try:
            self.source.trash(entry["id"])
        except SalesCoachError as error:
            self._report(f"Not moved to the trash: {error}")
            return
        row = self.view.currentIndex().row()
        self._after_change(None)
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))

    # --- helpers --------------------------------------------------------------------------------

    def _after_change(self, entry_id: int | None) -> None:
        self.problem.hide()
        self.reload()
        if entry_id is not None:
            self.select(entry_id)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def _needs(self) -> list[dict[str, Any]]:
        try:
            return self.source.needs()
        except SalesCoachError:
            return []

    def _start_values(self) -> dict[str, Any]:
        """A new entry starts dated today and at the first status; the rep changes either."""
        values: dict[str, Any] = {}
        for spec in self.kind.fields:
            if spec.kind is FieldKind.DATE and spec.required:
                values[spec.name] = date.today().isoformat()
            elif spec.kind is FieldKind.CHOICE and spec.name == "status" and spec.choices:
                values[spec.name] = spec.choices[0][0]
        return values

    def _describe(self, entry: dict[str, Any]) -> str:
        parts = [
            self.model.data(self.model.index(self.model.row_of(entry["id"]), column))
            for column in range(self.model.columnCount())
        ]
        return " · ".join(str(part) for part in parts if part)

    def _report(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _update_buttons(self) -> None:
        chosen = self.view.currentIndex().isValid()
        self.edit_button.setEnabled(chosen)
        self.trash_button.setEnabled(chosen)
        self.add_button.setEnabled(not self._locked_reason)
        tip = self._locked_reason or f"Add a {self.kind.noun} (Insert)"
        self.add_button.setToolTip(tip)

    def _fit_columns(self) -> None:
        """Short columns (dates, choices) fit their content; the text columns share what is
        left in proportion to what they hold, so no sentence is cut while a neighbour stays
        half empty (see `share_width`)."""
        header = self.view.horizontalHeader()
        letter = self.fontMetrics().horizontalAdvance("M")
        self._text_columns: list[int] = []
        self._natural: list[int] = []
        for column, spec in enumerate(self.model.columns):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.view.resizeColumnToContents(column)
            if spec.kind in TEXT_KINDS:
                self._text_columns.append(column)
                self._natural.append(min(header.sectionSize(column), letter * 60))
        self._minimum_text = letter * 8
        self._share_text_width()

    def _share_text_width(self) -> None:
        if not getattr(self, "_text_columns", None):
            return
        header = self.view.horizontalHeader()
        fixed = sum(
            header.sectionSize(column)
            for column in range(self.model.columnCount())
            if column not in self._text_columns
        )
        available = self.view.viewport().width() - fixed
        grows = self._text_columns.index(main_text_column(self.model.columns))
        widths = share_width(self._natural, available, self._minimum_text, grows)
        for column, width in zip(self._text_columns, widths, strict=True):
            header.resizeSection(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._share_text_width()


def share_width(natural: list[int], available: int, minimum: int, grows: int = 0) -> list[int]:
    """Widths for text columns that want `natural` pixels, in `available` pixels: each gets
    what it wants when all fit (column `grows` takes what is left over), else a share in
    proportion to what it wants, never under `minimum`."""
    wanted = sum(natural)
    if wanted <= available:
        return [
            width + (available - wanted if index == grows else 0)
            for index, width in enumerate(natural)
        ]
    return [max(minimum, available * width // max(wanted, 1)) for width in natural]


TEXT_KINDS = frozenset({FieldKind.TEXT, FieldKind.LONG_TEXT, FieldKind.NEED})


def main_text_column(columns: list[Field]) -> int:
    """The column that grows with the table: the first long text (an approach, a concern),
    else the first short one (a purpose, a name)."""
    for kinds in ({FieldKind.LONG_TEXT}, TEXT_KINDS):
        found = [index for index, spec in enumerate(columns) if spec.kind in kinds]
        if found:
            return found[0]
    return len(columns) - 1

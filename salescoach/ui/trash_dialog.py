"""File > Trash...: what was deleted in the last 30 days, to restore or to delete for good.

Keyboard: the list has the focus; arrows (Shift for several), Enter or Alt+R restores, Delete or
Alt+D deletes for good after a question, Esc closes.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salescoach import APP_NAME
from salescoach.errors import NotFound, SalesCoachError
from salescoach.services.container import Services
from salescoach.services.trash import TRASH_DAYS, TrashItem

ModelIndex = QModelIndex | QPersistentModelIndex
EMPTY_TEXT = "The trash is empty"
FAILED_STYLE = "QLabel { color: white; background: #b3261e; padding: 2px 8px; border-radius: 4px; }"


def days_left_text(days: int) -> str:
    if days <= 0:
        return "Goes at next start"
    return "1 day" if days == 1 else f"{days} days"


class TrashModel(QAbstractTableModel):
    HEADERS = ("What", "Description", "Deleted on", "Days left")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[TrashItem] = []

    def set_items(self, items: list[TrashItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (
                item.kind_label,
                item.description,
                item.deleted_on,
                days_left_text(item.days_left),
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class ConfirmDeleteForever:
    """'Delete ... for good?'; replaceable in tests."""

    @classmethod
    def ask(cls, parent: QWidget, what: str) -> bool:
        answer = QMessageBox.question(
            parent,
            APP_NAME,
            f"Delete {what} for good? This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes


class TrashDialog(QDialog):
    trashChanged = Signal()
    """Something was restored or deleted for good: lists of prospects should be read again."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.changed_anything = False
        self.setWindowTitle(f"Trash - {APP_NAME}")

        intro = QLabel(
            f"What you delete stays here for {TRASH_DAYS} days, then goes for good.", self
        )
        intro.setWordWrap(True)
        self.model = TrashModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("trash-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(lambda _index: self.restore_selected())
        self.empty = QLabel(EMPTY_TEXT, self)
        self.empty.setObjectName("trash-empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        larger = self.empty.font()
        larger.setPointSizeF(larger.pointSizeF() * 1.25)
        self.empty.setFont(larger)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)

        self.status = QLabel(self)
        self.status.setObjectName("trash-status")
        self.status.setWordWrap(True)
        self.restore_button = QPushButton("&Restore", self)
        self.restore_button.setToolTip("Put the selected back where they were (Enter)")
        self.restore_button.clicked.connect(self.restore_selected)
        self.delete_button = QPushButton("&Delete forever...", self)
        self.delete_button.setToolTip("Delete the selected for good (Delete)")
        self.delete_button.clicked.connect(self.delete_selected)
        closing = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        closing.rejected.connect(self.reject)
        closing.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        for button in (self.restore_button, self.delete_button):
            button.setAutoDefault(False)  # Enter in the list restores; never a surprise delete
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.Delete),
            self.table,
            self.delete_selected,
            context=Qt.ShortcutContext.WidgetShortcut,
        )

        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(closing)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.pages, stretch=1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(760, 420)
        self.reload()

    # --- public ---------------------------------------------------------------------------------

    def reload(self) -> None:
        try:
            items = self.services.trash.items()
        except SalesCoachError as error:
            self._show_failure(f"The trash cannot be read right now: {error}")
            items = []
        self.model.set_items(items)
        has_items = bool(items)
        self.pages.setCurrentWidget(self.table if has_items else self.empty)
        self.restore_button.setEnabled(has_items)
        self.delete_button.setEnabled(has_items)
        if has_items:
            self.table.selectRow(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def selected(self) -> list[TrashItem]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.items[row] for row in rows]

    def restore_selected(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        messages = []
        try:
            for item in chosen:
                try:
                    messages.append(self.services.trash.restore(item))
                except NotFound:
                    continue  # already back with an entry restored before it
        except SalesCoachError as error:
            self._show_failure(f"Not restored: {error}")
        else:
            self._show_message(
                messages[0] if len(messages) == 1 else f"{len(messages)} things restored."
            )
        self._after_change(bool(messages))

    def delete_selected(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        has_prospect = any(item.kind == "prospect" for item in chosen)
        if len(chosen) == 1:
            what = f"the {chosen[0].kind_label.lower()} \u201c{chosen[0].description}\u201d"
            what += " and everything kept on it" if has_prospect else ""
        else:
            what = f"these {len(chosen)} things"
            what += " (and everything kept on the prospects among them)" if has_prospect else ""
        if not ConfirmDeleteForever.ask(self, what):
            return
        done = 0
        try:
            for item in chosen:
                try:
                    self.services.trash.delete_forever(item)
                except NotFound:
                    continue  # already gone with its prospect
                done += 1
        except SalesCoachError as error:
            self._show_failure(f"Not deleted: {error}")
        else:
            self._show_message(
                "Deleted for good." if done == 1 else f"{done} things deleted for good."
            )
        self._after_change(done > 0)

    @classmethod
    def ask(cls, services: Services, parent: QWidget | None = None) -> bool:
        """Show the trash; True when something was restored or deleted for good."""
        dialog = cls(services, parent)
        dialog.exec()
        return dialog.changed_anything

    # --- inside ---------------------------------------------------------------------------------

    def _after_change(self, changed: bool) -> None:
        row = min((index.row() for index in self.table.selectionModel().selectedRows()), default=0)
        self.reload()
        if self.model.items:
            self.table.selectRow(min(row, len(self.model.items) - 1))
        if changed:
            self.changed_anything = True
            self.trashChanged.emit()

    def _show_message(self, text: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(text)

    def _show_failure(self, text: str) -> None:
        self.status.setStyleSheet(FAILED_STYLE)
        self.status.setText(text)

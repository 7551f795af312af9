"""The entries of one log as a table: one row each, the log's summary fields as columns.

Choices show their label, dates the rep's local format, needs the client's words; a next action
or milestone past its date and still open is marked overdue in words, bold and with an icon.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from salescoach.domain.cycle_logs import FieldKind, LogKind
from salescoach.ui.prospect.formatting import field_text, need_label, overdue

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class LogTableModel(QAbstractTableModel):
    """The entries of one log, a row each; read-only (the entry dialog edits)."""

    def __init__(self, kind: LogKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.columns = [kind.field(name) for name in kind.summary_fields]
        self._entries: list[dict[str, Any]] = []
        self._need_labels: dict[int, str] = {}
        self._today = date.today()

    def set_entries(
        self,
        entries: list[dict[str, Any]],
        needs: list[dict[str, Any]] | None = None,
        today: date | None = None,
    ) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._need_labels = {int(need["id"]): need_label(need) for need in needs or []}
        self._today = today or date.today()
        self.endResetModel()

    def entry(self, row: int) -> dict[str, Any]:
        return self._entries[row]

    def entries(self) -> list[dict[str, Any]]:
        return list(self._entries)

    def row_of(self, entry_id: int) -> int:
        return next((row for row, e in enumerate(self._entries) if e["id"] == entry_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        spec = self.columns[index.column()]
        late = overdue(self.kind, entry, self._today) == spec.name
        if role == Qt.ItemDataRole.DisplayRole:
            text = field_text(spec, entry.get(spec.name), self._need_labels)
            return f"{text}  (overdue)" if late else text
        if role == Qt.ItemDataRole.ToolTipRole:
            text = field_text(spec, entry.get(spec.name), self._need_labels)
            if spec.kind is FieldKind.LONG_TEXT and entry.get(spec.name):
                text = str(entry[spec.name])  # the whole text, with its line breaks
            return f"Overdue: {text}" if late else (text or None)
        if role == Qt.ItemDataRole.FontRole and late:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and late:
            icon = QStyle.StandardPixmap.SP_MessageBoxWarning
            return QApplication.style().standardIcon(icon)
        if role == ENTRY_ID_ROLE:
            return entry["id"]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].label
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._entries):
            return str(section + 1)
        return None

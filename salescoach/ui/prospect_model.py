"""The prospect list as a Qt table model over the database, fetched a page at a time.

Sorting and filtering happen in SQL (through the service), so the list stays quick with
thousands of prospects; rows arrive lazily as the view scrolls (`canFetchMore`/`fetchMore`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from salescoach.domain.prospect import STAGE_LABELS, ProspectRow
from salescoach.services.prospects import ProspectService

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    sort_key: str


COLUMNS = (
    Column("Company", "company"),
    Column("Step", "stage"),
    Column("Industry", "industry"),
    Column("Main contact", "people"),
    Column("Last meeting", "last_meeting"),
)


class ProspectTableModel(QAbstractTableModel):
    PAGE_SIZE = 200
    ProspectIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, service: ProspectService, parent: Any = None) -> None:
        super().__init__(parent)
        self._service = service
        self._rows: list[ProspectRow] = []
        self._total = 0
        self._search = ""
        self._sort_column = 0
        self._descending = False
        self.refresh()

    # --- the data -------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.beginResetModel()
        self._total = self._service.count(self._search)
        self._rows = self._fetch(0)
        self.endResetModel()

    def set_search(self, text: str) -> None:
        if text != self._search:
            self._search = text
            self.refresh()

    def total(self) -> int:
        return self._total

    def _fetch(self, offset: int) -> list[ProspectRow]:
        return self._service.page(
            self._search,
            COLUMNS[self._sort_column].sort_key,
            self._descending,
            offset,
            self.PAGE_SIZE,
        )

    def prospect_id(self, row: int) -> int:
        return self._rows[row].id

    # --- Qt model interface ---------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid():
            return
        more = self._fetch(len(self._rows))
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section].title
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column())
        if role == self.ProspectIdRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return f"{row.company}: {row.meetings} meeting(s), {row.needs} need(s) heard"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort_column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    @staticmethod
    def _display(row: ProspectRow, column: int) -> str:
        if column == 0:
            return row.company
        if column == 1:
            return STAGE_LABELS.get(row.stage, row.stage.title())
        if column == 2:
            return row.industry or ""
        if column == 3:
            extra = row.people_count - 1
            name = row.main_contact or ""
            return f"{name} (+{extra})" if name and extra > 0 else name
        if column == 4:
            return _local_date(row.last_meeting)
        return ""


def _local_date(iso: str | None) -> str:
    if not iso:
        return ""
    day = QDate.fromString(iso[:10], Qt.DateFormat.ISODate)
    return QLocale().toString(day, "d MMM yyyy") if day.isValid() else iso[:10]

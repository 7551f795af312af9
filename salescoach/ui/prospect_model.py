"""The pipeline as a Qt table model over the database, shown a page at a time.

Filtering and sorting happen in SQL (through the service): a refresh asks for the ids of every
matching prospect in order (10,000 integers are quick), then rows arrive lazily as the view
scrolls (`canFetchMore`/`fetchMore`), one page of details at a time, each page as quick as the
first however deep the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from salescoach.domain.pipeline import Due, PipelineFilter, PipelineRow, due_state, fit_label
from salescoach.domain.prospect import STAGE_LABELS
from salescoach.services.prospects import ProspectService
from salescoach.ui.pipeline_look import (
    bold,
    error_colour,
    overdue_icon,
    today_colour,
    today_icon,
)

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    sort_key: str


COLUMNS = (
    Column("Company", "company"),
    Column("Step", "stage"),
    Column("Fit", "fit"),
    Column("Main contact", "people"),
    Column("Next action", "next_action"),
    Column("Due", "due"),
    Column("Last meeting", "last_meeting"),
)
COMPANY, STEP, FIT, CONTACT, NEXT_ACTION, DUE, LAST_MEETING = range(len(COLUMNS))
# Roles as plain numbers: data() runs for every cell and role on every paint.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_LOOK = {_FOREGROUND, Qt.ItemDataRole.FontRole.value, Qt.ItemDataRole.DecorationRole.value}


class ProspectTableModel(QAbstractTableModel):
    PAGE_SIZE = 200
    ProspectIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, service: ProspectService, parent: Any = None) -> None:
        super().__init__(parent)
        self._service = service
        self._ids: list[int] = []
        self._rows: list[PipelineRow] = []
        self._cells: list[tuple[str, ...]] = []  # what each loaded row shows, worked out once
        self._due: list[Due] = []
        self._next = 0  # how far into `_ids` the loaded rows reach
        self._filters = PipelineFilter()
        self._sort_column = COMPANY
        self._descending = False
        self._today = service.today()
        self.refresh()

    # --- the data -------------------------------------------------------------------------------

    def refresh(self, keep_loaded: bool = False) -> None:
        """Read the list again; `keep_loaded` reloads as many rows as were shown, so the view
        keeps its place (after an edit on a prospect page, say)."""
        wanted = max(self.PAGE_SIZE, self._next if keep_loaded else 0)
        self.beginResetModel()
        self._today = self._service.today()
        self._ids = self._service.ordered_ids(
            self._filters, COLUMNS[self._sort_column].sort_key, self._descending
        )
        self._rows, self._cells, self._due = [], [], []
        self._load(self._service.rows(self._ids[:wanted]))
        self._next = min(wanted, len(self._ids))
        self.endResetModel()

    def _load(self, rows: list[PipelineRow]) -> None:
        self._rows.extend(rows)
        self._cells.extend(
            tuple(self._display(row, column) for column in range(len(COLUMNS))) for row in rows
        )
        self._due.extend(due_state(row.next_action_on, self._today) for row in rows)

    def set_filters(self, filters: PipelineFilter) -> None:
        if filters != self._filters:
            self._filters = filters
            self.refresh()

    def filters(self) -> PipelineFilter:
        return self._filters

    def total(self) -> int:
        """How many prospects match, loaded or not."""
        return len(self._ids)

    def prospect_id(self, row: int) -> int:
        return self._rows[row].id

    def row_of(self, prospect_id: int) -> int | None:
        """The row showing this prospect, loading pages down to it; None when it is not listed."""
        try:
            position = self._ids.index(prospect_id)
        except ValueError:
            return None
        while position >= self._next and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())
        return next((row for row, shown in enumerate(self._rows) if shown.id == prospect_id), None)

    # --- Qt model interface ---------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and self._next < len(self._ids)

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid() or self._next >= len(self._ids):
            return
        page = self._ids[self._next : self._next + self.PAGE_SIZE]
        self._next += len(page)
        more = self._service.rows(page)  # a prospect trashed meanwhile is simply left out
        if not more:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._load(more)
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
        number = index.row()
        if not index.isValid() or not (0 <= number < len(self._rows)):
            return None
        column = index.column()
        if role == _DISPLAY:
            return self._cells[number][column]
        if role in _LOOK:
            if column == DUE:
                return self._due_look(self._due[number], role)
            if column == FIT and role == _FOREGROUND and self._rows[number].fit_tier == "excluded":
                return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            return None
        if role == self.ProspectIdRole:
            return self._rows[number].id
        if role == _TOOLTIP:
            return self._tooltip(self._rows[number], column)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if not 0 <= column < len(COLUMNS):
            return
        if (column, descending) == (self._sort_column, self._descending):
            return  # QTableView.sortByColumn asks twice (the header's indicator, then the view)
        self._sort_column = column
        self._descending = descending
        self.refresh()

    # --- how a cell looks -----------------------------------------------------------------------

    def _display(self, row: PipelineRow, column: int) -> str:
        if column == COMPANY:
            return row.company
        if column == STEP:
            return STAGE_LABELS.get(row.stage, row.stage.title())
        if column == FIT:
            return fit_label(row.fit_tier, row.fit_score)
        if column == CONTACT:
            extra = row.people_count - 1
            name = row.main_contact or ""
            return f"{name} (+{extra})" if name and extra > 0 else name
        if column == NEXT_ACTION:
            return row.next_action or ""
        if column == DUE:
            return _due_text(row.next_action_on, self._today)
        if column == LAST_MEETING:
            return _local_date(row.last_meeting)
        return ""

    def _tooltip(self, row: PipelineRow, column: int) -> str | None:
        if column == COMPANY:
            meetings = f"{row.meetings} meeting" + ("" if row.meetings == 1 else "s")
            return f"{row.company}: {meetings}. Enter opens the prospect."
        if column == DUE and row.next_action_on:
            state = due_state(row.next_action_on, self._today)
            days = (self._today - date.fromisoformat(row.next_action_on[:10])).days
            when = {
                Due.OVERDUE: f"Overdue by {days} day{'s' if days != 1 else ''}",
                Due.TODAY: "Due today",
            }.get(state, "Due " + _due_text(row.next_action_on, self._today))
            return f"{when}: {row.next_action or 'next action'}"
        if column == NEXT_ACTION and row.next_action:
            return row.next_action
        return None

    @staticmethod
    def _due_look(state: Due, role: int) -> Any:
        if state not in (Due.OVERDUE, Due.TODAY):
            return None
        overdue = state is Due.OVERDUE
        if role == _FOREGROUND:
            palette = QApplication.palette()
            return error_colour(palette) if overdue else today_colour(palette)
        if role == Qt.ItemDataRole.FontRole.value:
            return bold(QFont())
        return overdue_icon() if overdue else today_icon()


def _due_text(day: str | None, today: date) -> str:
    """'Overdue · 3 Dec', 'Today', 'Thu 3 Dec' this week, '12 Jan 2027' later."""
    state = due_state(day, today)
    if state is Due.NONE or not day:
        return ""
    when = QDate.fromString(day[:10], Qt.DateFormat.ISODate)
    locale = QLocale()
    if state is Due.TODAY:
        return "Today"
    if state is Due.OVERDUE:
        return f"Overdue · {locale.toString(when, 'd MMM')}"
    if state is Due.WEEK:
        return locale.toString(when, "ddd d MMM")
    return locale.toString(when, "d MMM yyyy")


def _local_date(iso: str | None) -> str:
    """A stored UTC time as the rep's own calendar day."""
    if not iso:
        return ""
    moment = QDateTime.fromString(iso, Qt.DateFormat.ISODateWithMs)
    if not moment.isValid():
        moment = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    if not moment.isValid():
        return iso[:10]
    return QLocale().toString(moment.toLocalTime().date(), "d MMM yyyy")

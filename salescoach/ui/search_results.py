"""What one search found, grouped by kind (Prospects, People, Meetings, Needs, Client's words...).

Each hit shows its prospect and where it was found, then the words around the match with the
matched words in bold. Enter or a double-click opens it: the meeting for a hit that lives in a
meeting (an answer, a note, a quote, a need), the prospect for everything else.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from salescoach.services.search import SearchGroup, SearchHit, SearchService

AnyIndex = QModelIndex | QPersistentModelIndex
HitRole = Qt.ItemDataRole.UserRole + 1
PADDING = 6


class SearchResultsModel(QAbstractListModel):
    """Group titles and hits in one flat list; titles can be neither chosen nor opened."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[SearchGroup | SearchHit] = []

    def set_groups(self, groups: list[SearchGroup]) -> None:
        self.beginResetModel()
        self._entries = [entry for group in groups for entry in (group, *group.hits)]
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return [entry for entry in self._entries if isinstance(entry, SearchHit)]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self._entries[index.row()], SearchGroup):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == HitRole:
            return entry
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if isinstance(entry, SearchGroup):
                shown = len(entry.hits)
                # A full group may have more behind it: say these are the best ones.
                return (
                    f"{entry.title} ({'best ' if shown >= SearchService.PER_KIND else ''}{shown})"
                )
            return f"{entry.label}: {entry.company}: {entry.text}"
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(entry, SearchHit):
            where = "the meeting" if entry.opens_meeting else "the prospect"
            return f"Enter opens {where}"
        return None


class SearchHitDelegate(QStyledItemDelegate):
    """A hit in two lines: company and place in quiet text, the snippet with bold matches."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        line = QFontMetrics(option.font).height()
        entry = index.data(HitRole)
        if isinstance(entry, SearchGroup):
            return QSize(200, line + 2 * PADDING + 4)
        return QSize(200, 2 * line + 2 * PADDING + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        entry = index.data(HitRole)
        painter.save()
        palette = option.palette
        if isinstance(entry, SearchGroup):
            font = QFont(option.font)
            font.setBold(True)
            painter.setFont(font)
            # A title is not selectable, so Qt paints it "disabled": keep it in full colour.
            painter.setPen(palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText))
            rect = option.rect.adjusted(PADDING, PADDING + 4, -PADDING, -PADDING)
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, index.data()
            )
            painter.setPen(palette.color(QPalette.ColorRole.Mid))
            painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
            painter.restore()
            return
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
        )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        quiet = text if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        line = QFontMetrics(option.font).height()
        left = option.rect.left() + 3 * PADDING
        width = option.rect.width() - 4 * PADDING
        top = option.rect.top() + PADDING
        place = " · ".join(part for part in (entry.label, entry.company, entry.detail) if part)
        painter.setFont(option.font)
        painter.setPen(quiet)
        painter.drawText(
            QRect(left, top, width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(option.font).elidedText(place, Qt.TextElideMode.ElideRight, width),
        )
        _draw_parts(
            painter, entry.parts, QRect(left, top + line + 2, width, line), option.font, text
        )
        painter.restore()


def _draw_parts(
    painter: QPainter, parts: tuple[tuple[str, bool], ...], rect: QRect, font: QFont, colour
) -> None:
    """The snippet on one line, matched words bold, cut with an ellipsis where it runs out."""
    heavy = QFont(font)
    heavy.setBold(True)
    x = rect.left()
    painter.setPen(colour)
    for text, matched in parts:
        painter.setFont(heavy if matched else font)
        metrics = painter.fontMetrics()
        room = rect.right() - x
        if room <= metrics.horizontalAdvance("…"):
            break
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        painter.drawText(
            QRect(x, rect.top(), room, rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            shown,
        )
        if shown != text:
            break
        x += metrics.horizontalAdvance(text)


class SearchResultsView(QListView):
    prospectChosen = Signal(int)
    """Open this prospect (carries its id)."""
    meetingChosen = Signal(int)
    """Open this meeting (carries the interview id)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search-results")
        self.results = SearchResultsModel(self)
        self.setModel(self.results)
        self.setItemDelegate(SearchHitDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformItemSizes(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.activated.connect(self._open)

    def show_groups(self, groups: list[SearchGroup]) -> None:
        self.results.set_groups(groups)
        self.scrollToTop()

    def hit_count(self) -> int:
        return len(self.results.hits())

    def focus_first_hit(self) -> None:
        first = next(
            (
                self.results.index(row)
                for row in range(self.results.rowCount())
                if self.results.flags(self.results.index(row)) & Qt.ItemFlag.ItemIsSelectable
            ),
            None,
        )
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if first is not None:
            self.setCurrentIndex(first)

    def open_hit(self, hit: SearchHit) -> None:
        if hit.opens_meeting and hit.meeting_id is not None:
            self.meetingChosen.emit(hit.meeting_id)
        else:
            self.prospectChosen.emit(hit.prospect_id)

    def _open(self, index: QModelIndex) -> None:
        entry = index.data(HitRole)
        if isinstance(entry, SearchHit):
            self.open_hit(entry)

"""The sections down the side of meeting mode: title, and how much of it is covered."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from salescoach.domain.playbook import Section

DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1
PADDING = 8


class _TwoLineDelegate(QStyledItemDelegate):
    """The section title in bold, its coverage below in the muted text colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text, option.text = option.text, ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal
        title_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        detail_role = (
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        rect = option.rect.adjusted(PADDING, PADDING // 2, -PADDING, -PADDING // 2)
        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.save()
        painter.setFont(title_font)
        painter.setPen(option.palette.color(group, title_role))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        used = painter.boundingRect(rect, flags, text)
        painter.drawText(rect, flags, text)
        painter.setFont(option.font)
        painter.setPen(option.palette.color(group, detail_role))
        detail_rect = QRect(
            rect.left(), used.bottom() + 2, rect.width(), rect.bottom() - used.bottom()
        )
        painter.drawText(detail_rect, flags, index.data(DETAIL_ROLE) or "")
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        width = max((option.widget.viewport().width() if option.widget else 200) - 2 * PADDING, 80)
        title_font = QFont(option.font)
        title_font.setBold(True)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        title = QFontMetrics(title_font).boundingRect(QRect(0, 0, width, 1000), flags, index.data())
        detail = QFontMetrics(option.font).boundingRect(
            QRect(0, 0, width, 1000), flags, index.data(DETAIL_ROLE) or ""
        )
        return QSize(width, title.height() + detail.height() + PADDING + 2)


class SectionList(QListWidget):
    """One row per section; `show_progress` updates the coverage line under each title."""

    def __init__(self, sections: list[Section], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sections")
        self.setItemDelegate(_TwoLineDelegate(self))
        self.setSpacing(1)
        self.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        for number, section in enumerate(sections, start=1):
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.id)
            shortcut = f"  (Ctrl+{number})" if number <= 9 else ""
            item.setToolTip(f"{section.purpose or section.title}{shortcut}")
            self.addItem(item)

    def show_progress(self, row: int, title: str, detail: str) -> None:
        item = self.item(row)
        item.setText(title)
        item.setData(DETAIL_ROLE, detail)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # wrapped heights depend on the width

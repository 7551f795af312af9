"""How the needs list draws a need: rank, the statement word-wrapped, a status chip, details."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from salescoach.ui.meeting.needs_common import scaled, status_text
from salescoach.ui.meeting.needs_model import NeedsModel

# Tints for the status chips, drawn translucent over the palette so light and dark themes work.
STATUS_TINTS = {
    "open": None,
    "confirmed": QColor(46, 160, 67),
    "corrected": QColor(47, 129, 247),
    "not_a_priority": None,
}


class NeedDelegate(QStyledItemDelegate):
    """Draws a need: rank, the statement word-wrapped, a status chip, priority, impact, source."""

    PAD = 8
    GAP = 4

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    # --- geometry -------------------------------------------------------------------------------

    @staticmethod
    def _fonts(option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        body = QFont(option.font)
        rank = scaled(option.font, 1.25, bold=True)
        small = scaled(option.font, 0.9)
        return body, rank, small

    def _rank_width(self, rank_font: QFont) -> int:
        return QFontMetrics(rank_font).horizontalAdvance("99") + self.PAD

    def _text_width(self, option: QStyleOptionViewItem, rank_font: QFont) -> int:
        width = option.rect.width() if option.rect.width() > 0 else self._view.viewport().width()
        width = min(width, self._view.viewport().width()) or 300
        return max(80, width - 2 * self.PAD - self._rank_width(rank_font))

    def _meta_line(self, index: QModelIndex) -> str:
        parts = []
        priority = index.data(NeedsModel.PriorityRole)
        if priority:
            parts.append(f"{priority} priority")
        source = index.data(NeedsModel.SourceLabelRole)
        if source:
            parts.append(f"from: {source}")
        return "  ·  ".join(parts)

    def _blocks(
        self, option: QStyleOptionViewItem, index: QModelIndex
    ) -> tuple[int, int, int, str]:
        """Heights of the statement and impact blocks, the text width, and the impact text."""
        body, rank, small = self._fonts(option)
        width = self._text_width(option, rank)
        flags = int(Qt.TextFlag.TextWordWrap)
        statement = index.data(Qt.ItemDataRole.DisplayRole) or ""
        statement_h = QFontMetrics(body).boundingRect(QRect(0, 0, width, 10**6), flags, statement)
        impact = index.data(NeedsModel.ImpactRole) or ""
        impact_text = f"Impact: {impact}" if impact else ""
        impact_h = (
            QFontMetrics(small).boundingRect(QRect(0, 0, width, 10**6), flags, impact_text).height()
            if impact_text
            else 0
        )
        return statement_h.height(), impact_h, width, impact_text

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        _body, _rank, small = self._fonts(option)
        statement_h, impact_h, width, _impact = self._blocks(option, index)
        chip_h = QFontMetrics(small).height() + 4
        height = self.PAD + statement_h + self.GAP + chip_h + self.PAD
        if impact_h:
            height += self.GAP + impact_h
        return QSize(width + self._rank_width(_rank) + 2 * self.PAD, height)

    # --- painting -------------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""
        style = self._view.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, item, painter, self._view)

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        group = (
            QPalette.ColorGroup.Active
            if option.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text = palette.color(group, text_role)
        quiet = text if selected else palette.color(group, QPalette.ColorRole.PlaceholderText)
        status = index.data(NeedsModel.StatusRole) or "open"
        body, rank_font, small = self._fonts(option)
        statement_h, impact_h, width, impact_text = self._blocks(option, index)
        rect = option.rect
        left = rect.left() + self.PAD
        x = left + self._rank_width(rank_font)
        y = rect.top() + self.PAD

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(rank_font)
        painter.setPen(text)
        rank_box = QRect(
            left, y, self._rank_width(rank_font) - self.PAD, QFontMetrics(rank_font).height()
        )
        painter.drawText(
            rank_box,
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
            str(index.data(NeedsModel.RankRole)),
        )

        dropped = status == "not_a_priority"
        statement_font = QFont(body)
        statement_font.setStrikeOut(dropped)
        painter.setFont(statement_font)
        painter.setPen(quiet if dropped else text)
        painter.drawText(
            QRect(x, y, width, statement_h),
            int(Qt.TextFlag.TextWordWrap),
            index.data(Qt.ItemDataRole.DisplayRole) or "",
        )
        y += statement_h + self.GAP

        painter.setFont(small)
        metrics = QFontMetrics(small)
        chip_text = status_text(status)
        chip = QRect(x, y, metrics.horizontalAdvance(chip_text) + 12, metrics.height() + 4)
        tint = STATUS_TINTS.get(status)
        fill = QColor(tint) if tint is not None else palette.color(group, QPalette.ColorRole.Mid)
        fill.setAlpha(70 if tint is not None else 45)
        painter.setBrush(fill)
        painter.setPen(text if selected else palette.color(group, QPalette.ColorRole.Mid))
        painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
        painter.setPen(text)
        painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), chip_text)

        meta = self._meta_line(index)
        if meta:
            meta_x = chip.right() + 10
            meta_w = x + width - meta_x
            painter.setPen(quiet)
            painter.drawText(
                QRect(meta_x, y + 2, meta_w, metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                metrics.elidedText(meta, Qt.TextElideMode.ElideRight, meta_w),
            )
        y += chip.height()
        if impact_text:
            y += self.GAP
            painter.setPen(text)
            impact_box = QRect(x, y, width, impact_h)
            painter.drawText(impact_box, int(Qt.TextFlag.TextWordWrap), impact_text)

        painter.setPen(palette.color(group, QPalette.ColorRole.Midlight))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()

"""The needs panel of meeting mode: the client's needs, ranked, captured while they talk.

Everything is reachable from the keyboard. The meeting window owns Ctrl+N and calls
`add_need(question_id)`: a small form opens inside the panel, linked to the question on screen;
Enter saves, Esc cancels, and focus goes back where the rep was typing. In the list: Enter or F2
edits, Alt+Up / Alt+Down re-ranks, Delete deletes (with Undo, Ctrl+Z), Alt+Enter jumps to the
question the need was heard under. Dragging a need with the mouse re-ranks it too. While the list
or the form has focus these keys win over window shortcuts with the same keys.

Every change is written through `InterviewService` at once. When a save fails the panel says so,
emits `saveFailed`, and keeps what the rep typed in the form so nothing is lost.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QEvent,
    QKeyCombination,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salescoach.domain.summary import NEED_STATUS_LABELS
from salescoach.errors import SalesCoachError
from salescoach.services.interviews import NEED_STATUSES, InterviewService

if TYPE_CHECKING:
    from salescoach.services.interviews import StoredNeed

AnyIndex = QModelIndex | QPersistentModelIndex

# How each need status reads on screen: a glyph and a few words (the summary uses the long label).
STATUS_GLYPHS = {"open": "○", "confirmed": "✓", "corrected": "✎", "not_a_priority": "\u2013"}
STATUS_WORDS = {
    "open": "Open",
    "confirmed": "Confirmed",
    "corrected": "Corrected",
    "not_a_priority": "Not a priority",
}
STATUS_LONG = NEED_STATUS_LABELS
# Tints for the status chips, drawn translucent over the palette so light and dark themes work.
STATUS_TINTS = {
    "open": None,
    "confirmed": QColor(46, 160, 67),
    "corrected": QColor(47, 129, 247),
    "not_a_priority": None,
}
PRIORITIES = ("High", "Medium", "Low")
EMPTY_TEXT = "No needs yet. Press Ctrl+N while the client talks."
MIME_TYPE = "application/x-salescoach-need-ids"


def is_save_failure(error: BaseException) -> bool:
    """A known problem writing to the database: say so and keep the rep's words.

    Known problems are `SalesCoachError`s, `OSError`s and the database driver's own errors
    (recognised by module, because the ui never imports the database driver).
    """
    if isinstance(error, SalesCoachError | OSError):
        return True
    return any(cls.__module__ == "sqlite3" for cls in type(error).__mro__)


def failure_text(error: BaseException) -> str:
    detail = str(error).strip() or type(error).__name__
    return f"Not saved: {detail}"


def status_text(status: str) -> str:
    return f"{STATUS_GLYPHS.get(status, '?')} {STATUS_WORDS.get(status, status)}"


def key_combination(event: QKeyEvent) -> QKeySequence:
    """The key event as a key sequence, ignoring the keypad flag (so keypad Enter is Enter)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return QKeySequence(QKeyCombination(modifiers, Qt.Key(event.key())))


def scaled(font: QFont, factor: float) -> QFont:
    """A copy of `font`, `factor` times as large (point or pixel sized)."""
    result = QFont(font)
    if font.pointSizeF() > 0:
        result.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        result.setPixelSize(max(1, round(font.pixelSize() * factor)))
    return result


def action_for(event: QKeyEvent, actions: Sequence[QAction]) -> QAction | None:
    """The enabled action whose shortcut is exactly this key press, if any."""
    pressed = key_combination(event)
    for action in actions:
        if action.isEnabled() and any(
            shortcut.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
            for shortcut in action.shortcuts()
        ):
            return action
    return None


# --- the model ----------------------------------------------------------------------------------


class NeedsModel(QAbstractListModel):
    """The needs of one meeting, in rank order, read from the service.

    `reload()` rereads them after a change made elsewhere. Moving rows (`moveRows`, used by
    Alt+Up/Down and by drag and drop in a `QListView` in `InternalMove` mode) writes the new
    ranks through `rerank_needs` before the rows move; if that fails nothing moves and
    `saveFailed` says why.
    """

    saveFailed = Signal(str)
    """Re-ranking could not be saved; the order shown is still the order stored."""

    NeedIdRole = Qt.ItemDataRole.UserRole + 1
    RankRole = Qt.ItemDataRole.UserRole + 2
    ImpactRole = Qt.ItemDataRole.UserRole + 3
    PriorityRole = Qt.ItemDataRole.UserRole + 4
    StatusRole = Qt.ItemDataRole.UserRole + 5
    SourceQuestionRole = Qt.ItemDataRole.UserRole + 6
    SourceLabelRole = Qt.ItemDataRole.UserRole + 7
    OriginalStatementRole = Qt.ItemDataRole.UserRole + 8

    def __init__(
        self,
        interviews: InterviewService,
        interview_id: int,
        parent: Any = None,
        question_labels: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._interviews = interviews
        self._interview_id = interview_id
        self._labels = question_labels or {}
        self._needs: list[StoredNeed] = []
        self.reload()

    # --- the data -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Reread the needs from the service (raises what the service raises)."""
        needs = self._interviews.needs(self._interview_id)
        self.beginResetModel()
        self._needs = list(needs)
        self.endResetModel()

    def need(self, row: int) -> StoredNeed:
        return self._needs[row]

    def row_of(self, need_id: int) -> int:
        return next((row for row, need in enumerate(self._needs) if need.id == need_id), -1)

    def need_ids(self) -> list[int]:
        return [need.id for need in self._needs]

    def source_label(self, question_id: str | None) -> str:
        if not question_id:
            return ""
        return self._labels.get(question_id, question_id)

    # --- Qt model interface ---------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._needs)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._needs):
            return None
        need = self._needs[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return need.statement
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), need)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Need {index.row() + 1}: {need.statement}. {STATUS_LONG.get(need.status, '')}"
        if role == self.NeedIdRole:
            return need.id
        if role == self.RankRole:
            return index.row() + 1
        if role == self.ImpactRole:
            return need.impact
        if role == self.PriorityRole:
            return need.priority
        if role == self.StatusRole:
            return need.status
        if role == self.SourceQuestionRole:
            return need.source_question_id or ""
        if role == self.SourceLabelRole:
            return self.source_label(need.source_question_id)
        if role == self.OriginalStatementRole:
            return need.original_statement
        return None

    def _tooltip(self, row: int, need: StoredNeed) -> str:
        lines = [f"Need {row + 1}: {STATUS_LONG.get(need.status, need.status)}"]
        if need.original_statement and need.original_statement != need.statement:
            lines.append(f"First said: “{need.original_statement}”")
        if need.source_question_id:
            lines.append(f"Heard at: {self.source_label(need.source_question_id)}")
            lines.append("Alt+Enter: go to that question")
        lines.append("Enter/F2: edit · Alt+Up/Down: rank · Delete: delete")
        return "\n".join(lines)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            # Drops land between needs, never on one.
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        data = QMimeData()
        ids = [self._needs[row].id for row in rows]
        data.setData(MIME_TYPE, QByteArray(json.dumps(ids).encode()))
        return data

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        return action == Qt.DropAction.MoveAction and data.hasFormat(MIME_TYPE)

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        """Move the dragged needs to `row` (before the need dropped on, or to the end)."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            ids = [int(value) for value in json.loads(bytes(data.data(MIME_TYPE).data()))]
        except (ValueError, TypeError):
            return False
        if parent.isValid():
            row = parent.row()
        if not 0 <= row <= len(self._needs):
            row = len(self._needs)
        rows = sorted(r for r in (self.row_of(need_id) for need_id in ids) if r >= 0)
        if not rows:
            return False
        if rows == list(range(rows[0], rows[-1] + 1)):
            if rows[0] <= row <= rows[-1] + 1:
                return True  # dropped where it already is
            return self.moveRows(QModelIndex(), rows[0], len(rows), QModelIndex(), row)
        # Scattered rows (not possible with single selection): save the order, then reset.
        moving = [self._needs[r] for r in rows]
        keep = [need for need in self._needs if need not in moving]
        at = len([r for r in range(row) if r not in rows])
        order = keep[:at] + moving + keep[at:]
        if not self._save_order([need.id for need in order]):
            return False
        self.beginResetModel()
        self._needs = [dataclasses.replace(need, rank=r) for r, need in enumerate(order, 1)]
        self.endResetModel()
        return True

    def moveRows(
        self,
        sourceParent: AnyIndex,
        sourceRow: int,
        count: int,
        destinationParent: AnyIndex,
        destinationChild: int,
    ) -> bool:
        size = len(self._needs)
        if sourceParent.isValid() or destinationParent.isValid() or count < 1:
            return False
        if sourceRow < 0 or sourceRow + count > size or not 0 <= destinationChild <= size:
            return False
        if sourceRow <= destinationChild <= sourceRow + count:
            return False  # onto itself: nothing to move
        block = self._needs[sourceRow : sourceRow + count]
        rest = self._needs[:sourceRow] + self._needs[sourceRow + count :]
        at = destinationChild if destinationChild < sourceRow else destinationChild - count
        order = rest[:at] + block + rest[at:]
        if not self._save_order([need.id for need in order]):
            return False
        if not self.beginMoveRows(
            QModelIndex(), sourceRow, sourceRow + count - 1, QModelIndex(), destinationChild
        ):
            return False
        self._needs = [dataclasses.replace(need, rank=r) for r, need in enumerate(order, 1)]
        self.endMoveRows()
        self._ranks_changed()
        return True

    # --- helpers --------------------------------------------------------------------------------

    def _save_order(self, ordered_ids: list[int]) -> bool:
        try:
            self._interviews.rerank_needs(ordered_ids)
        except Exception as error:
            if not is_save_failure(error):
                raise
            self.saveFailed.emit(failure_text(error))
            return False
        return True

    def _ranks_changed(self) -> None:
        if self._needs:
            self.dataChanged.emit(self.index(0), self.index(len(self._needs) - 1), [])


# --- the list and how it draws a need ---------------------------------------------------------


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
        rank = scaled(option.font, 1.25)
        rank.setBold(True)
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


class NeedsListView(QListView):
    """The ranked list. Its actions' shortcuts win over window shortcuts while it has focus."""

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and action_for(event, self.actions()) is not None
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = action_for(event, self.actions())
        if action is not None:
            action.trigger()
            event.accept()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # word-wrapped rows change height with the width


# --- the inline form ---------------------------------------------------------------------------


class StatementEdit(QPlainTextEdit):
    """A few wrapped lines for the need, in the client's words; Enter is left to the form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setPlaceholderText("What the client said, in their words")
        lines = self.fontMetrics().lineSpacing() * 3
        margins = self.contentsMargins()
        self.setFixedHeight(
            lines + margins.top() + margins.bottom() + 2 * int(self.document().documentMargin())
        )

    def text(self) -> str:
        return " ".join(self.toPlainText().split())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()  # the form saves
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            self.insertPlainText(" ".join(source.text().split()))
        else:
            super().insertFromMimeData(source)


class NeedEditor(QFrame):
    """The small form for one need: statement (required), impact, priority; Enter / Esc."""

    submitted = Signal()
    """Enter (or Save): the form should be saved."""
    cancelled = Signal()
    """Esc (or Cancel): the form should close without saving."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("need-editor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.title = QLabel("New need", self)
        title_font = self.title.font()
        title_font.setBold(True)
        self.title.setFont(title_font)
        layout.addWidget(self.title)

        self.statement = StatementEdit(self)
        self.statement.setObjectName("need-statement")
        self.statement.setAccessibleName("Need, in the client's words")
        layout.addWidget(self.statement)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self.impact = QLineEdit(self)
        self.impact.setObjectName("need-impact")
        self.impact.setPlaceholderText("What it costs them: time, money, risk")
        form.addRow("&Impact", self.impact)
        self.priority = QComboBox(self)
        self.priority.setObjectName("need-priority")
        self.priority.addItem("Not set", "")
        for priority in PRIORITIES:
            self.priority.addItem(priority, priority)
        form.addRow("&Priority", self.priority)
        layout.addLayout(form)

        self.hint = QLabel(self)
        self.hint.setObjectName("need-editor-hint")
        self.hint.setWordWrap(True)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint.hide()
        layout.addWidget(self.hint)

        buttons = QHBoxLayout()
        buttons.addStretch()
        self.cancel_button = QPushButton("Cancel (Esc)", self)
        self.cancel_button.clicked.connect(self.cancelled)
        self.save_button = QPushButton("Save (Enter)", self)
        self.save_button.clicked.connect(self.submitted)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    def fill(self, title: str, statement: str = "", impact: str = "", priority: str = "") -> None:
        self.title.setText(title)
        self.statement.setPlainText(statement)
        self.impact.setText(impact)
        found = self.priority.findData(priority)
        self.priority.setCurrentIndex(max(found, 0))
        self.show_hint("")
        cursor = self.statement.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.statement.setTextCursor(cursor)

    def values(self) -> dict[str, str]:
        return {
            "statement": self.statement.text(),
            "impact": self.impact.text().strip(),
            "priority": self.priority.currentData() or "",
        }

    def show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._is_form_key(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._is_form_key(event):
            super().keyPressEvent(event)
        elif event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            self.submitted.emit()

    @staticmethod
    def _is_form_key(event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return modifiers == Qt.KeyboardModifier.NoModifier and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Escape,
        )


# --- the panel ---------------------------------------------------------------------------------


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
        except Exception as error:
            if not is_save_failure(error):
                raise
            return {}
        return {question.id: question.text for question in playbook.questions()}

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.list = NeedsListView(self)
        self.list.setObjectName("needs-list")
        self.list.setModel(self.model)
        self.list.setItemDelegate(NeedDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setDragEnabled(True)
        self.list.setAcceptDrops(True)
        self.list.setDropIndicatorShown(True)
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
        self.notice_label = QLabel(self.notice)
        self.notice_label.setWordWrap(True)
        self.notice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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

    def is_editing(self) -> bool:
        return self.editor.isVisible()

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
        values = self.editor.values()
        if self._editing_id is None:
            return bool(values["statement"] or values["impact"] or values["priority"])
        row = self.model.row_of(self._editing_id)
        if row < 0:
            return True
        need = self.model.need(row)
        return (values["statement"], values["impact"], values["priority"]) != (
            need.statement,
            need.impact,
            need.priority,
        )

    def _open_form(self) -> None:
        focus = QApplication.focusWidget()
        if self.editor.isHidden():
            inside = focus is not None and (focus is self or self.isAncestorOf(focus))
            self._return_focus = None if inside else focus
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

    _DONE = True

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call the service; on a known failure report it and return None."""
        try:
            result = method(*args, **kwargs)
        except Exception as error:
            if not is_save_failure(error):
                raise
            self._report_failure(failure_text(error))
            return None
        return self._DONE if result is None else result

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

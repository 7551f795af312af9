"""One need in the read-back, as the client sees it: rank, words, details, status buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from salescoach.ui.meeting.needs_common import (
    STATUS_GLYPHS,
    STATUS_LONG,
    STATUS_WORDS,
    long_status,
    plain_label,
    scaled,
)

if TYPE_CHECKING:
    from salescoach.services.interviews import StoredNeed

SCALE = 1.6  # the read-back's text size, relative to the application font
# The client's answers: status and the key that records it.
CHOICES = tuple(
    (status, key, STATUS_WORDS[status])
    for status, key in (
        ("confirmed", Qt.Key.Key_C),
        ("corrected", Qt.Key.Key_E),
        ("not_a_priority", Qt.Key.Key_N),
    )
)


class NeedCard(QFrame):
    """One need as the client sees it; the current one is framed in the highlight colour."""

    clicked = Signal()
    """The card (or its text) was clicked: make it the current need."""
    chosen = Signal(str)
    """A status button was clicked (the status)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.need: StoredNeed | None = None
        self.current = False
        app_font = QApplication.font()
        small = scaled(app_font, SCALE * 0.72)

        layout = QGridLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setHorizontalSpacing(16)
        layout.setVerticalSpacing(6)
        self.rank = QLabel(self)
        self.rank.setFont(scaled(app_font, SCALE * 1.25, bold=True))
        self.rank.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.rank.setMinimumWidth(self.rank.fontMetrics().horizontalAdvance("99"))
        layout.addWidget(self.rank, 0, 0, 4, 1, Qt.AlignmentFlag.AlignTop)

        self.statement = self._text_label()
        self.statement.setObjectName("readback-statement")
        layout.addWidget(self.statement, 0, 1)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("readback-correction")
        self.edit.setPlaceholderText("The client's words")
        self.edit.setAccessibleName("Corrected need, in the client's words")
        self.edit.hide()
        layout.addWidget(self.edit, 1, 1)

        self.original = self._text_label(small)
        self.original.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.original, 2, 1)
        self.details = self._text_label(small)
        layout.addWidget(self.details, 3, 1)

        row = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setObjectName("readback-status")
        self.status.setFont(scaled(app_font, SCALE * 0.85, bold=True))
        row.addWidget(self.status)
        row.addStretch()
        self.buttons: dict[str, QPushButton] = {}
        for status, key, words in CHOICES:
            button = QPushButton(f"{STATUS_GLYPHS[status]} {words}  [{chr(key.value)}]", self)
            button.setObjectName(f"choose-{status}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setFont(small)
            button.setToolTip(f"{STATUS_LONG[status]} (key {chr(key.value)})")
            button.clicked.connect(lambda _checked=False, s=status: self.chosen.emit(s))
            row.addWidget(button)
            self.buttons[status] = button
        layout.addLayout(row, 4, 1)
        layout.setColumnStretch(1, 1)

    def _text_label(self, font: QFont | None = None) -> QLabel:
        label = plain_label(self, font=font)
        label.installEventFilter(self)  # a click on the text selects the card too
        return label

    def set_need(self, need: StoredNeed, rank: int) -> None:
        self.need = need
        self.setObjectName(f"need-card-{need.id}")
        self.rank.setText(str(rank))
        self.statement.setText(f"“{need.statement}”")
        dropped = need.status == "not_a_priority"
        font = self.statement.font()
        font.setStrikeOut(dropped)
        self.statement.setFont(font)
        self.statement.setForegroundRole(
            QPalette.ColorRole.PlaceholderText if dropped else QPalette.ColorRole.WindowText
        )
        changed = need.original_statement and need.original_statement != need.statement
        self.original.setText(f"First said: “{need.original_statement}”" if changed else "")
        self.original.setVisible(bool(changed))
        details = []
        if need.priority:
            details.append(f"{need.priority} priority")
        if need.impact:
            details.append(f"Impact: {need.impact}")
        self.details.setText("  ·  ".join(details))
        self.details.setVisible(bool(details))
        glyph = STATUS_GLYPHS.get(need.status, "?")
        self.status.setText(f"{glyph}  {long_status(need.status)}")
        for status, button in self.buttons.items():
            button.setChecked(status == need.status)
            font = button.font()
            font.setBold(status == need.status)  # some styles barely shade a checked button
            button.setFont(font)
        self.setAccessibleName(f"Need {rank}: {need.statement}. {long_status(need.status)}")

    def set_current(self, current: bool) -> None:
        if current != self.current:
            self.current = current
            self.update()

    # --- correcting in place --------------------------------------------------------------------

    def editing(self) -> bool:
        return not self.edit.isHidden()

    def start_edit(self) -> None:
        if self.need is None:
            return
        self.edit.setText(self.need.statement)
        self.edit.selectAll()
        self.statement.hide()
        self.edit.show()
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def stop_edit(self) -> None:
        self.edit.hide()
        self.statement.show()

    # --- painting and mouse ---------------------------------------------------------------------

    def paintEvent(self, event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        box = self.rect().adjusted(2, 2, -2, -2)
        if self.current:
            fill = QColor(palette.color(QPalette.ColorRole.Highlight))
            fill.setAlpha(40)
            painter.setBrush(fill)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 4))
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawRoundedRect(box, 10, 10)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            self.clicked.emit()
        return False

"""The pipeline strip across the top of home: the six steps, each with its number of prospects.

A step is a filter: click it (or Space/Enter on it) to list only its prospects, again (or "All
steps") to list everyone. Tab reaches the strip; Left and Right move along it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QSizePolicy, QWidget

from salescoach.domain.prospect import STAGE_LABELS, STAGES

ARROW = 12  # how far each segment's point reaches into the next one, in pixels


class StepSegment(QAbstractButton):
    """One step: its number and name, and how many prospects are at it, on a chevron."""

    def __init__(self, number: int, label: str, first: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.number = number
        self.label = label
        self.first = first
        self.count = 0
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.set_count(0)

    def set_count(self, count: int) -> None:
        self.count = count
        noun = "prospect" if count == 1 else "prospects"
        self.setText(f"{self.label}: {count}")
        self.setAccessibleName(f"{self.number}. {self.label}: {count} {noun}")
        self.setToolTip(
            f"{self.label}: {count} {noun}. Click (or Space) to show only them; again to show all."
        )
        self.update()

    def caption(self) -> str:
        return f"{self.number}  {self.label}"

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(
            metrics.horizontalAdvance(self.caption()) + 3 * ARROW,
            int(metrics.height() * 3.4),
        )

    def minimumSizeHint(self) -> QSize:
        return QSize(60, self.sizeHint().height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        shape = self._chevron(rect)
        hovered = self.underMouse()
        if self.isChecked():
            fill = palette.color(QPalette.ColorRole.Highlight)
            text = palette.color(QPalette.ColorRole.HighlightedText)
        else:
            fill = palette.color(QPalette.ColorRole.Button)
            if hovered:
                fill = fill.darker(108) if fill.lightness() > 128 else fill.lighter(130)
            text = palette.color(QPalette.ColorRole.ButtonText)
        painter.fillPath(shape, fill)
        outline = palette.color(QPalette.ColorRole.Mid)
        if self.hasFocus():
            outline = palette.color(QPalette.ColorRole.Highlight)
            if self.isChecked():
                outline = palette.color(QPalette.ColorRole.HighlightedText)
        painter.setPen(QPen(outline, 2 if self.hasFocus() else 1))
        painter.drawPath(shape)

        inner = rect.adjusted(ARROW + (0 if self.first else ARROW / 2), 4, -ARROW, -4)
        painter.setPen(text)
        small = QFont(self.font())
        painter.setFont(small)
        name = self.caption()
        top = QRectF(inner.left(), inner.top(), inner.width(), inner.height() * 0.42)
        elided = painter.fontMetrics().elidedText(
            name, Qt.TextElideMode.ElideRight, int(top.width())
        )
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        big = QFont(self.font())
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.6)
        painter.setFont(big)
        bottom = QRectF(inner.left(), top.bottom(), inner.width(), inner.height() - top.height())
        painter.drawText(
            bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(self.count)
        )
        painter.end()

    def _chevron(self, rect: QRectF) -> QPainterPath:
        """A band with a point on the right; all but the first have a notch on the left."""
        middle = rect.center().y()
        path = QPainterPath(rect.topLeft())
        path.lineTo(rect.right() - ARROW, rect.top())
        path.lineTo(rect.right(), middle)
        path.lineTo(rect.right() - ARROW, rect.bottom())
        path.lineTo(rect.bottomLeft())
        if not self.first:
            path.lineTo(QPointF(rect.left() + ARROW, middle))
        path.closeSubpath()
        return path


class AllSteps(StepSegment):
    """The whole pipeline: shown (checked) when no step is chosen."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(0, "All steps", True, parent)

    def set_count(self, count: int) -> None:
        super().set_count(count)
        self.setAccessibleName(f"All steps: {count} prospects")
        self.setToolTip(f"Every step: {count} prospects. Click to show them all.")

    def caption(self) -> str:
        return self.label


class PipelineStrip(QWidget):
    stageChosen = Signal(str)
    """The rep chose a step to list ("" for all of them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pipeline-strip")
        self._stage: str | None = None
        self.all_steps = AllSteps(self)
        self.all_steps.clicked.connect(lambda: self._choose(None))
        self.segments: dict[str, StepSegment] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(-ARROW // 2)
        layout.addWidget(self.all_steps, stretch=1)
        layout.addSpacing(ARROW)
        for number, stage in enumerate(STAGES, start=1):
            segment = StepSegment(number, STAGE_LABELS[stage], number == 1, self)
            segment.setObjectName(f"step-{stage}")
            segment.clicked.connect(lambda _checked=False, s=stage: self._toggle(s))
            self.segments[stage] = segment
            layout.addWidget(segment, stretch=2)
        self._show_choice()

    @property
    def stage(self) -> str | None:
        return self._stage

    def set_counts(self, counts: dict[str, int]) -> None:
        for stage, segment in self.segments.items():
            segment.set_count(counts.get(stage, 0))
        self.all_steps.set_count(sum(counts.values()))

    def set_stage(self, stage: str | None) -> None:
        """Show `stage` as chosen, without announcing it (home set it itself)."""
        self._stage = stage
        self._show_choice()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        buttons = [self.all_steps, *self.segments.values()]
        focused = next((button for button in buttons if button.hasFocus()), None)
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if focused is None or step is None:
            super().keyPressEvent(event)
            return
        position = (buttons.index(focused) + step) % len(buttons)
        buttons[position].setFocus(Qt.FocusReason.TabFocusReason)

    def _toggle(self, stage: str) -> None:
        self._choose(None if self._stage == stage else stage)

    def _choose(self, stage: str | None) -> None:
        self._stage = stage
        self._show_choice()
        self.stageChosen.emit(stage or "")

    def _show_choice(self) -> None:
        self.all_steps.setChecked(self._stage is None)
        for stage, segment in self.segments.items():
            segment.setChecked(stage == self._stage)

"""The satisfaction pulse at a glance: the latest score, which way it moves, the last few."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from salescoach.ui.prospect.formatting import date_text

TREND_POINTS = 8


def pulse_summary(entries: list[dict[str, Any]]) -> str:
    """From the pulses, newest first: 'Latest 4 of 5 (3 Dec 2026), up from 3'."""
    scored = [entry for entry in entries if entry.get("score")]
    if not scored:
        return ""
    latest = scored[0]
    text = f"Latest {latest['score']} of 5 ({date_text(latest.get('taken_on'))})"
    if len(scored) > 1:
        before = int(scored[1]["score"])
        now = int(latest["score"])
        if now > before:
            text += f", up from {before}"
        elif now < before:
            text += f", down from {before}"
        else:
            text += ", steady"
    return text


def trend_scores(entries: list[dict[str, Any]]) -> list[int]:
    """The last few scores, oldest first, as a trend reads."""
    scores = [int(entry["score"]) for entry in entries if entry.get("score")]
    return list(reversed(scores[:TREND_POINTS]))


class TrendBars(QWidget):
    """A small bar per pulse, oldest on the left; the summary beside it says it in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scores: list[int] = []
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_scores(self, scores: list[int]) -> None:
        self.scores = scores
        self.setAccessibleName("Pulse trend: " + ", ".join(str(score) for score in scores))
        self.setToolTip("Oldest to newest: " + " · ".join(str(score) for score in scores))
        self.update()

    def sizeHint(self) -> QSize:
        unit = self.fontMetrics().height()
        return QSize(unit * TREND_POINTS, unit * 2)

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.scores:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width() / TREND_POINTS
        colour = self.palette().color(QPalette.ColorRole.Highlight)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        for index, score in enumerate(self.scores):
            height = self.height() * score / 5
            rect = QRectF(index * width + 2, self.height() - height, width - 4, height)
            painter.drawRoundedRect(rect, 2, 2)
        painter.end()


class PulseSummary(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel(self)
        self.text.setObjectName("pulse-summary")
        self.bars = TrendBars(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, stretch=1)
        layout.addWidget(self.bars)

    def show_pulses(self, entries: list[dict[str, Any]]) -> None:
        self.text.setText(pulse_summary(entries))
        scores = trend_scores(entries)
        self.bars.set_scores(scores)
        self.bars.setVisible(len(scores) > 1)  # one bar is not a trend
        self.setVisible(bool(self.text.text()))

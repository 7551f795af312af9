"""Colours and marks the pipeline uses for what is due, taken from the palette (light or dark).

Qt's palette has no error colour of its own: it is a red chosen to read on the palette's base,
darker on a light background, lighter on a dark one. Colour is never the only cue: overdue and
due-today dates also carry a word and an icon.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

ICON_SIZE = 16


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def error_colour(palette: QPalette) -> QColor:
    return QColor("#ff7b72") if is_dark(palette) else QColor("#b3261e")


LIGHT_ON_DARK = 170  # HSL lightness (of 255) an accent needs to read on a dark background


def today_colour(palette: QPalette) -> QColor:
    """The palette's accent for "due today": noticed, without the alarm of overdue."""
    accent = palette.color(QPalette.ColorRole.Link)
    if is_dark(palette) and accent.lightness() < LIGHT_ON_DARK:
        # Lightened in HSL, not HSV: a pure blue is already at full value, and stays dark.
        hue, saturation, _lightness, alpha = accent.getHsl()
        return QColor.fromHsl(hue, saturation, LIGHT_ON_DARK, alpha)
    return accent


def bold(font: QFont) -> QFont:
    heavier = QFont(font)
    heavier.setBold(True)
    return heavier


@cache
def overdue_icon() -> QIcon:
    """A filled circle with an exclamation mark, in the error colour."""
    return _badge(error_colour(QApplication.palette()), "!")


@cache
def today_icon() -> QIcon:
    """A filled circle with a dot: today's item."""
    return _badge(today_colour(QApplication.palette()), "•")


def _badge(colour: QColor, mark: str) -> QIcon:
    icon = QIcon()
    for scale in (1, 2):
        side = ICON_SIZE * scale
        pixmap = QPixmap(side, side)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QPointF(side / 2, side / 2), side / 2 - scale, side / 2 - scale)
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(side * 0.7))
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(0, 0, side, side), Qt.AlignmentFlag.AlignCenter, mark)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        icon.addPixmap(pixmap)
    return icon

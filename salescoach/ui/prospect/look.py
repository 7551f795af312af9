"""How the prospect page looks in the few places it departs from the style: titles, warnings."""

from __future__ import annotations

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel

from salescoach.ui.meeting.needs_common import scaled

# A failed save must be seen at a glance, in the light and the dark palette alike.
FAILED_STYLE = "QLabel { color: white; background: #b3261e; padding: 2px 8px; border-radius: 4px; }"
# A problem to fix inside a form: a red edge, text in the palette's colour (readable everywhere).
PROBLEM_STYLE = (
    "QLabel { border: 1px solid palette(mid); border-left: 4px solid #b3261e;"
    " padding: 6px; border-radius: 3px; }"
)


def section_font(font: QFont) -> QFont:
    """The title of a section or a log: a little larger, bold."""
    return scaled(font, 1.1, bold=True)


def quiet(label: QLabel) -> QLabel:
    """Guidance that stays in the background yet reads at arm's length: the placeholder colour
    (the disabled one is too faint), in italics."""
    palette = label.palette()
    colour = palette.color(QPalette.ColorRole.PlaceholderText)
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)
    font = label.font()
    font.setItalic(True)
    label.setFont(font)
    return label

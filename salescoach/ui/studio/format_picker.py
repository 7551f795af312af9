"""HTML, plain text or Markdown: only the versions the chosen template family has."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QRadioButton, QWidget

from salescoach.services.summaries import TEXT_FORMATS
from salescoach.ui.studio.shortcuts import FORMAT_LABELS, tooltip


class FormatPicker(QWidget):
    formatChosen = Signal(str)
    """The rep picked a version (html, txt or md)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("format-picker")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for fmt in TEXT_FORMATS:
            button = QRadioButton(FORMAT_LABELS[fmt], self)
            button.setObjectName(f"format-{fmt}")
            button.setToolTip(tooltip(f"format_{fmt}"))
            button.toggled.connect(lambda on, f=fmt: on and self.formatChosen.emit(f))
            self.group.addButton(button)
            self.buttons[fmt] = button
            layout.addWidget(button)
        layout.addStretch()

    def set_formats(self, formats: Sequence[str], chosen: str) -> None:
        """Offer `formats` only, with `chosen` checked; no signal is emitted."""
        for fmt, button in self.buttons.items():
            button.setVisible(fmt in formats)
            button.blockSignals(True)
            button.setChecked(fmt == chosen)
            button.blockSignals(False)

    def offers(self, fmt: str) -> bool:
        return not self.buttons[fmt].isHidden()

    def current(self) -> str | None:
        return next((fmt for fmt, button in self.buttons.items() if button.isChecked()), None)

    def choose(self, fmt: str) -> None:
        """Check `fmt` as if clicked (emits formatChosen); ignored when it is not offered."""
        if self.offers(fmt):
            self.buttons[fmt].setChecked(True)

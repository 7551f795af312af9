"""Layout pieces several windows share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QSplitter, QWidget

Button = QDialogButtonBox.StandardButton


def accept_cancel_buttons(dialog: QDialog, accept_text: str = "", accept: Button = Button.Ok):
    """The dialog's accept/cancel row, wired to accept() and reject()."""
    buttons = QDialogButtonBox(accept | Button.Cancel, dialog)
    if accept_text:
        buttons.button(accept).setText(accept_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def three_panes(
    parent: QWidget, left: QWidget, centre: QWidget, right: QWidget, sizes: list[int]
) -> QSplitter:
    """A list on the left, the work in the centre, help on the right; the centre grows."""
    splitter = QSplitter(Qt.Orientation.Horizontal, parent)
    for stretch, pane in enumerate((left, centre, right)):
        splitter.addWidget(pane)
        splitter.setStretchFactor(stretch, (0, 3, 1)[stretch])
    splitter.setSizes(sizes)
    splitter.setChildrenCollapsible(False)
    return splitter

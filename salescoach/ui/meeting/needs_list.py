"""The ranked list of needs: word-wrapped rows, re-ranked by dragging, driven by its keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from salescoach.ui.meeting.need_delegate import NeedDelegate
from salescoach.ui.meeting.needs_common import claims_key, key_combination
from salescoach.ui.meeting.needs_model import NeedsModel


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


class NeedsListView(QListView):
    """The ranked list. Its actions' shortcuts win over window shortcuts while it has focus."""

    def __init__(self, model: NeedsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("needs-list")
        self.setModel(model)
        self.setItemDelegate(NeedDelegate(self))
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # The model writes the new ranks when rows move, so a drop is a re-rank.
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)

    def event(self, event: QEvent) -> bool:
        if claims_key(event, lambda key: action_for(key, self.actions()) is not None):
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

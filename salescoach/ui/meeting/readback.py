"""The Confirm read-back: the ranked needs in large type, turned toward the client.

The rep reads each need aloud and records the client's answer with one key: C confirmed,
E corrected (edit the words in place; Enter saves the client's new words and keeps the first ones),
N not a priority. Up/Down (or Tab) moves between needs, Esc goes back to the meeting. After each
answer the next need is highlighted, so the read-back flows without the mouse.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from salescoach.services.interviews import InterviewService
from salescoach.ui.meeting.need_card import CHOICES, SCALE, NeedCard
from salescoach.ui.meeting.needs_common import (
    call_service,
    claims_key,
    has_focus_within,
    is_plain,
    plain_label,
    scaled,
)

KEYS_HINT = "C confirmed · E correct the words · N not a priority · ↑/↓ move · Esc back"
EMPTY_TEXT = "No needs yet. Press Esc to go back, then Ctrl+N as the client talks."


class ReadbackView(QWidget):
    """The ranked needs of one meeting, read back and confirmed with the client."""

    statusChanged = Signal()
    """A need was confirmed, corrected or marked not a priority."""
    closeRequested = Signal()
    """The rep pressed Esc: back to the meeting."""
    saveFailed = Signal(str)
    """An answer could not be saved (the message says why); a correction stays in its field."""

    def __init__(
        self,
        interviews: InterviewService,
        interview_id: int,
        company: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("readback")
        self._interviews = interviews
        self._interview_id = interview_id
        self._company = company
        self.cards: list[NeedCard] = []
        self._current = -1
        self._failure = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoFillBackground(True)
        self._apply_palette()
        self.setFont(scaled(QApplication.font(), SCALE))
        self._build()
        self.refresh()

    # --- construction ---------------------------------------------------------------------------

    def _apply_palette(self) -> None:
        """Text on the base colour (the most contrast the system palette offers)."""
        palette = QPalette(QApplication.palette())
        for group in (
            QPalette.ColorGroup.Active,
            QPalette.ColorGroup.Inactive,
            QPalette.ColorGroup.Disabled,
        ):
            base = palette.color(group, QPalette.ColorRole.Base)
            text = palette.color(group, QPalette.ColorRole.Text)
            palette.setColor(group, QPalette.ColorRole.Window, base)
            palette.setColor(group, QPalette.ColorRole.WindowText, text)
        self.setPalette(palette)

    def _build(self) -> None:
        app_font = QApplication.font()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 16)
        layout.setSpacing(12)
        self.title = plain_label(
            self, f"What we heard from {self._company}", scaled(app_font, SCALE * 1.4, bold=True)
        )
        self.title.setObjectName("readback-title")
        layout.addWidget(self.title)
        self.subtitle = QLabel(
            "Your priorities, in your words and in your order. Tell us what we got wrong.", self
        )
        self.subtitle.setWordWrap(True)
        self.subtitle.setFont(scaled(app_font, SCALE * 0.8))
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.subtitle)

        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("readback-scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget(self.scroll)
        self.cards_layout = QVBoxLayout(self.body)
        self.cards_layout.setContentsMargins(0, 8, 8, 8)
        self.cards_layout.setSpacing(12)
        self.empty = QLabel(EMPTY_TEXT, self.body)
        self.empty.setObjectName("readback-empty")
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.cards_layout.addWidget(self.empty)
        self.cards_layout.addStretch(1)
        self.scroll.setWidget(self.body)
        layout.addWidget(self.scroll, 1)

        self.message = plain_label(self, font=scaled(app_font, SCALE * 0.75, bold=True))
        self.message.setObjectName("readback-message")
        self.message.hide()
        layout.addWidget(self.message)

        self.keys = QLabel(KEYS_HINT, self)
        self.keys.setObjectName("readback-keys")
        self.keys.setFont(app_font)
        self.keys.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.keys)

    # --- public slots ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reread the needs from the service, keeping the current one highlighted."""
        keep = self.current_need_id()
        needs = self._call(self._interviews.needs, self._interview_id)
        if needs is None:
            return
        if [card.need.id for card in self.cards if card.need] != [need.id for need in needs]:
            self._rebuild(len(needs))
        for rank, (card, need) in enumerate(zip(self.cards, needs, strict=True), start=1):
            card.set_need(need, rank)
        rows = [need.id for need in needs]
        row = rows.index(keep) if keep in rows else max(0, min(self._current, len(rows) - 1))
        self.set_current_row(row if rows else -1)

    def set_current_row(self, row: int) -> None:
        """Highlight need `row` (0-based) and scroll it into view."""
        if self._editing_card() is not None:
            return
        if not self.cards:
            self._current = -1
            return
        self._current = max(0, min(row, len(self.cards) - 1))
        for number, card in enumerate(self.cards):
            card.set_current(number == self._current)
        self.scroll.ensureWidgetVisible(self.cards[self._current], 0, 24)

    def move(self, delta: int) -> None:
        if self.cards:
            self.set_current_row(self._current + delta)

    def mark(self, status: str) -> None:
        """Confirmed or not a priority for the current need ("corrected" starts the edit)."""
        card = self.current_card()
        if card is None or card.need is None:
            return
        if status == "corrected":
            self.start_correction()
            return
        if self._call(self._interviews.update_need, card.need.id, status=status) is None:
            return
        self._after_change()

    def start_correction(self) -> None:
        card = self.current_card()
        if card is not None and self._editing_card() is None:
            self._hide_message()
            card.start_edit()

    def save_correction(self) -> None:
        card = self._editing_card()
        if card is None or card.need is None:
            return
        words = " ".join(card.edit.text().split())
        if not words:
            self._show_message("Type the client's words, or press Esc to leave them as they were.")
            return
        if words == card.need.statement:
            self.cancel_correction()
            self._show_message("The words are unchanged. Press C if the client agrees with them.")
            return
        saved = self._call(self._interviews.correct_need, card.need.id, self._interview_id, words)
        if saved is None:
            self._show_message(f"⚠ {self._failure}\nThe new words are kept: Enter tries again.")
            return
        self._leave_edit(card)
        self._after_change()

    def cancel_correction(self) -> None:
        card = self._editing_card()
        if card is not None:
            self._leave_edit(card)
            self._hide_message()

    def _leave_edit(self, card: NeedCard) -> None:
        # Focus first: hiding a focused field would pass focus on (and so move the highlight).
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        card.stop_edit()

    # --- state ----------------------------------------------------------------------------------

    def current_row(self) -> int:
        return self._current

    def current_card(self) -> NeedCard | None:
        return self.cards[self._current] if 0 <= self._current < len(self.cards) else None

    def current_need_id(self) -> int | None:
        card = self.current_card()
        return card.need.id if card is not None and card.need is not None else None

    def _editing_card(self) -> NeedCard | None:
        return next((card for card in self.cards if card.editing()), None)

    def _after_change(self) -> None:
        self._hide_message()
        self.refresh()
        self.statusChanged.emit()
        self.move(1)

    def _rebuild(self, count: int) -> None:
        if has_focus_within(self):
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        for card in self.cards:
            self.cards_layout.removeWidget(card)
            card.hide()
            card.deleteLater()
        self.cards = []
        for _ in range(count):
            card = NeedCard(self.body)
            card.clicked.connect(lambda c=card: self._clicked(c))
            card.chosen.connect(lambda status, c=card: self._chosen(c, status))
            self.cards_layout.insertWidget(self.cards_layout.count() - 1, card)
            self.cards.append(card)
        self.empty.setVisible(count == 0)

    def _clicked(self, card: NeedCard) -> None:
        if self._editing_card() is None and card in self.cards:
            self.set_current_row(self.cards.index(card))
            self.setFocus(Qt.FocusReason.MouseFocusReason)

    def _chosen(self, card: NeedCard, status: str) -> None:
        if card.need is not None:  # a click toggles the button; show the stored status again
            card.buttons[status].setChecked(card.need.status == status)
        if self._editing_card() is not None or card not in self.cards:
            return
        self.set_current_row(self.cards.index(card))
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.mark(status)

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """The service's result (True for none), or None once the failure has been reported."""
        return call_service(self._report_failure, method, *args, **kwargs)

    def _report_failure(self, message: str) -> None:
        self._failure = message  # kept to repeat beside a correction that could not be saved
        self._show_message(f"⚠ {message}")
        self.saveFailed.emit(message)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _hide_message(self) -> None:
        self.message.hide()
        self.message.clear()

    # --- keys -----------------------------------------------------------------------------------

    def _handles(self, event: QKeyEvent) -> bool:
        if not is_plain(event):
            return False
        key = event.key()
        if key == Qt.Key.Key_Escape:
            return True
        if self._editing_card() is not None:
            return key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        return key in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
            Qt.Key.Key_Home,
            Qt.Key.Key_End,
            *(choice_key for _status, choice_key, _words in CHOICES),
        )

    def event(self, event: QEvent) -> bool:
        if claims_key(event, self._handles):
            return True
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._apply_palette()
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handles(event):
            super().keyPressEvent(event)
            return
        key = event.key()
        editing = self._editing_card() is not None
        if key == Qt.Key.Key_Escape:
            if editing:
                self.cancel_correction()
            else:
                self.closeRequested.emit()
        elif editing:
            self.save_correction()
        elif key == Qt.Key.Key_Up:
            self.move(-1)
        elif key == Qt.Key.Key_Down:
            self.move(1)
        elif key == Qt.Key.Key_Home:
            self.set_current_row(0)
        elif key == Qt.Key.Key_End:
            self.set_current_row(len(self.cards) - 1)
        else:
            status = next(status for status, choice, _words in CHOICES if choice == key)
            self.mark(status)
        event.accept()

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab / Shift+Tab move between needs; while correcting they stay in the field."""
        if self._editing_card() is None:
            self.move(1 if next else -1)
        return True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not has_focus_within(self):
            self.setFocus(Qt.FocusReason.OtherFocusReason)

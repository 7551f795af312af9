"""The prospect page: one prospect carried from Target to Assure.

A header with the company, the step tracker (which doubles as the row of step tabs) and the
truthful "Saved 14:32"; below it one page per step. Ctrl+1..Ctrl+6 switch steps. Fields save
as the rep types; log entries save when their dialog is accepted.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from salescoach.domain.prospect import STAGES
from salescoach.domain.steps import StepStatus
from salescoach.errors import SalesCoachError
from salescoach.services.container import Services
from salescoach.ui.meeting.autosave import local_time_label
from salescoach.ui.meeting.needs_common import scaled
from salescoach.ui.prospect.assure_tab import AssureTab
from salescoach.ui.prospect.collaborate_tab import CollaborateTab
from salescoach.ui.prospect.confirm_tab import ConfirmTab
from salescoach.ui.prospect.contact_tab import ContactTab
from salescoach.ui.prospect.explore_tab import ExploreTab
from salescoach.ui.prospect.formatting import date_text
from salescoach.ui.prospect.look import FAILED_STYLE
from salescoach.ui.prospect.prospect_fields import ProspectFields
from salescoach.ui.prospect.shortcuts import local_shortcut
from salescoach.ui.prospect.step_tab import PageContext, StepTab
from salescoach.ui.prospect.target_tab import TargetTab
from salescoach.ui.prospect.tracker import StepOverrideDialog, StepTracker

TAB_CLASSES: tuple[type[StepTab], ...] = (
    TargetTab,
    ContactTab,
    ExploreTab,
    CollaborateTab,
    ConfirmTab,
    AssureTab,
)


def saved_text(iso: str) -> str:
    """When the prospect last reached the disk: "Saved 14:32" today, "Saved 3 Dec 2026" before."""
    try:
        when = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return "Saved"
    if when.date() == datetime.now().astimezone().date():
        return f"Saved {local_time_label(iso)}"
    return f"Saved {date_text(when.date().isoformat())}"


class ProspectPage(QWidget):
    backRequested = Signal()
    """The rep wants to go back to the prospect list (everything typed is saved first)."""
    meetRequested = Signal(int)
    """Start or resume a discovery meeting with this prospect (carries the prospect id)."""
    openMeeting = Signal(int)
    """Open this discovery meeting (carries the interview id)."""
    letterRequested = Signal(int)
    """Write the first-contact letter to this prospect (carries the prospect id)."""
    changed = Signal(int)
    """Something about this prospect reached the disk; lists showing it should refresh
    (carries the prospect id)."""

    def __init__(self, services: Services, prospect_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self._prospect_id = prospect_id
        self.fields = ProspectFields(services, prospect_id, self)
        self.fields.saved.connect(self._fields_saved)
        self.fields.failed.connect(self._show_failed)
        self.fields.fieldSaved.connect(self._field_saved)
        context = PageContext(services, prospect_id, self.fields)
        self._build_header()
        self.stack = QStackedWidget(self)
        self.tabs: dict[str, StepTab] = {}
        for step, tab_class in zip(STAGES, TAB_CLASSES, strict=True):
            tab = tab_class(context, self.stack)
            tab.changed.connect(self._tab_changed)
            self.tabs[step] = tab
            self.stack.addWidget(tab)
        self._wire_tabs()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, stretch=1)
        self._build_shortcuts()
        status = self.refresh_status()
        self.show_step(status.step if status is not None else STAGES[0])

    @property
    def prospect_id(self) -> int:
        return self._prospect_id

    # --- construction ---------------------------------------------------------------------------

    def _build_header(self) -> None:
        self.header = QWidget(self)
        self.header.setObjectName("prospect-header")
        self.back_button = QPushButton("\u2190 Prospects", self.header)
        self.back_button.setObjectName("back")
        self.back_button.setToolTip("Back to the prospect list (Alt+Left)")
        self.back_button.clicked.connect(self.go_back)
        self.title = QLabel(self.header)
        self.title.setObjectName("company-title")
        self.title.setFont(scaled(self.font(), 1.4, bold=True))
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setText(str(self.fields.record.get("company") or ""))
        self.saved_label = QLabel(saved_text(str(self.fields.record.get("updated_at") or "")))
        self.saved_label.setObjectName("saved-indicator")
        self.saved_label.setToolTip("Everything about this prospect is on disk")
        self.notice = QLabel(self.header)
        self.notice.setObjectName("page-notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.tracker = StepTracker(self.header)
        self.tracker.stepChosen.connect(self.show_step)
        self.tracker.overrideRequested.connect(self.set_step_by_hand)
        self.tracker.followRequested.connect(lambda: self._set_override(None))

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(12)
        top.addWidget(self.title, stretch=1)
        top.addWidget(self.saved_label)
        layout = QVBoxLayout(self.header)
        layout.setContentsMargins(12, 8, 12, 4)
        layout.addLayout(top)
        layout.addWidget(self.tracker)
        layout.addWidget(self.notice)

    def _wire_tabs(self) -> None:
        contact = self.tabs["contact"]
        assert isinstance(contact, ContactTab)
        contact.letterRequested.connect(lambda: self.letterRequested.emit(self._prospect_id))
        explore = self.tabs["explore"]
        assert isinstance(explore, ExploreTab)
        explore.meetRequested.connect(lambda: self.meetRequested.emit(self._prospect_id))
        explore.openMeeting.connect(self.openMeeting)
        collaborate = self.tabs["collaborate"]
        assert isinstance(collaborate, CollaborateTab)
        collaborate.meetRequested.connect(lambda: self.meetRequested.emit(self._prospect_id))

    def _build_shortcuts(self) -> None:
        for number, step in enumerate(STAGES, start=1):
            local_shortcut(f"Ctrl+{number}", self, lambda s=step: self.show_step(s, focus=True))
            self.tracker.buttons[step].setToolTip(
                self.tracker.buttons[step].toolTip() + f" (Ctrl+{number})"
            )
        local_shortcut(QKeySequence.StandardKey.Back, self, self.go_back)

    # --- public ---------------------------------------------------------------------------------

    def flush(self) -> bool:
        """Save every pending edit now; True when everything typed is on disk."""
        fields_saved = self.fields.flush()
        target = self.tabs["target"]
        assert isinstance(target, TargetTab)
        return target.flush() and fields_saved

    def show_step(self, step: str, focus: bool = False) -> None:
        """Show `step`'s page and its checklist; read again what other windows may have changed."""
        self.fields.flush()
        tab = self.tabs[step]
        if self.stack.currentWidget() is not tab:
            tab.refresh()
            self.stack.setCurrentWidget(tab)
        self.tracker.show_step(step)
        if focus:
            self.tracker.buttons[step].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current_step(self) -> str:
        return next(step for step, tab in self.tabs.items() if tab is self.stack.currentWidget())

    def refresh_status(self) -> StepStatus | None:
        """Work the tracker out again from what is on disk."""
        try:
            status = self.services.cycle.status(self._prospect_id)
        except SalesCoachError as error:
            self._show_notice(f"The step cannot be worked out right now: {error}")
            return None
        self.tracker.set_status(status)
        return status

    def refresh(self) -> None:
        """Everything shown again from the disk (after a meeting closed, for example)."""
        self.tabs[self.current_step()].refresh()
        self.refresh_status()

    def go_back(self) -> None:
        self.flush()  # a failure stays queued and retried; the indicator says so
        self.backRequested.emit()

    def set_step_by_hand(self) -> None:
        status = self.tracker.status
        chosen = StepOverrideDialog.ask(self, status.step if status else self.current_step())
        if chosen is not None:
            self._set_override(chosen)

    # --- slots ----------------------------------------------------------------------------------

    def _set_override(self, step: str | None) -> None:
        try:
            self.services.cycle.set_override(self._prospect_id, step)
        except SalesCoachError as error:
            self._show_notice(f"The step was not changed: {error}")
            return
        self.notice.hide()
        status = self.refresh_status()
        if status is not None:
            self.show_step(status.step)
        self.changed.emit(self._prospect_id)

    def _fields_saved(self, iso: str) -> None:
        if self.fields.has_pending():
            return
        self._show_saved(iso)
        self.refresh_status()
        self.changed.emit(self._prospect_id)

    def _field_saved(self, name: str, value: object) -> None:
        if name == "company":
            self.title.setText(str(value or ""))

    def _tab_changed(self) -> None:
        self._show_saved(datetime.now().astimezone().isoformat())
        self.refresh_status()
        self.changed.emit(self._prospect_id)

    def _show_saved(self, iso: str) -> None:
        if self.fields.has_pending():
            return  # an earlier field still waits for its retry: do not claim all is saved
        self.saved_label.setText(f"Saved {local_time_label(iso)}")
        self.saved_label.setStyleSheet("")
        self.saved_label.setToolTip("Everything about this prospect is on disk")

    def _show_failed(self, reason: str) -> None:
        self.saved_label.setText("Not saved - retrying")
        self.saved_label.setStyleSheet(FAILED_STYLE)
        self.saved_label.setToolTip(f"{reason}\nWhat you typed is kept and saved again shortly.")

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    # --- events ---------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        if not event.spontaneous():
            self.flush()
        super().hideEvent(event)

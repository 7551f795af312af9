"""The diagnosis gate on the Collaborate tab: a calm note of what is missing, and a way past it.

Proposing waits until the latest meeting's must-ask questions are answered and a need is
confirmed. The rep may propose anyway; the reason is kept with that meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from salescoach.domain.gate import GateState
from salescoach.errors import SalesCoachError
from salescoach.services.container import Services
from salescoach.ui.meeting.dialogs import GateOverrideDialog
from salescoach.ui.prospect.explore_tab import current_meetings

NO_MEETING = "no discovery meeting yet"
BANNER_STYLE = (
    "QFrame#gate-banner { border: 1px solid palette(mid);"
    " border-left: 4px solid palette(highlight); border-radius: 4px;"
    " background: palette(alternate-base); }"
)


@dataclass(frozen=True)
class GateView:
    """The gate as the Collaborate tab sees it: on the latest meeting, or none yet."""

    interview_id: int | None
    state: GateState | None

    @property
    def open(self) -> bool:
        return self.state is not None and self.state.open

    @property
    def missing(self) -> list[str]:
        return list(self.state.missing) if self.state is not None else [NO_MEETING]


def latest_gate(services: Services, prospect_id: int) -> GateView:
    meetings: list[dict[str, Any]] = current_meetings(services.interviews.for_prospect(prospect_id))
    if not meetings:
        return GateView(None, None)
    latest = int(meetings[0]["id"])
    return GateView(latest, services.interviews.gate(latest))


class GateBanner(QFrame):
    overridden = Signal()
    """The rep chose to propose anyway; the reason is on disk."""
    meetRequested = Signal()
    """No meeting yet: the rep wants to start the discovery."""

    def __init__(self, services: Services, prospect_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.prospect_id = prospect_id
        self.view = GateView(None, None)
        self.setObjectName("gate-banner")
        self.setStyleSheet(BANNER_STYLE)
        self.text = QLabel(self)
        self.text.setObjectName("gate-text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.propose = QPushButton("Propose anyway...", self)
        self.propose.setObjectName("propose-anyway")
        self.propose.setToolTip("Open the solution map before the diagnosis is done, with a reason")
        self.propose.clicked.connect(self.ask_override)
        self.start = QPushButton("Start the discovery...", self)
        self.start.clicked.connect(self.meetRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.text, stretch=1)
        layout.addWidget(self.propose)
        layout.addWidget(self.start)

    def show_gate(self, view: GateView) -> None:
        self.view = view
        state = view.state
        self.start.setVisible(view.interview_id is None)
        self.propose.setVisible(view.interview_id is not None and not view.open)
        if view.interview_id is None:
            self.text.setText(
                "Solutions come after the diagnosis: there is no discovery meeting yet, "
                "so no needs to build a solution for."
            )
        elif state is not None and state.overridden:
            self.text.setText(
                "Proposing before the diagnosis was done. Reason kept: " + state.override_reason
            )
        elif state is not None and state.open:
            self.text.setText("Diagnosis done: build the solution with the client, need by need.")
        else:
            self.text.setText(
                "Proposing waits for the diagnosis. Still missing in the latest meeting: "
                + "; ".join(view.missing)
                + ". You may propose anyway, with a reason."
            )

    def ask_override(self) -> None:
        if self.view.interview_id is None:
            return
        reason = GateOverrideDialog.ask(self, self.view.missing)
        if not reason:
            return
        try:
            self.services.interviews.override_gate(self.view.interview_id, reason)
        except SalesCoachError as error:
            self.text.setText(f"The reason was not saved: {error} Try again in a moment.")
            return
        self.overridden.emit()

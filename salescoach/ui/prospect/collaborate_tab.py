"""Collaborate: the solution built with the client, need by need, behind the diagnosis gate."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from salescoach.errors import SalesCoachError
from salescoach.ui.prospect.gate_banner import GateBanner, GateView, latest_gate
from salescoach.ui.prospect.step_tab import PageContext, StepTab

LOCKED = (
    "Approaches wait for the diagnosis (see the note above); choose Propose anyway to "
    "open them with a reason."
)


class CollaborateTab(StepTab):
    step = "collaborate"
    meetRequested = Signal()
    """No meeting yet and the rep wants to start the discovery."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        body = self.body
        self.gate = GateBanner(self.services, self.prospect_id, body)
        self.gate.overridden.connect(self._gate_overridden)
        self.gate.meetRequested.connect(self.meetRequested)
        self.approaches = self.log("approaches", visible_rows=4)
        self.concerns = self.log("concerns", visible_rows=4)
        self.plan = self.log("action_plan", visible_rows=4)

        self.grid.addWidget(self.gate, 0, 0, 1, 2)
        self.grid.addWidget(self.approaches, 1, 0, 1, 2)
        self.grid.addWidget(self.concerns, 2, 0)
        self.grid.addWidget(self.plan, 2, 1)
        self.grid.setColumnStretch(0, 2)
        self.grid.setColumnStretch(1, 3)
        self.grid.setRowStretch(1, 1)
        self.grid.setRowStretch(2, 1)
        self._show_gate()

    def refresh(self) -> None:
        super().refresh()
        self._show_gate()

    def _show_gate(self) -> None:
        try:
            view = latest_gate(self.services, self.prospect_id)
        except SalesCoachError:
            view = GateView(None, None)
        self.gate.show_gate(view)
        self.approaches.set_add_locked("" if view.open else LOCKED)

    def _gate_overridden(self) -> None:
        self._show_gate()
        self.changed.emit()

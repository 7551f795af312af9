"""Assure: the sale begins at yes. Delivery, check-ins, satisfaction, issues, results, referrals."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from salescoach.ui.prospect.pulse import PulseSummary
from salescoach.ui.prospect.step_tab import PageContext, StepTab


class AssureTab(StepTab):
    step = "assure"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.delivery = self.log("delivery")
        self.check_ins = self.log("check_ins")
        self.pulses = self.log("pulses")
        self.pulse_summary = PulseSummary(self.pulses)
        self.pulses.extra.addWidget(self.pulse_summary)
        self.pulses.changed.connect(self._show_pulse)
        self.issues = self.log("issues")
        self.results = self.log("results")
        self.referrals = self.log("referrals")
        for index, table in enumerate(
            (self.pulses, self.issues, self.delivery, self.check_ins, self.results, self.referrals)
        ):
            self.grid.addWidget(table, index // 2, index % 2)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        self._show_pulse()

    def refresh(self) -> None:
        super().refresh()
        self._show_pulse()

    def _show_pulse(self) -> None:
        self.pulse_summary.show_pulses(self.pulses.model.entries())

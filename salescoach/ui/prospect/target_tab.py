"""Target: who the prospect is, who we know there, how well they fit, and our hypothesis."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from salescoach.domain.playbook import QuestionType
from salescoach.ui.prospect.log_table import LogTable
from salescoach.ui.prospect.look import PROBLEM_STYLE
from salescoach.ui.prospect.people import PeopleSource
from salescoach.ui.prospect.step_tab import PageContext, StepTab, box, hint

if TYPE_CHECKING:
    from salescoach.ui.fit_editor import FitEditor

FIT_MISSING = "The fit score is not available in this version."


class TargetTab(StepTab):
    step = "target"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        fields = context.fields
        body = self.body

        details, details_layout = box("Company", body)
        form = QFormLayout()
        form.addRow("Company:", fields.editor("company", "Company", QuestionType.TEXT, details))
        self.company_problem = QLabel(details)
        self.company_problem.setObjectName("company-problem")
        self.company_problem.setWordWrap(True)
        self.company_problem.setStyleSheet(PROBLEM_STYLE)
        self.company_problem.hide()
        form.addRow("", self.company_problem)
        form.addRow("Industry:", fields.editor("industry", "Industry", QuestionType.TEXT, details))
        employees = fields.editor(
            "employees", "Employees", QuestionType.NUMBER, details, min=0, max=10_000_000
        )
        form.addRow("Employees:", employees)
        form.addRow("Region:", fields.editor("region", "Region", QuestionType.TEXT, details))
        form.addRow("Website:", fields.editor("website", "Website", QuestionType.TEXT, details))
        details_layout.addLayout(form)
        fields.problem.connect(self._show_problem)

        self.fit: FitEditor | None = None
        fit, fit_layout = box("Fit", body)
        fit_layout.addWidget(self._fit_area(fit))

        self.people = LogTable(PeopleSource(self.services, self.prospect_id), body, visible_rows=3)
        self.people.changed.connect(self.changed)
        self.logs.append(self.people)

        thinking, thinking_layout = box("Our thinking", body)
        thinking_layout.addWidget(QLabel("<b>Need hypothesis</b>", thinking))
        thinking_layout.addWidget(
            hint("What we believe they need, to test in discovery, not to pitch.", thinking)
        )
        thinking_layout.addWidget(
            fields.editor("hypothesis", "Need hypothesis", QuestionType.LONG_TEXT, thinking)
        )
        thinking_layout.addWidget(QLabel("<b>Research notes</b>", thinking))
        thinking_layout.addWidget(
            fields.editor("notes", "Research notes", QuestionType.LONG_TEXT, thinking)
        )

        self.columns([details, fit], [self.people, thinking], stretch=(1, 1))

    def flush(self) -> bool:
        """The fit ratings saved (the fields and logs save themselves); True when on disk."""
        return self.fit.flush() if self.fit is not None else True

    def _fit_area(self, parent: QWidget) -> QWidget:
        """The fit editor, loaded on first use; a short note when this build has none."""
        try:
            from salescoach.ui.fit_editor import FitEditor
        except ImportError:
            placeholder = hint(FIT_MISSING, parent)
            placeholder.setObjectName("fit-placeholder")
            return placeholder
        self.fit = FitEditor(self.services, self.prospect_id, parent)
        self.fit.changed.connect(self.changed)
        return self.fit

    def _show_problem(self, name: str, message: str) -> None:
        if name == "company":
            self.company_problem.setText(message)
            self.company_problem.setVisible(bool(message))

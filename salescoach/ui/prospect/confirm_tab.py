"""Confirm: agreement checked as you go, the buying criteria, and the commitment."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from salescoach.domain.playbook import QuestionType
from salescoach.ui.meeting.editors import TextEditor
from salescoach.ui.prospect.step_tab import PageContext, StepTab, box, hint


class ConfirmTab(StepTab):
    step = "confirm"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        fields = context.fields
        body = self.body
        self.checkpoints = self.log("checkpoints", visible_rows=5)
        self.criteria = self.log("criteria", visible_rows=5)

        commitment, layout = box("The commitment", body)
        layout.addWidget(
            hint("No final close: record the yes the client gave, in the form they gave it.", body)
        )
        form = QFormLayout()
        form.addRow(
            "Form:",
            fields.editor(
                "commitment_form",
                "Form of the commitment",
                QuestionType.TEXT,
                commitment,
            ),
        )
        form.addRow(
            "Given on:",
            fields.editor("commitment_on", "Date of the commitment", QuestionType.DATE, commitment),
        )
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Note</b>", commitment))
        layout.addWidget(
            fields.editor("commitment_note", "Commitment note", QuestionType.LONG_TEXT, commitment)
        )
        form_editor = fields.editors["commitment_form"]
        if isinstance(form_editor, TextEditor):
            form_editor.line.setPlaceholderText("e.g. signed order, letter of intent")

        self.grid.addWidget(self.checkpoints, 0, 0, 1, 2)
        self.grid.addWidget(self.criteria, 1, 0)
        self.grid.addWidget(commitment, 1, 1)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        self.grid.setRowStretch(0, 1)
        self.grid.setRowStretch(1, 1)

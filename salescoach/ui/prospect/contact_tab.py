"""Contact: earn the first meeting (the reason to meet, the agenda) and log every touch."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from salescoach.domain.playbook import QuestionType
from salescoach.ui.prospect.step_tab import PageContext, StepTab, box, hint


class ContactTab(StepTab):
    step = "contact"
    letterRequested = Signal()
    """The rep wants to write the first-contact letter."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        fields = context.fields
        body = self.body

        meeting, meeting_layout = box("The first meeting", body)
        meeting_layout.addWidget(QLabel("<b>Reason to meet</b>", meeting))
        meeting_layout.addWidget(
            hint("The value they get from meeting us, in their terms, before any pitch.", meeting)
        )
        meeting_layout.addWidget(
            fields.editor("reason_to_meet", "Reason to meet", QuestionType.LONG_TEXT, meeting)
        )
        meeting_layout.addWidget(QLabel("<b>Agenda agreed for the first meeting</b>", meeting))
        meeting_layout.addWidget(
            fields.editor("agenda", "Agenda for the first meeting", QuestionType.LONG_TEXT, meeting)
        )
        form = QFormLayout()
        form.addRow(
            "First meeting on:",
            fields.editor("first_meeting_on", "First meeting date", QuestionType.DATE, meeting),
        )
        meeting_layout.addLayout(form)
        self.letter_button = QPushButton("Write first-contact letter...", meeting)
        self.letter_button.setObjectName("write-letter")
        self.letter_button.setToolTip("A short letter that earns the call: value first, no pitch")
        self.letter_button.clicked.connect(self.letterRequested)
        row = QHBoxLayout()
        row.addWidget(self.letter_button)
        row.addStretch(1)
        meeting_layout.addLayout(row)

        self.touches = self.log("touches", visible_rows=8)

        self.columns([meeting], [self.touches], stretch=(2, 3))

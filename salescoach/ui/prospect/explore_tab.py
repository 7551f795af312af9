"""Explore: the discovery meetings (open, resume, start one) and the needs heard in them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from salescoach.errors import SalesCoachError
from salescoach.ui.meeting.needs_common import status_text
from salescoach.ui.prospect.formatting import date_text, need_label
from salescoach.ui.prospect.log_table import TrashQuestion
from salescoach.ui.prospect.rows_model import RowsModel
from salescoach.ui.prospect.shortcuts import local_shortcut
from salescoach.ui.prospect.step_tab import PageContext, StepTab, box, hint

OUTCOME_WORDS = {
    "advance": "Advance",
    "continuation": "Continuation",
    "no_fit": "No fit (sale forgone)",
    "lost": "Lost",
}
STATUS_WORDS = {"in_progress": "In progress", "ended": "Ended"}


def current_meetings(meetings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The meetings not in the trash, newest first as the service gives them."""
    return [meeting for meeting in meetings if not meeting.get("deleted_at")]


def read_only_table(parent: QWidget, model: RowsModel, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    return view


class ExploreTab(StepTab):
    step = "explore"
    meetRequested = Signal()
    """Start a new discovery meeting with this prospect."""
    openMeeting = Signal(int)
    """Open or resume this meeting (interview id)."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        body = self.body
        self.meetings: list[dict[str, Any]] = []

        meetings, meetings_layout = box("Discovery meetings", body)
        self.meetings_model = RowsModel(
            ["Date", "Playbook", "Status", "Outcome", "Next step"], self
        )
        self.meetings_view = read_only_table(meetings, self.meetings_model, "meetings")
        self.meetings_view.activated.connect(self.open_current)
        self.meetings_view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.empty = hint(
            "No meeting yet. Prescription before diagnosis is malpractice: "
            "start with the discovery.",
            meetings,
        )
        self.open_button = QPushButton("Open", meetings)
        self.open_button.setObjectName("open-meeting")
        self.open_button.setToolTip("Open the chosen meeting (Enter)")
        self.open_button.clicked.connect(self.open_current)
        self.new_button = QPushButton("New meeting...", meetings)
        self.new_button.setObjectName("new-meeting")
        self.new_button.setToolTip("Start a discovery meeting with this prospect")
        self.new_button.clicked.connect(self.meetRequested)
        self.trash_button = QPushButton("Move to trash", meetings)
        self.trash_button.setToolTip("Move the chosen meeting to the trash (Delete)")
        self.trash_button.clicked.connect(self.trash_current)
        local_shortcut(QKeySequence.StandardKey.Delete, self.meetings_view, self.trash_current)
        self.problem = QLabel(meetings)
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QHBoxLayout()
        for button in (self.open_button, self.new_button, self.trash_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        meetings_layout.addWidget(self.empty)
        meetings_layout.addWidget(self.meetings_view)
        meetings_layout.addWidget(self.problem)
        meetings_layout.addLayout(buttons)

        needs, needs_layout = box("Needs heard, in the client's words", body)
        self.needs_model = RowsModel(["#", "Need", "Status", "Meeting"], self)
        self.needs_view = read_only_table(needs, self.needs_model, "needs-heard")
        self.no_needs = hint("Needs heard in a meeting appear here, ranked.", needs)
        needs_layout.addWidget(self.no_needs)
        needs_layout.addWidget(self.needs_view)

        self.grid.addWidget(meetings, 0, 0)
        self.grid.addWidget(needs, 1, 0)
        self.grid.setRowStretch(0, 2)
        self.grid.setRowStretch(1, 3)
        self.refresh()

    # --- data -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        super().refresh()
        try:
            self.meetings = current_meetings(
                self.services.interviews.for_prospect(self.prospect_id)
            )
            needs = self.services.cycle.needs(self.prospect_id)
        except SalesCoachError as error:
            self._report(f"Cannot read the meetings right now: {error}")
            return
        self.meetings_model.set_rows([(m["id"], _meeting_cells(m)) for m in self.meetings])
        dates = {m["id"]: date_text(m.get("started_at")) for m in self.meetings}
        self.needs_model.set_rows(
            [
                (
                    int(need["id"]),
                    [
                        str(need.get("rank") or ""),
                        need_label(need),
                        status_text(str(need.get("status") or "open")),
                        dates.get(need.get("interview_id"), ""),
                    ],
                )
                for need in needs
            ]
        )
        self.empty.setVisible(not self.meetings)
        self.no_needs.setVisible(not needs)
        for view, grows in ((self.meetings_view, 4), (self.needs_view, 1)):
            view.resizeColumnsToContents()
            view.horizontalHeader().setSectionResizeMode(grows, QHeaderView.ResizeMode.Stretch)
        if self.meetings and not self.meetings_view.currentIndex().isValid():
            self.meetings_view.setCurrentIndex(self.meetings_model.index(0, 0))
        self._update_buttons()

    def current_meeting(self) -> dict[str, Any] | None:
        index = self.meetings_view.currentIndex()
        return self.meetings[index.row()] if index.isValid() else None

    # --- actions --------------------------------------------------------------------------------

    def open_current(self) -> None:
        meeting = self.current_meeting()
        if meeting is not None:
            self.openMeeting.emit(int(meeting["id"]))

    def trash_current(self) -> None:
        meeting = self.current_meeting()
        if meeting is None:
            return
        what = " · ".join(cell for cell in _meeting_cells(meeting) if cell)
        if not TrashQuestion.ask(self, "meeting", what):
            return
        try:
            self.services.trash.move_meeting(int(meeting["id"]))  # the step follows
        except SalesCoachError as error:
            self._report(f"Not moved to the trash: {error}")
            return
        self.refresh()
        self.changed.emit()

    # --- helpers --------------------------------------------------------------------------------

    def _report(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _update_buttons(self) -> None:
        meeting = self.current_meeting()
        self.open_button.setEnabled(meeting is not None)
        self.trash_button.setEnabled(meeting is not None)
        running = meeting is not None and meeting.get("status") != "ended"
        self.open_button.setText("Resume" if running else "Open")


def _meeting_cells(meeting: dict[str, Any]) -> list[str]:
    title = meeting.get("title") or ""
    playbook = meeting.get("playbook_title") or ""
    return [
        date_text(meeting.get("started_at")),
        f"{playbook} ({title})" if title and playbook else (playbook or title),
        STATUS_WORDS.get(meeting.get("status") or "", meeting.get("status") or ""),
        OUTCOME_WORDS.get(meeting.get("outcome") or "", meeting.get("outcome") or ""),
        meeting.get("next_step") or "",
    ]

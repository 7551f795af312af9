"""The main window: the prospect list, with search; later steps add the other screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from salescoach import APP_NAME, __version__, resources
from salescoach.errors import FileProblem, SalesCoachError
from salescoach.services.container import Services
from salescoach.ui.prospect_model import ProspectTableModel

if TYPE_CHECKING:  # meeting mode loads on first use, keeping start-up quick
    from salescoach.ui.meeting.window import MeetingWindow

SEARCH_DELAY_MS = 150


class MainWindow(QMainWindow):
    demoRequested = Signal()
    """The rep asked for demo prospects from the empty list."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 700)
        self.model = ProspectTableModel(services.prospects, self)
        self._build_actions()
        self._build_central()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.demoRequested.connect(self._add_demo_data)
        self.meetings: list[MeetingWindow] = []
        self.guides: list[QWidget] = []
        self._refresh_status()
        # Reading the playbook files waits until the window is on screen.
        QTimer.singleShot(0, self._report_playbook_problems)

    # --- construction ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.find_action = QAction("&Find prospect", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._focus_search)
        file_menu.addAction(self.find_action)
        file_menu.addSeparator()
        settings_action = QAction("&Settings...", self)
        settings_action.setShortcut(QKeySequence("Ctrl+,"))
        settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        settings_action.triggered.connect(self.open_settings)
        file_menu.addAction(settings_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        help_menu = self.menuBar().addMenu("&Help")
        for title, name, keys in (
            ("&User guide", "user-guide.md", QKeySequence.StandardKey.HelpContents),
            ("Writing &playbooks", "playbooks.md", None),
            ("Writing &templates", "templates.md", None),
        ):
            action = QAction(title, self)
            if keys is not None:
                action.setShortcut(keys)
            plain_title = title.replace("&", "")
            action.triggered.connect(lambda _=False, n=name, t=plain_title: self.show_guide(n, t))
            help_menu.addAction(action)
        help_menu.addSeparator()
        self.problems_action = QAction("Playbook &problems...", self)
        self.problems_action.triggered.connect(self._show_playbook_problems)
        self.problems_action.setEnabled(False)  # until the playbook files have been read
        help_menu.addAction(self.problems_action)
        about = QAction(f"&About {APP_NAME}", self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self._show_about)
        help_menu.addAction(about)

    def _build_central(self) -> None:
        toolbar = QToolBar("Prospects", self)
        toolbar.setObjectName("prospects-toolbar")
        toolbar.setMovable(False)
        self.search = QLineEdit(self)
        self.search.setObjectName("prospect-search")
        self.search.setPlaceholderText("Search prospects, industries, people  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(360)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._to_results)
        toolbar.addWidget(self.search)
        self.meet_action = QAction("Meet prospect", self)
        self.meet_action.setToolTip("Start or resume a discovery meeting (Enter)")
        self.meet_action.triggered.connect(self._meet_selected)
        toolbar.addSeparator()
        toolbar.addAction(self.meet_action)
        self.addToolBar(toolbar)

        self.table = QTableView(self)
        self.table.setObjectName("prospect-table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.activated.connect(
            lambda index: self.meet_prospect(self.model.prospect_id(index.row()))
        )
        self.table.setToolTip("Enter or double-click: open a discovery meeting")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.empty = QWidget(self)
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch()
        message = QLabel(
            "<h2>No prospects yet</h2>"
            "<p>Add a few demo prospects to see how a discovery meeting and its summary look."
            "</p>",
            self.empty,
        )
        message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        message.setWordWrap(True)
        empty_layout.addWidget(message)
        demo_button = QPushButton("Add demo prospects", self.empty)
        demo_button.setObjectName("add-demo")
        demo_button.clicked.connect(self.demoRequested)
        empty_layout.addWidget(demo_button, alignment=Qt.AlignmentFlag.AlignCenter)
        empty_layout.addStretch()

        self.no_match = QLabel("No prospect matches your search.", self)
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.pages = QStackedWidget(self)
        for page in (self.table, self.empty, self.no_match):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self.model.modelReset.connect(self._refresh_status)

    # --- meetings -------------------------------------------------------------------------------

    def meet_prospect(self, prospect_id: int) -> None:
        from salescoach.ui.start_meeting import StartMeetingDialog

        choice = StartMeetingDialog.ask(self.services, prospect_id, self)
        if choice is None:
            return
        if choice.resume_id is not None:
            self.open_meeting(choice.resume_id)
            return
        try:
            playbook = self.services.playbooks.get(choice.playbook_id)
            interview_id = self.services.interviews.start(
                prospect_id, playbook, prefill=choice.prefill
            )
        except SalesCoachError as error:
            QMessageBox.warning(self, APP_NAME, str(error))
            return
        self.open_meeting(interview_id)

    def open_meeting(self, interview_id: int) -> MeetingWindow:
        from salescoach.ui.meeting.window import MeetingWindow

        window = MeetingWindow(self.services.interviews, interview_id, services=self.services)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.closed.connect(lambda _id: self.model.refresh())
        self.meetings.append(window)
        window.destroyed.connect(lambda: self._forget_meeting(window))
        window.show()
        return window

    def flush_meetings(self) -> bool:
        """Save what is typed in every open meeting; True when all of it is on disk."""
        return all([meeting.flush() for meeting in self.meetings])

    def _forget_meeting(self, window: MeetingWindow) -> None:
        if window in self.meetings:
            self.meetings.remove(window)

    def offer_resume(self) -> None:
        """After an unclean exit: offer to reopen the meeting that was interrupted."""
        from salescoach.ui.meeting.autosave import local_time_label

        interrupted = self.services.interviews.interrupted()
        if interrupted is None:
            return
        when = local_time_label(interrupted["updated_at"])
        if ResumeQuestion.ask(self, interrupted["company"], when):
            self.open_meeting(interrupted["id"])

    # --- slots ----------------------------------------------------------------------------------

    def _to_results(self) -> None:
        """Enter in the search box: apply it now and move to the first match."""
        self._search_timer.stop()
        self._apply_search()
        if self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _meet_selected(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        if index.isValid():
            self.meet_prospect(self.model.prospect_id(index.row()))

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _apply_search(self) -> None:
        self.model.set_search(self.search.text())

    def _refresh_status(self) -> None:
        total = self.model.total()
        searching = bool(self.search.text().strip())
        if total:
            self.pages.setCurrentWidget(self.table)
        else:
            self.pages.setCurrentWidget(self.no_match if searching else self.empty)
        noun = "prospect" if total == 1 else "prospects"
        where = "found" if searching else "in your pipeline"
        self.statusBar().showMessage(f"{total} {noun} {where}")

    def _add_demo_data(self) -> None:
        from salescoach.services.demo import add_demo_data

        try:
            add_demo_data(self.services)
        except SalesCoachError as error:
            QMessageBox.warning(self, APP_NAME, str(error))
        self.model.refresh()

    def _file_problems(self) -> tuple[list[FileProblem], list[FileProblem]]:
        """Problems in the team's playbook files and in its template files."""
        return self.services.playbooks.problems(), self.services.summaries.check_user_templates()

    def _report_playbook_problems(self) -> None:
        playbooks, templates = self._file_problems()
        self.problems_action.setEnabled(bool(playbooks or templates))
        if playbooks or templates:
            files = "playbook and template files" if templates else "playbook files"
            self.statusBar().showMessage(
                f"{len(playbooks) + len(templates)} problem(s) in your {files}; "
                "see Help > Playbook problems"
            )

    def _show_playbook_problems(self) -> None:
        playbooks, templates = self._file_problems()
        problems = "\n".join(str(problem) for problem in [*playbooks, *templates])
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            APP_NAME,
            "Some playbook or template files have problems.",
            parent=self,
        )
        box.setInformativeText("Fix these lines and restart SalesCoach:")
        box.setDetailedText(problems)
        box.open()

    def show_guide(self, name: str, title: str) -> None:
        from salescoach.ui.doc_viewer import DocViewer

        viewer = DocViewer(resources.docs_dir() / name, f"{title} - {APP_NAME}", self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        self.guides.append(viewer)
        viewer.destroyed.connect(lambda: self.guides.remove(viewer))

    def open_settings(self) -> None:
        from salescoach.ui.settings_dialog import SettingsDialog

        if SettingsDialog.ask(self.services, self):
            self._report_playbook_problems()

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Guided discovery meetings and needs summaries for sales reps.</p>"
            "<p><i>Prescription before diagnosis is malpractice.</i></p>"
            f"<p>Your data: {self.services.paths.basedir}</p>",
        )


class ResumeQuestion:
    """'Resume the meeting with ACME (last edit 14:32)?'; replaceable in tests."""

    @classmethod
    def ask(cls, parent: QWidget, company: str, last_edit: str) -> bool:
        answer = QMessageBox.question(
            parent,
            APP_NAME,
            f"Resume the meeting with {company} (last edit {last_edit})?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

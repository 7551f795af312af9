"""The main window: home is the pipeline (the steps, what is due, the prospect list) with one
search box that finds everything; a prospect opens in place of the list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFontMetrics, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from salescoach import APP_NAME, __version__, resources
from salescoach.domain.pipeline import PipelineFilter
from salescoach.errors import FileProblem, SalesCoachError
from salescoach.services.container import Services
from salescoach.ui.pipeline_filters import PipelineFilters
from salescoach.ui.pipeline_look import bold
from salescoach.ui.pipeline_strip import PipelineStrip
from salescoach.ui.prospect_model import COLUMNS, COMPANY, NEXT_ACTION, ProspectTableModel

if TYPE_CHECKING:  # these load on first use: start-up stays quick
    from salescoach.ui.meeting.window import MeetingWindow
    from salescoach.ui.prospect.page import ProspectPage
    from salescoach.ui.search_results import SearchResultsView

SEARCH_DELAY_MS = 150
TRASH_DAYS = 30
PROBLEMS_CHECK_AFTER_SHOW_MS = 300
"""Reading the playbook files loads YAML and the playbook model (about 0.2 s): after the
window's first paint, not before it."""


class MainWindow(QMainWindow):
    demoRequested = Signal()
    """The rep asked for demo prospects from the empty list."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 700)
        self.model = ProspectTableModel(services.prospects, self)
        self.page: ProspectPage | None = None  # the prospect open in place of the list
        self._page_prospect = 0
        self._page_changed = False
        self._build_actions()
        self._build_central()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.demoRequested.connect(self._add_demo_data)
        self.meetings: list[MeetingWindow] = []
        self.guides: list[QWidget] = []
        self._refresh_status()
        QTimer.singleShot(PROBLEMS_CHECK_AFTER_SHOW_MS, self, self._report_playbook_problems)

    # --- construction ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_action = QAction("&New prospect...", self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setToolTip("Add a prospect: a company and perhaps a first contact (Ctrl+N)")
        self.new_action.triggered.connect(self.new_prospect)
        file_menu.addAction(self.new_action)
        self.find_action = QAction("&Find...", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._focus_search)
        file_menu.addAction(self.find_action)
        file_menu.addSeparator()
        for title, slot in (
            ("&Import prospects...", self.import_prospects),
            ("&Export data...", self.export_data),
            ("T&rash...", self.open_trash),
        ):
            action = QAction(title, self)
            action.triggered.connect(slot)
            file_menu.addAction(action)
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

        prospect_menu = self.menuBar().addMenu("&Prospect")
        self.open_action = QAction("&Open prospect", self)
        self.open_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        self.open_action.setToolTip("Open the chosen prospect (Enter or double-click)")
        self.open_action.triggered.connect(self._open_selected)
        self.meet_action = QAction("&Meet prospect", self)
        self.meet_action.setShortcut(QKeySequence("Ctrl+M"))
        self.meet_action.setToolTip("Start or resume a discovery meeting (Ctrl+M)")
        self.meet_action.triggered.connect(self._meet_current)
        self.trash_action = QAction("Move to &trash...", self)
        self.trash_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.trash_action.setToolTip(
            f"Move the chosen prospect to the trash; it can be restored for {TRASH_DAYS} days (Del)"
        )
        self.trash_action.triggered.connect(self._trash_selected)
        # "Back" belongs to the prospect page (Alt+Left there): a second Alt+Left here would
        # make the key ambiguous. The menu shows the key and calls the page's own back.
        self.back_action = QAction("&Back to prospects\tAlt+Left", self)
        self.back_action.triggered.connect(self.show_home)
        self.back_action.setEnabled(False)
        for action in (self.open_action, self.meet_action, self.trash_action):
            prospect_menu.addAction(action)
        prospect_menu.addSeparator()
        prospect_menu.addAction(self.back_action)

        help_menu = self.menuBar().addMenu("&Help")
        for title, name, keys in (
            ("&User guide", "user-guide.md", QKeySequence.StandardKey.HelpContents),
            ("Writing &playbooks", "playbooks.md", None),
            ("Writing &templates", "templates.md", None),
            ("Keeping your data &safe", "data-safety.md", None),
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
        self.search.setPlaceholderText(
            "Search everything: prospects, people, meetings, needs, notes  (Ctrl+F)"
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(420)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._to_results)
        self.search.installEventFilter(self)
        toolbar.addWidget(self.search)
        toolbar.addSeparator()
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.meet_action)
        self.addToolBar(toolbar)

        self.strip = PipelineStrip(self)
        self.strip.stageChosen.connect(self._stage_chosen)
        self.filter_bar = PipelineFilters(self)
        self.filter_bar.filtersChanged.connect(self._filters_changed)
        self.filter_bar.clearRequested.connect(self.clear_filters)

        self.table = self._build_table()
        self.empty = self._build_empty()
        self.no_match = QWidget(self)
        no_match_layout = QVBoxLayout(self.no_match)
        no_match_layout.addStretch()
        self.no_match_label = QLabel("No prospect matches these filters.", self.no_match)
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        no_match_layout.addWidget(self.no_match_label)
        show_all = QPushButton("Show all prospects", self.no_match)
        show_all.setObjectName("show-all")
        show_all.clicked.connect(self.clear_filters)
        no_match_layout.addWidget(show_all, alignment=Qt.AlignmentFlag.AlignCenter)
        no_match_layout.addStretch()
        self._results: SearchResultsView | None = None  # see `results`
        self.no_results = QLabel(self)
        self.no_results.setObjectName("no-results")
        self.no_results.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_results.setWordWrap(True)

        self.pages = QStackedWidget(self)
        for page in (self.table, self.empty, self.no_match, self.no_results):
            self.pages.addWidget(page)

        self.home = QWidget(self)
        self.home.setObjectName("home")
        layout = QVBoxLayout(self.home)
        layout.setContentsMargins(12, 10, 12, 0)
        layout.addWidget(self.strip)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.pages, stretch=1)
        self.screens = QStackedWidget(self)
        self.screens.addWidget(self.home)
        self.setCentralWidget(self.screens)
        self.model.modelReset.connect(self._refresh_status)

    @property
    def results(self) -> SearchResultsView:
        """What the search found: a page built with the first search."""
        if self._results is None:
            from salescoach.ui.search_results import SearchResultsView

            self._results = SearchResultsView(self)
            self._results.prospectChosen.connect(self.open_prospect)
            self._results.meetingChosen.connect(self.open_meeting)
            self.pages.addWidget(self._results)
        return self._results

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("prospect-table")
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.sortByColumn(COMPANY, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.doubleClicked.connect(
            lambda index: self.open_prospect(self.model.prospect_id(index.row()))
        )
        # Enter and Delete act on the list only while it has the keyboard, never on a field.
        for action in (self.open_action, self.trash_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            table.addAction(action)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        # Widths from the font, so "Overdue · 30 Sep" (bold, with its icon) is never cut.
        em = table.fontMetrics().horizontalAdvance("M")
        due_width = QFontMetrics(bold(table.font())).horizontalAdvance("Overdue · 30 Sep") + 48
        fit_width = table.fontMetrics().horizontalAdvance("Excluded") + 24
        widths = (18 * em, 8 * em, fit_width, 13 * em, 18 * em, due_width, 9 * em)
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        header.setSectionResizeMode(NEXT_ACTION, QHeaderView.ResizeMode.Stretch)
        return table

    def _build_empty(self) -> QWidget:
        empty = QWidget(self)
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch()
        message = QLabel(
            "<h2>No prospects yet</h2>"
            "<p>Add your first with <b>New prospect</b> (Ctrl+N), or add a few demo prospects to "
            "see how a discovery meeting and its summary look.</p>",
            empty,
        )
        message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        message.setWordWrap(True)
        empty_layout.addWidget(message)
        demo_button = QPushButton("Add demo prospects", empty)
        demo_button.setObjectName("add-demo")
        demo_button.clicked.connect(self.demoRequested)
        empty_layout.addWidget(demo_button, alignment=Qt.AlignmentFlag.AlignCenter)
        empty_layout.addStretch()
        return empty

    # --- prospects ------------------------------------------------------------------------------

    def new_prospect(self) -> None:
        from salescoach.ui.new_prospect_dialog import NewProspectDialog

        chosen = NewProspectDialog.ask(self)
        if chosen is None:
            return
        try:
            prospect_id = self.services.prospects.create(
                chosen.company, chosen.contact_name, chosen.contact_email
            )
        except SalesCoachError as error:
            QMessageBox.warning(self, APP_NAME, str(error))
            return
        self._page_changed = True  # the list learns of it when the rep comes back
        self.open_prospect(prospect_id)

    def open_prospect(self, prospect_id: int) -> None:
        """Show the prospect's page in place of the list."""
        if self.page is not None and not self._close_page():
            return
        try:
            page = self._prospect_page(prospect_id)
        except SalesCoachError as error:
            QMessageBox.warning(self, APP_NAME, str(error))
            return
        page.backRequested.connect(self.show_home)
        page.meetRequested.connect(self.meet_prospect)
        page.openMeeting.connect(self.open_meeting)
        page.changed.connect(self._prospect_changed)
        page.letterRequested.connect(self.write_letter)
        self.page = page
        self._page_prospect = prospect_id
        self.screens.addWidget(page)
        self.screens.setCurrentWidget(page)
        page.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_actions()
        self.statusBar().showMessage("Alt+Left or Esc: back to the list")

    def _prospect_page(self, prospect_id: int) -> ProspectPage:
        from salescoach.ui.prospect.page import ProspectPage

        return ProspectPage(self.services, prospect_id, self)

    def show_home(self) -> None:
        """Back to the list, refreshed, with the prospect that was open still chosen."""
        if self.page is None:
            return
        prospect_id = self._page_prospect
        if not self._close_page():
            return
        self.screens.setCurrentWidget(self.home)
        self._update_actions()
        if self._page_changed:
            self._page_changed = False
            self.model.refresh(keep_loaded=True)
        self._choose(prospect_id)

    def _close_page(self) -> bool:
        """Save what is typed on the open page and let it go; False keeps it (the rep chose to
        stay when something could not be saved)."""
        page = self.page
        if page is None:
            return True
        if not page.flush() and not LeaveUnsavedQuestion.ask(self):
            return False
        self.page = None
        self.screens.removeWidget(page)
        page.deleteLater()
        return True

    def _prospect_changed(self, _prospect_id: int) -> None:
        self._page_changed = True

    def _choose(self, prospect_id: int) -> None:
        row = self.model.row_of(prospect_id)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, COMPANY))
            self.table.scrollTo(self.model.index(row, COMPANY))

    def selected_prospect(self) -> int | None:
        index = self.table.currentIndex()
        if self.pages.currentWidget() is not self.table or not index.isValid():
            return None
        return self.model.prospect_id(index.row())

    def _open_selected(self) -> None:
        prospect_id = self.selected_prospect()
        if prospect_id is not None:
            self.open_prospect(prospect_id)

    def _meet_current(self) -> None:
        prospect_id = self._page_prospect if self.page is not None else self.selected_prospect()
        if (
            prospect_id is None
            and self.model.rowCount()
            and self.pages.currentWidget() is self.table
        ):
            prospect_id = self.model.prospect_id(0)
        if prospect_id is not None:
            self.meet_prospect(prospect_id)

    def _trash_selected(self) -> None:
        prospect_id = self.selected_prospect()
        if prospect_id is None:
            return
        row = self.table.currentIndex().row()
        company = self.model.index(row, COMPANY).data()
        if not TrashQuestion.ask(self, company):
            return
        try:
            self.services.trash.move_prospect(prospect_id)
        except SalesCoachError as error:
            QMessageBox.warning(self, APP_NAME, str(error))
            return
        self.model.refresh(keep_loaded=True)
        self.statusBar().showMessage(
            f"{company} is in the trash; you can restore it for {TRASH_DAYS} days.", 8000
        )
        if self.model.rowCount():
            next_row = min(row, self.model.rowCount() - 1)
            self.table.setCurrentIndex(self.model.index(next_row, COMPANY))
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_actions(self) -> None:
        on_page = self.page is not None
        self.back_action.setEnabled(on_page)
        self.open_action.setEnabled(not on_page)
        self.trash_action.setEnabled(not on_page)

    # --- the pipeline's filters -----------------------------------------------------------------

    def _stage_chosen(self, stage: str) -> None:
        if self.search.text():
            self.search.clear()  # a step is a way of looking at the pipeline, not at results
            self._search_timer.stop()
        self.model.set_filters(self.model.filters().with_stage(stage or None))

    def _filters_changed(self) -> None:
        if self.search.text():
            self.search.clear()
            self._search_timer.stop()
        current = self.model.filters()
        self.model.set_filters(
            PipelineFilter(
                stage=current.stage, tier=self.filter_bar.tier(), due=self.filter_bar.due()
            )
        )

    def clear_filters(self) -> None:
        self.model.set_filters(PipelineFilter())

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
        window.closed.connect(lambda _id: self._meeting_closed())
        self.meetings.append(window)
        window.destroyed.connect(lambda: self._forget_meeting(window))
        window.show()
        return window

    def write_letter(self, prospect_id: int) -> None:
        """The first-contact letter, in the summary studio; its touch shows on the page."""
        from salescoach.ui.studio.launcher import open_letter_studio

        # Whatever page is open when the letter goes out (it may be closed by then).
        open_letter_studio(self.services, prospect_id, on_sent=self._list_changed)

    def _meeting_closed(self) -> None:
        """A meeting changes the prospect's step and needs: show what it left."""
        if self.page is not None:
            self.page.refresh()
            self._page_changed = True
        else:
            self.model.refresh(keep_loaded=True)

    def flush_meetings(self) -> bool:
        """Save what is typed in every open meeting and on the open prospect page; True when
        all of it is on disk."""
        saved = [meeting.flush() for meeting in self.meetings]
        if self.page is not None:
            saved.append(self.page.flush())
        return all(saved)

    def _forget_meeting(self, window: MeetingWindow) -> None:
        if window in self.meetings:
            self.meetings.remove(window)

    def offer_resume(self) -> None:
        """After an unclean exit: offer to reopen the meeting that was interrupted."""
        interrupted = self.services.interviews.interrupted()
        if interrupted is None:
            return
        from salescoach.ui.meeting.autosave import local_time_label

        when = local_time_label(interrupted["updated_at"])
        if ResumeQuestion.ask(self, interrupted["company"], when):
            self.open_meeting(interrupted["id"])

    # --- search ---------------------------------------------------------------------------------

    def _to_results(self) -> None:
        """Enter in the search box: search now and move to the first hit (or the list)."""
        self._search_timer.stop()
        self._apply_search()
        if self.pages.currentWidget() is self._results:
            self.results.focus_first_hit()
        elif self.pages.currentWidget() is self.table and self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.setCurrentIndex(self.model.index(0, COMPANY))

    def _focus_search(self) -> None:
        if self.page is not None and not self._close_page():
            return
        self.screens.setCurrentWidget(self.home)
        self._update_actions()
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _apply_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            self._refresh_status()
            return
        if self.page is not None:  # typing in the box while a prospect is open: go home
            if not self._close_page():
                return
            self.screens.setCurrentWidget(self.home)
            self._update_actions()
        try:
            groups = self.services.search.search(text)
        except SalesCoachError as error:
            self.statusBar().showMessage(str(error))
            return
        self.results.show_groups(groups)
        found = self.results.hit_count()
        if found:
            self.pages.setCurrentWidget(self.results)
            shown = "found" if found < 2 else "found (the best of each kind)"
            self.statusBar().showMessage(f"{found} {'match' if found == 1 else 'matches'} {shown}")
        else:
            self.no_results.setText(f"Nothing found for \u201c{text}\u201d.")
            self.pages.setCurrentWidget(self.no_results)
            self.statusBar().showMessage("Nothing found")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Down:
                self._to_results()
                return True
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape on a prospect page goes back, unless the rep is typing in a field."""
        if event.key() == Qt.Key.Key_Escape and self.page is not None and not _editing():
            self.show_home()
            return
        super().keyPressEvent(event)

    # --- status and demo ------------------------------------------------------------------------

    def _refresh_status(self) -> None:
        filters = self.model.filters()
        self.strip.set_counts(self.services.prospects.stage_counts(filters))
        self.strip.set_stage(filters.stage)
        self.filter_bar.show_filters(filters)
        self.filter_bar.show_due(self.services.prospects.due_counts())
        if self.search.text().strip():
            return  # the results stay until the search box is cleared
        total = self.model.total()
        if total:
            self.pages.setCurrentWidget(self.table)
        else:
            self.pages.setCurrentWidget(self.no_match if filters.active else self.empty)
        noun = "prospect" if total == 1 else "prospects"
        where = "match the filters" if filters.active else "in your pipeline"
        if total == 1 and filters.active:
            where = "matches the filters"
        self.statusBar().showMessage(f"{total} {noun} {where}")

    def _add_demo_data(self) -> None:
        from salescoach.services.demo import add_demo_data

        try:
            add_demo_data(self.services)
        except SalesCoachError as error:
            QMessageBox.warning(self, APP_NAME, str(error))
        self.model.refresh()

    def import_prospects(self) -> None:
        from salescoach.ui.import_dialog import ImportDialog

        if ImportDialog.run(self.services, self):
            self._list_changed()

    def export_data(self) -> None:
        from salescoach.ui.export_dialog import ExportDialog

        ExportDialog.run(self.services, self)

    def open_trash(self) -> None:
        from salescoach.ui.trash_dialog import TrashDialog

        if TrashDialog.ask(self.services, self):
            self._list_changed()

    def _list_changed(self) -> None:
        self.model.refresh(keep_loaded=True)
        if self.page is not None:
            self.page.refresh()

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


def _editing() -> bool:
    """Whether the keyboard is in a field that takes text (Escape there is the field's)."""
    focus = QApplication.focusWidget()
    if isinstance(focus, QComboBox):
        return focus.isEditable()
    return isinstance(focus, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox)


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


class TrashQuestion:
    """'Move ACME to the trash?'; replaceable in tests."""

    @classmethod
    def ask(cls, parent: QWidget, company: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            APP_NAME,
            f"Move {company} to the trash?",
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        box.setInformativeText(
            f"Its people, meetings and notes go with it. You can restore it from the trash for "
            f"{TRASH_DAYS} days; after that it is deleted for good."
        )
        move = box.addButton("Move to trash", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(move)
        box.exec()
        return box.clickedButton() is move


class LeaveUnsavedQuestion:
    """Leaving a prospect whose last change could not be saved; replaceable in tests."""

    @classmethod
    def ask(cls, parent: QWidget) -> bool:
        answer = QMessageBox.warning(
            parent,
            APP_NAME,
            "Some changes to this prospect could not be saved yet (see the warning at the top "
            "of the page). Leave it anyway and lose them?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

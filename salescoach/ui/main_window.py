"""The main window: the prospect list, with search; later steps add the other screens."""

from __future__ import annotations

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

from salescoach import APP_NAME, __version__
from salescoach.errors import SalesCoachError
from salescoach.services.container import Services
from salescoach.ui.prospect_model import ProspectTableModel

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
        self._refresh_status()
        self._report_playbook_problems()

    # --- construction ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.find_action = QAction("&Find prospect", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._focus_search)
        file_menu.addAction(self.find_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        help_menu = self.menuBar().addMenu("&Help")
        self.problems_action = QAction("Playbook &problems...", self)
        self.problems_action.triggered.connect(self._show_playbook_problems)
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
        toolbar.addWidget(self.search)
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

    # --- slots ----------------------------------------------------------------------------------

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

    def _report_playbook_problems(self) -> None:
        problems = self.services.playbooks.problems()
        self.problems_action.setEnabled(bool(problems))
        if problems:
            self.statusBar().showMessage(
                f"{len(problems)} problem(s) in your playbook files; see Help > Playbook problems"
            )

    def _show_playbook_problems(self) -> None:
        problems = "\n".join(str(problem) for problem in self.services.playbooks.problems())
        box = QMessageBox(
            QMessageBox.Icon.Warning, APP_NAME, "Some playbook files were skipped.", parent=self
        )
        box.setInformativeText("Fix these lines and restart SalesCoach:")
        box.setDetailedText(problems)
        box.open()

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Guided discovery meetings and needs summaries for sales reps.</p>"
            "<p><i>Prescription before diagnosis is malpractice.</i></p>"
            f"<p>Your data: {self.services.paths.basedir}</p>",
        )

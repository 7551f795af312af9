"""File > Import prospects: choose a CSV file, check how its columns will be read, import.

The import runs on its own thread and connection (the window stays responsive and can cancel);
it either completes or changes nothing. The report at the end can be copied.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salescoach import APP_NAME
from salescoach.domain.csv_columns import FIELDS, ColumnMapping, header_label
from salescoach.domain.csv_import import ImportRow, SkippedRow
from salescoach.domain.import_report import ImportReport
from salescoach.errors import SalesCoachError
from salescoach.services.cancellable import Cancelled
from salescoach.services.container import Services
from salescoach.services.imports import CsvPreview, ImportService, preview_rows
from salescoach.ui.background import BackgroundTask

NOT_IMPORTED = "(not imported)"
PREVIEW_COLUMNS = (
    ("Row", lambda item: str(item.row)),
    ("Company", lambda item: item.prospect.company),
    ("Contact", lambda item: item.person.name if item.person else ""),
    ("Email", lambda item: item.person.email if item.person else ""),
    ("Job title", lambda item: item.person.title if item.person else ""),
    ("Phone", lambda item: item.person.phone if item.person else ""),
    ("Industry", lambda item: item.prospect.industry),
    (
        "Employees",
        lambda item: "" if item.prospect.employees is None else str(item.prospect.employees),
    ),
    ("Website", lambda item: item.prospect.website),
    ("Region", lambda item: item.prospect.region),
    ("Notes", lambda item: item.prospect.notes),
    ("Remarks", lambda item: " ".join(item.notes)),
)
PROGRESS_RANGE = 1000


class ImportDialog(QDialog):
    imported = Signal(object)
    """The ImportReport of an import that added prospects or contacts."""

    def __init__(self, importer: ImportService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.importer = importer
        self.preview: CsvPreview | None = None
        self.mapping: ColumnMapping | None = None
        self.report: ImportReport | None = None
        self.task: BackgroundTask | None = None
        self.combos: list[QComboBox] = []
        self._syncing = False
        self.setWindowTitle(f"Import prospects - {APP_NAME}")
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_setup_page())
        self.pages.addWidget(self._build_progress_page())
        self.pages.addWidget(self._build_report_page())

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button.setObjectName("import-start")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.buttons)
        self.resize(1000, 700)

    # --- construction ---------------------------------------------------------------------------

    def _build_setup_page(self) -> QWidget:
        page = QWidget(self)
        file_row = QHBoxLayout()
        self.file_label = QLabel(page)
        self.file_label.setObjectName("import-file")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        other = QPushButton("Choose another &file...", page)
        other.setObjectName("import-choose")
        other.clicked.connect(self._choose_another)
        file_row.addWidget(self.file_label, stretch=1)
        file_row.addWidget(other)

        self.info = QLabel(page)
        self.info.setObjectName("import-info")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.columns_box = QGroupBox("How each column is imported", page)
        self.columns = QTableWidget(0, 3, self.columns_box)
        self.columns.setObjectName("import-columns")
        self.columns.setHorizontalHeaderLabels(["Column in the file", "First value", "Import as"])
        self._tidy_table(self.columns)
        self.columns.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        QVBoxLayout(self.columns_box).addWidget(self.columns)

        self.preview_box = QGroupBox("First rows, as they will be imported", page)
        self.rows = QTableWidget(0, len(PREVIEW_COLUMNS), self.preview_box)
        self.rows.setObjectName("import-preview")
        self.rows.setHorizontalHeaderLabels([title for title, _value in PREVIEW_COLUMNS])
        self._tidy_table(self.rows)
        QVBoxLayout(self.preview_box).addWidget(self.rows)

        layout = QVBoxLayout(page)
        layout.addLayout(file_row)
        layout.addWidget(self.info)
        layout.addWidget(self.columns_box, stretch=1)
        layout.addWidget(self.preview_box, stretch=1)
        return page

    def _build_progress_page(self) -> QWidget:
        page = QWidget(self)
        self.progress_label = QLabel(page)
        self.progress = QProgressBar(page)
        self.progress.setObjectName("import-progress")
        self.progress.setRange(0, PROGRESS_RANGE)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("&Cancel import", page)
        self.cancel_button.setObjectName("import-cancel")
        self.cancel_button.clicked.connect(self.cancel_import)
        layout = QVBoxLayout(page)
        layout.addStretch()
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel_button, alignment=Qt.AlignmentFlag.AlignRight)
        layout.addStretch()
        return page

    def _build_report_page(self) -> QWidget:
        page = QWidget(self)
        self.headline = QLabel(page)
        self.headline.setObjectName("import-headline")
        self.headline.setWordWrap(True)
        self.report_view = QPlainTextEdit(page)
        self.report_view.setObjectName("import-report")
        self.report_view.setReadOnly(True)
        self.report_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        copy = QPushButton("&Copy report", page)
        copy.setObjectName("import-copy")
        copy.clicked.connect(
            lambda: QApplication.clipboard().setText(self.report_view.toPlainText())
        )
        layout = QVBoxLayout(page)
        layout.addWidget(self.headline)
        layout.addWidget(self.report_view)
        layout.addWidget(copy, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    @staticmethod
    def _tidy_table(table: QTableWidget) -> None:
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setWordWrap(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    # --- the file and its columns ---------------------------------------------------------------

    def open_file(self, path: Path) -> None:
        """Read the start of `path` and show how it would be imported (or why it cannot be)."""
        self.pages.setCurrentIndex(0)
        self.file_label.setText(f"<b>{path.name}</b>  <span>{path.parent}</span>")
        self.file_label.setToolTip(str(path))
        try:
            self.preview = self.importer.inspect(path)
        except SalesCoachError as error:
            self.preview = self.mapping = None
            self._show_problem(str(error))
            return
        self.mapping = self.preview.mapping
        self.columns_box.show()
        self.preview_box.show()
        self._fill_columns()
        self._refresh()

    def _show_problem(self, message: str) -> None:
        self.info.setText(message)
        self.info.setStyleSheet("color: palette(bright-text); background: #b3261e; padding: 6px")
        self.columns_box.hide()
        self.preview_box.hide()
        self.import_button.setEnabled(False)

    def _fill_columns(self) -> None:
        assert self.preview is not None
        preview = self.preview
        first = preview.rows[0][1] if preview.rows else ()
        self.columns.setRowCount(len(preview.headers))
        self.combos = []
        for column in range(len(preview.headers)):
            self.columns.setItem(column, 0, QTableWidgetItem(header_label(preview.headers, column)))
            example = first[column] if column < len(first) else ""
            self.columns.setItem(column, 1, QTableWidgetItem(" ".join(example.split())))
            combo = QComboBox(self.columns)
            combo.setObjectName(f"import-as-{column}")
            combo.addItem(NOT_IMPORTED, None)
            for key, label in FIELDS.items():
                combo.addItem(label, key)
            combo.currentIndexChanged.connect(lambda _index, c=column: self._field_chosen(c))
            self.columns.setCellWidget(column, 2, combo)
            self.combos.append(combo)
        if self.combos:  # wide enough to read every choice
            header = self.columns.horizontalHeader()
            header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(2, max(combo.sizeHint().width() for combo in self.combos) + 8)

    def _field_chosen(self, column: int) -> None:
        if self._syncing or self.mapping is None:
            return
        self.mapping = self.mapping.assign(column, self.combos[column].currentData())
        self._refresh()

    def _refresh(self) -> None:
        """Combos, warnings and the preview rows, after the mapping changed."""
        assert self.preview is not None and self.mapping is not None
        self._syncing = True
        for combo, key in zip(self.combos, self.mapping.fields, strict=True):
            combo.setCurrentIndex(combo.findData(key))
        self._syncing = False
        self.info.setStyleSheet("")
        self.info.setText("\n".join(self.preview.warnings(self.mapping)))
        results = preview_rows(self.preview, self.mapping) if self.mapping.has_company else []
        self.rows.clearSpans()
        self.rows.clearContents()
        self.rows.setRowCount(len(results))
        for row, result in enumerate(results):
            self._show_preview_row(row, result)
        self.import_button.setEnabled(self.mapping.has_company)

    def _show_preview_row(self, row: int, result: ImportRow | SkippedRow) -> None:
        if isinstance(result, SkippedRow):
            # The reason takes the whole row, where the rep sees it without scrolling.
            reason = QTableWidgetItem(f"Skipped: {result.reason}")
            font = reason.font()
            font.setItalic(True)
            reason.setFont(font)
            self.rows.setItem(row, 0, QTableWidgetItem(str(result.row)))
            self.rows.setItem(row, 1, reason)
            self.rows.setSpan(row, 1, 1, len(PREVIEW_COLUMNS) - 1)
            return
        remarks = " ".join(result.notes)
        for column, (_title, value) in enumerate(PREVIEW_COLUMNS):
            text = value(result)
            item = QTableWidgetItem(" ".join(text.split()))
            # The remarks column is far to the right: the row says at once that it has one.
            item.setToolTip(f"{text}\n\n{remarks}".strip() if remarks else text)
            self.rows.setItem(row, column, item)
        if remarks:
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.rows.item(row, 0).setIcon(icon)

    def _choose_another(self) -> None:
        path = self.ask_file(self)
        if path is not None:
            self.open_file(path)

    # --- importing ------------------------------------------------------------------------------

    def start_import(self) -> None:
        if self.preview is None or self.mapping is None or not self.mapping.has_company:
            return
        importer, preview, mapping = self.importer, self.preview, self.mapping

        def work(task: BackgroundTask) -> ImportReport | None:
            def progress(done: int, total: int) -> None:  # per mille: sizes overflow an int
                task.progress(done * PROGRESS_RANGE // max(total, 1), PROGRESS_RANGE)

            try:
                return importer.run(
                    preview, mapping, progress=progress, cancelled=lambda: task.cancelled
                )
            except Cancelled:
                return None

        self.progress_label.setText(f"Importing {preview.path.name}...")
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("&Cancel import")
        self.pages.setCurrentIndex(1)
        self.import_button.setEnabled(False)
        self.task = BackgroundTask(work, "importing prospects")
        self.task.progressed.connect(lambda done, _total: self.progress.setValue(done))
        self.task.succeeded.connect(self._import_finished)
        self.task.failed.connect(self._import_failed)
        self.task.start_now()

    def cancel_import(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.cancel_button.setText("Cancelling...")

    def _import_finished(self, report: ImportReport | None) -> None:
        self.task = None
        if report is None:
            self._back_to_setup("The import was cancelled: nothing was changed.")
            return
        self.report = report
        self.headline.setText(f"<h3>{html.escape(report.headline())}</h3>")
        self.report_view.setPlainText(report.text())
        self.pages.setCurrentIndex(2)
        self.import_button.hide()
        self.close_button.setFocus()
        if report.added_anything:
            self.imported.emit(report)

    def _import_failed(self, message: str) -> None:
        self.task = None
        self._back_to_setup(f"Nothing was imported. {message}")

    def _back_to_setup(self, message: str) -> None:
        self.pages.setCurrentIndex(0)
        self._refresh()
        self.info.setText(f"{message}\n" + self.info.text())

    def reject(self) -> None:
        """Closing during an import cancels it (and waits for the quick roll-back)."""
        if self.task is not None:
            self.task.cancel()
            self.task.wait()
            # Its last word (done or cancelled) is queued for this dialog: take it now.
            QApplication.sendPostedEvents(self)
        super().reject()

    # --- entry points ---------------------------------------------------------------------------

    @classmethod
    def ask_file(cls, parent: QWidget | None) -> Path | None:
        """The file to import; replaced in tests."""
        chosen, _filter = QFileDialog.getOpenFileName(
            parent,
            "Import prospects from a CSV file",
            str(Path.home()),
            "CSV files (*.csv *.tsv *.txt);;All files (*)",
        )
        return Path(chosen) if chosen else None

    @classmethod
    def run(cls, services: Services, parent: QWidget | None = None) -> bool:
        """The whole flow from File > Import prospects; True when something was imported."""
        path = cls.ask_file(parent)
        if path is None:
            return False
        dialog = cls(ImportService(services.paths.database, services.data_file), parent)
        dialog.open_file(path)
        dialog.exec()
        return dialog.report is not None and dialog.report.added_anything

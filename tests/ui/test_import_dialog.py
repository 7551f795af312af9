"""File > Import prospects, driven as a rep would: preview, change a column, import, cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton

from salescoach.services.imports import ImportService
from salescoach.ui.background import wait_for_all
from salescoach.ui.import_dialog import NOT_IMPORTED, ImportDialog

HUBSPOT = """\
Record ID,First Name,Last Name,Email,Company Name,Number of Employees
101,Ann,Lee,ann@acme.example,"ACME, Inc.","1,200"
102,Bob,Ray,bob@acme.example,Acme,
103,Cy,Ng,cy@beta.example,,51-200
"""


@pytest.fixture(autouse=True)
def _no_thread_left_behind():
    yield
    assert wait_for_all(10_000)


@pytest.fixture
def dialog(qtbot, services) -> ImportDialog:
    created = ImportDialog(ImportService(services.paths.database))
    qtbot.addWidget(created)
    created.show()
    qtbot.waitExposed(created)
    return created


def _file(tmp_path: Path, text: str, name: str = "contacts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _combo(dialog: ImportDialog, column: int) -> QComboBox:
    return dialog.columns.cellWidget(column, 2)


def _preview(dialog: ImportDialog) -> list[list[str]]:
    table = dialog.rows
    return [
        [
            table.item(row, column).text() if table.item(row, column) else ""
            for column in range(table.columnCount())
        ]
        for row in range(table.rowCount())
    ]


def _big_file(tmp_path: Path, rows: int) -> Path:
    lines = "".join(f"Company {n},Person {n},p{n}@x.example\n" for n in range(rows))
    return _file(tmp_path, "Company,Name,Email\n" + lines, "big.csv")


def test_the_preview_shows_the_columns_and_the_first_rows_as_imported(dialog, tmp_path):
    dialog.open_file(_file(tmp_path, HUBSPOT))
    assert [_combo(dialog, column).currentText() for column in range(6)] == [
        NOT_IMPORTED,
        "Contact: first name",
        "Contact: last name",
        "Contact: email",
        "Company",
        "Employees",
    ]
    assert dialog.columns.item(4, 1).text() == "ACME, Inc."  # the first value, for recognition
    info = dialog.info.text()
    assert "Read as UTF-8, columns separated by commas." in info
    assert "Columns not imported: Record ID." in info
    rows = _preview(dialog)
    assert rows[0][:5] == ["2", "ACME, Inc.", "Ann Lee", "ann@acme.example", ""]
    assert rows[0][7] == "1200"
    assert rows[2][:2] == ["4", "Skipped: no company name (cy@beta.example)"]
    assert dialog.rows.columnSpan(2, 1) == dialog.rows.columnCount() - 1
    assert dialog.import_button.isEnabled()


def test_a_row_with_a_remark_says_so_where_the_rep_looks(dialog, tmp_path):
    text = "Company,Name,Email\nAcme,Ann Lee,ann-at-acme\nBeta,Bob Ray,bob@beta.example\n"
    dialog.open_file(_file(tmp_path, text))
    remark = _preview(dialog)[0][-1]
    assert remark == '"ann-at-acme" is not an email address: the contact comes in without it.'
    flagged, clean = dialog.rows.item(0, 0), dialog.rows.item(1, 0)
    assert not flagged.icon().isNull() and clean.icon().isNull()
    assert remark in dialog.rows.item(0, 1).toolTip()  # on the company too, not only far right
    assert dialog.rows.item(1, 1).toolTip() == "Beta"


def test_choosing_the_company_column_by_hand(qtbot, dialog, tmp_path):
    dialog.open_file(_file(tmp_path, "Organisation Label,Name\nAcme,Ann\nBeta,Bob\n"))
    assert not dialog.import_button.isEnabled()
    assert "Choose the column that holds the company" in dialog.info.text()
    assert dialog.rows.rowCount() == 0

    combo = _combo(dialog, 0)
    combo.setFocus()
    qtbot.keyClicks(combo, "Company")
    assert combo.currentText() == "Company"
    assert dialog.import_button.isEnabled()
    assert [row[1:3] for row in _preview(dialog)] == [["Acme", "Ann"], ["Beta", "Bob"]]

    # the same field on another column takes it from the first
    other = _combo(dialog, 1)
    other.setCurrentIndex(other.findText("Company"))
    assert combo.currentText() == NOT_IMPORTED
    assert [row[1:3] for row in _preview(dialog)] == [["Ann", ""], ["Bob", ""]]


def test_importing_shows_a_copyable_report_and_the_app_sees_the_prospects(
    qtbot, dialog, services, tmp_path
):
    dialog.open_file(_file(tmp_path, HUBSPOT))
    with qtbot.waitSignal(dialog.imported, timeout=10_000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert imported.args[0].prospects_added == 1
    assert dialog.pages.currentIndex() == 2
    report = dialog.report_view.toPlainText()
    assert report.startswith("Imported 1 new prospect and 2 contacts.")
    assert "Row 4: no company name (cy@beta.example)." in report
    assert services.prospects.count() == 1  # the window's own connection sees it
    assert services.db.execute("SELECT stage FROM prospects").fetchone()[0] == "target"

    qtbot.mouseClick(dialog.findChild(QPushButton, "import-copy"), Qt.LeftButton)
    assert QApplication.clipboard().text() == report
    assert dialog.import_button.isHidden()


def test_cancelling_keeps_the_window_alive_and_changes_nothing(qtbot, dialog, services, tmp_path):
    dialog.open_file(_big_file(tmp_path, 40_000))
    shown: list[int] = []
    dialog.progress.valueChanged.connect(shown.append)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1
    # The window takes clicks while the import runs: the bar moves, and Cancel is heard.
    qtbot.waitUntil(lambda: len(shown) >= 3, timeout=10_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.text() == "Cancelling..."
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 0, timeout=10_000)

    assert shown == sorted(shown)
    assert dialog.info.text().startswith("The import was cancelled: nothing was changed.")
    assert services.prospects.count() == 0
    assert dialog.report is None
    assert dialog.import_button.isEnabled()  # ready to try again


def test_closing_during_an_import_cancels_it(qtbot, dialog, services, tmp_path):
    dialog.open_file(_big_file(tmp_path, 40_000))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=10_000)
    dialog.reject()
    assert dialog.task is None
    assert services.prospects.count() == 0


def test_an_unusable_file_is_explained_and_another_can_be_chosen(
    qtbot, dialog, tmp_path, monkeypatch
):
    dialog.open_file(_file(tmp_path, "Company,Email\n", "headers.csv"))
    assert "has column names but no rows" in dialog.info.text()
    assert dialog.columns_box.isHidden()
    assert not dialog.import_button.isEnabled()

    good = _file(tmp_path, HUBSPOT)
    monkeypatch.setattr(ImportDialog, "ask_file", classmethod(lambda cls, parent: good))
    qtbot.mouseClick(dialog.findChild(QPushButton, "import-choose"), Qt.LeftButton)
    assert not dialog.columns_box.isHidden()
    assert dialog.import_button.isEnabled()
    assert "contacts.csv" in dialog.file_label.text()


def test_a_failed_import_says_nothing_was_imported(qtbot, dialog, services, tmp_path):
    services.db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON people BEGIN SELECT RAISE(ABORT, 'no room'); END"
    )
    dialog.open_file(_file(tmp_path, HUBSPOT))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 0, timeout=10_000)
    assert dialog.info.text().startswith("Nothing was imported.")
    assert "no room" in dialog.info.text()
    assert services.prospects.count() == 0


def test_run_picks_a_file_and_tells_whether_anything_was_imported(
    qtbot, services, tmp_path, monkeypatch
):
    monkeypatch.setattr(ImportDialog, "ask_file", classmethod(lambda cls, parent: None))
    assert ImportDialog.run(services) is False

    path = _file(tmp_path, HUBSPOT)
    monkeypatch.setattr(ImportDialog, "ask_file", classmethod(lambda cls, parent: path))

    def import_then_close(dialog: ImportDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
        dialog.reject()
        return 0

    monkeypatch.setattr(ImportDialog, "exec", import_then_close)
    assert ImportDialog.run(services) is True
    assert ImportDialog.run(services) is False  # the same file again: only duplicates

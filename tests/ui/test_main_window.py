"""The main window on a real database, driven through its widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

from salescoach.app import build_services
from salescoach.domain.pipeline import PipelineFilter
from salescoach.paths import DATABASE_NAME, DataPaths
from salescoach.services.demo import DEMO_PROSPECTS, add_demo_data
from salescoach.ui.application import create_application, open_main_window
from salescoach.ui.main_window import MainWindow
from salescoach.ui.prospect_model import ProspectTableModel


def companies(window: MainWindow) -> list[str]:
    model = window.table.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_window_lists_the_demo_prospects(qtbot, show_active, services) -> None:
    add_demo_data(services)
    window = show_active(MainWindow(services))
    assert window.pages.currentWidget() is window.table
    assert companies(window) == sorted(demo.company for demo in DEMO_PROSPECTS)
    assert window.statusBar().currentMessage() == "6 prospects in your pipeline"


def found(window: MainWindow) -> list[tuple[str, str]]:
    """What the search results show: (kind, company) for each hit."""
    return [(hit.label, hit.company) for hit in window.results.results.hits()]


def test_typing_in_search_finds_everything(qtbot, show_active, services) -> None:
    add_demo_data(services)
    window = show_active(MainWindow(services))
    first_row = window.table.visualRect(window.table.model().index(0, 0)).center()
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=first_row)
    assert window.table.hasFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "health")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.results)
    assert found(window) == [  # "health" twice in Alder's words: it ranks first
        ("Prospect", "Alder Health Clinics"),
        ("Prospect", "Harbor Dental Group"),
    ]
    window.search.clear()
    qtbot.keyClicks(window.search, "maria")  # people, meetings, notes and logs are searched too
    qtbot.waitUntil(lambda: ("Person", "Northwind Logistics") in found(window))
    assert ("Meeting", "Northwind Logistics") in found(window)
    window.search.clear()
    qtbot.keyClicks(window.search, "zzz")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.no_results)
    assert "zzz" in window.no_results.text()
    window.search.clear()  # an empty box brings the pipeline back
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.table)
    assert len(companies(window)) == len(DEMO_PROSPECTS)


def test_clicking_a_header_sorts_in_the_database(qtbot, show_active, services) -> None:
    add_demo_data(services)
    window = show_active(MainWindow(services))
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(0) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert companies(window) == sorted((d.company for d in DEMO_PROSPECTS), reverse=True)


def test_empty_list_offers_demo_prospects(qtbot, show_active, services) -> None:
    window = show_active(MainWindow(services))
    assert window.pages.currentWidget() is window.empty
    button = window.empty.findChild(QPushButton, "add-demo")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.table
    assert len(companies(window)) == len(DEMO_PROSPECTS)


def test_prospect_model_passes_the_model_tester(qtmodeltester, services) -> None:
    add_demo_data(services)
    model = ProspectTableModel(services.prospects)
    qtmodeltester.check(model, force_py=True)
    # The tester stays connected: every sort, a filter and paging are checked as they happen.
    for column in range(model.columnCount()):
        model.sort(column, Qt.SortOrder.DescendingOrder)
    model.set_filters(PipelineFilter(stage="target"))
    model.refresh(keep_loaded=True)
    assert model.total() == model.rowCount() == 2


def test_prospect_model_fetches_lazily(qtbot, services) -> None:
    for number in range(450):
        services.prospects.add(f"Company {number:03d}")
    model = ProspectTableModel(services.prospects)
    assert model.rowCount() == ProspectTableModel.PAGE_SIZE
    assert model.total() == 450
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 450
    assert model.index(449, 0).data() == "Company 449"


def test_a_corrupt_database_is_explained_at_start(qtbot, tmp_path: Path) -> None:
    create_application()
    (tmp_path / DATABASE_NAME).write_bytes(b"not a database at all")
    shown: list[str] = []
    window = open_main_window(DataPaths(tmp_path), build_services, show_error=shown.append)
    assert window is None
    assert len(shown) == 1 and "not a SalesCoach database" in shown[0]


def test_the_application_has_its_own_icon_and_names(qtbot) -> None:
    app = create_application()
    assert not app.windowIcon().isNull()
    assert app.applicationName() == "SalesCoach"
    assert app.desktopFileName() == "io.salescoach.SalesCoach"


def test_enter_in_search_moves_to_the_first_hit_and_opens_it(
    qtbot, show_active, services, monkeypatch
) -> None:
    add_demo_data(services)
    window = show_active(MainWindow(services))
    qtbot.keyClicks(window.search, "northwind")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.results.hasFocus()
    first = window.results.currentIndex().data()
    assert first.startswith("Prospect: Northwind Logistics")
    qtbot.keyClick(window.results, Qt.Key.Key_Return)
    assert window.page is not None and window.screens.currentWidget() is window.page
    assert window.page.prospect_id == services.prospects.id_for_demo_key("northwind")


def test_a_broken_team_playbook_is_reported_not_fatal(qtbot, show_active, services) -> None:
    folder = services.settings.playbooks_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ours.yaml").write_text("id: ours\nversion: 1\ntitle: Ours\nsections: oops\n")
    services.playbooks.reload()
    window = show_active(MainWindow(services))
    qtbot.waitUntil(window.problems_action.isEnabled)
    assert "problem(s) in your playbook files" in window.statusBar().currentMessage()
    assert "collaborative-discovery" in services.playbooks.library().playbooks

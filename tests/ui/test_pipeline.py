"""Home as the pipeline: the step strip, what is due, filters, opening a prospect and back,
new prospect, trash, and search hits that open a meeting; real widgets on a real database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit

from salescoach.services.demo import DEMO_PROSPECTS, add_demo_data
from salescoach.ui import main_window as main_window_module
from salescoach.ui import start_meeting
from salescoach.ui.main_window import MainWindow
from salescoach.ui.new_prospect_dialog import NewProspect, NewProspectDialog
from salescoach.ui.pipeline_look import error_colour, today_colour
from salescoach.ui.prospect_model import COMPANY, DUE, ProspectTableModel


def companies(window: MainWindow) -> list[str]:
    model = window.table.model()
    return [model.index(row, COMPANY).data() for row in range(model.rowCount())]


def demo_id(services, key: str) -> int:
    prospect_id = services.prospects.id_for_demo_key(key)
    assert prospect_id is not None
    return prospect_id


@pytest.fixture
def home(qtbot, show_active, services):
    add_demo_data(services)
    return show_active(MainWindow(services))


def select(window: MainWindow, company: str) -> None:
    row = companies(window).index(company)
    window.table.setFocus(Qt.FocusReason.OtherFocusReason)
    window.table.setCurrentIndex(window.model.index(row, COMPANY))


# --- the strip and the filters ------------------------------------------------------------------


def test_the_strip_counts_each_step_and_filters_on_click(qtbot, home, services) -> None:
    expected = services.prospects.stage_counts()
    for stage, segment in home.strip.segments.items():
        assert segment.count == expected[stage]
    assert home.strip.all_steps.count == len(DEMO_PROSPECTS)
    target = home.strip.segments["target"]
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    assert companies(home) == ["Brightline Manufacturing", "Pinecrest Outdoor Retail"]
    assert target.isChecked() and not home.strip.all_steps.isChecked()
    assert home.statusBar().currentMessage() == "2 prospects match the filters"
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)  # again: everyone
    assert len(companies(home)) == len(DEMO_PROSPECTS)
    assert home.strip.all_steps.isChecked()


def test_the_strip_works_from_the_keyboard(qtbot, home) -> None:
    home.strip.all_steps.setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(3):  # All steps -> Target -> Contact -> Explore
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    explore = home.strip.segments["explore"]
    assert explore.hasFocus()
    qtbot.keyClick(explore, Qt.Key.Key_Space)
    assert companies(home) == ["Cedar & Co Accountants"]
    qtbot.keyClick(explore, Qt.Key.Key_Return)
    assert len(companies(home)) == len(DEMO_PROSPECTS)
    assert "Explore: 1 prospect" in explore.accessibleName()


def test_due_area_counts_and_filters(qtbot, home, services) -> None:
    bar = home.filter_bar
    assert bar.overdue.isVisible() and bar.overdue.text() == "2 overdue"
    assert bar.due_today.text() == "2 due today"
    assert not bar.nothing_due.isVisible()
    qtbot.mouseClick(bar.overdue, Qt.MouseButton.LeftButton)
    assert companies(home) == ["Alder Health Clinics", "Cedar & Co Accountants"]
    assert bar.due_box.currentText() == "Overdue" and bar.clear_button.isVisible()
    qtbot.mouseClick(bar.due_today, Qt.MouseButton.LeftButton)
    assert companies(home) == ["Harbor Dental Group", "Northwind Logistics"]
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert len(companies(home)) == len(DEMO_PROSPECTS) and not bar.clear_button.isVisible()


def test_fit_filter_and_a_filter_with_no_match(qtbot, home, services) -> None:
    repo = services.prospects.prospects
    for demo in DEMO_PROSPECTS:  # whatever the demo rated: only Cedar is tier A here
        repo.update(demo_id(services, demo.key), {"fit_tier": "C", "fit_score": 40})
    repo.update(demo_id(services, "cedar"), {"fit_tier": "A", "fit_score": 88})
    home.model.refresh()
    bar = home.filter_bar
    bar.tier_box.setCurrentIndex(bar.tier_box.findData("A"))
    assert companies(home) == ["Cedar & Co Accountants"]
    assert home.model.index(0, 2).data() == "A · 88"
    qtbot.mouseClick(home.strip.segments["assure"], Qt.MouseButton.LeftButton)
    assert home.pages.currentWidget() is home.no_match
    assert home.strip.segments["explore"].count == 1  # the strip counts under the fit filter
    assert home.strip.segments["assure"].count == 0
    show_all = home.no_match.findChild(type(bar.clear_button), "show-all")
    qtbot.mouseClick(show_all, Qt.MouseButton.LeftButton)
    assert len(companies(home)) == len(DEMO_PROSPECTS)
    assert bar.tier_box.currentText() == "Any fit"


def test_due_column_says_it_in_words_colour_weight_and_icon(home, services) -> None:
    model = home.model
    rows = {model.index(row, COMPANY).data(): row for row in range(model.rowCount())}
    overdue = model.index(rows["Cedar & Co Accountants"], DUE)
    assert overdue.data().startswith("Overdue · ")
    colour = overdue.data(Qt.ItemDataRole.ForegroundRole)
    colour = colour.color() if isinstance(colour, QBrush) else QColor(colour)
    assert colour == error_colour(QApplication.palette())
    assert QFont(overdue.data(Qt.ItemDataRole.FontRole)).bold()
    assert not overdue.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert "Overdue by 1 day: Send the notes" in overdue.data(Qt.ItemDataRole.ToolTipRole)
    today = model.index(rows["Harbor Dental Group"], DUE)
    assert today.data() == "Today" and QFont(today.data(Qt.ItemDataRole.FontRole)).bold()
    later = model.index(rows["Northwind Logistics"], 4)  # next action: the milestone due today
    assert later.data() == "Call with Tom (CFO) and Ines (IT)"
    nothing = model.index(rows["Pinecrest Outdoor Retail"], DUE)
    assert nothing.data() == "" and nothing.data(Qt.ItemDataRole.FontRole) is None


def test_sorting_by_due_puts_the_oldest_first_and_no_date_last(qtbot, home) -> None:
    header = home.table.horizontalHeader()
    x = header.sectionViewportPosition(DUE) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    names = companies(home)
    assert names[:2] == ["Alder Health Clinics", "Cedar & Co Accountants"]
    assert set(names[-2:]) == {"Brightline Manufacturing", "Pinecrest Outdoor Retail"}
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert set(companies(home)[-2:]) == {"Brightline Manufacturing", "Pinecrest Outdoor Retail"}


def test_the_lazy_model_pages_through_the_model_tester(qtmodeltester, services) -> None:
    for number in range(450):
        services.prospects.add(f"Company {number:03d}")
    model = ProspectTableModel(services.prospects)
    qtmodeltester.check(model, force_py=True)  # fetches every page under the tester's eye
    assert model.rowCount() == model.total() == 450
    services.trash.move_prospect(services.prospects.ordered_ids()[300])
    model.refresh(keep_loaded=True)  # after an edit the view keeps what it had loaded
    assert model.rowCount() == 449


# --- opening a prospect, and back -----------------------------------------------------------


def test_enter_opens_the_prospect_and_alt_left_comes_back(qtbot, home, services) -> None:
    select(home, "Harbor Dental Group")
    qtbot.keyClick(home.table, Qt.Key.Key_Return)
    page = home.page
    assert page is not None and home.screens.currentWidget() is page
    assert page.prospect_id == demo_id(services, "harbor")
    assert home.back_action.isEnabled() and not home.trash_action.isEnabled()
    # Edited on the page: the list shows it once the rep is back, and the row stays chosen.
    services.cycle.update_prospect(demo_id(services, "harbor"), {"company": "Harbor Smiles"})
    page.changed.emit(demo_id(services, "harbor"))
    page.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert home.page is None and home.screens.currentWidget() is home.home
    assert "Harbor Smiles" in companies(home)
    assert home.table.currentIndex().data() == "Harbor Smiles" and home.table.hasFocus()


def test_escape_goes_back_unless_typing_in_a_field(qtbot, home, services) -> None:
    home.open_prospect(demo_id(services, "northwind"))
    page = home.page
    field = page.findChild(QLineEdit)
    assert field is not None
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert home.page is page  # Escape belonged to the field
    page.back_button.setFocus()
    qtbot.keyClick(page.back_button, Qt.Key.Key_Escape)
    assert home.page is None
    assert home.table.currentIndex().data() == "Northwind Logistics"


def test_the_page_back_button_and_double_click(qtbot, home, services) -> None:
    row = companies(home).index("Cedar & Co Accountants")
    where = home.table.visualRect(home.model.index(row, COMPANY)).center()
    # A real double-click: a press and release, then the second press.
    qtbot.mouseClick(home.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(home.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert home.page is not None
    qtbot.mouseClick(home.page.back_button, Qt.MouseButton.LeftButton)
    assert home.page is None and home.table.currentIndex().data() == "Cedar & Co Accountants"


def test_leaving_a_page_that_cannot_save_asks_first(qtbot, home, services, monkeypatch) -> None:
    home.open_prospect(demo_id(services, "cedar"))
    page = home.page
    monkeypatch.setattr(page, "flush", lambda: False)
    answers = iter([False, True])
    monkeypatch.setattr(
        main_window_module.LeaveUnsavedQuestion, "ask", classmethod(lambda cls, p: next(answers))
    )
    home.show_home()
    assert home.page is page  # the rep chose to stay
    home.show_home()
    assert home.page is None


# --- new prospect, meet, trash ---------------------------------------------------------------


def test_ctrl_n_adds_a_prospect_and_opens_it(qtbot, home, services, monkeypatch) -> None:
    chosen = NewProspect("Kestrel Analytics", "Omar Haddad", "omar@kestrel.example")
    monkeypatch.setattr(NewProspectDialog, "ask", classmethod(lambda cls, parent: chosen))
    qtbot.keyClick(home.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert home.page is not None
    prospect_id = home.page.prospect_id
    assert services.prospects.get(prospect_id)["company"] == "Kestrel Analytics"
    home.show_home()
    assert "Kestrel Analytics" in companies(home)
    assert home.table.currentIndex().data() == "Kestrel Analytics"
    row = home.table.currentIndex().row()
    assert home.model.index(row, 3).data() == "Omar Haddad"


def test_the_new_prospect_form_needs_a_company(qtbot) -> None:
    dialog = NewProspectDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.company, "Lark & Co")
    assert ok.isEnabled()
    qtbot.keyClicks(dialog.contact_email, "someone@lark")
    assert not ok.isEnabled() and "name" in dialog.hint.text()
    qtbot.keyClicks(dialog.contact_name, "Rosa Santos")
    assert ok.isEnabled()
    assert dialog.value() == NewProspect("Lark & Co", "Rosa Santos", "someone@lark")


def test_ctrl_m_meets_the_chosen_prospect(qtbot, home, services, monkeypatch) -> None:
    asked: list[int] = []

    def ask(cls, svc, prospect_id, parent):
        asked.append(prospect_id)

    monkeypatch.setattr(start_meeting.StartMeetingDialog, "ask", classmethod(ask))
    select(home, "Pinecrest Outdoor Retail")
    qtbot.keyClick(home.table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    home.open_prospect(demo_id(services, "alder"))
    qtbot.keyClick(home.page, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert asked == [demo_id(services, "pinecrest"), demo_id(services, "alder")]


def test_delete_moves_to_the_trash_after_asking(qtbot, home, services, monkeypatch) -> None:
    questions: list[str] = []
    answer = [False]

    def ask(cls, parent, company):
        questions.append(company)
        return answer[0]

    monkeypatch.setattr(main_window_module.TrashQuestion, "ask", classmethod(ask))
    select(home, "Brightline Manufacturing")
    qtbot.keyClick(home.table, Qt.Key.Key_Delete)
    assert questions == ["Brightline Manufacturing"]
    assert "Brightline Manufacturing" in companies(home)  # the rep said no
    answer[0] = True
    qtbot.keyClick(home.table, Qt.Key.Key_Delete)
    assert "Brightline Manufacturing" not in companies(home)
    assert [item.company for item in services.trash.items()] == ["Brightline Manufacturing"]
    assert "restore it for 30 days" in home.statusBar().currentMessage()
    assert home.table.currentIndex().isValid()  # the next prospect is chosen
    # Delete typed in the search box deletes text, never a prospect.
    home.search.setFocus()
    qtbot.keyClicks(home.search, "ab")
    qtbot.keyClick(home.search, Qt.Key.Key_Home)
    qtbot.keyClick(home.search, Qt.Key.Key_Delete)
    assert home.search.text() == "b" and len(questions) == 2


# --- search hits ----------------------------------------------------------------------------


def test_a_quote_opens_its_meeting_and_a_person_the_prospect(
    qtbot, home, services, monkeypatch
) -> None:
    opened: list[int] = []
    monkeypatch.setattr(home, "open_meeting", lambda interview_id: opened.append(interview_id))
    home.results.meetingChosen.disconnect()
    home.results.meetingChosen.connect(home.open_meeting)
    qtbot.keyClicks(home.search, "jana sick")
    qtbot.keyClick(home.search, Qt.Key.Key_Down)
    current = home.results.currentIndex().data()
    assert current.startswith("Client's words: Northwind Logistics: If Jana is off sick")
    qtbot.keyClick(home.results, Qt.Key.Key_Return)
    (meeting,) = services.interviews.for_prospect(demo_id(services, "northwind"))
    assert opened == [meeting["id"]]
    home.search.clear()
    qtbot.keyClicks(home.search, "okafor")
    qtbot.keyClick(home.search, Qt.Key.Key_Return)
    assert home.results.currentIndex().data().startswith("Person: Brightline Manufacturing")
    qtbot.keyClick(home.results, Qt.Key.Key_Return)
    assert home.page is not None and home.page.prospect_id == demo_id(services, "brightline")


def test_arrow_keys_skip_the_group_titles(qtbot, home) -> None:
    qtbot.keyClicks(home.search, "maria")
    qtbot.keyClick(home.search, Qt.Key.Key_Return)
    seen = [home.results.currentIndex().data()]
    for _ in range(4):
        qtbot.keyClick(home.results, Qt.Key.Key_Down)
        seen.append(home.results.currentIndex().data())
    assert all(":" in text for text in seen)  # "Person: ...", never "People (1)"
    assert seen[0].startswith("Person:") and any(text.startswith("Meeting:") for text in seen)


def test_escape_in_the_search_box_clears_it(qtbot, home) -> None:
    qtbot.keyClicks(home.search, "maria")
    qtbot.waitUntil(lambda: home.pages.currentWidget() is home.results)
    qtbot.keyClick(home.search, Qt.Key.Key_Escape)
    assert home.search.text() == ""
    qtbot.waitUntil(lambda: home.pages.currentWidget() is home.table)


def test_choosing_a_step_while_searching_shows_the_pipeline(qtbot, home) -> None:
    qtbot.keyClicks(home.search, "maria")
    qtbot.waitUntil(lambda: home.pages.currentWidget() is home.results)
    qtbot.mouseClick(home.strip.segments["collaborate"], Qt.MouseButton.LeftButton)
    assert home.search.text() == ""
    assert home.pages.currentWidget() is home.table
    assert companies(home) == ["Northwind Logistics"]


def test_overdue_is_measured_against_the_reps_today(home, services) -> None:
    """The model asks the service for today: a day later, today's items are overdue."""
    tomorrow = date.today() + timedelta(days=1)
    services.prospects.today = lambda: tomorrow
    home.model.refresh()
    home._refresh_status()
    assert home.filter_bar.overdue.text() == "4 overdue"
    assert not home.filter_bar.due_today.isVisible()


def test_due_today_stays_readable_on_a_dark_background() -> None:
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Link, QColor("#0000ff"))  # a dark theme that kept the link
    shown = today_colour(dark)
    assert shown.lightness() >= 150 and shown.hue() == QColor("#0000ff").hue()
    light = QPalette()
    light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    light.setColor(QPalette.ColorRole.Link, QColor("#0000ff"))
    assert today_colour(light) == QColor("#0000ff")  # unchanged where it already reads

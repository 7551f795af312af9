"""The generic log widget: its table model, its entry dialog, its trash question."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from salescoach.domain.cycle_logs import APPROACHES, PLAN, TOUCHES
from salescoach.ui.prospect.entry_dialog import EntryDialog
from salescoach.ui.prospect.formatting import date_text
from salescoach.ui.prospect.log_model import LogTableModel
from salescoach.ui.prospect.log_table import TrashQuestion, share_width
from salescoach.ui.prospect.pulse import pulse_summary, trend_scores
from salescoach.ui.prospect.rows_model import RowsModel

TODAY = date(2026, 11, 27)


@pytest.fixture
def c_locale():
    """Dates read the same on every machine: the "C" locale names the month."""
    before = QLocale()
    QLocale.setDefault(QLocale.c())
    yield
    QLocale.setDefault(before)


def _touch(entry_id: int, **values) -> dict:
    return {"id": entry_id, "prospect_id": 1, "happened_on": "2026-11-20", **values}


def test_the_model_shows_labels_local_dates_and_marks_overdue_actions(
    qapp, qtmodeltester, c_locale
) -> None:
    model = LogTableModel(TOUCHES)
    late = _touch(
        1, channel="phone", purpose="Agenda", next_action="Call", next_action_date="2026-11-25"
    )
    done = _touch(
        2, channel="email", next_action="Send", next_action_date="2026-11-25", next_action_done=1
    )
    coming = _touch(3, channel="visit", next_action="Visit", next_action_date="2026-12-01")
    model.set_entries([late, done, coming], today=TODAY)
    qtmodeltester.check(model)

    columns = list(TOUCHES.summary_fields)
    due = columns.index("next_action_date")
    assert model.headerData(due, Qt.Orientation.Horizontal) == "Next action date"
    assert model.data(model.index(0, 0)) == "20 Nov 2026"
    assert model.data(model.index(0, columns.index("channel"))) == "Phone"
    assert model.data(model.index(0, due)) == "25 Nov 2026  (overdue)"
    assert model.data(model.index(0, due), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, due), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index(1, due)) == "25 Nov 2026"  # done: not overdue
    assert model.data(model.index(2, due)) == "1 Dec 2026"
    assert not isinstance(model.data(model.index(2, due), Qt.ItemDataRole.FontRole), QFont)


def test_plan_milestones_are_overdue_until_done_or_dropped(qtmodeltester, c_locale) -> None:
    model = LogTableModel(PLAN)
    rows = [
        {"id": n, "milestone": "Pilot", "due_on": "2026-11-01", "status": status}
        for n, status in enumerate(("planned", "done", "dropped", "late"), start=1)
    ]
    model.set_entries(rows, today=TODAY)
    qtmodeltester.check(model)
    due = list(PLAN.summary_fields).index("due_on")
    marked = [model.data(model.index(row, due)).endswith("(overdue)") for row in range(4)]
    assert marked == [True, False, False, True]


def test_need_ids_read_as_the_clients_words(qtmodeltester) -> None:
    model = LogTableModel(APPROACHES)
    needs = [{"id": 7, "statement": "Plans ready by 2pm", "status": "confirmed", "rank": 1}]
    model.set_entries(
        [
            {"id": 1, "need_id": 7, "approach": "Plan overnight\nand adjust", "agreed": "yes"},
            {"id": 2, "need_id": 99, "approach": "Other", "agreed": None},
        ],
        needs,
    )
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0)) == "Plans ready by 2pm"
    assert model.data(model.index(0, 1)) == "Plan overnight and adjust"  # one line in a list
    assert (
        model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == "Plan overnight\nand adjust"
    )
    assert model.data(model.index(0, 2)) == "Agreed"
    assert model.data(model.index(1, 0)) == "(a need no longer listed)"


def test_the_rows_model_of_meetings_and_needs(qtmodeltester) -> None:
    model = RowsModel(["Date", "Status"])
    model.set_rows([(4, ["3 Dec 2026", "Ended"]), (9, ["", "In progress"])])
    qtmodeltester.check(model)
    assert model.row_id(1) == 9
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole) is None


def test_dates_follow_the_rep_locale_with_a_four_digit_year() -> None:
    before = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        assert date_text("2026-12-03") == "03/12/2026"
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        assert date_text("2026-12-03") == "12/3/2026"
    finally:
        QLocale.setDefault(before)
    assert date_text(None) == ""
    assert date_text("not a date") == "not a date"


# --- the entry dialog ---------------------------------------------------------------------------


def _save_button(dialog: EntryDialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def test_a_refused_entry_says_why_in_the_dialog_and_keeps_what_was_typed(qtbot, services):
    pid = services.prospects.add("Harbour Logistics")
    dialog = EntryDialog(
        TOUCHES, lambda values: services.cycle.add("touches", pid, values), {"channel": "email"}
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.editors["outcome"].text, "She will call back on Monday")
    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.isVisible()
    assert "Date is needed" in dialog.error.text() and "Purpose is needed" in dialog.error.text()
    assert dialog.editors["outcome"].value() == "She will call back on Monday"
    assert services.cycle.entries("touches", pid) == []

    dialog.editors["happened_on"].set_value("2026-11-20")
    qtbot.keyClicks(dialog.editors["purpose"].line, "Agree the agenda")
    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    [kept] = services.cycle.entries("touches", pid)
    assert (kept["purpose"], kept["outcome"]) == (
        "Agree the agenda",
        "She will call back on Monday",
    )


def test_a_failed_write_keeps_the_dialog_open_with_the_reason(qtbot, services) -> None:
    pid = services.prospects.add("Harbour Logistics")
    values = {"happened_on": "2026-11-20", "channel": "phone", "purpose": "Agree the agenda"}
    dialog = EntryDialog(TOUCHES, lambda v: services.cycle.add("touches", pid, v), values)
    qtbot.addWidget(dialog)
    dialog.show()
    services.db.execute("PRAGMA query_only = ON")
    try:
        qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
    finally:
        services.db.execute("PRAGMA query_only = OFF")
    assert dialog.isVisible() and dialog.error.text().startswith("Not saved:")
    assert dialog.editors["purpose"].value() == "Agree the agenda"
    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)  # the rep tries again
    assert len(services.cycle.entries("touches", pid)) == 1


def test_editing_shows_the_entry_and_marks_required_fields(qtbot, services) -> None:
    pid = services.prospects.add("Harbour Logistics")
    entry_id = services.cycle.add(
        "touches",
        pid,
        {"happened_on": "2026-11-20", "channel": "visit", "purpose": "Tour", "next_action_done": 1},
    )
    entry = services.cycle.entry("touches", entry_id)
    dialog = EntryDialog(TOUCHES, lambda v: services.cycle.update("touches", entry_id, v), entry)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Edit touch"
    assert dialog.values()["channel"] == "visit" and dialog.values()["next_action_done"] == 1
    labels = {label.text() for label in dialog.findChildren(type(dialog.error))}
    assert "Purpose *:" in labels and "Outcome:" in labels
    dialog.editors["next_action_done"].box.setChecked(False)
    dialog.accept()
    assert services.cycle.entry("touches", entry_id)["next_action_done"] == 0


def test_the_trash_question_says_it_can_be_restored(monkeypatch) -> None:
    asked: list[str] = []

    def question(parent, title, text, buttons, default):
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    assert TrashQuestion.ask(None, "touch", "20 Nov 2026 · Phone") is False
    assert "20 Nov 2026 · Phone" in asked[0] and "restore it from the trash" in asked[0]


# --- the pulse ----------------------------------------------------------------------------------


def test_the_pulse_reads_latest_score_and_its_direction(c_locale) -> None:
    newest_first = [
        {"taken_on": "2026-11-20", "score": 4},
        {"taken_on": "2026-10-20", "score": 2},
        {"taken_on": "2026-09-20", "score": 3},
    ]
    assert pulse_summary(newest_first) == "Latest 4 of 5 (20 Nov 2026), up from 2"
    assert pulse_summary(newest_first[1:]) == "Latest 2 of 5 (20 Oct 2026), down from 3"
    assert pulse_summary(newest_first[:1]) == "Latest 4 of 5 (20 Nov 2026)"
    assert pulse_summary([]) == ""
    assert trend_scores(newest_first) == [3, 2, 4]


def test_text_columns_share_the_width_by_what_they_hold() -> None:
    # All fit: each as wide as it needs, the growing one takes the rest.
    assert share_width([100, 200], 500, 40, grows=1) == [100, 400]
    # Too little room: shares in proportion, so the longer text keeps the larger part...
    assert share_width([100, 300], 200, 40) == [50, 150]
    # ...and none shrinks below the minimum.
    assert share_width([10, 990], 200, 40) == [40, 198]

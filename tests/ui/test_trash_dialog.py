"""File > Trash...: the list, restoring with Enter, deleting for good after a question."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from salescoach.errors import StorageUnavailable
from salescoach.ui import trash_dialog
from salescoach.ui.trash_dialog import TrashDialog, TrashModel


@pytest.fixture
def trashed(services) -> dict[str, int]:
    pid = services.prospects.add("Harbour Logistics")
    person = services.prospects.add_person(pid, "Mia Jensen")
    concern = services.cycle.add("concerns", pid, {"concern": "Drivers resist", "status": "open"})
    other = services.prospects.add("Northwind Logistics")
    services.trash.move_person(person)
    services.cycle.move_to_trash("concerns", concern)
    services.trash.move_prospect(other)
    return {"prospect": pid, "person": person, "concern": concern, "other": other}


@pytest.fixture
def answers(monkeypatch) -> list[str]:
    """Every delete question asked, answered yes."""
    asked: list[str] = []

    def ask(cls, parent, what: str) -> bool:
        asked.append(what)
        return True

    monkeypatch.setattr(trash_dialog.ConfirmDeleteForever, "ask", classmethod(ask))
    return asked


def _rows(dialog: TrashDialog) -> list[tuple[str, str]]:
    model = dialog.model
    return [
        (model.index(row, 0).data(), model.index(row, 1).data()) for row in range(model.rowCount())
    ]


def test_an_empty_trash_says_so(services, show_active) -> None:
    dialog = show_active(TrashDialog(services))
    assert dialog.empty.isVisible() and dialog.empty.text() == "The trash is empty"
    assert dialog.table.isHidden()
    assert not dialog.restore_button.isEnabled() and not dialog.delete_button.isEnabled()


def test_lists_everything_newest_first_with_days_left(services, trashed, show_active) -> None:
    dialog = show_active(TrashDialog(services))
    assert _rows(dialog) == [
        ("Prospect", "Northwind Logistics"),
        ("Concern", "Drivers resist (Harbour Logistics)"),
        ("Person", "Mia Jensen, Harbour Logistics"),
    ]
    assert dialog.model.index(0, 3).data() == "30 days"
    assert dialog.model.headerData(1, Qt.Orientation.Horizontal) == "Description"
    assert dialog.table.hasFocus()
    assert dialog.selected()[0].description == "Northwind Logistics"


def test_enter_restores_the_selected_item(qtbot, services, trashed, show_active) -> None:
    dialog = show_active(TrashDialog(services))
    before = services.prospects.count()
    dialog.table.selectRow(2)  # Mia Jensen
    with qtbot.waitSignal(dialog.trashChanged):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert [p["name"] for p in services.prospects.people(trashed["prospect"])] == ["Mia Jensen"]
    assert dialog.status.text() == "Person restored: Mia Jensen, Harbour Logistics."
    assert [kind for kind, _ in _rows(dialog)] == ["Prospect", "Concern"]
    assert services.prospects.count() == before
    assert dialog.changed_anything


def test_several_can_be_restored_at_once(qtbot, services, trashed, show_active) -> None:
    dialog = show_active(TrashDialog(services))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(dialog.selected()) == 2
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "2 things restored."
    assert _rows(dialog) == [("Person", "Mia Jensen, Harbour Logistics")]
    assert services.prospects.count() == 2


def test_delete_key_deletes_for_good_after_asking(
    qtbot, services, trashed, show_active, answers
) -> None:
    dialog = show_active(TrashDialog(services))
    dialog.table.selectRow(1)  # the concern
    with qtbot.waitSignal(dialog.trashChanged):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert answers == ["the concern \u201cDrivers resist (Harbour Logistics)\u201d"]
    assert dialog.status.text() == "Deleted for good."
    assert services.db.execute(
        "SELECT count(*) FROM concerns WHERE id = ?", [trashed["concern"]]
    ).fetchone() == (0,)
    assert [kind for kind, _ in _rows(dialog)] == ["Prospect", "Person"]


def test_deleting_a_prospect_says_what_goes_with_it(
    qtbot, services, trashed, show_active, answers
) -> None:
    dialog = show_active(TrashDialog(services))
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert answers == ["the prospect \u201cNorthwind Logistics\u201d and everything kept on it"]
    assert services.db.execute(
        "SELECT count(*) FROM prospects WHERE id = ?", [trashed["other"]]
    ).fetchone() == (0,)


def test_saying_no_deletes_nothing(qtbot, services, trashed, show_active, monkeypatch) -> None:
    monkeypatch.setattr(
        trash_dialog.ConfirmDeleteForever, "ask", classmethod(lambda cls, parent, what: False)
    )
    dialog = show_active(TrashDialog(services))
    with qtbot.assertNotEmitted(dialog.trashChanged):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert len(_rows(dialog)) == 3
    assert services.db.execute("SELECT count(*) FROM prospects").fetchone() == (2,)


def test_the_last_item_restored_leaves_the_empty_state(
    qtbot, services, trashed, show_active
) -> None:
    dialog = show_active(TrashDialog(services))
    dialog.table.selectAll()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.empty.isVisible()
    assert not dialog.restore_button.isEnabled()
    assert services.trash.items() == []


def test_a_failed_restore_is_told_and_the_item_stays(
    qtbot, services, trashed, show_active, monkeypatch
) -> None:
    def disk_full(item):
        raise StorageUnavailable("The disk is full.")

    monkeypatch.setattr(services.trash, "restore", disk_full)
    dialog = show_active(TrashDialog(services))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.status.text() == "Not restored: The disk is full."
    assert len(_rows(dialog)) == 3


def test_the_model_is_well_behaved(qtmodeltester, services, trashed) -> None:
    model = TrashModel()
    model.set_items(services.trash.items())
    qtmodeltester.check(model)


def test_the_selection_follows_the_removed_row(qtbot, services, trashed, show_active) -> None:
    dialog = show_active(TrashDialog(services))
    dialog.table.selectionModel().setCurrentIndex(
        dialog.model.index(1, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert [item.kind for item in dialog.selected()] == ["person"]

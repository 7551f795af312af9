"""From the prospect list to a meeting: start, resume, pre-fill, and resume after a crash."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from salescoach.app import build_services
from salescoach.paths import DataPaths
from salescoach.services.demo import add_demo_data
from salescoach.ui import main_window as main_window_module
from salescoach.ui.application import create_application, open_main_window
from salescoach.ui.main_window import MainWindow
from salescoach.ui.start_meeting import StartMeetingDialog


def row_of(window: MainWindow, company: str) -> int:
    model = window.table.model()
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == company)


def test_ctrl_m_on_a_prospect_starts_a_discovery_meeting(qtbot, show_active, services) -> None:
    add_demo_data(services)
    window = show_active(MainWindow(services))
    window.table.setFocus()
    window.table.setCurrentIndex(window.model.index(row_of(window, "Harbor Dental Group"), 0))

    def accept_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, StartMeetingDialog)
        assert dialog.choice().resume_id is None  # nothing to resume for Harbor
        assert dialog.choice().playbook_id == "collaborative-discovery"
        dialog.accept()

    QTimer.singleShot(0, accept_dialog)
    qtbot.keyClick(window.table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    (meeting,) = window.meetings
    qtbot.addWidget(meeting)
    assert meeting.meeting.company == "Harbor Dental Group"
    assert meeting.playbook.id == "collaborative-discovery"


def test_the_dialog_offers_the_unfinished_meeting_first(qtbot, services) -> None:
    add_demo_data(services)
    cedar = services.prospects.id_for_demo_key("cedar")
    dialog = StartMeetingDialog(services, cedar)
    qtbot.addWidget(dialog)
    (unfinished,) = [m for m in services.interviews.for_prospect(cedar) if m["status"] != "ended"]
    assert dialog.choice().resume_id == unfinished["id"]
    assert not dialog.prefill.isVisible()
    dialog.resume_list.setCurrentRow(0)  # "Start a new discovery meeting"
    choice = dialog.choice()
    assert choice.resume_id is None and choice.prefill  # there is a last meeting to start from


def test_spin_can_be_chosen_from_the_keyboard(qtbot, show_active, services) -> None:
    add_demo_data(services)
    harbor = services.prospects.id_for_demo_key("harbor")
    dialog = show_active(StartMeetingDialog(services, harbor))
    dialog.playbook.setFocus()
    qtbot.keyClicks(dialog.playbook, "SPIN")
    assert dialog.choice().playbook_id == "spin"
    assert not dialog.choice().prefill  # Harbor has no earlier meeting


def test_after_an_unclean_exit_the_interrupted_meeting_is_offered(
    qtbot, tmp_path, monkeypatch
) -> None:
    create_application()
    paths = DataPaths(tmp_path)
    services = build_services(paths)
    prospect = services.prospects.add("Acme Freight")
    interview = services.interviews.start(
        prospect, services.playbooks.get("collaborative-discovery")
    )
    services.interviews.record(interview, "goals", "value", "On time above 95%")
    services.session.begin()  # the app was running ...
    services.close()  # ... and died without saying goodbye

    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        main_window_module.ResumeQuestion,
        "ask",
        classmethod(lambda cls, parent, company, when: asked.append((company, when)) or True),
    )
    window = open_main_window(paths, build_services)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(window.meetings))
    assert asked and asked[0][0] == "Acme Freight"
    assert window.meetings[0].interview_id == interview
    window.meetings[0].close()
    window.close()
    window.services.close()


def test_after_a_clean_exit_nothing_is_offered(qtbot, tmp_path, monkeypatch) -> None:
    create_application()
    paths = DataPaths(tmp_path)
    services = build_services(paths)
    prospect = services.prospects.add("Acme Freight")
    services.interviews.start(prospect, services.playbooks.get("collaborative-discovery"))
    services.session.begin()
    services.session.end()
    services.close()
    asked: list[str] = []
    monkeypatch.setattr(
        main_window_module.ResumeQuestion,
        "ask",
        classmethod(lambda cls, parent, company, when: asked.append(company) or True),
    )
    window = open_main_window(paths, build_services)
    qtbot.addWidget(window)
    qtbot.wait(50)
    assert asked == [] and window.meetings == []
    window.close()
    window.services.close()

"""An unexpected error is logged and reported calmly, and what the rep typed is saved first."""

from __future__ import annotations

import logging
import sys

import pytest

from salescoach.errors import StorageUnavailable
from salescoach.services.demo import add_demo_data
from salescoach.ui import crash
from salescoach.ui.main_window import MainWindow


@pytest.fixture
def reports(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        crash.CrashReport, "show", classmethod(lambda cls, p, msg, det: shown.append((msg, det)))
    )
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    return shown


def test_a_bug_is_logged_reported_and_typing_is_saved_first(
    qtbot, services, reports, tmp_path, caplog
) -> None:
    add_demo_data(services)
    window = MainWindow(services)
    qtbot.addWidget(window)
    cedar = services.prospects.id_for_demo_key("cedar")
    meeting = window.open_meeting(services.interviews.for_prospect(cedar)[0]["id"])
    qtbot.addWidget(meeting)
    meeting.saver.queue("problems", "value", "Typed just before the bug")
    handle = crash.install(window, window.flush_meetings, tmp_path / "salescoach.log")

    try:
        raise ZeroDivisionError("a bug in a slot")
    except ZeroDivisionError as error:
        with caplog.at_level(logging.ERROR):
            handle(type(error), error, error.__traceback__)

    answers = services.interviews.answers(meeting.interview_id)
    assert answers["problems"].value == "Typed just before the bug"
    ((message, details),) = reports
    assert "carry on" in message
    assert "has been saved" in details and str(tmp_path / "salescoach.log") in details
    assert "ZeroDivisionError: a bug in a slot" in caplog.text


def test_a_known_problem_that_escaped_is_shown_as_itself(qtbot, services, reports, tmp_path):
    window = MainWindow(services)
    qtbot.addWidget(window)
    handle = crash.install(window, window.flush_meetings, None)
    error = StorageUnavailable("The disk holding your data is full.")
    handle(type(error), error, None)
    assert reports == [("The disk holding your data is full.", "What you typed is kept.")]

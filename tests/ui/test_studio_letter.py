"""The summary studio writing a first-contact letter to a prospect who has had no meeting yet."""

from __future__ import annotations

import email
import email.policy
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

from salescoach.services.demo import add_demo_data
from salescoach.services.summaries import About
from salescoach.ui.prospect.page import ProspectPage
from salescoach.ui.studio import launcher
from salescoach.ui.studio.opener import UrlOpener
from salescoach.ui.studio.save_dialog import SaveAsDialog
from salescoach.ui.studio.window import StudioWindow

# Bringing a window forward is something the offscreen platform cannot do, and says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
LETTER = "first-contact-letter"
REASON = "No-shows rose after they opened four new clinics"


@pytest.fixture
def harbor(services) -> int:
    """The demo's prospect in the Contact step: a contact, a reason to meet, no meeting."""
    add_demo_data(services)
    services.settings.set_profile(name="Sam Rivera", email="sam@routewise.example")
    pid = services.prospects.id_for_demo_key("harbor")
    assert services.interviews.for_prospect(pid) == []
    return pid


@pytest.fixture
def open_letter(qtbot, show_active, services):
    def open_(prospect_id: int) -> StudioWindow:
        return show_active(StudioWindow.for_prospect(services, prospect_id))

    yield open_
    for studio in launcher.open_studios():
        studio.close()


@pytest.fixture
def opened_urls(monkeypatch) -> list[QUrl]:
    opened: list[QUrl] = []
    monkeypatch.setattr(UrlOpener, "open", classmethod(lambda cls, url: opened.append(url) or True))
    return opened


def press(qtbot, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifiers)


def shown(studio: StudioWindow) -> str:
    return studio.view.preview.toPlainText()


def touches(services, pid: int) -> list[dict]:
    return services.cycle.entries("touches", pid)


def new_touches(services, pid: int, before: list[dict]) -> list[dict]:
    """The touches logged since `before` was read (the log is listed newest date first)."""
    seen = {touch["id"] for touch in before}
    return [touch for touch in touches(services, pid) if touch["id"] not in seen]


# --- what the studio offers ----------------------------------------------------------------------


def test_a_prospect_gets_only_the_letters_and_none_of_the_meeting_parts(
    open_letter, services, harbor
):
    studio = open_letter(harbor)
    assert studio.templates.names() == [LETTER]
    assert (studio.family.name, studio.fmt) == (LETTER, "html")
    assert "Dear Dr. Alan Reyes," in shown(studio)
    assert REASON in shown(studio)
    assert "Harbor Dental Group" in studio.windowTitle()
    assert "no meeting yet" in studio.meeting_label.text()
    # The meeting's must-ask questions and needs have no place here; what the letter lacks does.
    assert not studio.flags.isVisible() and not studio.flags_heading.isVisible()
    assert not studio.actions_by_name["flags"].isVisible()
    assert studio.letter_gaps.isVisible()
    assert "No agenda yet" in studio.letter_gaps.text()
    assert "Ready to send" not in studio.letter_gaps.text()
    assert studio.channel_row.isVisible()
    assert studio.badge.text() == "Generated draft"
    assert studio.sent_status.text() == "Not sent yet"


def test_the_meeting_studio_has_no_letter_parts(open_letter, show_active, services, harbor):
    prospect = services.prospects.id_for_demo_key("northwind")
    interview = services.interviews.for_prospect(prospect)[0]["id"]
    studio = show_active(StudioWindow(services, interview))
    assert studio.flags.isVisible()
    assert not studio.letter_gaps.isVisible()
    assert not studio.channel_row.isVisible()
    assert "client-summary" in studio.templates.names()


def test_refresh_reads_the_prospect_again(qtbot, open_letter, services, harbor):
    studio = open_letter(harbor)
    assert "A possible agenda" in shown(studio)
    services.cycle.update_prospect(harbor, {"agenda": "Booking today\nWhere the chairs go empty"})
    press(qtbot, Qt.Key.Key_F5)
    assert "Where the chairs go empty" in shown(studio)
    assert "A possible agenda" not in shown(studio)
    assert "No agenda yet" not in studio.letter_gaps.text()


# --- editing and sending -------------------------------------------------------------------------


def test_edit_then_mark_sent_logs_a_touch(qtbot, open_letter, services, harbor):
    before = touches(services, harbor)
    studio = open_letter(harbor)
    press(qtbot, Qt.Key.Key_2, CTRL)  # the plain-text version
    press(qtbot, Qt.Key.Key_E, CTRL)
    assert QApplication.focusWidget() is studio.view.editor
    press(qtbot, Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(studio.view.editor, "PS: I will call on Tuesday.")
    assert studio.badge.text() == "Edited copy"
    letter = About.prospect(harbor)
    qtbot.waitUntil(lambda: services.summaries.final(letter, LETTER, "txt") is not None)
    assert services.summaries.final(letter, LETTER, "txt").endswith("PS: I will call on Tuesday.")

    studio.channel_buttons["letter"].click()  # printed and posted
    with qtbot.waitSignal(studio.letterSent) as sent:
        press(qtbot, Qt.Key.Key_Y, CTRL | SHIFT)
    assert sent.args == [harbor]
    new = new_touches(services, harbor, before)
    assert [(t["channel"], t["purpose"], t["happened_on"]) for t in new] == [
        ("letter", "First-contact letter", date.today().isoformat())
    ]
    assert services.summaries.sent_at(letter, LETTER, "txt") is not None
    assert studio.sent_status.text().startswith("Sent on ")
    assert "logged as a letter in the Contact step's touch log" in (
        studio.statusBar().currentMessage()
    )
    press(qtbot, Qt.Key.Key_Y, CTRL | SHIFT)  # marked sent again, by mistake
    assert new_touches(services, harbor, before) == new
    assert "already" in studio.statusBar().currentMessage()
    studio.close()

    again = open_letter(harbor)
    again.formats.choose("txt")
    assert again.badge.text() == "Edited copy"
    assert shown(again).endswith("PS: I will call on Tuesday.")
    assert again.sent_status.text().startswith("Sent on ")


def test_copy_for_email_then_yes_logs_an_email(qtbot, open_letter, services, harbor):
    before = touches(services, harbor)
    studio = open_letter(harbor)
    studio.channel_buttons["letter"].setChecked(True)
    press(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    mime = QApplication.clipboard().mimeData()
    assert mime.hasHtml() and REASON in mime.text()
    assert studio.sent_bar.isVisible()
    assert studio.channel() == "email"  # copied for an email: most likely sent as one
    qtbot.mouseClick(studio.sent_bar.yes, Qt.MouseButton.LeftButton)
    (touch,) = new_touches(services, harbor, before)
    assert touch["channel"] == "email"
    assert not studio.sent_bar.isVisible()


def test_not_yet_logs_nothing(qtbot, open_letter, services, harbor):
    before = touches(services, harbor)
    studio = open_letter(harbor)
    press(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    qtbot.mouseClick(studio.sent_bar.not_yet, Qt.MouseButton.LeftButton)
    assert touches(services, harbor) == before
    assert services.summaries.sent_at(About.prospect(harbor), LETTER, "html") is None


def test_open_in_mail_addresses_the_contact(qtbot, open_letter, services, harbor, opened_urls):
    services.prospects.update_person(
        services.prospects.people(harbor)[0]["id"], {"email": "alan@harbor.example"}
    )
    studio = open_letter(harbor)
    studio.attach_pdf.setChecked(True)  # an email draft (.eml) with the letter as a PDF
    press(qtbot, Qt.Key.Key_M, CTRL | SHIFT)
    (url,) = opened_urls
    message = email.message_from_bytes(
        Path(url.toLocalFile()).read_bytes(), policy=email.policy.default
    )
    assert message["To"].addresses[0].addr_spec == "alan@harbor.example"
    assert message["Subject"] == "Harbor Dental Group: a 30-minute conversation?"
    assert "application/pdf" in [part.get_content_type() for part in message.walk()]
    assert studio.sent_bar.isVisible() and studio.channel() == "email"


def test_a_short_letter_opens_as_a_mailto_link(qtbot, open_letter, services, harbor, opened_urls):
    services.summaries.save_final(About.prospect(harbor), LETTER, "txt", "Subject: Coffee?\n\nHi")
    open_letter(harbor)
    press(qtbot, Qt.Key.Key_M, CTRL | SHIFT)
    (url,) = opened_urls
    assert url.scheme() == "mailto"
    assert "subject=Coffee?&body=Hi" in url.query(QUrl.ComponentFormattingOption.FullyDecoded)


def test_save_as_pdf_suggests_a_posted_letter(
    qtbot, open_letter, services, harbor, monkeypatch, tmp_path
):
    asked: list[Path] = []

    def ask(cls, parent, suggested, formats):
        asked.append(suggested)
        return tmp_path / "letter.pdf"

    monkeypatch.setattr(SaveAsDialog, "ask", classmethod(ask))
    studio = open_letter(harbor)
    press(qtbot, Qt.Key.Key_S, CTRL)
    (suggested,) = asked
    assert suggested.name.startswith("Harbor Dental Group first-contact-letter")
    assert (tmp_path / "letter.pdf").read_bytes().startswith(b"%PDF")
    assert studio.channel() == "letter"
    before = touches(services, harbor)
    qtbot.mouseClick(studio.sent_bar.yes, Qt.MouseButton.LeftButton)
    assert [t["channel"] for t in new_touches(services, harbor, before)] == ["letter"]


# --- from the prospect page ----------------------------------------------------------------------


def test_the_contact_tab_opens_the_letter_and_sees_its_touch(qtbot, show_active, services, harbor):
    page = show_active(ProspectPage(services, harbor))
    page.letterRequested.connect(
        lambda pid: launcher.open_letter_studio(services, pid, on_sent=page.refresh)
    )
    page.show_step("contact")
    contact = page.tabs["contact"]
    reason = page.fields.editors["reason_to_meet"]
    reason.focus_editor()
    qtbot.keyClicks(QApplication.focusWidget(), " since March")
    assert str(reason.value()).endswith(" since March")
    qtbot.mouseClick(contact.letter_button, Qt.MouseButton.LeftButton)  # leaving saves it
    (studio,) = launcher.open_studios()
    assert studio.prospect_id == harbor
    assert f"{REASON} since March" in shown(studio)

    qtbot.mouseClick(contact.letter_button, Qt.MouseButton.LeftButton)
    assert launcher.open_studios() == [studio]  # one studio per prospect

    rows_before = contact.touches.model.rowCount()
    studio.mark_sent()
    assert contact.touches.model.rowCount() == rows_before + 1
    studio.close()
    assert launcher.open_studios() == []

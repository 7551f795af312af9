"""Summary studio on a real database: pick, check, edit and hand off a needs summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

from salescoach.services.demo import add_demo_data
from salescoach.ui.meeting import window as meeting_module
from salescoach.ui.meeting.dialogs import MeetingEnd
from salescoach.ui.meeting.window import MeetingWindow
from salescoach.ui.studio import launcher
from salescoach.ui.studio.dialogs import DiscardEditsQuestion
from salescoach.ui.studio.opener import UrlOpener
from salescoach.ui.studio.save_dialog import SaveAsDialog
from salescoach.ui.studio.shortcuts import STUDIO_SHORTCUTS
from salescoach.ui.studio.window import StudioWindow

# Bringing a window forward is something the offscreen platform cannot do, and says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
SUMMARY = "client-summary"


def demo_interview(services, key: str) -> int:
    prospect = services.prospects.id_for_demo_key(key)
    return services.interviews.for_prospect(prospect)[0]["id"]


@pytest.fixture
def northwind(services) -> int:
    add_demo_data(services)
    return demo_interview(services, "northwind")


@pytest.fixture
def cedar(services) -> int:
    add_demo_data(services)
    return demo_interview(services, "cedar")


@pytest.fixture
def open_studio(qtbot, show_active, services):
    def open_(interview_id: int) -> StudioWindow:
        return show_active(StudioWindow(services, interview_id))

    yield open_
    for studio in launcher.open_studios():  # those the meeting window opened
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


# --- picking -------------------------------------------------------------------------------------


def test_the_client_summary_comes_first_and_shows_the_meeting(open_studio, northwind):
    studio = open_studio(northwind)
    names = studio.templates.names()
    assert names[0] == SUMMARY
    assert {"call-notes", "crm-note"} <= set(names)
    assert "first-contact-letter" not in names  # it asks for a first meeting: not after one
    headings = [
        studio.templates.item(row).text()
        for row in range(studio.templates.count())
        if not studio.templates.item(row).flags() & Qt.ItemFlag.ItemIsEnabled
    ]
    assert headings == ["FOR THE CLIENT", "FOR THE TEAM"]
    assert studio.templates.current_name() == SUMMARY
    assert (studio.family.name, studio.fmt) == (SUMMARY, "html")
    assert "Northwind Logistics" in shown(studio)
    assert "Northwind Logistics" in studio.windowTitle()
    assert studio.badge.text() == "Generated draft"
    assert not studio.actions_by_name["draft"].isEnabled()


def test_a_client_summary_without_recipient_or_sender_is_not_ready(
    qtbot, open_studio, services, northwind
):
    prospect = services.interviews.interviews.get(northwind)["prospect_id"]
    for person in services.prospects.people(prospect):
        services.prospects.update_person(person["id"], {"email": ""})
    services.settings.set_profile(name="")
    studio = open_studio(northwind)

    lines = [studio.flags.list.item(row).text() for row in range(studio.flags.list.count())]
    assert "Before it goes out" in lines
    assert any(line.startswith("\u2022 No email address for ") for line in lines)
    assert "\u2022 Your name is not in Settings: the summary does not say who writes." in lines
    assert not studio.flags.is_ready() and studio.flags.ready.isHidden()

    studio.templates.select("crm-note")  # for the team: nobody to write to, no signature
    lines = [studio.flags.list.item(row).text() for row in range(studio.flags.list.count())]
    assert "Before it goes out" not in lines


def test_switching_the_version_changes_the_preview(qtbot, open_studio, services, northwind):
    studio = open_studio(northwind)
    as_html = shown(studio)
    assert studio.formats.offers("html") and studio.formats.offers("txt")
    assert not studio.formats.offers("md")
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert studio.fmt == "txt"
    plain = services.summaries.draft(northwind, SUMMARY, "txt")
    assert shown(studio).strip() == plain.strip()
    assert shown(studio) != as_html
    press(qtbot, Qt.Key.Key_3, CTRL)  # this family has no Markdown version: nothing changes
    assert studio.fmt == "txt"


def test_a_template_with_one_version_shows_that_one(qtbot, open_studio, northwind):
    studio = open_studio(northwind)
    studio.templates.select("call-notes")
    assert studio.fmt == "md"
    assert [f for f in ("html", "txt", "md") if studio.formats.offers(f)] == ["md"]
    assert "Northwind Logistics" in shown(studio)
    studio.templates.select(SUMMARY)
    assert studio.fmt == "html"


def test_keyboard_picks_a_template(qtbot, open_studio, northwind):
    studio = open_studio(northwind)
    press(qtbot, Qt.Key.Key_T, CTRL)
    assert QApplication.focusWidget() is studio.templates
    press(qtbot, Qt.Key.Key_Down)
    assert studio.family.name == studio.templates.names()[1]


def test_every_action_has_a_shortcut_in_its_tooltip(open_studio, northwind):
    studio = open_studio(northwind)
    assert set(studio.actions_by_name) == {shortcut.name for shortcut in STUDIO_SHORTCUTS}
    for shortcut in STUDIO_SHORTCUTS:
        action = studio.actions_by_name[shortcut.name]
        assert not action.shortcut().isEmpty(), shortcut.name
        assert shortcut.keys[0] in action.toolTip(), shortcut.name
    assert "Ctrl+Shift+C" in studio.copy_button.toolTip()


def test_refresh_fills_the_summary_in_again_after_the_meeting_changed(
    qtbot, open_studio, services, northwind
):
    services.settings.set_profile(name="Sam Rivera")
    studio = open_studio(northwind)
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert studio.flags.is_ready()
    services.interviews.add_need(northwind, "Drivers see route changes on their phones")
    press(qtbot, Qt.Key.Key_F5)
    assert "Drivers see route changes on their phones" in shown(studio)
    assert not studio.flags.is_ready()
    assert studio.flags.list.isVisibleTo(studio)


# --- editing -------------------------------------------------------------------------------------


def test_edits_become_the_final_copy_and_survive_reopening(qtbot, open_studio, services, northwind):
    studio = open_studio(northwind)
    press(qtbot, Qt.Key.Key_2, CTRL)
    press(qtbot, Qt.Key.Key_E, CTRL)
    assert QApplication.focusWidget() is studio.view.editor
    press(qtbot, Qt.Key.Key_End, CTRL)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.keyClicks(studio.view.editor, "PS: see you Tuesday")
    assert studio.badge.text() == "Edited copy"
    qtbot.waitUntil(lambda: services.summaries.final(northwind, SUMMARY, "txt") is not None)
    assert services.summaries.final(northwind, SUMMARY, "txt").endswith("PS: see you Tuesday")
    assert "only the plain-text version has your edits" in studio.other_copy_hint.text().lower()
    press(qtbot, Qt.Key.Key_E, CTRL)  # back to the preview, which shows the edit
    assert shown(studio).endswith("PS: see you Tuesday")
    studio.close()

    # The generated draft is still made afresh from the meeting, apart from the rep's copy.
    services.interviews.add_need(northwind, "Planners trust the plan")
    draft = services.summaries.draft(northwind, SUMMARY, "txt")
    assert "PS: see you Tuesday" not in draft
    assert "Planners trust the plan" in draft

    again = open_studio(northwind)
    again.formats.choose("txt")
    assert again.badge.text() == "Edited copy"
    assert shown(again).endswith("PS: see you Tuesday")
    assert "Planners trust the plan" not in shown(again)
    again.formats.choose("html")
    assert again.badge.text() == "Generated draft"  # each version has its own copy


def test_leaving_the_editor_saves_at_once(qtbot, open_studio, services, northwind):
    studio = open_studio(northwind)
    press(qtbot, Qt.Key.Key_E, CTRL)
    qtbot.keyClicks(studio.view.editor, "<p>Hello Maria</p>")
    studio.templates.select("crm-note")  # no debounce wait: changing template writes it
    assert services.summaries.final(northwind, SUMMARY, "html").startswith("<p>Hello Maria</p>")
    assert studio.view.editing()  # still editing, now the CRM note
    assert studio.badge.text() == "Generated draft"


def test_back_to_the_generated_draft(qtbot, open_studio, services, northwind, monkeypatch):
    services.summaries.save_final(northwind, SUMMARY, "html", "<p>My own words</p>")
    studio = open_studio(northwind)
    assert studio.badge.text() == "Edited copy"
    assert shown(studio).strip() == "My own words"

    monkeypatch.setattr(DiscardEditsQuestion, "ask", classmethod(lambda cls, p, v: False))
    press(qtbot, Qt.Key.Key_D, CTRL | SHIFT)
    assert services.summaries.final(northwind, SUMMARY, "html") == "<p>My own words</p>"

    monkeypatch.setattr(DiscardEditsQuestion, "ask", classmethod(lambda cls, p, v: True))
    press(qtbot, Qt.Key.Key_D, CTRL | SHIFT)
    assert services.summaries.final(northwind, SUMMARY, "html") is None
    assert studio.badge.text() == "Generated draft"
    assert "Northwind Logistics" in shown(studio)
    assert not studio.actions_by_name["draft"].isEnabled()


# --- before sending ------------------------------------------------------------------------------


def test_a_missing_must_ask_question_is_one_step_away(qtbot, open_studio, services, cedar):
    missing = services.summaries.model(cedar)["missing"]
    assert missing
    studio = open_studio(cedar)
    listed = [studio.flags.list.item(row).text() for row in range(studio.flags.list.count())]
    assert missing[0]["text"] in listed
    assert not studio.flags.ready.isVisibleTo(studio)
    press(qtbot, Qt.Key.Key_B, CTRL)
    assert QApplication.focusWidget() is studio.flags.list
    with qtbot.waitSignal(studio.questionRequested) as requested:
        press(qtbot, Qt.Key.Key_Return)
    assert requested.args == [cedar, missing[0]["id"]]


def test_nothing_missing_reads_ready_to_send(open_studio, services, northwind):
    services.settings.set_profile(name="Sam Rivera")
    studio = open_studio(northwind)
    assert studio.flags.is_ready()
    assert studio.flags.ready.isVisible()
    assert "Ready to send" in studio.flags.ready.text()


def test_an_open_need_asks_for_the_read_back(qtbot, open_studio, services, northwind):
    services.interviews.add_need(northwind, "A plan that survives a sick day")
    studio = open_studio(northwind)
    items = [studio.flags.list.item(row) for row in range(studio.flags.list.count())]
    (need,) = [item for item in items if "sick day" in item.text()]
    with qtbot.waitSignal(studio.readbackRequested) as requested:
        studio.flags.list.itemActivated.emit(need)
    assert requested.args == [northwind]


# --- hand-off ------------------------------------------------------------------------------------


def test_copy_puts_rich_and_plain_text_on_the_clipboard(qtbot, open_studio, northwind):
    studio = open_studio(northwind)
    press(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    mime = QApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.hasText()
    assert "<" in mime.html() and "Northwind Logistics" in mime.html()
    assert "Northwind Logistics" in mime.text()
    assert "<p" not in mime.text()
    assert studio.sent_bar.isVisible()


def test_a_short_summary_opens_a_mailto_link(qtbot, open_studio, services, northwind, opened_urls):
    services.summaries.save_final(northwind, SUMMARY, "txt", "Short note: see you Tuesday.")
    studio = open_studio(northwind)
    press(qtbot, Qt.Key.Key_M, CTRL | SHIFT)
    (url,) = opened_urls
    assert url.scheme() == "mailto"
    assert "see%20you%20Tuesday" in url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    assert not (services.paths.basedir / "exports").exists()
    assert studio.sent_bar.isVisible()


@pytest.mark.parametrize("attach", [False, True])
def test_a_long_summary_becomes_an_eml_draft(
    qtbot, open_studio, services, northwind, opened_urls, attach
):
    studio = open_studio(northwind)
    assert services.summaries.mail_link(northwind, SUMMARY) is None  # too long for a link
    studio.attach_pdf.setChecked(attach)
    press(qtbot, Qt.Key.Key_M, CTRL | SHIFT)
    (url,) = opened_urls
    assert url.isLocalFile()
    eml = Path(url.toLocalFile())
    expected = services.summaries.suggested_filename(northwind, SUMMARY, "eml")
    assert eml == services.paths.basedir / "exports" / expected
    content = eml.read_bytes()
    assert b"X-Unsent: 1" in content
    assert (b"application/pdf" in content) == attach


def test_with_an_attachment_even_a_short_summary_is_an_eml(
    qtbot, open_studio, services, northwind, opened_urls
):
    services.summaries.save_final(northwind, SUMMARY, "txt", "Short note.")
    studio = open_studio(northwind)
    studio.attach_pdf.setChecked(True)
    press(qtbot, Qt.Key.Key_M, CTRL | SHIFT)
    (url,) = opened_urls
    assert url.isLocalFile() and url.toLocalFile().endswith(".eml")


@pytest.mark.parametrize(
    ("family", "ending", "starts"),
    [
        (SUMMARY, "pdf", b"%PDF"),
        (SUMMARY, "html", b"<"),
        (SUMMARY, "txt", b""),
        (SUMMARY, "eml", b""),
        ("call-notes", "md", b""),
    ],
)
def test_save_as_writes_the_file(
    qtbot, open_studio, services, northwind, monkeypatch, tmp_path, family, ending, starts
):
    asked: list[tuple[Path, list[str]]] = []

    def ask(cls, parent, suggested, formats):
        asked.append((suggested, list(formats)))
        return tmp_path / f"summary.{ending}"

    monkeypatch.setattr(SaveAsDialog, "ask", classmethod(ask))
    studio = open_studio(northwind)
    studio.templates.select(family)
    press(qtbot, Qt.Key.Key_S, CTRL)
    ((suggested, formats),) = asked
    assert suggested.name == services.summaries.suggested_filename(northwind, family, "pdf")
    assert ending in formats
    written = (tmp_path / f"summary.{ending}").read_bytes()
    assert written.startswith(starts) and len(written) > 100
    if ending == "eml":
        assert b"X-Unsent: 1" in written
    assert studio.sent_bar.isVisible()
    assert QApplication.overrideCursor() is None  # the busy cursor is gone


def test_save_as_refuses_a_version_the_template_lacks(
    qtbot, open_studio, northwind, monkeypatch, tmp_path
):
    monkeypatch.setattr(
        SaveAsDialog, "ask", classmethod(lambda cls, p, s, f: tmp_path / "summary.md")
    )
    studio = open_studio(northwind)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert not (tmp_path / "summary.md").exists()
    assert "can be saved as" in studio.statusBar().currentMessage()


def test_did_it_go_out_records_when(qtbot, open_studio, services, northwind):
    studio = open_studio(northwind)
    assert studio.sent_status.text() == "Not sent yet"
    press(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    qtbot.mouseClick(studio.sent_bar.yes, Qt.MouseButton.LeftButton)
    assert services.summaries.sent_at(northwind, SUMMARY, "html") is not None
    assert studio.sent_status.text().startswith("Sent on ")
    assert not studio.sent_bar.isVisible()
    studio.close()
    assert open_studio(northwind).sent_status.text().startswith("Sent on ")


# --- broken templates ----------------------------------------------------------------------------


def test_a_broken_team_template_says_where_and_the_others_still_work(
    qtbot, open_studio, services, northwind
):
    folder = services.settings.templates_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "broken-note.txt.j2").write_text(
        "{# title: Broken note | audience: internal #}\nHello {{ prospect.company }}\n{% if %}\n",
        encoding="utf-8",
    )
    services.summaries.use_user_folder(folder)
    studio = open_studio(northwind)
    studio.templates.select("broken-note")
    assert "broken-note.txt.j2:3" in shown(studio)
    assert not studio.actions_by_name["copy"].isEnabled()
    assert not studio.actions_by_name["edit"].isEnabled()
    press(qtbot, Qt.Key.Key_E, CTRL)
    assert not studio.view.editing()
    studio.templates.select(SUMMARY)
    assert "Northwind Logistics" in shown(studio)
    assert studio.actions_by_name["copy"].isEnabled()


# --- from the meeting ----------------------------------------------------------------------------


def test_the_meeting_opens_the_studio_after_saving_and_follows_its_flags(
    qtbot, open_studio, show_active, services, default_playbook
):
    prospect = services.prospects.add("Acme Freight")
    interview = services.interviews.start(prospect, default_playbook)
    meeting = show_active(MeetingWindow(services.interviews, interview, services=services))
    first = meeting._current.id
    qtbot.keyClicks(QApplication.focusWidget(), "Find out why orders ship late")
    press(qtbot, Qt.Key.Key_S, CTRL | SHIFT)  # no wait for the autosave: opening flushes
    studio = meeting.studio
    assert studio is not None and studio.isVisible()
    assert services.interviews.answers(interview)[first].value == "Find out why orders ship late"
    missing = studio.flags.missing
    target = missing[-1]["id"]
    items = [studio.flags.list.item(row) for row in range(studio.flags.list.count())]
    (item,) = [i for i in items if i.data(Qt.ItemDataRole.UserRole + 1) == target]
    studio.flags.list.itemActivated.emit(item)
    assert meeting._current.id == target

    assert meeting.open_studio() is studio  # one studio per meeting
    meeting.close()


def test_the_studio_shortcut_is_in_the_meeting_menu(services, default_playbook, qtbot):
    prospect = services.prospects.add("Acme Freight")
    interview = services.interviews.start(prospect, default_playbook)
    meeting = MeetingWindow(services.interviews, interview, services=services)
    qtbot.addWidget(meeting)
    action = meeting.actions_by_name["studio"]
    assert action.shortcut().toString() == "Ctrl+Shift+S"
    assert "Ctrl+Shift+S" in action.toolTip()


def test_ending_the_meeting_opens_the_studio(
    qtbot, open_studio, show_active, services, default_playbook, monkeypatch
):
    prospect = services.prospects.add("Acme Freight")
    interview = services.interviews.start(prospect, default_playbook)
    meeting = show_active(MeetingWindow(services.interviews, interview, services=services))
    ending = MeetingEnd("advance", "Pilot in March", "Send the route data", "2027-01-15")
    monkeypatch.setattr(
        meeting_module.EndMeetingDialog, "ask", classmethod(lambda cls, p, n="": ending)
    )
    with qtbot.waitSignal(meeting.ended):
        press(qtbot, Qt.Key.Key_E, CTRL)
    (studio,) = launcher.open_studios()
    assert studio.interview_id == interview
    assert studio.isVisible()
    assert "Acme Freight" in shown(studio)


def test_a_meeting_without_services_says_where_the_studio_is(
    qtbot, show_active, services, default_playbook
):
    prospect = services.prospects.add("Acme Freight")
    interview = services.interviews.start(prospect, default_playbook)
    meeting = show_active(MeetingWindow(services.interviews, interview))
    assert meeting.open_studio() is None
    assert "prospect list" in meeting.statusBar().currentMessage()


def test_coming_back_to_the_studio_fills_it_in_again(
    qtbot, open_studio, show_active, services, northwind
):
    from PySide6.QtWidgets import QWidget

    studio = open_studio(northwind)
    show_active(QWidget())  # the rep goes back to the meeting
    services.interviews.add_need(northwind, "Fewer calls from customer service")
    studio.windowHandle().requestActivate()
    qtbot.waitUntil(studio.isActiveWindow)
    qtbot.waitUntil(lambda: "Fewer calls from customer service" in shown(studio))


def test_a_failed_save_keeps_the_edit_and_says_so(qtbot, open_studio, services, northwind):
    from salescoach.errors import StorageUnavailable

    studio = open_studio(northwind)
    press(qtbot, Qt.Key.Key_E, CTRL)
    real_save = services.summaries.save_final

    def failing(*args):
        raise StorageUnavailable("The disk is full")

    services.summaries.save_final = failing
    qtbot.keyClicks(studio.view.editor, "Hello")
    assert not studio.saver.flush()
    assert studio.badge.text() == "Edits not saved - retrying"
    assert "The disk is full" in studio.statusBar().currentMessage()
    services.summaries.save_final = real_save
    assert studio.saver.flush()
    assert studio.badge.text() == "Edited copy"
    assert services.summaries.final(northwind, SUMMARY, "html").startswith("Hello")

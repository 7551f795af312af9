"""Letters to a prospect before any meeting, on a real database: the view-model, the final copy,
sending (with its touch), the files, and the table that keeps them on an older database."""

from __future__ import annotations

import email
import email.policy
import shutil
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from salescoach.app import build_services
from salescoach.errors import InvalidInput
from salescoach.paths import DataPaths
from salescoach.services.summaries import About, letter_gaps
from salescoach.storage.migrations import MIGRATIONS

LETTER = "first-contact-letter"
REASON = "No-shows rose after they opened four new clinics"
AGENDA = "1. How booking works today\n2. Where the empty chairs come from;\n- What a good week is"
DATA = Path(__file__).parents[1] / "data"
LETTERS_MIGRATION = next(m.name for m in MIGRATIONS._migrations if m.name.endswith("_letters"))


@pytest.fixture
def harbor(services) -> int:
    """A prospect in the Contact step: a contact with an email address, no meeting yet."""
    services.settings.set_profile(name="Sam Rivera", email="sam@routewise.example")
    pid = services.prospects.create("Harbor Dental Group", "Dr. Alan Reyes", "alan@harbor.example")
    services.cycle.update_prospect(pid, {"hypothesis": "Appointment no-shows across 14 clinics"})
    return pid


def with_reason_and_agenda(services, pid: int) -> None:
    services.cycle.update_prospect(pid, {"reason_to_meet": REASON, "agenda": AGENDA})


def keys(value):
    """The shape of a view-model: its keys, all the way down, without the values."""
    if isinstance(value, dict):
        return {key: keys(item) for key, item in value.items()}
    return type(value).__name__


# --- the view-model ------------------------------------------------------------------------------


def test_a_prospect_model_has_the_meeting_shape_with_the_meeting_left_empty(
    services, harbor, default_playbook
) -> None:
    with_reason_and_agenda(services, harbor)
    letter = services.summaries.prospect_model(harbor)
    interview = services.interviews.start(harbor, default_playbook)
    meeting = services.summaries.model(interview)
    assert keys(letter) == keys(meeting)
    assert letter["prospect"]["reason_to_meet"] == REASON
    assert letter["prospect"]["agenda_items"] == [
        "How booking works today",
        "Where the empty chairs come from",
        "What a good week is",
    ]
    assert meeting["prospect"]["agenda_items"] == letter["prospect"]["agenda_items"]
    assert letter["people"][0]["email"] == "alan@harbor.example"
    assert letter["rep"]["name"] == "Sam Rivera"
    assert letter["meeting"]["attendees"] == []
    assert all(text == "" for key, text in letter["meeting"].items() if key != "attendees")
    assert letter["needs"] == letter["missing"] == letter["next_steps"] == letter["coaching"] == []
    assert services.summaries.model(About.prospect(harbor)) == letter


@pytest.mark.parametrize("fmt", ["html", "txt"])
def test_the_letter_uses_the_reason_to_meet_and_the_agenda(services, harbor, fmt) -> None:
    with_reason_and_agenda(services, harbor)
    text = services.summaries.draft(About.prospect(harbor), LETTER, fmt)
    assert "Dear Dr. Alan Reyes," in text
    assert REASON in text
    assert "Appointment no-shows across 14 clinics" in text
    if fmt == "txt":
        assert "1. How booking works today\n2. Where the empty chairs come from\n" in text
    else:
        assert '<li style="margin:3px 0;">Where the empty chairs come from</li>' in text
    assert "What a good week is" in text
    assert "in your words" not in text  # the general agenda gives way to the rep's
    assert "Sam Rivera" in text
    assert "correct me" in text


@pytest.mark.parametrize("fmt", ["html", "txt"])
def test_without_reason_or_agenda_the_letter_offers_a_general_agenda(services, harbor, fmt) -> None:
    text = services.summaries.draft(About.prospect(harbor), LETTER, fmt)
    assert "Why I am writing now" not in text
    assert "in your words" in text
    assert "A possible agenda" in text
    assert "Appointment no-shows across 14 clinics" in text


def test_what_is_missing_from_a_letter_is_named(services, harbor) -> None:
    model = services.summaries.prospect_model(harbor)
    gaps = letter_gaps(model)
    assert any("reason to meet" in gap for gap in gaps)
    assert any("agenda" in gap for gap in gaps)
    assert not any("email" in gap for gap in gaps)  # Dr. Reyes has one
    with_reason_and_agenda(services, harbor)
    assert letter_gaps(services.summaries.prospect_model(harbor)) == []
    bare = services.prospects.create("Brightline Manufacturing")
    services.settings.set_profile(name="")
    bare_gaps = letter_gaps(services.summaries.prospect_model(bare))
    assert any("Nobody to write to" in gap for gap in bare_gaps)
    assert any("Settings" in gap for gap in bare_gaps)


# --- which templates -----------------------------------------------------------------------------


def test_only_templates_that_need_no_meeting_are_offered_for_a_prospect(services) -> None:
    assert [family.name for family in services.summaries.families(prospect_only=True)] == [LETTER]
    everything = {family.name for family in services.summaries.families()}
    assert {LETTER, "client-summary", "call-notes"} <= everything


def test_a_team_template_says_it_needs_no_meeting_in_any_order(services) -> None:
    folder = services.settings.templates_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "warm-intro.txt.j2").write_text(
        "{#needs: prospect|title: Warm introduction|audience: client#}\n"
        "Hello {{ prospect.company }}\n",
        encoding="utf-8",
    )
    (folder / "meeting-recap.txt.j2").write_text(
        "{# title: Meeting recap | audience: client #}\nRecap {{ meeting.date }}\n",
        encoding="utf-8",
    )
    services.summaries.use_user_folder(folder)
    offered = {f.name: f for f in services.summaries.families(prospect_only=True)}
    assert set(offered) == {LETTER, "warm-intro"}
    assert (offered["warm-intro"].title, offered["warm-intro"].audience) == (
        "Warm introduction",
        "client",
    )
    assert "meeting-recap" in {family.name for family in services.summaries.families()}


# --- final copy and sending ----------------------------------------------------------------------


def test_the_final_copy_is_kept_per_prospect_apart_from_meetings(
    services, harbor, default_playbook
) -> None:
    summaries = services.summaries
    letter = About.prospect(harbor)
    other = services.prospects.create("Cedar & Co Accountants", "Priya Shah")
    # A meeting whose id is the same number as the prospect's: they must not share a copy.
    interview = services.interviews.start(harbor, default_playbook)
    assert interview == harbor
    draft = summaries.draft(letter, LETTER, "txt")
    summaries.save_final(letter, LETTER, "txt", draft + "\nPS: I will call on Tuesday.")
    assert summaries.text(letter, LETTER, "txt").endswith("PS: I will call on Tuesday.")
    assert summaries.final(letter, LETTER, "html") is None  # each version has its own copy
    assert summaries.final(About.prospect(other), LETTER, "txt") is None
    assert summaries.final(interview, LETTER, "txt") is None
    summaries.save_final(interview, LETTER, "txt", "The meeting's own copy")
    assert summaries.final(letter, LETTER, "txt").endswith("PS: I will call on Tuesday.")
    assert summaries.draft(letter, LETTER, "txt") == draft
    summaries.save_final(letter, LETTER, "txt", None)
    assert summaries.text(letter, LETTER, "txt") == draft
    assert summaries.final(interview, LETTER, "txt") == "The meeting's own copy"


@pytest.mark.parametrize("channel", ["letter", "email"])
def test_marking_a_letter_sent_logs_a_touch_on_the_prospect(services, harbor, channel) -> None:
    assert services.cycle.entries("touches", harbor) == []
    sent = services.summaries.mark_letter_sent(harbor, LETTER, "html", channel, services.cycle)
    assert sent.touch_logged
    assert services.summaries.sent_at(About.prospect(harbor), LETTER, "html") == sent.at
    (touch,) = services.cycle.entries("touches", harbor)
    assert touch["channel"] == channel
    assert touch["purpose"] == "First-contact letter"
    assert touch["happened_on"] == date.today().isoformat()
    assert touch["kind"] == "contact"
    assert services.cycle.status(harbor).step == "contact"
    other = services.prospects.create("Cedar & Co Accountants")
    assert services.summaries.sent_at(About.prospect(other), LETTER, "html") is None


def test_marking_the_same_letter_sent_twice_a_day_logs_one_touch(services, harbor) -> None:
    first = services.summaries.mark_letter_sent(harbor, LETTER, "html", "email", services.cycle)
    again = services.summaries.mark_letter_sent(harbor, LETTER, "html", "email", services.cycle)
    assert (first.touch_logged, again.touch_logged) == (True, False)
    assert services.summaries.sent_at(About.prospect(harbor), LETTER, "html") == again.at
    assert len(services.cycle.entries("touches", harbor)) == 1
    # Sent the other way as well: that is another touch.
    services.summaries.mark_letter_sent(harbor, LETTER, "html", "letter", services.cycle)
    channels = sorted(touch["channel"] for touch in services.cycle.entries("touches", harbor))
    assert channels == ["email", "letter"]


def test_a_touch_that_cannot_be_logged_leaves_the_letter_unsent(services, harbor) -> None:
    with pytest.raises(InvalidInput):
        services.summaries.mark_letter_sent(harbor, LETTER, "html", "pigeon", services.cycle)
    assert services.summaries.sent_at(About.prospect(harbor), LETTER, "html") is None
    assert services.cycle.entries("touches", harbor) == []


# --- files and mail ------------------------------------------------------------------------------


def test_the_letter_as_an_email_draft_goes_to_the_contact(qapp, services, harbor, tmp_path) -> None:
    with_reason_and_agenda(services, harbor)
    letter = About.prospect(harbor)
    name = services.summaries.suggested_filename(letter, LETTER, "eml")
    assert "Harbor Dental Group" in name and date.today().isoformat() in name
    output = services.summaries.export(letter, LETTER, "eml", tmp_path / name, attach_pdf=True)
    message = email.message_from_bytes(output.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Harbor Dental Group: a 30-minute conversation?"
    assert message["To"].addresses[0].addr_spec == "alan@harbor.example"
    assert message["From"].addresses[0].addr_spec == "sam@routewise.example"
    kinds = [part.get_content_type() for part in message.walk()]
    assert {"text/plain", "text/html", "application/pdf"} <= set(kinds)
    plain = message.get_body(("plain",)).get_content()
    assert REASON in plain and not plain.startswith("Subject:")


def test_a_letter_short_enough_opens_as_a_mailto_link(services, harbor) -> None:
    letter = About.prospect(harbor)
    link = services.summaries.mail_link(letter, LETTER)
    assert link.startswith(
        "mailto:alan@harbor.example?subject=Harbor%20Dental%20Group%3A%20a%2030-minute"
    )
    assert "body=Dear%20Dr.%20Alan%20Reyes" in link  # the Subject: line is the header, not body
    services.summaries.save_final(letter, LETTER, "txt", "Subject: Coffee?\n\n" + "Long. " * 2000)
    assert services.summaries.mail_link(letter, LETTER) is None  # too long: an .eml draft


@pytest.mark.parametrize("fmt", ["html", "txt"])
def test_text_exports_of_a_letter_write_the_edited_copy(services, harbor, tmp_path, fmt) -> None:
    letter = About.prospect(harbor)
    services.summaries.save_final(letter, LETTER, fmt, "My own words")
    output = services.summaries.export(letter, LETTER, fmt, tmp_path / f"letter.{fmt}")
    assert output.read_text(encoding="utf-8") == "My own words"


# --- the table on an existing database -----------------------------------------------------------


def test_the_letters_table_arrives_on_a_database_of_the_first_release(tmp_path) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.basedir.mkdir()
    shutil.copyfile(DATA / "salescoach-0.1.0.db", paths.database)
    services = build_services(paths)
    try:
        assert "prospect_letters" in services.db.table_names()
        assert MIGRATIONS.pending(services.db) == []
        summaries_before = services.db.table("summaries").count
        pid = services.db.execute("SELECT min(id) FROM prospects").fetchone()[0]
        services.summaries.save_final(About.prospect(pid), LETTER, "txt", "Dear friend")
        assert services.summaries.final(About.prospect(pid), LETTER, "txt") == "Dear friend"
        assert services.db.table("summaries").count == summaries_before
    finally:
        services.close()


def test_the_letters_migration_keeps_what_came_before(tmp_path) -> None:
    """A database just one migration behind: its meeting summaries stay where they were."""
    paths = DataPaths(tmp_path / "data")
    paths.basedir.mkdir()
    old = sqlite_utils.Database(paths.database)
    MIGRATIONS.apply(old, stop_before=LETTERS_MIGRATION)
    assert "prospect_letters" not in old.table_names()
    pid = (
        old.table("prospects")
        .insert({"company": "Harbor Dental Group", "created_at": "x", "updated_at": "x"})
        .last_pk
    )
    old.conn.close()
    services = build_services(paths)
    try:
        letters = services.db.table("prospect_letters")
        assert letters.exists()
        assert [index.columns for index in letters.indexes if index.unique] == [
            ["prospect_id", "template", "format"]
        ]
        services.summaries.mark_letter_sent(pid, LETTER, "txt", "letter", services.cycle)
        assert services.summaries.sent_at(About.prospect(pid), LETTER, "txt") is not None
    finally:
        services.close()


def test_deleting_a_prospect_for_good_takes_its_letters(services, harbor) -> None:
    letter = About.prospect(harbor)
    services.summaries.save_final(letter, LETTER, "txt", "Dear Dr. Reyes")
    services.summaries.mark_letter_sent(harbor, LETTER, "txt", "email", services.cycle)
    services.trash.move_prospect(harbor)
    (item,) = [item for item in services.trash.items() if item.table == "prospects"]
    services.trash.delete_forever(item)
    assert services.db.table("prospect_letters").count == 0


def test_a_meeting_is_not_offered_the_letter_that_asks_for_a_first_meeting(services) -> None:
    after_a_meeting = {family.name for family in services.summaries.families(prospect_only=False)}
    assert LETTER not in after_a_meeting
    assert "client-summary" in after_a_meeting
    assert services.summaries.family(LETTER).needs == "prospect"  # still found by its name

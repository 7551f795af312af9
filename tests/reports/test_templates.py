"""What each shipped template says, and that what people typed reaches it safely."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from salescoach import resources
from salescoach.domain.summary import build_summary
from salescoach.reports.render import render, shipped_environment, user_environment
from salescoach.services.checks import sample_summary
from salescoach.services.demo import NORTHWIND_ANSWERS, NORTHWIND_NEEDS, NORTHWIND_QUOTES
from salescoach.services.playbooks import PlaybookService

LIBRARY = PlaybookService.shipped_only().library()
PLAYBOOK = LIBRARY.get("collaborative-discovery")
TEMPLATES_DIR = resources.templates_dir()
TEMPLATES = sorted(path.name for path in TEMPLATES_DIR.glob("*.j2"))
TITLE_LINE = re.compile(
    r"^\{# title: (?P<title>[^|#]+?) \| audience: (?P<audience>client|internal)"
    r"(?: \| needs: (?P<needs>prospect))? #\}$"
)
NAME = re.compile(r"^(?P<family>[a-z0-9-]+)\.(?P<format>html|txt|md)\.j2$")
HOSTILE = "<script>alert(1)</script> & \"q\" 'x'"
LONG = "W" * 5000
GATE_REASON = "The client asked to see our approach before the budget meeting"


def rendered(name: str, model: dict[str, Any]) -> str:
    return render(shipped_environment(TEMPLATES_DIR), name, model)


def northwind(**changes: Any) -> dict[str, Any]:
    """The demo meeting, ended, with a note, a corrected need and one that is not a priority."""
    answers = {
        qid: {"value": value, "note": "", "quote": ""} for qid, value in NORTHWIND_ANSWERS.items()
    }
    for qid, quote in NORTHWIND_QUOTES.items():
        answers[qid]["quote"] = quote
    answers["budget_amount"]["note"] = "CFO may stretch this if the case is strong"
    needs: list[dict[str, Any]] = [
        {"statement": statement, "impact": impact, "status": "confirmed"}
        for statement, impact in NORTHWIND_NEEDS
    ]
    needs[1].update(status="corrected", original_statement="Faster routes")
    needs.insert(2, {"statement": "A dashboard for the board", "status": "not_a_priority"})
    needs.append({"statement": "Planners can swap shifts themselves", "status": "open"})
    arguments: dict[str, Any] = {
        "playbook": PLAYBOOK,
        "prospect": {
            "company": "Northwind Logistics",
            "hypothesis": "Manual planning slows dispatch",
        },
        "people": [{"name": "Maria Lopez", "title": "Operations Director", "role": "champion"}],
        "rep": {"name": "Sam Rivera", "title": "Account Executive", "company": "RouteWise"},
        "meeting": {
            "title": "Discovery with Maria",
            "started_at": "2026-11-24T09:30:00.000+00:00",
            "outcome": "advance",
            "gate_override_reason": GATE_REASON,
        },
        "answers": answers,
        "needs": needs,
    }
    arguments.update(changes)
    return build_summary(**arguments)


def empty(**changes: Any) -> dict[str, Any]:
    """A prospect with no meeting at all: what the Contact step has."""
    arguments: dict[str, Any] = {
        "playbook": PLAYBOOK,
        "prospect": {"company": "Harbor Dental Group", "hypothesis": "No-shows across 14 clinics"},
        "people": [{"name": "Alan Reyes", "title": "Managing Partner"}],
        "rep": {"name": "Sam Rivera", "company": "RouteWise"},
        "meeting": {},
        "answers": {},
        "needs": [],
    }
    arguments.update(changes)
    return build_summary(**arguments)


def fill_every_string(value: Any, text: str) -> Any:
    """The same shape with every string (empty ones too) replaced by `text`."""
    if isinstance(value, dict):
        return {key: fill_every_string(item, text) for key, item in value.items()}
    if isinstance(value, list):
        return [fill_every_string(item, text) for item in value]
    if isinstance(value, str):
        return text
    return value


def assert_no_empty_sections(name: str, text: str) -> None:
    assert "Undefined" not in text
    assert "None" not in text
    if name.endswith(".html.j2"):
        assert not re.search(r"<(ul|ol)[^>]*>\s*</\1>", text), "an empty list"
        assert not re.search(r"<h2[^>]*>[^<]*</h2>\s*(<h2|<p style=\"margin:24px)", text)
    if name.endswith(".md.j2"):
        lines = [line for line in text.splitlines() if line.strip()]
        for line, following in itertools.pairwise(lines):
            assert not (line.startswith("## ") and following.startswith("## ")), line


# --- naming and the title comment -----------------------------------------------------------


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_is_named_and_titled_as_the_app_expects(name: str) -> None:
    assert NAME.match(name), name
    first_line = (TEMPLATES_DIR / name).read_text(encoding="utf-8").splitlines()[0]
    match = TITLE_LINE.match(first_line)
    assert match, f"{name}: first line must be '{{# title: ... | audience: ... #}}'"
    assert match["title"].strip() == match["title"]


def test_a_family_shares_its_title_and_audience() -> None:
    families: dict[str, set[tuple[str, str]]] = {}
    for name in TEMPLATES:
        first_line = (TEMPLATES_DIR / name).read_text(encoding="utf-8").splitlines()[0]
        match = TITLE_LINE.match(first_line)
        assert match
        families.setdefault(name.split(".")[0], set()).add((match["title"], match["audience"]))
    assert {family: len(titles) for family, titles in families.items()} == dict.fromkeys(
        families, 1
    )
    assert {
        "client-summary",
        "call-notes",
        "crm-note",
        "no-fit-note",
        "first-contact-letter",
    } <= set(families)


def test_the_title_comment_leaves_no_trace_in_the_output() -> None:
    for name in TEMPLATES:
        text = rendered(name, northwind())
        assert "title:" not in text and "audience:" not in text, name
        assert text.strip() and not text.startswith("\n"), name


# --- the client summary ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["client-summary.html.j2", "client-summary.txt.j2"])
def test_the_client_summary_keeps_their_order_and_their_words(name: str) -> None:
    model = northwind()
    text = rendered(name, model)
    say = escape if name.endswith(".html.j2") else str
    positions = [text.index(say(need["statement"])) for need in model["needs"]]
    assert positions == sorted(positions)
    assert [need["statement"] for need in model["needs"]] == [
        "Plans ready by 2pm every day, even when a planner is away",
        "Routes that respect driver hours and depot cut-offs",
        "Customer service can see the plan without asking",
        "Planners can swap shifts themselves",
    ]
    assert "A dashboard for the board" not in text  # not a priority: not sent back
    for quote in NORTHWIND_QUOTES.values():
        assert say(quote) in text
    assert say("Penalties, lost contract") in text  # impact beside the need
    assert say("Two more contracts come up for renewal in spring") in text  # cost of standing still
    assert say("Handles driver hours; planners trust it; live within a quarter") in text
    assert say("Ops director recommends, CFO signs off, IT security review first") in text
    assert "Maria books a 30-minute call with Tom and Ines" in text
    assert "8 December 2026" in text
    assert "correct me" in text
    assert "Sam Rivera" in text
    # Internal matters stay out of the client's email.
    for internal in (GATE_REASON, "CFO may stretch", "Faster routes", "EUR 90,000", "Coaching"):
        assert say(internal) not in text


def test_the_plain_text_summary_carries_the_subject() -> None:
    text = rendered("client-summary.txt.j2", northwind())
    assert text.startswith("Subject: Northwind Logistics: our conversation of 24 November 2026\n")


def test_without_a_client_action_the_summary_asks_for_one() -> None:
    answers = {"next_step": {"value": "We send the driver-hours example", "note": "", "quote": ""}}
    for name in ("client-summary.html.j2", "client-summary.txt.j2"):
        text = rendered(name, northwind(answers=answers))
        assert "right next step on your side" in text


# --- the internal notes ---------------------------------------------------------------------


def test_call_notes_have_the_gate_reason_the_snapshot_and_the_story() -> None:
    text = rendered("call-notes.md.j2", northwind())
    assert GATE_REASON in text
    assert "| Topic | Status | What we know |" in text
    assert "| Budget | Confirmed | Yes; EUR 90,000 |" in text
    assert re.search(r"^\| Timing \| Confirmed \| 31 January 2027 \|$", text, re.MULTILINE)
    assert "| Name | Job title | Role in the decision | Have we met them? |" in text
    assert "| Tom Becker | CFO | Economic buyer (approves the spend) | No |" in text
    assert "Maria Lopez (Operations Director, champion)" in text  # attendees and roles
    assert "Outcome:** Advance" in text
    assert 'Originally noted as: "Faster routes"' in text  # a corrected need shows its first words
    assert "A dashboard for the board** (Not a priority)" in text
    assert "CFO may stretch this if the case is strong" in text  # the rep's note
    assert "Their IT team offered to rebuild the spreadsheet" in text  # competition
    for quote in NORTHWIND_QUOTES.values():
        assert quote in text
    assert "9 of 9 must-ask questions answered" in text
    assert "## Coaching notes" in text


def test_call_notes_mark_what_is_unknown_and_missing() -> None:
    text = rendered("call-notes.md.j2", sample_summary(LIBRARY.get("bant"), 0.5))
    assert "| Budget | Unknown | still to find out |" in text
    assert "Still missing:" in text
    assert "not recorded yet" in text


def test_a_table_cell_cannot_break_its_table() -> None:
    model = northwind()
    model["qualification"][0]["detail"] = "first line\nsecond | line"
    text = rendered("call-notes.md.j2", model)
    assert "| first line second \\| line |" in text


def test_the_crm_note_is_compact() -> None:
    text = rendered("crm-note.txt.j2", northwind())
    lines = text.strip().splitlines()
    assert len(lines) <= 16
    assert lines[0] == "Northwind Logistics | Discovery with Maria | 24 November 2026"
    assert "Outcome: Advance" in lines
    assert any(line.startswith("Budget (confirmed): Yes; EUR 90,000") for line in lines)
    assert any(line.startswith("Next: Northwind Logistics: Maria books") for line in lines)
    assert any(GATE_REASON in line for line in lines)


# --- letters that need no meeting -----------------------------------------------------------


@pytest.mark.parametrize("name", ["no-fit-note.html.j2", "no-fit-note.txt.j2"])
def test_the_no_fit_note_is_a_friendly_goodbye_with_zero_answers(name: str) -> None:
    for model in (empty(), empty(people=[], rep={}, prospect={"company": "Harbor Dental Group"})):
        text = rendered(name, model)
        assert "Harbor Dental Group" in text
        assert "Thank you" in text
        assert "introduce you" in text  # a referral keeps the friend
        assert "talk again" in text  # and the door open
        assert "correct me" in text
        assert_no_empty_sections(name, text)


@pytest.mark.parametrize("name", ["no-fit-note.html.j2", "no-fit-note.txt.j2"])
def test_the_no_fit_note_gives_the_reason_and_their_priorities(name: str) -> None:
    answers = {
        "outcome": {"value": "no_fit", "note": "", "quote": ""},
        "no_fit_reason": {
            "value": "You need a fleet telematics partner first",
            "note": "",
            "quote": "",
        },
    }
    text = rendered(name, northwind(answers=answers))
    assert "You need a fleet telematics partner first" in text
    assert "Plans ready by 2pm every day, even when a planner is away" in text


@pytest.mark.parametrize("name", ["first-contact-letter.html.j2", "first-contact-letter.txt.j2"])
def test_the_first_contact_letter_needs_no_meeting(name: str) -> None:
    text = rendered(name, empty())
    assert "Dear Alan Reyes," in text
    assert "No-shows across 14 clinics" in text  # the need hypothesis, offered as a guess
    assert "Harbor Dental Group" in text
    assert "no presentation" in text
    assert "agenda" in text
    assert "Sam Rivera" in text
    assert_no_empty_sections(name, text)
    bare = rendered(name, empty(people=[], rep={}, prospect={"company": "Harbor Dental Group"}))
    assert "Hello," in bare
    assert "My name is" not in bare
    assert_no_empty_sections(name, bare)


# --- every template, every model ------------------------------------------------------------


@pytest.mark.parametrize("name", TEMPLATES)
def test_empty_answers_leave_no_empty_headings(name: str) -> None:
    for model in (empty(), northwind(), sample_summary(PLAYBOOK, 0.0), sample_summary(PLAYBOOK)):
        assert_no_empty_sections(name, rendered(name, model))


@pytest.mark.parametrize("name", TEMPLATES)
@pytest.mark.parametrize("text", [HOSTILE, LONG], ids=["hostile", "long"])
@pytest.mark.parametrize("source", ["northwind", "meddpicc", "empty"])
def test_what_people_typed_is_escaped_in_html_and_kept_in_plain_text(
    name: str, text: str, source: str
) -> None:
    base = {
        "northwind": northwind,
        "meddpicc": lambda: sample_summary(LIBRARY.get("meddpicc")),
        "empty": empty,
    }[source]()
    output = rendered(name, fill_every_string(base, text))
    if name.endswith(".html.j2"):
        assert "<script>" not in output
        assert str(escape(text)) in output
        if text == HOSTILE:
            assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;q&#34; &#39;x&#39;" in output
    else:
        assert text in output


def test_no_shipped_template_marks_data_safe() -> None:
    for name in TEMPLATES:
        source = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
        code = re.sub(r"\{#.*?#\}", "", source, flags=re.DOTALL)  # comments may say "never"
        assert "|safe" not in code.replace(" ", ""), name
        assert "autoescape false" not in source, name


def test_a_team_can_start_from_a_copy_of_any_shipped_template(tmp_path: Path) -> None:
    """User templates run in the sandbox: the shipped ones must work there unchanged."""
    for name in TEMPLATES:
        shutil.copy(TEMPLATES_DIR / name, tmp_path / name)
    for model in (northwind(), empty()):
        for name in TEMPLATES:
            assert render(user_environment(tmp_path), name, model) == rendered(name, model)

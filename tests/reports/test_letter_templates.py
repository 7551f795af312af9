"""Templates for a prospect with no meeting yet: they render from the prospect alone, complete or
half-finished, and every shipped template still renders against that smaller view-model."""

from __future__ import annotations

import re
from typing import Any

import pytest
from markupsafe import escape

from salescoach import resources
from salescoach.domain.summary import agenda_items, build_letter, build_summary
from salescoach.reports.render import render, shipped_environment, user_environment
from salescoach.services.playbooks import PlaybookService

TEMPLATES_DIR = resources.templates_dir()
TEMPLATES = sorted(path.name for path in TEMPLATES_DIR.glob("*.j2"))
FOR_PROSPECTS = sorted(
    name
    for name in TEMPLATES
    if "| needs: prospect" in (TEMPLATES_DIR / name).read_text(encoding="utf-8").splitlines()[0]
)
PLAYBOOK = PlaybookService.shipped_only().library().get("collaborative-discovery")
HOSTILE = "<script>alert(1)</script> & \"q\" 'x'"
REASON = "No-shows rose after they opened four new clinics"


def complete(**prospect: Any) -> dict[str, Any]:
    return build_letter(
        prospect={
            "company": "Harbor Dental Group",
            "hypothesis": "Appointment no-shows across 14 clinics",
            "reason_to_meet": REASON,
            "agenda": "How booking works today\nWhere the empty chairs come from",
            **prospect,
        },
        people=[{"name": "Dr. Alan Reyes", "title": "Managing Partner", "email": "a@h.example"}],
        rep={"name": "Sam Rivera", "title": "Account Executive", "company": "RouteWise"},
    )


def half_finished() -> dict[str, Any]:
    """Just the company: no contact, no profile, no hypothesis, reason or agenda."""
    return build_letter(prospect={"company": "Harbor Dental Group"}, people=[], rep={})


MODELS = {
    "complete": complete,
    "reason-only": lambda: complete(hypothesis="", agenda=""),
    "agenda-only": lambda: complete(hypothesis="", reason_to_meet=""),
    "half-finished": half_finished,
}


def rendered(name: str, model: dict[str, Any]) -> str:
    return render(shipped_environment(TEMPLATES_DIR), name, model)


def test_the_first_contact_letter_is_offered_before_any_meeting() -> None:
    assert FOR_PROSPECTS == ["first-contact-letter.html.j2", "first-contact-letter.txt.j2"]


def test_the_letter_model_has_the_shape_of_a_meeting_summary() -> None:
    def shape(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: shape(item) for key, item in value.items()}
        return type(value).__name__

    meeting = build_summary(
        playbook=PLAYBOOK,
        prospect={"company": "Harbor Dental Group"},
        people=[],
        rep={},
        meeting={},
        answers={},
        needs=[],
    )
    letter = half_finished()
    assert shape(letter) == shape(meeting)
    assert [row["id"] for row in letter["qualification"]] == [
        row["id"] for row in meeting["qualification"]
    ]
    assert {row["status"] for row in letter["qualification"]} == {"unknown"}


@pytest.mark.parametrize("name", FOR_PROSPECTS)
@pytest.mark.parametrize("model", sorted(MODELS))
def test_a_prospect_template_renders_complete_and_half_finished_prospects(
    name: str, model: str
) -> None:
    text = rendered(name, MODELS[model]())
    assert "Harbor Dental Group" in text
    assert "correct me" in text
    assert "Undefined" not in text and "None" not in text
    assert not re.search(r"<(ul|ol)[^>]*>\s*</\1>", text), "an empty list"
    assert "\n\n\n\n" not in text, "a gap where a part was left out"


@pytest.mark.parametrize("name", FOR_PROSPECTS)
def test_the_letter_offers_the_reason_and_the_agenda_when_there_are_some(name: str) -> None:
    say = escape if name.endswith(".html.j2") else str
    text = rendered(name, complete())
    assert REASON in text
    assert say("Where the empty chairs come from") in text
    assert "in your words" not in text  # the general agenda gives way to the rep's
    assert "no presentation" in text  # still an invitation, not a pitch
    bare = rendered(name, half_finished())
    assert "Hello," in bare
    assert "Why I am writing now" not in bare
    assert "in your words" in bare
    assert "things work at Harbor Dental Group" in bare


@pytest.mark.parametrize("name", FOR_PROSPECTS)
def test_the_letter_stays_short(name: str) -> None:
    text = rendered(name, complete())
    words = re.sub(r"<[^>]+>", " ", text.split("<body", 1)[-1]).split()
    assert len(words) < 240


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_shipped_template_renders_against_a_prospect_alone(name: str) -> None:
    for model in (complete(), half_finished()):
        text = rendered(name, model)
        assert "Harbor Dental Group" in text
        assert "Undefined" not in text and "None" not in text


@pytest.mark.parametrize("name", FOR_PROSPECTS)
def test_what_the_rep_typed_on_the_prospect_is_escaped_in_html(name: str) -> None:
    model = complete(reason_to_meet=HOSTILE, agenda=HOSTILE, hypothesis=HOSTILE)
    text = rendered(name, model)
    if name.endswith(".html.j2"):
        assert "<script>" not in text
        assert text.count(str(escape(HOSTILE))) == 3
    else:
        assert text.count(HOSTILE) == 3


@pytest.mark.parametrize("name", FOR_PROSPECTS)
def test_a_team_copy_of_the_letter_renders_the_same_in_the_sandbox(name: str, tmp_path) -> None:
    (tmp_path / name).write_text((TEMPLATES_DIR / name).read_text(encoding="utf-8"), "utf-8")
    model = complete()
    assert render(user_environment(tmp_path), name, model) == rendered(name, model)


@pytest.mark.parametrize(
    ("typed", "items"),
    [
        ("", []),
        (
            "Intake today; what a good morning looks like.",
            ["Intake today", "What a good morning looks like"],
        ),
        (
            "1. First\n2) second\n- third\n* fourth\n\u2022 fifth\n\n",
            ["First", "Second", "Third", "Fourth", "Fifth"],
        ),
        ("  ;  \n", []),
    ],
)
def test_the_agenda_becomes_its_points(typed: str, items: list[str]) -> None:
    assert agenda_items(typed) == items

"""The playbooks we ship load cleanly and follow the rules the guide gives playbook authors."""

from __future__ import annotations

from pathlib import Path

import pytest

from salescoach import resources
from salescoach.domain.playbook import NUMERIC_TYPES, Condition, Playbook, QuestionType
from salescoach.playbooks.loader import load_playbook_file
from salescoach.playbooks.schema import playbook_json_schema

SHIPPED_FILES = sorted(resources.playbooks_dir().glob("*.yaml"))
DEFAULT_ID = "collaborative-discovery"


@pytest.fixture(scope="module")
def shipped() -> dict[Path, Playbook]:
    # load_playbook_file raises InvalidFile on any problem, so loading at all means zero problems
    return {path: load_playbook_file(path) for path in SHIPPED_FILES}


@pytest.fixture(scope="module")
def default(shipped: dict[Path, Playbook]) -> Playbook:
    return next(playbook for playbook in shipped.values() if playbook.id == DEFAULT_ID)


def test_exactly_the_four_documented_playbooks_are_shipped(shipped) -> None:
    ids = [playbook.id for playbook in shipped.values()]

    assert len(ids) == len(set(ids)), "playbook ids must be unique"
    assert set(ids) == {"collaborative-discovery", "spin", "meddpicc", "bant"}


def test_each_file_is_named_after_its_playbook_id(shipped) -> None:
    mismatched = [(path.name, pb.id) for path, pb in shipped.items() if path.stem != pb.id]
    assert mismatched == []


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=[path.stem for path in SHIPPED_FILES])
def test_each_file_points_editors_at_the_schema(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=playbook.schema.json"


def test_the_default_playbook_is_a_full_meeting(default: Playbook) -> None:
    assert 35 <= len(default.questions()) <= 45
    assert 7 <= len(default.must_ask()) <= 11


def test_the_default_playbook_uses_every_question_type(default: Playbook) -> None:
    assert {question.type for question in default.questions()} == set(QuestionType)


def test_every_playbook_has_must_ask_questions(shipped) -> None:
    without = [playbook.id for playbook in shipped.values() if not playbook.must_ask()]
    assert without == []


def test_every_question_has_a_tip(shipped) -> None:
    missing = [
        f"{playbook.id}/{question.id}"
        for playbook in shipped.values()
        for question in playbook.questions()
        if not question.tip
    ]
    assert missing == []


def test_every_section_has_purpose_and_coaching(shipped) -> None:
    missing = [
        f"{playbook.id}/{section.id}"
        for playbook in shipped.values()
        for section in playbook.sections
        if not (section.purpose and section.coaching)
    ]
    assert missing == []


def test_must_ask_questions_are_unconditional(shipped) -> None:
    """The guide's advice: a question the rep must always cover has no `show_if`."""
    conditional = [
        f"{playbook.id}/{question.id}"
        for playbook in shipped.values()
        for question in playbook.must_ask()
        if question.show_if is not None
    ]
    assert conditional == []


def _leaves(condition: Condition) -> list[Condition]:
    if condition.question is not None:
        return [condition]
    children = condition.children()
    assert children, "a combinator with no conditions is meaningless in a shipped playbook"
    return [leaf for child in children for leaf in _leaves(child)]


def _condition_faults(playbook: Playbook) -> list[str]:
    faults: list[str] = []
    earlier = {}
    for question in playbook.questions():
        if question.show_if is not None:
            for leaf in _leaves(question.show_if):
                where = f"{playbook.id}/{question.id}"
                assert leaf.questions() == [leaf.question]
                target = earlier.get(leaf.question)
                if target is None:
                    faults.append(f"{where}: `{leaf.question}` is not an earlier question")
                    continue
                allowed = target.choice_values()
                if allowed is not None:
                    faults += [
                        f"{where}: `{value}` is not a value of `{target.id}`"
                        for value in leaf.compared_values()
                        if str(value) not in allowed
                    ]
                numeric_test = leaf.at_least is not None or leaf.at_most is not None
                if numeric_test and target.type not in NUMERIC_TYPES:
                    faults.append(f"{where}: `{target.id}` is not a number")
        earlier[question.id] = question
    return faults


def test_every_condition_reads_earlier_questions_and_existing_values(shipped) -> None:
    faults = [fault for playbook in shipped.values() for fault in _condition_faults(playbook)]
    assert faults == []


def test_the_condition_walk_above_does_find_faults() -> None:
    """Guards the guard: the walk must notice later questions and values that do not exist."""
    playbook = Playbook.model_validate(
        {
            "id": "p",
            "version": 1,
            "title": "P",
            "sections": [
                {
                    "id": "s",
                    "title": "S",
                    "questions": [
                        {"id": "ok", "text": "Q", "type": "yes_no"},
                        {
                            "id": "q",
                            "text": "Q",
                            "type": "text",
                            "show_if": {
                                "all": [
                                    {"question": "ok", "equals": "maybe"},
                                    {"not": {"question": "later", "answered": True}},
                                    {"question": "ok", "at_least": 2},
                                ]
                            },
                        },
                        {"id": "later", "text": "Q", "type": "text"},
                    ],
                }
            ],
        }
    )
    assert len(_condition_faults(playbook)) == 3


def test_some_shipped_questions_are_conditional(shipped) -> None:
    """Otherwise the condition checks above would pass vacuously."""
    assert sum(1 for p in shipped.values() for q in p.questions() if q.show_if is not None) >= 5


def test_the_shipped_json_schema_is_generated_from_the_model() -> None:
    shipped_schema = resources.playbook_schema_path().read_text(encoding="utf-8")
    assert shipped_schema == playbook_json_schema(), (
        "regenerate it: python -m salescoach.playbooks.schema "
        "> resources/playbooks/playbook.schema.json"
    )

"""Every class of playbook mistake is reported as `file:line: message`, on the right line.

In the YAML below, the line a problem must be reported on carries the comment `# <-`.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from salescoach import resources
from salescoach.app import main
from salescoach.domain.playbook import Playbook, QuestionType
from salescoach.errors import FileProblem, InvalidFile
from salescoach.playbooks.loader import load_playbook_file

MARK = "# <-"

HEAD = """\
id: t
version: 1
title: T
sections:
  - id: s
    title: S
    questions:
"""
FIRST_QUESTION_LINE = 8


def playbook(questions: str, head: str = HEAD) -> str:
    """A playbook with one section holding `questions` (written unindented)."""
    return head + textwrap.indent(textwrap.dedent(questions), " " * 6)


def show_if(block: str) -> str:
    """A `show_if:` key for the question just before it, holding `block` (written unindented)."""
    return "  show_if:\n" + textwrap.indent(textwrap.dedent(block), " " * 4)


def marked_line(text: str) -> int:
    lines = [number for number, line in enumerate(text.splitlines(), 1) if MARK in line]
    assert len(lines) == 1, "a case marks exactly one line"
    return lines[0]


def problems_of(path: Path) -> list[FileProblem]:
    with pytest.raises(InvalidFile) as caught:
        load_playbook_file(path)
    problems = caught.value.problems
    assert problems, "InvalidFile always lists at least one problem"
    assert str(caught.value) == "\n".join(str(problem) for problem in problems)
    return problems


@pytest.fixture
def write(tmp_path: Path):
    def write(text: str | bytes, name: str = "playbook.yaml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


YES_NO = """\
- id: has_budget
  text: Is there a budget?
  type: yes_no
"""
CHOICE = """\
- id: size
  text: How big are they?
  type: single_choice
  choices: [small, {value: large, label: Large}]
"""
TEXT = """\
- id: notes
  text: Anything else?
  type: text
"""

# (case id, file text with one `# <-` line, fragment the message must contain)
CASES = [
    # --- YAML itself ----------------------------------------------------------------------------
    (
        "yaml-colon-in-text",
        "id: t\nversion: 1\ntitle: Budget: how much?  # <-\n",
        "YAML syntax: mapping values are not allowed here",
    ),
    (
        "yaml-tab-indent",
        "id: t\nversion: 1\n\ttitle: T  # <-\n",
        "YAML syntax: found character '\\t'",
    ),
    (
        "yaml-bad-indent",
        playbook("- id: q\n  text: Q\n type: text  # <-\n"),
        "YAML syntax:",
    ),
    (
        "yaml-unclosed-flow",
        playbook("- id: q\n  text: Q\n  type: text\n  choices: [a, b\n") + "  - id: s2  # <-\n",
        "YAML syntax:",
    ),
    (
        "yaml-duplicate-key",
        playbook("- id: q\n  text: Q\n  type: text\n  text: Again  # <-\n"),
        "duplicate key `text`",
    ),
    (
        "yaml-duplicate-top-level-key",
        playbook(TEXT) + "title: Again  # <-\n",
        "duplicate key `title`",
    ),
    (
        "yaml-key-not-text",
        playbook("- id: q\n  text: Q\n  type: text\n  ? [a, b]  # <-\n  : 1\n"),
        "a key must be plain text",
    ),
    (
        "yaml-impossible-date",
        playbook(YES_NO + TEXT + "  show_if: {question: has_budget, equals: 2024-02-30}  # <-\n"),
        "cannot read the value `2024-02-30`",
    ),
    # --- unknown keys, with a suggestion --------------------------------------------------------
    (
        "unknown-question-key",
        playbook("- id: q\n  text: Q\n  type: text\n  tipp: Listen.  # <-\n"),
        "question `q`: unknown key `tipp` (did you mean `tip`?)",
    ),
    (
        "unknown-section-key",
        playbook(
            TEXT, head=HEAD.replace("    title: S\n", "    title: S\n    purpos: Why  # <-\n")
        ),
        "section `s`: unknown key `purpos` (did you mean `purpose`?)",
    ),
    (
        "unknown-top-level-key",
        playbook(TEXT, head=HEAD.replace("title: T\n", "title: T\ndescripton: D  # <-\n")),
        "unknown key `descripton` (did you mean `description`?)",
    ),
    (
        "unknown-choice-key",
        playbook(
            "- id: q\n  text: Q\n  type: single_choice\n  choices:\n"
            "    - value: a\n      label: A\n      lable: B  # <-\n"
        ),
        "unknown key `lable` (did you mean `label`?)",
    ),
    (
        "unknown-field-key",
        playbook(
            "- id: people\n  text: Who?\n  type: group\n  fields:\n"
            "    - id: name\n      label: Name\n      typ: text  # <-\n"
        ),
        "field `name`: unknown key `typ` (did you mean `type`?)",
    ),
    (
        "unknown-condition-key",
        playbook(YES_NO + TEXT + "  show_if:\n    question: has_budget\n    equalz: 'yes'  # <-\n"),
        "unknown key `equalz` (did you mean `equals`?)",
    ),
    (
        # pydantic names union members `int`, `str`...; an author's key must not be taken for one
        "unknown-key-like-a-type-name",
        playbook("- id: q\n  text: Q\n  type: text\n  intro: Hello  # <-\n"),
        "question `q`: unknown key `intro`",
    ),
    # --- missing keys ---------------------------------------------------------------------------
    (
        "missing-question-text",
        playbook("- id: q  # <-\n  type: text\n"),
        "question `q`: missing required key `text`",
    ),
    (
        "missing-question-type",
        playbook("- id: q  # <-\n  text: Q\n"),
        "question `q`: missing required key `type`",
    ),
    (
        "missing-section-title",
        playbook(
            TEXT,
            head=HEAD.replace("    title: S\n", "").replace("  - id: s\n", "  - id: s  # <-\n"),
        ),
        "section `s`: missing required key `title`",
    ),
    (
        "missing-playbook-version",
        playbook(TEXT, head=HEAD.replace("id: t\nversion: 1\n", "id: t  # <-\n")),
        "missing required key `version`",
    ),
    # --- wrong value types ----------------------------------------------------------------------
    (
        "must-ask-list",
        playbook("- id: q\n  text: Q\n  type: text\n  must_ask: [1]  # <-\n"),
        "question `q`: `must_ask`: Input should be a valid boolean",
    ),
    (
        "version-word",
        playbook(TEXT, head=HEAD.replace("version: 1", 'version: "two"  # <-')),
        "`version`: Input should be a valid integer",
    ),
    (
        "version-quoted-number",
        playbook(TEXT, head=HEAD.replace("version: 1", 'version: "2"  # <-')),
        "`version`: Input should be a valid integer",
    ),
    (
        "version-zero",
        playbook(TEXT, head=HEAD.replace("version: 1", "version: 0  # <-")),
        "`version`: Input should be greater than or equal to 1",
    ),
    (
        "text-as-mapping",
        playbook("- id: q\n  text:  # <-\n    en: Q\n  type: text\n"),
        "question `q`: `text`: Input should be a valid string",
    ),
    (
        "empty-text",
        playbook("- id: q\n  text: ''  # <-\n  type: text\n"),
        "`text`: String should have at least 1 character",
    ),
    (
        "sections-not-a-list",
        "id: t\nversion: 1\ntitle: T\nsections: none  # <-\n",
        "`sections`: Input should be a valid list",
    ),
    (
        "bad-id",
        playbook("- id: Budget Amount  # <-\n  text: Q\n  type: text\n"),
        "`id`: String should match pattern",
    ),
    (
        "unknown-type",
        playbook("- id: q\n  text: Q\n  type: dropdown  # <-\n"),
        "`type`: unknown value `dropdown`; use one of 'text'",
    ),
    (
        "unknown-summary-slot",
        playbook("- id: q\n  text: Q\n  type: text\n  summary: notes  # <-\n"),
        "`summary`: unknown value `notes`; use one of 'purpose'",
    ),
    (
        "bad-currency-code",
        playbook("- id: q\n  text: Q\n  type: currency\n  currency: euro  # <-\n"),
        "`currency`: String should match pattern",
    ),
    (
        "scale-four-labels",
        playbook("- id: q\n  text: Q\n  type: scale\n  labels: [a, b, c, d]  # <-\n"),
        "`labels`: List should have at least 5 items",
    ),
    # --- options that do not fit the type -------------------------------------------------------
    (
        "single-choice-without-choices",
        playbook("- id: q  # <-\n  text: Q\n  type: single_choice\n"),
        "question `q`: a single_choice question needs `choices`",
    ),
    (
        "multi-choice-with-empty-choices",
        playbook("- id: q  # <-\n  text: Q\n  type: multi_choice\n  choices: []\n"),
        "question `q`: a multi_choice question needs `choices`",
    ),
    (
        "group-without-fields",
        playbook("- id: q  # <-\n  text: Q\n  type: group\n"),
        "a group question needs `fields`",
    ),
    (
        "labels-on-text",
        playbook("- id: q  # <-\n  text: Q\n  type: text\n  labels: [a, b, c, d, e]\n"),
        "`labels` do not apply to a text question",
    ),
    (
        "min-above-max",
        playbook("- id: q  # <-\n  text: Q\n  type: number\n  min: 10\n  max: 1\n"),
        "`min` is larger than `max`",
    ),
    (
        "group-choice-field-without-choices",
        playbook(
            "- id: people\n  text: Who?\n  type: group\n  fields:\n"
            "    - id: role  # <-\n      label: Role\n      type: single_choice\n"
        ),
        "field `role`: a single_choice field needs `choices`",
    ),
    # --- duplicates -----------------------------------------------------------------------------
    (
        "duplicate-choice-value",
        playbook("- id: q\n  text: Q\n  type: multi_choice\n  choices:\n    - a\n    - a  # <-\n"),
        "duplicate choice `a`",
    ),
    (
        "duplicate-field-id",
        playbook(
            "- id: people\n  text: Who?\n  type: group\n  fields:\n"
            "    - {id: name, label: Name}\n    - {id: name, label: Other}  # <-\n"
        ),
        "duplicate field id `name`",
    ),
    # --- conditions -----------------------------------------------------------------------------
    (
        "show-if-unknown-question",
        playbook(TEXT + "  show_if: {question: budgte, answered: true}  # <-\n"),
        "`show_if` names an unknown question `budgte`",
    ),
    (
        "show-if-later-question",
        playbook(TEXT + "  show_if: {question: has_budget, answered: true}  # <-\n" + YES_NO),
        "`show_if` names `has_budget`, which comes later",
    ),
    (
        "show-if-later-section",
        playbook(TEXT + "  show_if: {question: has_budget, equals: 'no'}  # <-\n")
        + "  - id: later\n    title: Later\n    questions:\n"
        + textwrap.indent(YES_NO, " " * 6),
        "`show_if` names `has_budget`, which comes later",
    ),
    (
        "show-if-own-answer",
        playbook(YES_NO + "  show_if: {question: has_budget, equals: 'yes'}  # <-\n"),
        "`show_if` of `has_budget` cannot depend on its own answer",
    ),
    (
        "show-if-unknown-choice",
        playbook(CHOICE + TEXT + "  show_if: {question: size, equals: Large}  # <-\n"),
        "`show_if` compares `size` with `Large`, which is not one of its choices (small, large)",
    ),
    (
        "show-if-unknown-choice-in-list",
        playbook(CHOICE + TEXT + "  show_if: {question: size, in: [small, huge]}  # <-\n"),
        "compares `size` with `huge`, which is not one of its choices",
    ),
    (
        "show-if-yes-no-maybe",
        playbook(YES_NO + TEXT + "  show_if: {question: has_budget, equals: maybe}  # <-\n"),
        "`show_if` compares `has_budget` with `maybe`, which is not one of its choices (yes, no)",
    ),
    (
        "show-if-at-least-on-text",
        playbook(
            "- id: role\n  text: Role?\n  type: text\n"
            + TEXT
            + "  show_if: {question: role, at_least: 3}  # <-\n"
        ),
        "`at_least`/`at_most` need a number, scale or currency question; `role` is text",
    ),
    (
        "show-if-at-most-on-yes-no",
        playbook(YES_NO + TEXT + "  show_if: {question: has_budget, at_most: 1}  # <-\n"),
        "`has_budget` is yes_no",
    ),
    (
        "show-if-two-tests",
        playbook(
            YES_NO + TEXT + "  show_if: {question: has_budget, equals: 'yes', answered: true}"
            "  # <-\n"
        ),
        "a condition on `question` needs exactly one of: equals, not_equals, in",
    ),
    (
        "show-if-test-without-question",
        playbook(YES_NO + TEXT + "  show_if: {equals: 'yes'}  # <-\n"),
        "a test such as `equals` needs the `question` it applies to",
    ),
    (
        "show-if-not-a-mapping",
        playbook(YES_NO + TEXT + "  show_if: has_budget  # <-\n"),
        "`show_if`: Input should be a valid dictionary",
    ),
    # --- nested conditions point at the inner condition -----------------------------------------
    (
        "nested-all-not-unknown-question",
        playbook(
            YES_NO
            + TEXT
            + show_if(
                """\
                all:
                  - {question: has_budget, equals: 'yes'}
                  - not:
                      question: ghost  # <-
                      answered: true
                """
            )
        ),
        "`show_if` names an unknown question `ghost`",
    ),
    (
        "nested-any-unknown-value",
        playbook(
            YES_NO
            + TEXT
            + show_if(
                """\
                any:
                  - question: has_budget
                    equals: 'yes'
                  - question: has_budget  # <-
                    equals: maybe
                """
            )
        ),
        "compares `has_budget` with `maybe`",
    ),
    (
        "nested-any-later-question",
        playbook(
            YES_NO
            + TEXT
            + show_if(
                """\
                any:
                  - {question: has_budget, answered: true}
                  - {question: size, equals: small}  # <-
                """
            )
            + CHOICE
        ),
        "`show_if` names `size`, which comes later",
    ),
    (
        "nested-not-at-least-on-choice",
        playbook(CHOICE + TEXT + show_if("not:\n  {question: size, at_least: 2}  # <-\n")),
        "`size` is single_choice",
    ),
    (
        "nested-unknown-key",
        playbook(
            YES_NO
            + TEXT
            + show_if(
                """\
                any:
                  - {question: has_budget, equals: 'yes'}
                  - question: has_budget
                    equalz: 'no'  # <-
                """
            )
        ),
        "unknown key `equalz` (did you mean `equals`?)",
    ),
    (
        "nested-condition-without-test",
        playbook(
            YES_NO
            + TEXT
            + show_if(
                """\
                all:
                  - {question: has_budget, equals: 'yes'}
                  - question: has_budget  # <-
                """
            )
        ),
        "a condition on `question` needs exactly one of",
    ),
]


@pytest.mark.parametrize(
    ("text", "fragment"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_each_mistake_is_reported_once_on_its_line(write, text: str, fragment: str) -> None:
    path = write(text)
    line = marked_line(text)

    problems = problems_of(path)

    assert [(p.line, p.path) for p in problems] == [(line, path)], [str(p) for p in problems]
    assert fragment in problems[0].message
    assert str(problems[0]) == f"{path}:{line}: {problems[0].message}"


def test_a_wrongly_typed_condition_value_names_the_key_not_pydantic_internals(write) -> None:
    text = playbook(YES_NO + TEXT + "  show_if: {question: has_budget, equals: [1, 2]}  # <-\n")
    problems = problems_of(write(text))

    assert {p.line for p in problems} == {marked_line(text)}
    for problem in problems:
        assert problem.message.startswith("question `notes`: `equals`: Input should be a valid")
        assert "bool`" not in problem.message
        assert "constrained" not in problem.message


def test_a_duplicate_question_id_points_at_the_copy_and_names_the_first_line(write) -> None:
    text = playbook(YES_NO + TEXT + "- id: has_budget  # <-\n  text: Again?\n  type: yes_no\n")
    problems = problems_of(write(text))

    assert [p.line for p in problems] == [marked_line(text)]
    assert problems[0].message == (
        f"duplicate question id `has_budget` (first used on line {FIRST_QUESTION_LINE})"
    )


def test_question_ids_must_be_unique_across_sections(write) -> None:
    text = (
        playbook(TEXT)
        + "  - id: later\n    title: Later\n    questions:\n"
        + "      - id: notes  # <-\n        text: More?\n        type: text\n"
    )
    problems = problems_of(write(text))

    assert [p.line for p in problems] == [marked_line(text)]
    assert f"duplicate question id `notes` (first used on line {FIRST_QUESTION_LINE})" in str(
        problems[0]
    )


def test_a_duplicate_section_id_points_at_the_copy(write) -> None:
    text = (
        playbook(TEXT)
        + "  - id: s  # <-\n    title: Again\n    questions:\n"
        + (textwrap.indent(YES_NO, " " * 6))
    )
    problems = problems_of(write(text))

    assert [p.line for p in problems] == [marked_line(text)]
    assert problems[0].message == "duplicate section id `s`"


# --- the file as a whole --------------------------------------------------------------------------


def test_bytes_that_are_not_utf8_are_reported_on_their_line(write) -> None:
    path = write(b"id: t\nversion: 1\ntitle: Caf\xe9 call\n")
    problems = problems_of(path)

    assert [(p.line, p.message) for p in problems] == [(3, "is not UTF-8 text; save it as UTF-8")]


def test_a_utf8_bom_is_accepted(write) -> None:
    path = write(("\ufeff" + playbook(TEXT)).encode("utf-8"))
    assert load_playbook_file(path).id == "t"


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "# only a comment\n", "- id: t\n- version: 1\n", "just some words\n", "42\n"],
    ids=["empty", "blank-lines", "comment-only", "list", "plain-text", "number"],
)
def test_a_file_that_is_not_a_mapping_is_reported_on_line_1(write, text: str) -> None:
    problems = problems_of(write(text))

    assert [(p.line, p.message) for p in problems] == [(1, "a playbook must be a mapping of keys")]


def test_a_missing_file_is_reported_without_a_line(tmp_path: Path) -> None:
    path = tmp_path / "gone.yaml"
    problems = problems_of(path)

    assert len(problems) == 1
    assert problems[0].line is None
    assert str(problems[0]).startswith(f"{path}: cannot be read")


def test_a_huge_file_is_refused_before_parsing(write) -> None:
    path = write("# padding\n" * 250_000)
    problems = problems_of(path)

    assert [(p.line, p.message) for p in problems] == [
        (None, "is too large to be a playbook (over 2 MB)")
    ]


def test_aliases_cannot_expand_into_billions_of_values(write) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    problems = problems_of(write("\n".join(lines) + "\n"))

    assert len(problems) == 1
    assert problems[0].message == "the file holds too many values to be a playbook"


def test_schema_problems_in_different_places_are_all_reported_in_line_order(write) -> None:
    text = playbook(
        "- id: q1\n  text: Q\n  type: text\n  tipp: x\n"  # line 11
        "- id: q2\n  text: Q\n  type: dropdown\n"  # line 14
        "- id: q3\n  type: text\n"  # line 15: missing text
    )
    problems = problems_of(write(text))

    assert [(p.line, p.message) for p in problems] == [
        (11, "question `q1`: unknown key `tipp` (did you mean `tip`?)"),
        (14, problems[1].message),
        (15, "question `q3`: missing required key `text`"),
    ]
    assert "unknown value `dropdown`" in problems[1].message


def test_consistency_problems_are_all_reported_in_line_order(write) -> None:
    text = (
        playbook(
            CHOICE  # size: lines 8-11
            + "- id: size\n  text: Again\n  type: text\n"  # 12-14: duplicate id
            + YES_NO  # 15-17
            + TEXT  # 18-20
            + "  show_if: {question: has_budget, equals: maybe}\n"  # 21
            + "- id: other\n  text: O\n  type: text\n"  # 22-24
            + "  show_if: {question: ghost, answered: true}\n"  # 25
        )
        + "  - id: s\n    title: Again\n    questions:\n"
        + textwrap.indent(  # 26-28
            "- id: last\n  text: L\n  type: yes_no\n"  # 29-31
            "  show_if: {question: last, equals: 'yes'}\n",  # 32
            " " * 6,
        )
    )
    problems = problems_of(write(text))

    assert [(p.line, p.message) for p in problems] == [
        (12, "duplicate question id `size` (first used on line 8)"),
        (21, problems[1].message),
        (25, "`show_if` names an unknown question `ghost`"),
        (26, "duplicate section id `s`"),
        (32, "`show_if` of `last` cannot depend on its own answer"),
    ]
    assert problems[1].message.startswith("`show_if` compares `has_budget` with `maybe`")


# --- valid files ---------------------------------------------------------------------------------


def test_a_valid_playbook_loads(write) -> None:
    text = playbook(
        CHOICE
        + YES_NO
        + "- id: amount\n  text: How much?\n  type: currency\n  currency: EUR\n  min: 0\n"
        "  show_if: {question: has_budget, equals: yes}\n"
        + "- id: why_large\n  text: Why?\n  type: long_text\n  must_ask: true\n"
        "  show_if:\n    all:\n      - {question: size, in: [large]}\n"
        "      - not: {question: amount, at_least: 1000}\n"
    )
    loaded = load_playbook_file(write(text))

    assert isinstance(loaded, Playbook)
    assert [q.id for q in loaded.questions()] == ["size", "has_budget", "amount", "why_large"]
    assert [q.id for q in loaded.must_ask()] == ["why_large"]
    # an unquoted `yes` is YAML for true; the playbook author means the answer "yes"
    assert loaded.question("amount").show_if.equals == "yes"
    assert loaded.question("size").choice_values() == ["small", "large"]


def test_the_complete_example_in_the_guide_is_a_valid_playbook(write) -> None:
    guide = (resources.docs_dir() / "playbooks.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, flags=re.DOTALL)
    example = next(block for block in blocks if block.lstrip().startswith("# yaml-language"))

    loaded = load_playbook_file(write(example, "first-call.yaml"))

    assert loaded.id == "first-call"
    assert {q.type for q in loaded.questions()} >= {QuestionType.CURRENCY, QuestionType.SCALE}


# --- the same through `salescoach check` ---------------------------------------------------------


def test_check_prints_each_problem_as_file_line_message_and_exits_1(write, capsys) -> None:
    text = playbook("- id: q\n  text: Q\n  type: text\n  tipp: Listen.  # <-\n")
    path = write(text)

    assert main(["check", str(path)]) == 1

    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{path}:{marked_line(text)}: question `q`: unknown key `tipp` (did you mean `tip`?)"
    ]
    assert "1 file checked, 1 problem" in err


def test_check_reports_every_file_and_only_the_broken_ones(write, capsys) -> None:
    good = write(playbook(TEXT), "good.yml")
    bad = write(playbook(TEXT + "  show_if: {question: ghost, answered: true}\n"), "bad.yaml")
    not_utf8 = write(b"id: t\n\xff\n", "latin.yaml")

    assert main(["check", str(good), str(bad), str(not_utf8)]) == 1

    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{bad}:11: `show_if` names an unknown question `ghost`",
        f"{not_utf8}:2: is not UTF-8 text; save it as UTF-8",
    ]
    assert "3 files checked, 2 problems" in err


def test_check_exits_0_and_prints_nothing_for_a_valid_playbook(write, capsys) -> None:
    path = write(playbook(YES_NO + TEXT + "  show_if: {question: has_budget, equals: 'no'}\n"))

    assert main(["check", str(path)]) == 0

    out, err = capsys.readouterr()
    assert out == ""
    assert "1 file checked, 0 problems" in err


def test_check_accepts_every_shipped_playbook_and_template(capsys) -> None:
    files = sorted(resources.playbooks_dir().glob("*.yaml"))
    files += sorted(resources.templates_dir().glob("*.j2"))
    assert len(files) >= 6

    assert main(["check", *map(str, files)]) == 0
    assert capsys.readouterr().out == ""


TEMPLATES_WITH_SYNTAX_ERRORS = [
    # (file name, source, line of the error)
    ("expression.txt.j2", "Hello {{ prospect }}\n{{ company name }}\n", 2),
    ("unclosed.txt.j2", "Dear customer,\n\n{% if needs %}\n- listed\n", 4),
    ("end-tag.html.j2", "{% for need in needs %}\n{{ need }}\n{% endif %}\n", 3),
]


def test_check_reports_template_syntax_errors_with_their_lines(write, capsys) -> None:
    paths = [write(source, name) for name, source, _ in TEMPLATES_WITH_SYNTAX_ERRORS]

    assert main(["check", *map(str, paths)]) == 1

    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(paths)
    for printed, path, (_, _, line) in zip(out, paths, TEMPLATES_WITH_SYNTAX_ERRORS, strict=True):
        assert printed.startswith(f"{path}:{line}: template syntax: ")


def test_check_reports_unknown_kinds_of_file_and_missing_files(write, tmp_path, capsys) -> None:
    other = write("id: t\n", "playbook.txt")
    missing = tmp_path / "missing.yaml"

    assert main(["check", str(other), str(missing)]) == 1

    assert capsys.readouterr().out.splitlines() == [
        f"{other}: is neither a playbook (.yaml) nor a template (.j2)",
        f"{missing}: no such file",
    ]

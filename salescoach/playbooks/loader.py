"""Turn a playbook YAML file into a validated `Playbook`, or into `file:line: message` problems."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from salescoach.domain.playbook import (
    NUMERIC_TYPES,
    Condition,
    Playbook,
    Question,
)
from salescoach.errors import FileProblem, InvalidFile
from salescoach.playbooks import yaml_lines
from salescoach.playbooks.yaml_lines import LocatedYaml, YamlPath, one_line, shown

MAX_FILE_BYTES = 2_000_000  # a real playbook is a few dozen kilobytes


def load_playbook_file(path: Path) -> Playbook:
    """Load and validate one playbook; raises `InvalidFile` listing every problem found."""
    try:
        if path.exists() and not path.is_file():  # a folder, or a pipe that would never end
            raise InvalidFile([FileProblem(path, None, "is not a file")])
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # never all of a huge file into memory
    except OSError as error:
        reason = error.strerror or "unknown reason"
        raise InvalidFile([FileProblem(path, None, f"cannot be read: {reason}")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidFile([FileProblem(path, None, "is too large to be a playbook (over 2 MB)")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InvalidFile(
            [FileProblem(path, line, "is not UTF-8 text; save it as UTF-8")]
        ) from None
    return parse_playbook(text, path)


def parse_playbook(text: str, path: Path) -> Playbook:
    try:
        located = yaml_lines.load(text)
    except yaml_lines.YamlProblem as problem:
        raise InvalidFile([FileProblem(path, problem.line, problem.message)]) from None
    if not isinstance(located.data, dict):
        raise InvalidFile(
            [FileProblem(path, located.line_of(()) or 1, "a playbook must be a mapping of keys")]
        )
    try:
        playbook = Playbook.model_validate(located.data)
    except ValidationError as error:
        problems = [_describe(path, located, detail) for detail in error.errors()]
        raise InvalidFile(_unique_sorted(problems)) from None
    problems = _check_consistency(path, located, playbook)
    if problems:
        raise InvalidFile(_unique_sorted(problems))
    return playbook


def _unique_sorted(problems: list[FileProblem]) -> list[FileProblem]:
    """One report per line and message, in line order, each message on one printable line."""
    unique = {
        (p.line or 0, message): FileProblem(p.path, p.line, message)
        for p in problems
        if (message := one_line(p.message))
    }
    return [unique[key] for key in sorted(unique)]


# --- schema errors ------------------------------------------------------------------------------

_INTERNAL_LOC_PARTS = (
    "function-after",
    "function-before",
    "function-wrap",
    "constrained-",
    "str",
    "int",
    "float",
    "bool",
)


def _describe(path: Path, located: LocatedYaml, detail: dict[str, Any]) -> FileProblem:
    loc = _clean_loc(located.data, detail["loc"])
    where = _where(located.data, loc)
    kind = detail["type"]
    key = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        message = f"unknown key `{shown(key)}`{_suggestion(located.data, loc)}"
    elif kind == "missing":
        message = f"missing required key `{shown(key)}`"
    elif kind == "enum":
        expected = detail.get("ctx", {}).get("expected", "")
        message = f"`{shown(key)}`: unknown value `{shown(detail['input'])}`; use one of {expected}"
    else:
        reason = str(detail["msg"]).removeprefix("Value error, ")
        if isinstance(key, str) and key and kind not in ("value_error", "assertion_error"):
            message = f"`{shown(key)}`: {reason}"
        else:
            message = reason
    prefix = f"{where}: " if where else ""
    return FileProblem(path, located.line_of(loc), prefix + message)


def _clean_loc(data: Any, loc: tuple[Any, ...]) -> YamlPath:
    """Drop pydantic's internal steps (union members, validator names) from an error location.

    A step that is a key or index present in the file is always kept, so an author's key such as
    `intro` or `strength` is not mistaken for pydantic's `int` or `str` union member.
    """
    cleaned: list[Any] = []
    node = data
    for part in loc:
        in_file = (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        )
        if in_file:
            node = node[part]
        elif isinstance(part, str) and (part.startswith(_INTERNAL_LOC_PARTS) or "[" in part):
            continue
        else:
            node = None
        cleaned.append(part)
    return tuple(cleaned)


def _suggestion(data: Any, loc: YamlPath) -> str:
    parent = _walk(data, loc[:-1])
    model = _model_for(loc[:-1])
    if model is None or not isinstance(parent, dict):
        return ""
    names = [field.alias or name for name, field in model.model_fields.items()]
    close = difflib.get_close_matches(str(loc[-1]), names, n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _model_for(loc: YamlPath) -> Any:
    """Which model class describes the mapping at `loc`, from the path's shape."""
    from salescoach.domain.playbook import Choice, GroupField, Section

    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return Playbook
    last = names[-1]
    if last in ("show_if", "not", "all", "any"):
        return Condition
    return {
        "sections": Section,
        "questions": Question,
        "choices": Choice,
        "fields": GroupField,
    }.get(last)


def _walk(data: Any, loc: YamlPath) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _where(data: Any, loc: YamlPath) -> str:
    """A human description of where `loc` points, such as "question `budget`"."""
    described = ""
    node = data
    for index, part in enumerate(loc):
        node = _walk(node, (part,))
        if isinstance(part, int) and isinstance(node, dict) and index > 0:
            container = loc[index - 1]
            label = {"sections": "section", "questions": "question", "fields": "field"}.get(
                str(container)
            )
            ident = node.get("id")
            if label and isinstance(ident, str):
                described = f"{label} `{shown(ident)}`"
            elif label:
                described = f"{label} {part + 1}"
    return described


# --- consistency between questions --------------------------------------------------------------


def _check_consistency(path: Path, located: LocatedYaml, playbook: Playbook) -> list[FileProblem]:
    problems: list[FileProblem] = []

    def report(loc: YamlPath, message: str) -> None:
        problems.append(FileProblem(path, located.line_of(loc), message))

    section_ids: set[str] = set()
    earlier: dict[str, Question] = {}
    all_ids = {question.id for question in playbook.questions()}
    question_locs: dict[str, YamlPath] = {}
    for s_index, section in enumerate(playbook.sections):
        section_loc: YamlPath = ("sections", s_index)
        if section.id in section_ids:
            report((*section_loc, "id"), f"duplicate section id `{section.id}`")
        section_ids.add(section.id)
        for q_index, question in enumerate(section.questions):
            loc: YamlPath = (*section_loc, "questions", q_index)
            if question.id in question_locs:
                first_line = located.line_of((*question_locs[question.id], "id"))
                report(
                    (*loc, "id"),
                    f"duplicate question id `{question.id}` (first used on line {first_line})",
                )
            else:
                question_locs[question.id] = loc
            _check_unique(
                [choice.value for choice in question.choices or []],
                "choice",
                lambda i, loc=loc: (*loc, "choices", i),
                report,
            )
            _check_unique(
                [field.id for field in question.fields or []],
                "field id",
                lambda i, loc=loc: (*loc, "fields", i, "id"),
                report,
            )
            if question.show_if is not None:
                _check_condition(
                    question.show_if, (*loc, "show_if"), question, earlier, all_ids, report
                )
            earlier[question.id] = question
    return problems


def _check_unique(values: list[str], what: str, loc_of: Any, report: Any) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            report(loc_of(index), f"duplicate {what} `{shown(value)}`")
        seen.add(value)


def _check_condition(
    condition: Condition,
    loc: YamlPath,
    owner: Question,
    earlier: dict[str, Question],
    all_ids: set[str],
    report: Any,
) -> None:
    if condition.question is None:
        for index, child in enumerate(condition.children()):
            if condition.not_ is not None:
                child_loc: YamlPath = (*loc, "not")
            else:
                child_loc = (*loc, "all" if condition.all is not None else "any", index)
            _check_condition(child, child_loc, owner, earlier, all_ids, report)
        return
    target_id = condition.question
    question_loc: YamlPath = (*loc, "question")
    if target_id == owner.id:
        report(question_loc, f"`show_if` of `{owner.id}` cannot depend on its own answer")
        return
    if target_id not in earlier:
        if target_id in all_ids:
            report(
                question_loc,
                f"`show_if` names `{target_id}`, which comes later; "
                "a condition may only use questions asked before",
            )
        else:
            report(question_loc, f"`show_if` names an unknown question `{target_id}`")
        return
    target = earlier[target_id]
    allowed = target.choice_values()
    if allowed is not None:
        for value in condition.compared_values():
            if str(value) not in allowed:
                report(
                    question_loc,
                    f"`show_if` compares `{target_id}` with `{shown(value)}`, which is not one "
                    f"of its choices ({shown(', '.join(allowed))})",
                )
    if (condition.at_least is not None or condition.at_most is not None) and (
        target.type not in NUMERIC_TYPES
    ):
        report(
            question_loc,
            f"`at_least`/`at_most` need a number, scale or currency question; "
            f"`{target_id}` is {target.type}",
        )

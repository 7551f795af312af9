"""Render needs summaries from Jinja templates.

Shipped templates are trusted and strict (`StrictUndefined`): a typo is a bug our tests catch.
Templates a rep or a team supplies run in Jinja's sandbox. HTML output is autoescaped; note that
`select_autoescape(["html"])` would not match `name.html.j2`, so the `.html.j2` ending is listed.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from salescoach.errors import FileProblem

AUTOESCAPE = jinja2.select_autoescape(
    enabled_extensions=("html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"),
    default_for_string=False,
    default=False,
)


def shipped_environment(folder: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=AUTOESCAPE,  # noqa: S701 - select_autoescape: on for every HTML ending
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def user_environment(folder: Path) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=AUTOESCAPE,
        undefined=jinja2.ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(environment: jinja2.Environment, name: str, view_model: Mapping[str, Any]) -> str:
    return environment.get_template(name).render(**view_model)


def check_template_file(path: Path, sample: Mapping[str, Any]) -> list[FileProblem]:
    """Problems in a template file: syntax first, then a trial render against `sample`."""
    problems = template_syntax_problems(path)
    if problems:
        return problems
    template = shipped_environment(path.parent).from_string(path.read_text(encoding="utf-8-sig"))
    template.filename = str(path)
    try:
        template.render(**sample)
    except Exception as error:  # a template can raise anything from a filter or a test
        return [template_problem(error, path)]
    return []


def template_syntax_problems(path: Path) -> list[FileProblem]:
    try:
        source = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return [FileProblem(path, None, "is not UTF-8 text; save it as UTF-8")]
    except OSError as error:
        return [FileProblem(path, None, f"cannot be read: {error.strerror}")]
    try:
        shipped_environment(path.parent).from_string(source)  # compiling also checks filters
    except jinja2.TemplateSyntaxError as error:
        return [FileProblem(path, error.lineno, f"template syntax: {error.message}")]
    return []


def template_problem(error: BaseException, path: Path) -> FileProblem:
    """A rendering failure as `file:line: message`."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return FileProblem(path, error.lineno, f"template syntax: {error.message}")
    return FileProblem(path, _template_line(error, path), f"template error: {error}")


def _template_line(error: BaseException, path: Path) -> int | None:
    """The line of the template where rendering failed, from Jinja's rewritten traceback."""
    frames = traceback.extract_tb(error.__traceback__)
    names = (str(path), "<template>", path.name)
    lines = [
        frame.lineno
        for frame in frames
        if frame.filename in names or frame.filename.endswith(f"/{path.name}")
    ]
    return lines[-1] if lines else None

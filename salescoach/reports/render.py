"""Render needs summaries from Jinja templates.

Shipped templates are trusted and strict (`StrictUndefined`): a typo is a bug our tests catch.
Templates a rep or a team supplies run in Jinja's sandbox, bounded in size and time (`sandbox`).
HTML output is autoescaped; note that `select_autoescape(["html"])` would not match
`name.html.j2`, so the `.html.j2` ending is listed.
"""

from __future__ import annotations

import traceback
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SecurityError

from salescoach.errors import FileProblem
from salescoach.reports.sandbox import (
    BoundedSandbox,
    FolderLoader,
    RenderLimits,
    TemplateRefused,
)

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


def user_environment(
    folder: Path, *, strict: bool = False, limits: RenderLimits | None = None
) -> BoundedSandbox:
    """The sandbox for a rep's or team's templates, bounded in size and time (see `sandbox`).

    `strict` turns a misspelt name into an error, as `salescoach check` wants; the studio is
    lenient, so a missing answer leaves a gap rather than no summary at all.
    """
    return BoundedSandbox(
        loader=FolderLoader(folder),
        autoescape=AUTOESCAPE,
        undefined=jinja2.StrictUndefined if strict else jinja2.ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        limits=limits,
    )


def render(environment: jinja2.Environment, name: str, view_model: Mapping[str, Any]) -> str:
    return environment.get_template(name).render(**view_model)


def check_template_file(path: Path, sample: Mapping[str, Any]) -> list[FileProblem]:
    """Problems in a template file: syntax first, then a trial render against `sample`.

    The file may come from anyone, so the trial render runs in the same sandbox as in the app,
    with strict names so that a typo is found now rather than in front of a client.
    """
    environment = user_environment(path.parent, strict=True)
    try:
        template = environment.get_template(path.name)
    except Exception as error:  # syntax, nesting, size, encoding, a file that went away
        return [template_problem(error, path)]
    try:
        template.render(**sample)
    except Exception as error:  # a template can raise anything from a filter or a test
        return [template_problem(error, path)]
    return []


def template_syntax_problems(path: Path) -> list[FileProblem]:
    """Problems found by compiling the template the way the app will load it."""
    # Compiling already works out constant expressions such as `'x' * 10**9`: the sandbox
    # refuses those, so even a syntax check must not use a trusting environment.
    try:
        user_environment(path.parent).get_template(path.name)
    except Exception as error:
        return [template_problem(error, path)]
    return []


TOO_NESTED = "template syntax: too many `if`, `for` or brackets inside each other"


def template_problem(error: BaseException, path: Path) -> FileProblem:
    """A loading or rendering failure as `file:line: message`, the message cut short as a whole."""
    line, message = _where_and_what(error, path)
    return FileProblem(path, line, one_line(message))


def _where_and_what(error: BaseException, path: Path) -> tuple[int | None, str]:
    if isinstance(error, jinja2.TemplateSyntaxError):
        return error.lineno, f"template syntax: {error.message}"
    line = _template_line(error, path)
    if isinstance(error, TemplateRefused):
        if error.file not in (None, path.name):  # an included template: name it
            return line, f"`{error.file}` {error}"
        return error.line or line, str(error)
    if isinstance(error, jinja2.TemplateNotFound):
        return None, "cannot be read, or is a link to a file outside its folder"
    if isinstance(error, SecurityError):
        return line, f"this template tries something templates may not do: {error}"
    if isinstance(error, RecursionError | SyntaxError | MemoryError):  # Python's nesting limits
        return line, TOO_NESTED
    if isinstance(error, LookupError):  # its text is only the key, such as `0`
        return line, f"template error: nothing found for {error}"
    return line, f"template error: {one_line(error) or type(error).__name__}"


def one_line(message: object) -> str:
    """An error's words on one printable line, cut short: they may quote the template."""
    words = " ".join(str(message).split())
    text = "".join(
        f"\\u{ord(char):04x}" if unicodedata.category(char) in _UNPRINTABLE else char
        for char in words[:300]
    )
    return text if len(text) <= 300 and len(words) <= 300 else text[:299] + "\u2026"


# controls, formatting (right-to-left overrides, zero-width), surrogates
_UNPRINTABLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


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

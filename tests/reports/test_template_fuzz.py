"""Hostile template files: checking or rendering one gives text or `file:line: message`.

Generated tag soup, binary garbage, other encodings and a corpus of known attacks go through
every way the app meets a team's template: `salescoach check`, the start-up syntax check of the
templates folder, and a render by `SummaryService` from the user folder. No other exception,
no hang, and every message fits on one printable line.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from shared_helpers import finishes

from salescoach import resources
from salescoach.errors import FileProblem, InvalidFile
from salescoach.reports.limits import RenderLimits
from salescoach.reports.sandbox import MAX_TEMPLATE_BYTES
from salescoach.services.checks import check_file, sample_summary
from salescoach.services.playbooks import PlaybookService
from salescoach.services.summaries import SummaryService

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,  # nothing written into the checkout
    suppress_health_check=[HealthCheck.too_slow],  # Jinja compiles every example afresh
)
REFERENCE = PlaybookService.shipped_only().get("collaborative-discovery")
MODEL = sample_summary(REFERENCE)
NAME = "team-note.txt.j2"
T = TypeVar("T")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("templates")


def assert_clear(problems: list[FileProblem], path: Path) -> None:
    raw = path.read_bytes() if path.is_file() else b""
    last_line = len(raw.decode("utf-8", "replace").splitlines()) + 1
    for problem in problems:
        text = str(problem)
        assert problem.path == path
        assert re.fullmatch(rf"{re.escape(str(path))}(:\d+)?: \S.*", text), text
        assert "\n" not in text and "\r" not in text, text
        text.encode("utf-8")  # printable by any terminal or log
        assert len(problem.message) <= 300
        assert "Traceback" not in text
        if problem.line is not None:
            assert 1 <= problem.line <= last_line, text


def every_way_in(folder: Path, source: bytes) -> None:
    """Check and render `source` the ways the app does; fail on anything but clear answers."""
    path = folder / NAME
    path.write_bytes(source)
    assert_clear(check_file(path, REFERENCE), path)  # `salescoach check FILE`
    summaries = SummaryService(resources.templates_dir(), folder)
    assert_clear(summaries.check_user_templates(), path)  # when the studio opens
    try:
        text = summaries.render(NAME, MODEL)
    except InvalidFile as error:
        assert_clear(error.problems, path)
        assert str(error) == "\n".join(map(str, error.problems))
    else:
        assert len(text) <= RenderLimits().text


# --- generated templates -------------------------------------------------------------------------

ATOMS = st.sampled_from(
    ["0", "1", "-1", "9", "10", "99999", "1000000", "2.5", "''", "'x'", "'a b'", "'../x'",
     "'%s'", "'{}'", "'{:>9}'", "none", "true", "prospect", "prospect.company", "needs",
     "people", "slots", "meeting", "rep", "x", "n", "loop", "self", "range", "lipsum",
     "cycler", "joiner", "namespace", "dict", "caller", "undefined_name"]
)  # fmt: skip
OPERATORS = st.sampled_from(
    ["+", "-", "*", "/", "//", "%", "**", "~", "and", "or", "==", "<", "in", "not in", "is"]
)
FILTERS = st.sampled_from(
    ["upper", "e", "join(', ')", "replace('a', 'bb')", "center(20)", "indent(2)", "format(1)",
     "batch(2)", "slice(2)", "sum", "list", "length", "first", "default('-')", "attr('__class__')",
     "map('upper')", "tojson", "wordwrap(5)", "int", "string", "reverse", "sort", "unique",
     "truncate(5)", "safe", "dictsort", "items", "groupby('name')", "nosuchfilter"]
)  # fmt: skip
ATTRIBUTES = st.sampled_from(
    ["company", "name", "items", "keys", "upper", "format", "ljust", "replace", "join",
     "__class__", "__mro__", "__globals__", "__init__", "__subclasses__", "mro", "gi_frame",
     "_TemplateReference__context", "index", "cycle"]
)  # fmt: skip
EXPRESSIONS = st.recursive(
    ATOMS,
    lambda inner: st.one_of(
        st.tuples(inner, OPERATORS, inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(inner, FILTERS).map(lambda t: f"{t[0]}|{t[1]}"),
        st.tuples(inner, ATTRIBUTES).map(lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(inner, st.lists(inner, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.lists(inner, max_size=3).map(lambda items: f"[{', '.join(items)}]"),
    ),
    max_leaves=8,
)
TEXT = st.sampled_from(["", "Hello ", "\n", "Dear client,\n", "<b>", "&amp;", "é"])
TEMPLATES = st.recursive(
    st.one_of(TEXT, EXPRESSIONS.map(lambda e: f"{{{{ {e} }}}}")),
    lambda body: st.one_of(
        st.lists(body, max_size=4).map("".join),
        st.tuples(EXPRESSIONS, body, body).map(
            lambda t: f"{{% if {t[0]} %}}{t[1]}{{% else %}}{t[2]}{{% endif %}}"
        ),
        st.tuples(EXPRESSIONS, body).map(lambda t: f"{{% for x in {t[0]} %}}{t[1]}{{% endfor %}}"),
        st.tuples(EXPRESSIONS, body).map(lambda t: f"{{% set x = {t[0]} %}}{t[1]}"),
        st.tuples(body, EXPRESSIONS).map(
            lambda t: f"{{% macro m(n) %}}{t[0]}{{% endmacro %}}{{{{ m({t[1]}) }}}}"
        ),
        st.tuples(body).map(lambda t: f"{{% filter upper %}}{t[0]}{{% endfilter %}}"),
    ),
    max_leaves=10,
)
# Pieces that break the syntax when dropped anywhere into a template.
FRAGMENTS = st.sampled_from(
    ["{{", "}}", "{%", "%}", "{#", "#}", "{%-", "-%}", " endfor ", " endif ", " raw ", "(", ")",
     "[", "]", "'", '"', "|", ".", "~", "\x00", "\u202e", "\ufeff", "😀", "\r\n"]
)  # fmt: skip


@FUZZ
@given(
    template=TEMPLATES, breaks=st.lists(st.tuples(st.integers(0, 10_000), FRAGMENTS), max_size=2)
)
# Its message quotes the template's own words: a long one once ran past the limit with its prefix.
@example(template="{% for x in 0[needs] %}{% endfor %}", breaks=[])
def test_generated_templates_render_or_are_explained(folder, template, breaks) -> None:
    for position, fragment in breaks:
        position %= len(template) + 1
        template = template[:position] + fragment + template[position:]
    every_way_in(folder, template.encode("utf-8"))


@FUZZ
@given(raw=st.binary(max_size=2048))
def test_binary_garbage_as_a_template_is_explained(folder, raw) -> None:
    every_way_in(folder, raw)


@FUZZ
@given(
    text=st.text(max_size=200),
    encoding=st.sampled_from(["cp1252", "utf-16-le", "utf-16-be", "utf-16", "utf-8-sig"]),
)
def test_templates_in_other_encodings_are_explained(folder, text, encoding) -> None:
    source = "{# title: Café | audience: client #}\nHello {{ prospect.company }} — " + text
    every_way_in(folder, source.encode(encoding, "replace"))


# --- a corpus of known attacks -------------------------------------------------------------------

ATTACKS: dict[str, bytes] = {
    "empty": b"",
    "only-a-bom": b"\xef\xbb\xbf",
    "nul-bytes": b"Hello\x00{{ '\x00' }}\x00",
    "cp1252": "Caf\xe9 {{ prospect.company }}".encode("cp1252"),
    "utf-16-without-bom": "Hello {{ prospect.company }}".encode("utf-16-le"),
    "lone-surrogate-bytes": b"Hello \xed\xa0\x80 {{ prospect.company }}",
    "over-the-size-limit": b"x" * (MAX_TEMPLATE_BYTES + 1),
    "parentheses-10000-deep": b"{{ " + b"(" * 10_000 + b"1" + b")" * 10_000 + b" }}",
    "unclosed-parentheses": b"{{ " + b"(" * 10_000,
    "lists-300-deep": b"{{ " + b"[" * 300 + b"]" * 300 + b" }}",
    "if-1000-deep": b"{% if x %}" * 1000 + b"{% endif %}" * 1000,
    "if-100-deep": b"{% if x %}" * 100 + b"{% endif %}" * 100,
    "for-150-deep": b"{% for x in y %}" * 150 + b"{% endfor %}" * 150,
    "filters-5000-long": b"{{ x" + b"|e" * 5000 + b" }}",
    "plus-5000-long": b"{{ " + b" + ".join([b"1"] * 5000) + b" }}",
    "attributes-5000-long": b"{{ x" + b".a" * 5000 + b" }}",
    # Five times the limits, not a billion: without the sandbox's bounds these must fail a test,
    # not take the machine down while Jinja folds them into the compiled template.
    "constant-text-times-ten-million": b"{{ 'x' * 10000000 }}",
    "constant-power": b"{{ 10 ** 100000 }}",
    "constant-center-ten-million": b"{{ 'x'|center(10000000) }}",
    "constant-format-width": b"{{ '%10000000s'|format('x') }}",
    "includes-itself": ("{% include '" + NAME + "' %}").encode(),
    "imports-itself": ("{% import '" + NAME + "' as me %}{{ me }}").encode(),
    "extends-itself": ("{% extends '" + NAME + "' %}").encode(),
    "endless-recursion": b"{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "unknown-filter": b"{{ prospect.company | nosuchfilter }}",
    "unknown-test": b"{% if x is nosuchtest %}{% endif %}",
    "long-error-message": b"{{ " + b"a" * 50_000 + b"( }}",
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_a_known_attack_is_explained_quickly(folder, name) -> None:
    started = time.process_time()  # CPU time: the machine running the tests may be busy
    finishes(60, lambda: every_way_in(folder, ATTACKS[name]))
    assert time.process_time() - started < 8


def test_deep_nesting_is_a_template_problem_not_a_crash(folder) -> None:
    path = folder / NAME
    path.write_bytes(ATTACKS["parentheses-10000-deep"])
    (problem,) = check_file(path, REFERENCE)
    assert problem.message == "template syntax: too many `if`, `for` or brackets inside each other"


def test_a_template_over_the_size_limit_is_not_compiled(folder) -> None:
    path = folder / NAME
    path.write_bytes(b"{{ x }}" * (MAX_TEMPLATE_BYTES // 7 + 1))  # seconds of work for Jinja
    started = time.process_time()
    (problem,) = check_file(path, REFERENCE)
    assert time.process_time() - started < 0.5
    assert problem.message == "is too large to be a template (over 100 kB)"


def test_a_template_that_is_not_utf8_names_its_line(folder) -> None:
    path = folder / NAME
    path.write_bytes("Hello\n{{ prospect.company }}\nCaf\xe9\n".encode("cp1252"))
    (problem,) = check_file(path, REFERENCE)
    assert (problem.line, problem.message) == (3, "is not UTF-8 text; save it as UTF-8")
    with pytest.raises(InvalidFile, match=re.escape(f"{path}:3: is not UTF-8 text")):
        SummaryService(resources.templates_dir(), folder).render(NAME, MODEL)


def test_compiling_never_works_out_a_huge_constant(folder) -> None:
    """Jinja folds constants while compiling: a syntax check alone could allocate gigabytes."""
    path = folder / NAME
    path.write_bytes(ATTACKS["constant-text-times-ten-million"])
    summaries = SummaryService(resources.templates_dir(), folder)
    started = time.process_time()
    assert summaries.check_user_templates() == []  # it compiles: the product is never made
    assert time.process_time() - started < 0.5
    (problem,) = check_file(path, REFERENCE)
    assert problem.message.startswith("This template builds a piece of text longer than 2 MB")


def test_compiling_never_works_out_a_huge_number(folder) -> None:
    path = folder / NAME
    path.write_bytes(ATTACKS["constant-power"])
    (problem,) = check_file(path, REFERENCE)
    assert problem.message.startswith("This template computes a number with more than 1,000 digits")


@pytest.mark.parametrize(
    ("included", "message"),
    [
        (b"x" * (MAX_TEMPLATE_BYTES + 1), "`part.txt.j2` is too large to be a template"),
        ("Caf\xe9".encode("cp1252"), "`part.txt.j2` is not UTF-8 text"),
    ],
)
def test_a_problem_in_an_included_template_names_that_template(folder, included, message):
    (folder / "part.txt.j2").write_bytes(included)
    path = folder / NAME
    path.write_text("Hello\n{% include 'part.txt.j2' %}\n", encoding="utf-8")
    with pytest.raises(InvalidFile) as refused:
        SummaryService(resources.templates_dir(), folder).render(NAME, MODEL)
    (problem,) = refused.value.problems
    assert problem.path == path and problem.message.startswith(message)
    (folder / "part.txt.j2").unlink()

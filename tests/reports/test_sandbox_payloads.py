"""Template injection: what a team's template may try, and proof that nothing happened.

Every payload is rendered the way the studio renders a template from the team's folder
(`SummaryService.render` with a user folder). It must be refused with a message the studio shows
(`InvalidFile`, one `file:line: message`), or render to harmless text. Either way the test
proves there was no side effect: no file created or read outside the templates folder, the
meeting's view-model unchanged, memory and time bounded.

Sizes are ten to a thousand times the limits rather than `10**9`: enough to prove the bound,
and small enough that the test fails quickly, rather than exhausting the machine, should a bound
ever go missing. A payload that would run for ever without its bound runs under a watchdog.
"""

from __future__ import annotations

import copy
import os
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from salescoach import resources
from salescoach.errors import InvalidFile
from salescoach.reports.limits import RenderLimits
from salescoach.reports.render import render, user_environment
from salescoach.services.checks import sample_summary
from salescoach.services.demo import add_demo_data
from salescoach.services.playbooks import PlaybookService
from salescoach.services.summaries import SummaryService

T = TypeVar("T")
MODEL = sample_summary(PlaybookService.shipped_only().get("collaborative-discovery"))
SECRET = "TOP-SECRET-7f3a"
# What must never reach a summary: Python's insides, or a file from outside the folder.
LEAKS = (
    SECRET, "<class ", "<module ", "<function ", "<built-in ", "<bound method", "<frame ",
    "<code ", "mappingproxy", "__builtins__", "root:x:0:0", "Popen", "environ",
)  # fmt: skip
BLOCKED = "this template tries something templates may not do"
UNDEFINED = "template error: "  # a name that does not exist, such as Flask's `config`
OUTSIDE = "which is not a template in the templates folder"
TEXT = "This template builds a piece of text longer than 2 MB"
ITEMS = "This template builds a list of more than 100,000 items"
NUMBER = "This template computes a number with more than 1,000 digits"
OUTPUT = "This template makes more than 2 MB of text"
STEPS = "This template repeats its loops more than 1,000,000 times"
DEEP = "This template calls a macro inside itself too many times"
SLOW = "This template takes more than 2 seconds to fill in"
LOOPS = (STEPS, SLOW)  # which comes first depends on the speed of the machine
TOUCH = "touch {marker}"
# Ten thousand million lines of a hundred characters; the limit stops it after 20,000.
NESTED_OUTPUT = (
    "{% for i in range(100000) %}{% for j in range(100000) %}" + "x" * 99 + "\n{% endfor %}"
    "{% endfor %}"
)

# (id, template; {marker}: a file that must not appear; {secret}: a file outside the folder,
#  what must come out: a fragment of the refusal (or of one of several), or None: harmless text)
PAYLOADS: list[tuple[str, str, str | tuple[str, ...] | None]] = [
    # --- walking Python's insides to `os`, `subprocess` and `open` -------------------------------
    ("str-mro-subclasses", "{{ ''.__class__.__mro__[1].__subclasses__() }}", BLOCKED),
    ("tuple-base-subclasses", "{{ ().__class__.__base__.__subclasses__() }}", BLOCKED),
    ("class-alone", "{{ ''.__class__ }}{{ prospect.__class__.__mro__ }}", None),
    (
        "subclasses-to-popen",
        "{% for c in ''.__class__.__mro__[1].__subclasses__() %}{% if c.__name__ == 'Popen' %}"
        "{{ c('" + TOUCH + "', shell=True) }}{% endif %}{% endfor %}",
        BLOCKED,
    ),
    (
        "cycler-globals-os",
        "{{ cycler.__init__.__globals__.os.popen('" + TOUCH + "').read() }}",
        BLOCKED,
    ),
    ("joiner-globals-os", "{{ joiner.__init__.__globals__.os.system('" + TOUCH + "') }}", BLOCKED),
    (
        "namespace-globals-os",
        "{{ namespace.__init__.__globals__['os'].system('" + TOUCH + "') }}",
        BLOCKED,
    ),
    ("lipsum-globals-os", "{{ lipsum.__globals__['os'].system('" + TOUCH + "') }}", BLOCKED),
    (
        "lipsum-builtins-open",
        "{{ lipsum.__globals__.__builtins__.open('{marker}', 'w').write('x') }}",
        BLOCKED,
    ),
    ("range-globals", "{{ range.__globals__['os'].system('" + TOUCH + "') }}", BLOCKED),
    ("range-self", "{{ range.__self__ }}{{ range.__module__ }}", None),
    (
        "template-reference-context",
        "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('"
        + TOUCH
        + "') }}",
        BLOCKED,
    ),
    ("self-dict", "{{ self.__dict__ }}{{ self._TemplateReference__context }}", None),
    (
        "flask-config",
        "{{ config.__class__.__init__.__globals__['os'].popen('" + TOUCH + "') }}",
        BLOCKED,
    ),
    (
        "flask-request",
        "{{ request.application.__globals__.__builtins__.__import__('os').popen('"
        + TOUCH
        + "') }}",
        UNDEFINED,
    ),
    ("dict-mro", "{{ dict.mro() }}", BLOCKED),
    ("dict-subclasses", "{{ dict.__subclasses__() }}", BLOCKED),
    ("macro-function-globals", "{% macro m() %}{% endmacro %}{{ m._func.__globals__ }}", None),
    (
        "caller-globals",
        "{% macro m() %}{{ caller.__globals__ }}{% endmacro %}{% call m() %}x{% endcall %}",
        None,
    ),
    ("generator-frame", "{{ (needs|map(attribute='statement')).gi_frame.f_globals }}", None),
    (
        "loop-insides",
        "{% for x in [1] %}{{ loop._iterator }}{{ loop.__class__.__init__ }}{% endfor %}",
        None,
    ),
    # --- the same through format strings and filters ---------------------------------------------
    ("format-field-dunder", "{{ '{0.__class__.__mro__[1].__subclasses__}'.format('') }}", None),
    ("format-field-globals", "{{ '{0.__init__.__globals__[os]}'.format(cycler) }}", None),
    ("format-map-globals", "{{ '{c.__init__.__globals__}'.format_map({'c': cycler}) }}", None),
    ("printf-dunder", "{{ '%s' % cycler.__init__ }}", None),
    ("attr-filter", "{{ ''|attr('__class__')|attr('__mro__') }}", None),
    ("attr-filter-escaped", "{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}", None),
    (
        "attr-filter-to-os",
        "{{ (cycler|attr('__init__')|attr('__globals__'))['os'].system('" + TOUCH + "') }}",
        UNDEFINED,
    ),
    ("map-attr-filter", "{{ [''] | map('attr', '__class__') | list }}", None),
    (
        "map-attribute",
        "{{ [cycler]|map(attribute='__init__')|map(attribute='__globals__')|list }}",
        None,
    ),
    # --- changing the meeting, which later formats of the same hand-off render again -----------
    ("dict-update", "{{ prospect.update({'company': 'EVIL'}) }}", BLOCKED),
    ("dict-pop", "{{ prospect.pop('company') }}", BLOCKED),
    ("list-append", "{{ needs.append({'statement': 'EVIL'}) }}", BLOCKED),
    ("list-clear", "{{ needs.clear() }}", BLOCKED),
    ("list-reverse", "{{ people.reverse() }}", BLOCKED),
    ("namespace-dunder", "{% set ns = namespace() %}{% set ns.__class__ = 1 %}{{ ns }}", None),
    # --- files outside the templates folder ------------------------------------------------------
    ("include-absolute", "{% include '{secret}' %}", OUTSIDE),
    ("include-parent", "{% include '../secret.txt' %}", OUTSIDE),
    ("include-far-parent", "{% include '../../../../../../etc/passwd' %}", OUTSIDE),
    ("include-etc-passwd", "{% include '/etc/passwd' %}", OUTSIDE),
    ("include-backslashes", "{% include '..\\\\secret.txt' %}", OUTSIDE),
    ("include-file-url", "{% include 'file:///etc/passwd' %}", OUTSIDE),
    ("include-link-to-outside", "{% include 'link.txt.j2' %}", OUTSIDE),
    ("include-ignore-missing", "{% include '../secret.txt' ignore missing %}", None),
    ("include-first-found", "{% include ['../secret.txt', 'part.txt.j2'] %}", None),
    ("import-module", "{% import 'os' as os %}{{ os.system('" + TOUCH + "') }}", OUTSIDE),
    ("from-import", "{% from '../secret.txt' import x %}{{ x }}", OUTSIDE),
    ("extends-outside", "{% extends '{secret}' %}", OUTSIDE),
    # --- size: text, lists, numbers --------------------------------------------------------------
    ("text-times-a-large-number", "{{ 'x' * 10**8 }}", TEXT),
    ("number-times-text", "{{ 10**8 * 'x' }}", TEXT),
    ("list-times-a-large-number", "{{ [0] * 10**7 }}", ITEMS),
    ("text-plus-text", "{{ ('x' * 1500000) + ('y' * 1500000) }}", TEXT),
    ("tilde-concatenation", "{{ ('x' * 1500000) ~ ('y' * 1500000) }}", TEXT),
    (
        "doubling-with-tilde",
        "{% set ns = namespace(v='xxxxxxxxxx') %}{% for i in range(25) %}"
        "{% set ns.v = ns.v ~ ns.v %}{% endfor %}{{ ns.v|length }}",
        TEXT,
    ),
    (
        "doubling-with-plus",
        "{% set ns = namespace(v=[1]) %}{% for i in range(25) %}"
        "{% set ns.v = ns.v + ns.v %}{% endfor %}{{ ns.v|length }}",
        ITEMS,
    ),
    ("power", "{{ 9 ** 99999 }}", NUMBER),
    (
        "squaring-numbers",
        "{% set ns = namespace(v=10) %}{% for i in range(16) %}"
        "{% set ns.v = ns.v * ns.v %}{% endfor %}{{ ns.v }}",
        NUMBER,
    ),
    ("replace-filter", "{{ ('x' * 1000)|replace('x', 'y' * 100000) }}", TEXT),
    ("replace-filter-empty", "{{ ('x' * 1000000)|replace('', 'yy') }}", TEXT),
    ("replace-method", "{{ ('x' * 1000).replace('x', 'y' * 100000) }}", TEXT),
    ("center-filter", "{{ 'x'|center(10**8) }}", TEXT),
    ("ljust-method", "{{ 'x'.ljust(10**8) }}", TEXT),
    ("zfill-method", "{{ '1'.zfill(10**8) }}", TEXT),
    ("expandtabs-method", "{{ ('\\t' * 1000).expandtabs(100000) }}", TEXT),
    ("format-width", "{{ '{:>100000000}'.format('x') }}", TEXT),
    ("format-width-argument", "{{ '{:>{}}'.format('x', 10**8) }}", TEXT),
    ("printf-width", "{{ '%100000000s' % 'x' }}", TEXT),
    ("printf-star-width", "{{ '%*s' % (10**8, 'x') }}", TEXT),
    ("format-filter-width", "{{ '%100000000s'|format('x') }}", TEXT),
    ("indent-filter", "{{ ('x\\n' * 1000)|indent(100000) }}", TEXT),
    ("wordwrap-filter", "{{ ('x ' * 50000)|wordwrap(1, wrapstring='y' * 1000) }}", TEXT),
    ("join-filter-separator", "{{ range(1000)|join('x' * 100000) }}", TEXT),
    ("join-method", "{{ ('x' * 100000).join(range(1000)|map('string')) }}", TEXT),
    ("translate-method", "{{ ('x' * 1000).translate({120: 'y' * 100000}) }}", TEXT),
    ("to-bytes-method", "{{ (1).to_bytes(10**8, 'big') }}", TEXT),
    ("batch-filter-fill", "{{ 'ab'|batch(10**7, 'y')|list|length }}", ITEMS),
    ("slice-filter", "{{ 'ab'|slice(10**6)|list|length }}", ITEMS),
    ("list-filter", "{{ ('x' * 1000000)|list|length }}", ITEMS),
    ("lipsum-global", "{{ lipsum(300, max=3000) }}", TEXT),
    # --- time and output -------------------------------------------------------------------------
    ("range-too-big", "{{ range(10**9)|list }}", "Range too big"),
    (
        "nested-loops",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        LOOPS,
    ),
    (
        "nested-loops-over-text",
        "{% set s = 'x' * 1000000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
        LOOPS,
    ),
    ("nested-output", NESTED_OUTPUT, OUTPUT),
    ("macro-output", "{% macro m() %}" + NESTED_OUTPUT + "{% endmacro %}{{ m() }}", OUTPUT),
    ("set-block-output", "{% set x %}" + NESTED_OUTPUT + "{% endset %}{{ x|length }}", OUTPUT),
    ("filter-block-output", "{% filter upper %}" + NESTED_OUTPUT + "{% endfilter %}", OUTPUT),
    (
        "call-block-output",
        "{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}"
        + NESTED_OUTPUT
        + "{% endcall %}",
        OUTPUT,
    ),
    ("import-output", "{% import 'loops.txt.j2' as loops %}{{ loops }}", OUTPUT),
    (
        "escaped-output",
        "{% set big = '&' * 1000000 %}{% for i in range(1000) %}{{ big|e }}{% endfor %}",
        OUTPUT,
    ),
    ("endless-recursion", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", DEEP),
    (
        "recursive-loop",
        "{% for x in [1] recursive %}{{ loop([x]) }}{% endfor %}",
        DEEP,
    ),
]


@dataclass
class Folder:
    path: Path
    secret: Path
    marker: Path
    summaries: SummaryService


@pytest.fixture
def team(tmp_path: Path) -> Folder:
    folder = tmp_path / "templates"
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    (folder / "part.txt.j2").write_text("part: {{ prospect.company }}", encoding="utf-8")
    (folder / "loops.txt.j2").write_text(NESTED_OUTPUT, encoding="utf-8")
    if sys.platform != "win32":
        (folder / "link.txt.j2").symlink_to(secret)
    return Folder(
        folder, secret, tmp_path / "pwned", SummaryService(resources.templates_dir(), folder)
    )


def finishes(seconds: float, work: Callable[[], T]) -> T:
    """`work()`, failing the test (not hanging it) if it runs past `seconds`."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed back to the test below
            outcome["error"] = error

    previous = threading.stack_size(32 * 1024 * 1024)  # room for deep recursion, as on the GUI
    try:
        worker = threading.Thread(target=run, daemon=True)
        worker.start()
    finally:
        threading.stack_size(previous)
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def attempt(team: Folder, name: str, source: str, model: dict[str, Any]) -> str | InvalidFile:
    source = source.replace("{marker}", str(team.marker)).replace("{secret}", str(team.secret))
    (team.path / f"{name}.txt.j2").write_text(source, encoding="utf-8")
    try:
        return team.summaries.render(f"{name}.txt.j2", model)
    except InvalidFile as refused:
        return refused


@pytest.mark.parametrize(("name", "source", "expected"), PAYLOADS, ids=[p[0] for p in PAYLOADS])
def test_a_payload_is_refused_or_harmless_and_changes_nothing(
    team: Folder, name: str, source: str, expected: str | tuple[str, ...] | None
) -> None:
    model = copy.deepcopy(MODEL)
    measure = expected is not LOOPS  # a million loop steps are slow to trace, and allocate little
    if measure:
        tracemalloc.start()
    try:
        started = time.process_time()
        outcome = finishes(30, lambda: attempt(team, name, source, model))
        seconds = time.process_time() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    if expected is None:
        assert isinstance(outcome, str), outcome
        assert not any(leak in outcome for leak in LEAKS), outcome
    else:
        assert isinstance(outcome, InvalidFile), f"rendered: {str(outcome)[:200]!r}"
        (problem,) = outcome.problems
        assert problem.path == team.path / f"{name}.txt.j2"
        alternatives = expected if isinstance(expected, tuple) else (expected,)
        assert any(fragment in problem.message for fragment in alternatives), problem.message
        assert str(problem).startswith(f"{problem.path}:")
        assert "\n" not in str(problem) and len(problem.message) <= 300
        assert not any(leak in str(problem) for leak in LEAKS), problem
    assert not team.marker.exists(), "the template ran a command or wrote a file"
    assert team.secret.read_text(encoding="utf-8") == SECRET
    assert model == MODEL, "the template changed the meeting's view-model"
    assert peak < 60_000_000, f"{peak / 1e6:.0f} MB"
    assert seconds < 10


def test_the_limits_leave_room_for_what_a_template_needs(team: Folder) -> None:
    source = (
        "{% include 'part.txt.j2' %}|{{ 'x' * 1000 }}|{{ '{:>12}'.format(42) }}|"
        "{% for i in range(1000) %}{% for need in needs %}{{ loop.index }}{% endfor %}{% endfor %}|"
        "{{ ('ab' * 1000)|replace('a', 'xyz')|length }}|{{ [1, 2] * 3 }}|{{ 2 ** 64 }}"
    )
    outcome = attempt(team, "normal", source, copy.deepcopy(MODEL))
    assert isinstance(outcome, str), outcome
    steps = "".join(str(index) for index in range(1, len(MODEL["needs"]) + 1)) * 1000
    assert outcome.split("|") == [
        f"part: {MODEL['prospect']['company']}",
        "x" * 1000,
        "          42",
        steps,
        "4000",
        "[1, 2, 1, 2, 1, 2]",
        "18446744073709551616",
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_link_inside_the_folder_to_a_file_inside_it_still_works(team: Folder) -> None:
    (team.path / "alias.txt.j2").symlink_to(team.path / "part.txt.j2")
    outcome = attempt(team, "uses-alias", "{% include 'alias.txt.j2' %}", copy.deepcopy(MODEL))
    assert outcome == f"part: {MODEL['prospect']['company']}"


def test_a_template_that_runs_too_long_is_stopped_at_the_time_budget(team: Folder) -> None:
    source = (
        "{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(40) }}"  # two to the fortieth calls, and no output until the end
    )
    started = time.monotonic()
    outcome = attempt(team, "slow", source, copy.deepcopy(MODEL))
    assert time.monotonic() - started < 6  # two seconds of budget, on a busy machine
    assert isinstance(outcome, InvalidFile)
    assert SLOW in outcome.problems[0].message


def test_each_render_gets_its_own_budget(team: Folder) -> None:
    """A refused template leaves nothing behind: the next render starts afresh."""
    assert isinstance(attempt(team, "bomb", NESTED_OUTPUT, copy.deepcopy(MODEL)), InvalidFile)
    for _ in range(3):
        assert team.summaries.render("part.txt.j2", MODEL).startswith("part: ")


def test_renders_in_two_threads_keep_separate_budgets(team: Folder) -> None:
    environment = user_environment(team.path, limits=RenderLimits(loop_steps=1000, seconds=30))
    (team.path / "steps.txt.j2").write_text(
        "{% for i in range(30) %}{% for j in range(20) %}{% endfor %}{% endfor %}done",
        encoding="utf-8",
    )  # 630 steps each: under the limit alone, over it if the two were counted together
    start = threading.Barrier(2)
    results: list[str | BaseException] = []

    def render_in_step() -> None:
        start.wait()
        try:
            results.append(render(environment, "steps.txt.j2", MODEL))
        except Exception as error:  # the test reports it below
            results.append(error)

    workers = [threading.Thread(target=render_in_step) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert results == ["done", "done"]


def test_the_studio_gets_the_message_through_the_meeting_services(services) -> None:
    """`summaries.draft` is what the studio calls; InvalidFile is what it shows."""
    add_demo_data(services)
    prospect = services.prospects.id_for_demo_key("northwind")
    meeting = services.interviews.for_prospect(prospect)[0]["id"]
    folder = services.settings.templates_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bomb.txt.j2").write_text(
        "{# title: Bomb | audience: internal #}\n" + NESTED_OUTPUT, encoding="utf-8"
    )
    services.summaries.use_user_folder(folder)
    with pytest.raises(InvalidFile) as refused:
        services.summaries.draft(meeting, "bomb", "txt")
    assert str(refused.value).startswith(f"{folder / 'bomb.txt.j2'}: {OUTPUT}")
    assert "Northwind" in services.summaries.draft(meeting, "client-summary", "txt")


def test_salescoach_check_runs_a_hostile_template_in_the_sandbox(tmp_path: Path) -> None:
    """The command line used to try a template in the trusting environment of shipped ones."""
    from salescoach.services.checks import check_file

    marker = tmp_path / "pwned"
    template = tmp_path / "hostile.txt.j2"
    # Outside the sandbox this is a working exploit: `os` is among cycler's globals.
    template.write_text(
        "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}",
        encoding="utf-8",
    )
    reference = PlaybookService.shipped_only().get("bant")
    (problem,) = check_file(template, reference)
    assert BLOCKED in problem.message
    assert not marker.exists()
    assert os.listdir(tmp_path) == ["hostile.txt.j2"]

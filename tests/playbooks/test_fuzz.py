"""Hostile playbook files: the loader answers with a playbook or with `file:line: message`.

Generated YAML, valid playbooks with wrong types, damaged bytes, other encodings, and a corpus of
known attacks (deep nesting, alias bombs, huge files) all go through the real loader, the user
folder library and `salescoach check`. Nothing else may come out: no other exception, no hang,
no runaway memory, and every message fits on one printable line.
"""

from __future__ import annotations

import copy
import re
import time
import tracemalloc
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from shared_helpers import finishes

from salescoach import resources
from salescoach.app import main
from salescoach.domain.playbook import Playbook
from salescoach.errors import InvalidFile
from salescoach.playbooks.library import load_library
from salescoach.playbooks.loader import load_playbook_file
from salescoach.playbooks.yaml_lines import MAX_DEPTH

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,  # nothing written into the checkout
    suppress_health_check=[HealthCheck.too_slow],  # pydantic validation of a whole playbook
)
SHIPPED = resources.playbooks_dir() / "bant.yaml"  # the smallest: quick to damage and reload
SHIPPED_BYTES = SHIPPED.read_bytes()
SHIPPED_DATA = yaml.safe_load(SHIPPED_BYTES)
# Problems about the file as a whole have no line.
WHOLE_FILE = ("is too large to be a playbook (over 2 MB)", "is not a file", "cannot be read")
MAX_MESSAGE = 300

T = TypeVar("T")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def explained(path: Path) -> Playbook | InvalidFile:
    """Load `path`; fail the test unless the result is a playbook or a clear `InvalidFile`."""
    try:
        return load_playbook_file(path)
    except InvalidFile as error:
        assert_clear(error, path)
        return error


def assert_clear(error: InvalidFile, path: Path) -> None:
    raw = path.read_bytes() if path.is_file() else b""
    last_line = len(raw.decode("utf-8", "replace").splitlines()) + 1
    assert error.problems, "InvalidFile always lists at least one problem"
    assert str(error) == "\n".join(str(problem) for problem in error.problems)
    for problem in error.problems:
        text = str(problem)
        assert problem.path == path
        assert re.fullmatch(rf"{re.escape(str(path))}(:\d+)?: \S.*", text), text
        assert "\n" not in text and "\r" not in text, text
        text.encode("utf-8")  # no lone surrogate: any terminal or log can print it
        assert len(problem.message) <= MAX_MESSAGE
        assert "Traceback" not in text and "<unicode string>" not in text
        if problem.line is None:
            assert problem.message.startswith(WHOLE_FILE), text
        else:
            assert 1 <= problem.line <= last_line, text


def write(folder: Path, data: bytes, name: str = "playbook.yaml") -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# --- generated YAML ------------------------------------------------------------------------------

KEYS = st.sampled_from(
    ["id", "version", "title", "sections", "questions", "type", "text", "choices", "show_if",
     "fields", "labels", "min", "max", "all", "any", "not", "question", "equals", "in"]
) | st.text(max_size=12)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=40)
    | st.sampled_from(["yes", "no", "~", "2024-02-30", "1e309", ".nan", "0x1F", "*x", "&a"])
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=40,
)


@FUZZ
@given(document=DOCUMENTS, flow=st.booleans())
def test_any_yaml_document_is_a_playbook_or_explained(folder, document, flow) -> None:
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True)
    explained(write(folder, text.encode("utf-8")))


WRONG_VALUES = st.one_of(
    SCALARS,
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.sampled_from(["", " ", "\x00", "\u202e", "a\nb", "x" * 5000, "Sales: 1", "-"]),
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in items:
        found += _paths(child, (*path, key))
    return found


SHIPPED_PATHS = [path for path in _paths(SHIPPED_DATA) if path]


@st.composite
def damaged_playbooks(draw: st.DrawFn) -> dict[str, Any]:
    """The shipped playbook with one to three values replaced, removed or added."""
    data = copy.deepcopy(SHIPPED_DATA)
    for _ in range(draw(st.integers(1, 3))):
        *parents, key = draw(st.sampled_from(SHIPPED_PATHS))
        parent = data
        for step in parents:
            try:
                parent = parent[step]
            except (KeyError, IndexError, TypeError):
                break
        else:
            action = draw(st.sampled_from(["replace", "remove", "add"]))
            # An earlier change may have put a list where a mapping was: its keys are not indexes.
            if not isinstance(parent, dict | list) or (
                isinstance(parent, list) and not (isinstance(key, int) and 0 <= key < len(parent))
            ):
                continue
            if action == "replace" or (action == "remove" and isinstance(parent, list)):
                parent[key] = draw(WRONG_VALUES)
            elif action == "remove":
                parent.pop(key, None)
            elif isinstance(parent, dict):
                parent[draw(KEYS)] = draw(WRONG_VALUES)
            else:
                parent.insert(key, draw(WRONG_VALUES))
    return data


@FUZZ
@given(data=damaged_playbooks())
@example(data={**SHIPPED_DATA, "id": "a"})  # still a playbook, under another id
def test_a_playbook_with_wrongly_typed_values_is_explained(folder, data) -> None:
    # libyaml's dumper: the pure-Python one would take most of the test's time
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=False)
    outcome = explained(write(folder, text.encode("utf-8")))
    if isinstance(outcome, Playbook):  # a harmless change: a new tip, another valid id ...
        assert outcome.id == data["id"]


@FUZZ
@given(data=st.data())
def test_damaged_bytes_of_a_real_playbook_are_explained(folder, data) -> None:
    raw = bytearray(SHIPPED_BYTES)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if action == "flip":
            raw[position] = data.draw(st.integers(0, 255))
        elif action == "insert":
            raw[position:position] = data.draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del raw[position : position + data.draw(st.integers(1, 200))]
        else:
            del raw[position:]
        if not raw:
            break
    explained(write(folder, bytes(raw)))


@FUZZ
@given(raw=st.binary(max_size=4096))
def test_binary_garbage_is_explained(folder, raw) -> None:
    explained(write(folder, raw))


LONE_SURROGATES = st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"])


@FUZZ
@given(
    text=st.lists(st.characters() | LONE_SURROGATES, max_size=300).map("".join),
    encoding=st.sampled_from(["cp1252", "latin-1", "utf-16-le", "utf-16-be", "utf-32-le", "utf-8"]),
)
def test_text_in_other_encodings_is_explained(folder, text, encoding) -> None:
    errors = "surrogatepass" if encoding == "utf-8" else "replace"
    raw = ("id: t\nversion: 1\ntitle: " + text + "\n").encode(encoding, errors)
    explained(write(folder, raw))


# --- a corpus of known attacks -------------------------------------------------------------------


def _laughs(kind: str) -> bytes:
    """Nine levels of nine aliases: 387 million values once expanded."""
    if kind == "sequence":
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    elif kind == "mapping":
        lines = ["a0: &a0 {" + ", ".join(f"k{i}: x" for i in range(9)) + "}"]
        lines += [
            f"a{n}: &a{n} {{" + ", ".join(f"k{i}: *a{n - 1}" for i in range(9)) + "}"
            for n in range(1, 10)
        ]
    else:  # merge keys copy whole mappings into others
        lines = ["a0: &a0 {" + ", ".join(f"k{i}: x" for i in range(9)) + "}"]
        lines += [
            f"a{n}: &a{n} {{<<: [{', '.join([f'*a{n - 1}'] * 9)}], n{n}: {n}}}"
            for n in range(1, 10)
        ]
    return ("\n".join(lines) + "\n").encode()


def _block_nesting(levels: int) -> bytes:
    return "".join(f"{'  ' * level}- \n" for level in range(levels)).encode()


ATTACKS: dict[str, bytes] = {
    "empty": b"",
    "only-a-bom": b"\xef\xbb\xbf",
    "only-blanks": b" \n\t\n   \n",
    "flow-10000-deep": b"[" * 10_000,
    "flow-million-deep": b"[" * 1_000_000,
    "mapping-100000-deep": b"{a: " * 100_000,
    "dashes-100000-deep": b"- " * 100_000 + b"x\n",
    "block-900-deep": _block_nesting(900),
    "deep-under-a-real-key": b"id: t\nversion: 1\ntitle: " + b"[" * 500 + b"]" * 500 + b"\n",
    "just-past-max-depth": b"id: t\nversion: 1\ntitle: "
    + b"[" * (MAX_DEPTH + 1)
    + b"]" * (MAX_DEPTH + 1)
    + b"\n",
    "condition-nested-past-max-depth": SHIPPED_BYTES
    + b"\nextra: "
    + b"{not: " * 40
    + b"x"
    + b"}" * 40
    + b"\n",
    "over-2-mb": b"# padding\n" * 300_000,
    "just-under-2-mb-of-values": b"- x\n" * 490_000,
    "just-under-2-mb-one-line": b"title: " + b"x" * 1_999_000 + b"\n",
    "laughs-sequence": _laughs("sequence"),
    "laughs-mapping": _laughs("mapping"),
    "laughs-merge-keys": _laughs("merge"),
    "alias-as-key": b"a: &a [1, 2]\n? *a\n: x\n",
    "undefined-alias": b"id: *nowhere\n",
    "huge-alias-name": b"id: *" + b"a" * 100_000 + b"\n",
    "nul-byte": b"id: t\nversion: 1\ntitle: a\x00b\n",
    "utf-16-le-without-bom": "id: t\nversion: 1\ntitle: Café\n".encode("utf-16-le"),
    "utf-16-be-without-bom": "id: t\nversion: 1\ntitle: Café\n".encode("utf-16-be"),
    "utf-16-with-bom": "id: t\nversion: 1\ntitle: Café\n".encode("utf-16"),
    "cp1252": "id: t\nversion: 1\ntitle: Café — “quoted”\n".encode("cp1252"),
    "lone-surrogate-bytes": b"id: t\nversion: 1\ntitle: \xed\xa0\x80\n",
    "lone-surrogate-escape": b'id: t\nversion: 1\ntitle: "\\ud800"\n',
    "surrogate-in-a-key": b'"\\udfff": 1\n',
    "control-characters-in-a-key": b'"a\\nb\\u202e\\x1b[31m": 1\n',
    "line-separator-in-a-value": "id: t\nversion: 1\ntitle: a\u2028b\u2029c\x85d\n".encode(),
    "python-tag": b"id: !!python/object/apply:os.system [echo hacked]\n",
    "binary-tag": b"id: t\nversion: 1\ntitle: !!binary AAAA\n",
    "set-tag": b"id: t\nversion: 1\ntitle: !!set {a, b}\n",
    "huge-integer": b"id: t\nversion: " + b"9" * 100_000 + b"\n",
    "impossible-date": b"id: t\nversion: 2024-02-30\n",
    "infinite-float": b"id: t\nversion: 1e999\n",
    "two-documents": b"id: a\n---\nid: b\n",
    "carriage-returns-only": b"id: t\rversion: 1\rtitle: [\r",
    "very-long-key": b"k" * 500_000 + b": 1\n",
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_a_known_attack_is_explained_quickly(folder, name) -> None:
    path = write(folder, ATTACKS[name], f"{name}.yaml")
    started = time.process_time()  # CPU time: the machine running the tests may be busy
    outcome = finishes(30, lambda: explained(path))
    assert isinstance(outcome, InvalidFile), "none of these is a usable playbook"
    assert time.process_time() - started < 2


@pytest.mark.parametrize("name", ["laughs-sequence", "laughs-merge-keys", "alias-as-key"])
def test_aliases_cannot_make_a_small_file_take_much_memory(folder, name) -> None:
    path = write(folder, ATTACKS[name], f"{name}.yaml")
    tracemalloc.start()
    try:
        finishes(30, lambda: explained(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100_000_000, f"{peak / 1e6:.0f} MB"


def test_deep_nesting_is_refused_at_once_on_its_line(folder) -> None:
    """The pure-Python YAML parser takes seconds on 10,000 brackets: libyaml's answer is used."""
    path = write(folder, b"id: t\nversion: 1\ntitle: " + b"[" * 10_000 + b"\n")
    started = time.process_time()
    (problem,) = finishes(30, lambda: explained(path)).problems
    assert time.process_time() - started < 0.5
    assert (problem.line, problem.message) == (3, "the file is nested too deeply to be a playbook")


def test_nesting_past_the_limit_is_refused_on_its_line(folder) -> None:
    """Deeper than any playbook but within libyaml's limit: refused before Python's own limit."""
    (problem,) = explained(write(folder, ATTACKS["just-past-max-depth"])).problems
    assert (problem.line, problem.message) == (3, "the file is nested too deeply to be a playbook")


@pytest.mark.parametrize("before", ["", "Café €€€ — “quoted”"])
def test_a_file_with_a_nul_byte_names_the_character_and_its_line(folder, before) -> None:
    """libyaml counts the position in bytes: letters of two or three bytes come before it."""
    text = f"id: t\nversion: 1\ntitle: {before}\n\ndescription: a\x00b\n"
    (problem,) = explained(write(folder, text.encode("utf-8"))).problems
    assert problem.line == 5
    assert problem.message == (
        "holds a character that is not text (U+0000); save the file as UTF-8 text"
    )


def test_quoted_values_are_cut_and_escaped_in_messages(folder) -> None:
    key = "k" * 1000 + "\n\u202e\x1b"
    path = write(folder, yaml.safe_dump({key: 1}).encode())
    messages = [problem.message for problem in explained(path).problems]
    unknown = next(message for message in messages if message.startswith("unknown key"))
    assert "\u2026" in unknown and len(unknown) < 120  # cut, with an ellipsis


@pytest.mark.parametrize(
    ("text", "shown"),
    [(r'"a\nb"', r"a\x0ab"), (r'"\u202eevil"', r"\u202eevil"), (r'"\x1b[31m"', r"\x1b[31m")],
)
def test_invisible_characters_in_a_key_are_shown_escaped(folder, text, shown) -> None:
    path = write(folder, f"{text}: 1\n".encode())
    assert any(f"unknown key `{shown}`" in str(p) for p in explained(path).problems)


def test_a_lone_surrogate_is_reported_instead_of_breaking_the_report(folder) -> None:
    path = write(folder, b'id: t\nversion: 1\ntitle: "\\ud800"\n')
    (problem,) = explained(path).problems
    assert problem.line == 3
    assert "holds an escape that is not a character" in problem.message


def test_a_folder_named_like_a_playbook_is_not_read(folder) -> None:
    (folder / "folder.yaml").mkdir(exist_ok=True)
    (problem,) = explained(folder / "folder.yaml").problems
    assert problem.message == "is not a file"


# --- the same files through the library and `salescoach check` -----------------------------------


@pytest.fixture(scope="module")
def attack_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("team-playbooks")
    for name, data in ATTACKS.items():
        write(folder, data, f"{name}.yaml")
    return folder


def test_a_team_folder_full_of_attacks_still_gives_the_shipped_playbooks(attack_folder) -> None:
    shipped = resources.playbooks_dir()
    library = finishes(60, lambda: load_library(shipped, attack_folder))
    assert set(library.playbooks) == set(load_library(shipped, None).playbooks)
    assert all(item.shipped for item in library.playbooks.values())
    broken = {problem.path.name for problem in library.problems}
    assert broken == {f"{name}.yaml" for name in ATTACKS}
    for path in attack_folder.iterdir():
        assert_clear(InvalidFile([p for p in library.problems if p.path == path]), path)


def test_check_prints_one_clear_line_per_problem_for_every_attack(attack_folder, capsys) -> None:
    paths = sorted(attack_folder.iterdir())
    assert finishes(60, lambda: main(["check", *map(str, paths)])) == 1
    out, err = capsys.readouterr()
    printed = out.splitlines()
    assert {line.split(".yaml", 1)[0] + ".yaml" for line in printed} == set(map(str, paths))
    for line in printed:
        assert re.fullmatch(rf"{re.escape(str(attack_folder))}/[^/]+\.yaml(:\d+)?: \S.*", line)
    assert f"{len(paths)} files checked" in err
    assert "Traceback" not in out + err

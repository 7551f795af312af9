"""File names made from prospect names are safe on every desktop OS, whatever the rep typed."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from salescoach.reports.filenames import safe_filename

WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10)}

HOSTILE = [
    "../../etc/passwd",
    "..\\..\\Windows\\System32",
    "..",
    ".",
    ".hidden",
    "CON",
    "con",
    "nul.txt",
    "Com1",
    "LPT9.tar.gz",
    "aux ",
    "con .txt",
    "COM\u00b9",
    "a" * 500,
    "ü" * 500,
    "😀" * 200,
    "Müller & Söhne GmbH",
    "x\x00y",
    "  spaced  ",
    "<script>",
    'A:B"C|D?E*F',
    "tab\there\nnew\rline",
    "emoji 🏳️‍🌈 and 👩🏽‍💻 team",
    "report\u202efdp.exe",
    "",
    "   ",
    "...",
    "trailing dots...",
    "\u2028",
]


def assert_safe(name: str, max_length: int = 120) -> None:
    assert name
    assert len(name.encode("utf-8")) <= max_length
    assert not WINDOWS_FORBIDDEN & set(name)
    assert all(unicodedata.category(char) not in ("Cc", "Zl", "Zp") for char in name)
    assert not name.startswith((".", " "))
    assert not name.endswith((".", " "))
    assert name.split(".")[0].rstrip(" ").upper() not in RESERVED
    assert "\u202e" not in name
    assert name == unicodedata.normalize("NFC", name)
    assert Path(name).name == name  # no directory part on this OS either


@pytest.mark.parametrize("stem", HOSTILE)
@pytest.mark.parametrize("extension", ["pdf", ".pdf", "..PDF", ""])
def test_hostile_stems_give_safe_names(stem: str, extension: str) -> None:
    name = safe_filename(stem, extension)
    assert_safe(name)
    if extension:
        assert name.endswith(".pdf")
        assert name.count(".pdf") >= 1


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("Müller & Söhne GmbH", "Müller & Söhne GmbH.pdf"),
        ("Example Manufacturing Ltd", "Example Manufacturing Ltd.pdf"),
        ("../../etc/passwd", "_.._etc_passwd.pdf"),
        ("..", "summary.pdf"),
        ("", "summary.pdf"),
        (".hidden", "hidden.pdf"),
        ("CON", "_CON.pdf"),
        ("nul.txt", "_nul.txt.pdf"),
        ("con .txt", "_con .txt.pdf"),
        ("Console Ltd", "Console Ltd.pdf"),  # only whole device names are reserved
        ("x\x00y", "x_y.pdf"),
        ("  spaced  ", "spaced.pdf"),
        ("<script>", "_script_.pdf"),
        ("two   spaces\tand tab", "two spaces and tab.pdf"),
        ("Mu\u0308ller", "Müller.pdf"),  # decomposed (macOS) becomes composed
        ("report\u202efdp.exe", "reportfdp.exe.pdf"),
    ],
)
def test_names_read_as_expected(stem: str, expected: str) -> None:
    assert safe_filename(stem, "pdf") == expected


@pytest.mark.parametrize(
    ("extension", "suffix"),
    [("pdf", ".pdf"), (".PDF", ".pdf"), ("..eml", ".eml"), ("t.x/t", ".txt"), ("", "")],
)
def test_extension_is_normalised(extension: str, suffix: str) -> None:
    assert safe_filename("Acme", extension) == f"Acme{suffix}"


@pytest.mark.parametrize("char", ["a", "ü", "€", "😀"])
@pytest.mark.parametrize("max_length", [20, 21, 22, 23, 120])
def test_long_names_are_cut_between_characters(char: str, max_length: int) -> None:
    name = safe_filename(char * 500, "pdf", max_length=max_length)
    assert_safe(name, max_length)
    stem = name.removesuffix(".pdf")
    assert set(stem) == {char}
    # As long as fits: one more character would not.
    assert len((stem + char).encode("utf-8")) + len(".pdf") > max_length


def test_cut_does_not_split_a_character_as_people_see_it() -> None:
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # one emoji of three joined
    for max_length in range(12, 40):
        stem = safe_filename("ab" + family * 5, "pdf", max_length=max_length).removesuffix(".pdf")
        assert not stem.endswith("\u200d")
        rest = ("ab" + family * 5)[len(stem) :]
        assert not rest or rest.startswith(family[0]) or stem == "summary"
    accented = "e\u0301" * 100  # "é" that NFC cannot compose is rare; this one it can
    assert_safe(safe_filename(accented, "pdf", max_length=21), 21)


def test_a_cut_that_leaves_a_device_name_is_made_safe() -> None:
    # Combining accents on a space: the cut backs off to "CON ", which ends up as "CON".
    assert safe_filename("CON " + "\u0301" * 5, "pdf", max_length=12) == "_CON.pdf"
    assert safe_filename("CON ventures", "pdf", max_length=12) == "CON vent.pdf"


def test_too_small_a_limit_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="max_length"):
        safe_filename("Acme", "pdf", max_length=8)


def test_name_works_on_this_file_system(tmp_path: Path) -> None:
    for stem in HOSTILE:
        path = tmp_path / safe_filename(stem, "pdf")
        path.write_bytes(b"%PDF")
        assert path.parent == tmp_path
    assert len(list(tmp_path.iterdir())) == len({safe_filename(s, "pdf") for s in HOSTILE})

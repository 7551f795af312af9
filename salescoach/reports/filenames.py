"""File names made from what reps type (prospect names), safe on Windows, macOS and Linux."""

from __future__ import annotations

import re
import unicodedata

FALLBACK_STEM = "summary"

# Windows refuses these, and `/` and `\` would make a path out of a prospect's name.
_FORBIDDEN = set('<>:"/\\|?*')
# Right-to-left overrides and isolates can make "report\u202efdp.exe" display as "report.exe.pdf".
_BIDI = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Windows device names, reserved whatever follows the first dot ("con.txt", "NUL.tar.gz") and
# also with spaces before it; the superscript digits count as digits there too.
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{device}{digit}" for device in ("COM", "LPT") for digit in "123456789\u00b9\u00b2\u00b3"
}
# Characters that belong to the one before: a cut just before them would split a character
# as the reader sees it (an accent, a skin tone, the second half of a joined emoji).
_JOINERS = {"\u200d", "\ufe0e", "\ufe0f"}
_WHITESPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)  # macOS hands out decomposed "u + ¨"
    kept = []
    for char in text:
        if char in _BIDI:
            continue
        if char.isspace():  # tabs, line breaks, no-break spaces: one plain space
            kept.append(" ")
        elif char in _FORBIDDEN or unicodedata.category(char) == "Cc":
            kept.append("_")
        else:
            kept.append(char)
    return _WHITESPACE.sub(" ", "".join(kept))


def _is_reserved(stem: str) -> bool:
    return stem.split(".", 1)[0].rstrip(" ").upper() in _RESERVED


def _continues_previous(char: str) -> bool:
    return char in _JOINERS or unicodedata.category(char) in ("Mn", "Mc", "Me", "Sk")


def _cut(text: str, max_bytes: int) -> str:
    """The longest prefix of `text` within `max_bytes` of UTF-8 that ends between characters."""
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    end = len(text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore"))
    while end > 0 and (_continues_previous(text[end]) or text[end - 1] in _JOINERS):
        end -= 1
    return text[:end]


def safe_filename(stem: str, extension: str, max_length: int = 120) -> str:
    """`stem.extension` usable as a file name on every desktop OS, at most `max_length` bytes.

    `max_length` counts UTF-8 bytes (ext4 and APFS limit bytes; Windows limits UTF-16 units,
    which are never more than UTF-8 bytes). An empty or all-unsafe stem becomes "summary".
    The extension keeps only letters and digits, lower-cased, so "..PDF" gives "pdf".
    """
    extension = "".join(char for char in _clean(extension) if char.isalnum()).lower()
    suffix = f".{extension}" if extension else ""
    budget = max_length - len(suffix.encode("utf-8"))
    if budget < len(FALLBACK_STEM) + 1:
        raise ValueError(f"max_length {max_length} leaves no room for a name before {suffix!r}")
    # Leading dots hide a file (and "." / ".." are directories); Windows drops trailing ones.
    name = _clean(stem).strip(". ")
    if _is_reserved(name):
        name = "_" + name
    name = _cut(name, budget).rstrip(". ")
    if not name:
        name = FALLBACK_STEM
    elif _is_reserved(name):  # the cut left "CON" of "CON ventures": rare, but fix it the same way
        name = "_" + _cut(name, budget - 1).rstrip(". ")
    return name + suffix

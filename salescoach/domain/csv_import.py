"""Rows of a CRM export turned into prospects and contacts: pure rules, no file reading.

The service reads the file and hands over rows of strings; these rules decide what each row
becomes (or why it is skipped), and give the keys that tell duplicates apart.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice

from salescoach.domain.csv_cells import restore
from salescoach.domain.csv_columns import FIELDS, ColumnMapping

DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}
MAX_EMPLOYEES = 10_000_000  # more than any employer on earth: a typo or another figure


# --- the file's shape -------------------------------------------------------------------------


def sniff_delimiter(sample: str) -> str:
    """Comma, semicolon or tab: the one that splits the first rows into the same number of
    columns, and the most of them. Quoted cells may hold the other two."""
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            rows = [row for row in islice(reader, 50) if any(cell.strip() for cell in row)]
        except csv.Error:  # this separator makes nonsense of the quotes
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        regular = sum(len(row) == width or not any(row[width:]) for row in rows) / len(rows)
        score = (regular, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def clean_cell(text: str) -> str:
    """Trim spaces around a value; keep the rest as typed (a leading `=` included: exports
    neutralise it). An apostrophe our own CSV export added is taken off again."""
    return restore(text.replace("\x00", "").strip(" \u00a0"))


# --- values -----------------------------------------------------------------------------------

_NUMBER = re.compile(
    r"(?P<grouped>\d{1,3}(?:[,.'\u2019\u00a0\u202f ]\d{3})+(?!\d))"
    r"|(?P<plain>\d+(?:[.,]\d+)?)\s*(?P<scale>[km])?(?![a-z])"
)
_RANGE_WORDS = {"-", "\u2013", "\u2014", "\u2212", "to"}
_SIZE_WORDS = {
    "about",
    "approx",
    "approximately",
    "around",
    "circa",
    "ca",
    "over",
    "more",
    "than",
    "under",
    "less",
    "up",
    "to",
    "employees",
    "employee",
    "staff",
    "people",
    "fte",
    "ftes",
    "k",
    "m",
}


def parse_employees(text: str) -> tuple[int | None, str | None]:
    """(number of employees, note). '1,200' -> 1200; '51-200' -> 125, the middle of the
    range; '10,001+' -> 10001; '1.5k' -> 1500; anything unclear -> None with a note."""
    original = text.strip()
    lowered = original.casefold()
    if not lowered:
        return None, None
    matches = list(_NUMBER.finditer(lowered))
    unclear = f'Employees "{original}" is not a number SalesCoach understands; left blank.'
    leftover = _NUMBER.sub(" ", lowered)
    if not matches or any(word not in _SIZE_WORDS for word in re.findall(r"[^\W\d_]+", leftover)):
        return None, unclear
    if lowered[: matches[0].start()].strip().endswith(("-", "\u2212")):
        return None, unclear  # a negative number
    values = [_number_value(match) for match in matches]
    if len(values) == 1:
        value = values[0]
    elif len(values) == 2 and lowered[matches[0].end() : matches[1].start()].strip() in (
        _RANGE_WORDS
    ):
        value = (values[0] + values[1]) / 2
    else:
        return None, unclear
    if value > MAX_EMPLOYEES:
        return None, f'Employees "{original}" is not a plausible number; left blank.'
    return int(value), None


def _number_value(match: re.Match[str]) -> float:
    if match["grouped"]:
        return float(re.sub(r"\D", "", match["grouped"]))
    value = float(match["plain"].replace(",", "."))
    return value * {"k": 1_000, "m": 1_000_000}.get(match["scale"] or "", 1)


_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


def clean_email(text: str) -> str:
    """'mailto:Ann@Acme.com' and '<ann@acme.com>' -> the bare address, case kept."""
    text = text.strip().strip("<>").strip()
    if text.casefold().startswith("mailto:"):
        text = text[len("mailto:") :]
    return text


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


# --- duplicate keys ---------------------------------------------------------------------------

# Legal forms that say nothing about which company it is, in the usual countries.
LEGAL_FORMS = frozenset(
    """
    inc incorporated corp corporation co company cie ltd limited llc llp lp plc pllc pc
    gmbh mbh ag kg kgaa ohg ug ev se sa sas sasu sarl eurl sca snc sci spa sapa srl srls sl slu
    bv nv vof cv oy oyj ab aps as asa hf kk pty pte pvt bhd sdn ltda sae ooo zao oao
    """.split()  # noqa: SIM905 - a word list reads better as words
)
_LEGAL_PHRASES = (("and", "co"), ("sa", "de", "cv"), ("private", "limited"), ("s", "a"))


def company_key(name: str) -> str:
    """'ACME, Inc.', 'Acme Inc' and 'acme' are one company: no case, accents, spaces,
    punctuation, leading 'The' or legal form."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"[.'\u2019`/]", "", text.replace("&", " and "))
    words = re.findall(r"[^\W_]+", text)
    trimmed = True
    while trimmed:
        trimmed = False
        for phrase in _LEGAL_PHRASES:
            if len(words) > len(phrase) and tuple(words[-len(phrase) :]) == phrase:
                del words[-len(phrase) :]
                trimmed = True
        if len(words) > 1 and words[-1] in LEGAL_FORMS:
            words.pop()
            trimmed = True
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    return "".join(words)


def email_key(email: str) -> str:
    return email.strip().casefold()


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())


# --- rows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProspectFields:
    company: str
    industry: str = ""
    employees: int | None = None
    website: str = ""
    region: str = ""
    notes: str = ""


@dataclass(frozen=True)
class PersonFields:
    name: str
    title: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ImportRow:
    """A row that can be imported; `row` is its number as a spreadsheet shows it."""

    row: int
    prospect: ProspectFields
    person: PersonFields | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SkippedRow:
    row: int
    reason: str


class RowInterpreter:
    """Applies a column mapping to each row of the file."""

    def __init__(self, mapping: ColumnMapping) -> None:
        self.width = len(mapping.headers)
        self.columns = {key: mapping.column_of(key) for key in FIELDS}

    def __call__(self, cells: Sequence[str], row: int) -> ImportRow | SkippedRow | None:
        """None for an empty row (nothing to report)."""
        values = [clean_cell(cell) for cell in cells]
        if not any(values):
            return None
        if len(values) > self.width and any(values[self.width :]):
            return SkippedRow(
                row,
                f"it has {len(values)} values but the file has {self.width} columns "
                "(perhaps a separator inside a value without quotes)",
            )

        def get(key: str) -> str:
            column = self.columns[key]
            return values[column] if column is not None and column < len(values) else ""

        notes: list[str] = []
        person = _person(get, notes)
        company = get("company")
        if not company:
            hint = person.email or person.name if person else ""
            return SkippedRow(row, "no company name" + (f" ({hint})" if hint else ""))
        employees, note = parse_employees(get("employees"))
        if note:
            notes.append(note)
        prospect = ProspectFields(
            company=company,
            industry=get("industry"),
            employees=employees,
            website=get("website"),
            region=get("region"),
            notes=get("notes"),
        )
        return ImportRow(row, prospect, person, tuple(notes))


def _person(get: Callable[[str], str], notes: list[str]) -> PersonFields | None:
    email = clean_email(get("email"))
    if email and not is_email(email):
        notes.append(f'"{email}" is not an email address: the contact comes in without it.')
        email = ""
    name = get("full_name") or " ".join(
        part for part in (get("first_name"), get("last_name")) if part
    )
    title, phone = get("title"), get("phone")
    if not name and not email:
        if title or phone:
            notes.append("The contact has no name or email: only the company comes in.")
        return None
    return PersonFields(name=name or email, title=title, email=email, phone=phone)

"""Which column of a CRM export holds what: the fields an import fills and their usual names.

Exports from HubSpot, Salesforce, Pipedrive, Zoho and LinkedIn Sales Navigator name the same
thing differently ("Company Name", "Account Name", "Organization - Name"). Headers are compared
without case, spaces or punctuation, so "E-mail Address" and "email_address" are one name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# Import fields, in the order the rep reads them; labels are what the mapping combos show.
FIELDS: dict[str, str] = {
    "company": "Company",
    "full_name": "Contact: full name",
    "first_name": "Contact: first name",
    "last_name": "Contact: last name",
    "email": "Contact: email",
    "phone": "Contact: phone",
    "title": "Contact: job title",
    "industry": "Industry",
    "employees": "Employees",
    "website": "Website",
    "region": "Region",
    "notes": "Notes",
}

_PERSON = ("", "contact", "person", "lead", "primary", "prospect")
_COMPANY = ("", "company", "account", "organisation", "organization", "org", "business")

# field -> (usual names, most likely first; qualifiers CRMs put in front of them)
_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "company": (
        (
            "company",
            "companyname",
            "account",
            "accountname",
            "organisation",
            "organisationname",
            "organization",
            "organizationname",
            "org",
            "orgname",
            "business",
            "businessname",
            "currentcompany",
            "employer",
        ),
        ("",),
    ),
    "full_name": (("fullname", "name", "contact"), _PERSON),
    "first_name": (("firstname", "first", "givenname", "forename", "fname"), _PERSON),
    "last_name": (("lastname", "last", "surname", "familyname", "lname"), _PERSON),
    "email": (
        (
            "email",
            "emailaddress",
            "workemail",
            "businessemail",
            "emailwork",
            "mail",
            "email1",
            "emailaddresswork",
        ),
        _PERSON,
    ),
    "phone": (
        (
            "phone",
            "phonenumber",
            "workphone",
            "businessphone",
            "directphone",
            "directdial",
            "officephone",
            "phonework",
            "telephone",
            "telephonenumber",
            "tel",
            "mobile",
            "mobilephone",
            "mobilenumber",
            "phonemobile",
            "cellphone",
            "phone1",
        ),
        _PERSON,
    ),
    "title": (
        (
            "title",
            "jobtitle",
            "position",
            "jobposition",
            "designation",
            "currenttitle",
            "currentjobtitle",
            "currentposition",
        ),
        _PERSON,
    ),
    "industry": (("industry", "sector", "vertical", "industrysector"), _COMPANY),
    "employees": (
        (
            "employees",
            "numberofemployees",
            "noofemployees",
            "numemployees",
            "employeecount",
            "employeesnumber",
            "headcount",
            "size",
            "employeerange",
            "employeesrange",
            "staff",
            "staffcount",
        ),
        _COMPANY,
    ),
    "website": (
        (
            "website",
            "websiteurl",
            "domain",
            "domainname",
            "web",
            "webaddress",
            "homepage",
            "url",
            "site",
        ),
        _COMPANY,
    ),
    "region": (
        (
            "region",
            "territory",
            "country",
            "countryregion",
            "billingcountry",
            "mailingcountry",
            "stateregion",
            "state",
            "province",
            "location",
            "city",
        ),
        _COMPANY,
    ),
    "notes": (("notes", "note", "description", "comments", "comment", "remarks"), _COMPANY),
}


def _build_aliases() -> dict[str, tuple[str, int]]:
    """normalised header -> (field, rank); a lower rank is a more telling name."""
    aliases: dict[str, tuple[str, int]] = {}
    for field_key, (names, qualifiers) in _NAMES.items():
        rank = 0
        for qualifier in qualifiers:
            for name in names:
                alias = qualifier + name
                if alias not in aliases:
                    aliases[alias] = (field_key, rank)
                rank += 1
    return aliases


ALIASES = _build_aliases()


def normalise_header(text: str) -> str:
    """'E-mail Address ' -> 'emailaddress': case, spaces and punctuation do not count."""
    return re.sub(r"[\W_]+", "", text.casefold())


def field_for_header(text: str) -> str | None:
    found = ALIASES.get(normalise_header(text))
    return found[0] if found else None


def header_label(headers: Sequence[str], column: int) -> str:
    """A column as the rep can recognise it, even when the file left its name empty."""
    text = headers[column].strip() if column < len(headers) else ""
    return text or f"Column {column + 1}"


@dataclass(frozen=True)
class ColumnMapping:
    """For each column of the file, the field it fills (None: the column is ignored)."""

    headers: tuple[str, ...]
    fields: tuple[str | None, ...]
    _positions: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.fields) != len(self.headers):
            raise ValueError("one field (or None) per column")
        positions = {key: column for column, key in enumerate(self.fields) if key is not None}
        if len(positions) != sum(key is not None for key in self.fields):
            raise ValueError("a field can come from one column only")
        object.__setattr__(self, "_positions", positions)

    @classmethod
    def suggest(cls, headers: Iterable[str]) -> ColumnMapping:
        """Recognise the usual names; when two columns could fill one field, the more telling
        name wins ("Email" over "Mail"), then the leftmost."""
        headers = tuple(headers)
        best: dict[str, tuple[int, int]] = {}  # field -> (rank, column)
        for column, text in enumerate(headers):
            found = ALIASES.get(normalise_header(text))
            if found is None:
                continue
            key, rank = found
            if key not in best or rank < best[key][0]:
                best[key] = (rank, column)
        chosen = {column: key for key, (_rank, column) in best.items()}
        return cls(headers, tuple(chosen.get(column) for column in range(len(headers))))

    def assign(self, column: int, key: str | None) -> ColumnMapping:
        """Fill `key` from `column`; a column that filled it before is now ignored."""
        if key is not None and key not in FIELDS:
            raise ValueError(f"unknown import field {key!r}")
        fields = [None if current == key else current for current in self.fields]
        fields[column] = key
        return ColumnMapping(self.headers, tuple(fields))

    def column_of(self, key: str) -> int | None:
        return self._positions.get(key)

    @property
    def has_company(self) -> bool:
        return "company" in self._positions

    def ignored_columns(self) -> list[str]:
        return [
            header_label(self.headers, column)
            for column, key in enumerate(self.fields)
            if key is None
        ]

    def describe(self) -> list[str]:
        """'Company Name -> Company' for each column, for the command line's dry run."""
        return [
            f"{header_label(self.headers, column)} -> "
            + (FIELDS[key] if key is not None else "(ignored)")
            for column, key in enumerate(self.fields)
        ]


def missing_company_message(headers: Sequence[str]) -> str:
    found = ", ".join(header_label(headers, column) for column in range(len(headers)))
    return (
        "This file has no company column, so SalesCoach cannot tell which prospect each row "
        f"belongs to. Columns found: {found}. Name the column with the company "
        '"Company" (or "Account Name", "Organization"), or choose it in the import window.'
    )

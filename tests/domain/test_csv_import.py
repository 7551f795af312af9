"""CSV import rules: column names CRMs use, company and email keys, sizes, rows, separators."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescoach.domain.csv_columns import (
    _NAMES,
    FIELDS,
    ColumnMapping,
    field_for_header,
    missing_company_message,
    normalise_header,
)
from salescoach.domain.csv_import import (
    ImportRow,
    PersonFields,
    RowInterpreter,
    SkippedRow,
    clean_cell,
    company_key,
    email_key,
    parse_employees,
    sniff_delimiter,
)

# --- column names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # HubSpot
        ("Company Name", "company"),
        ("First Name", "first_name"),
        ("Phone Number", "phone"),
        ("Job Title", "title"),
        ("Number of Employees", "employees"),
        ("Company Domain Name", "website"),
        ("Country/Region", "region"),
        # Salesforce
        ("Account Name", "company"),
        ("Account: Account Name", None),  # a report's "object: field" is too far from the usual
        ("Full Name", "full_name"),
        ("Contact: Full Name", "full_name"),
        ("Mailing Country", "region"),
        ("NumberOfEmployees", "employees"),
        # Pipedrive
        ("Organization - Name", "company"),
        ("Person - Name", "full_name"),
        ("Person - Email - Work", "email"),
        ("Person - Phone - Work", "phone"),
        ("Person - Job title", "title"),
        ("Organization - Number of employees", "employees"),
        # Zoho
        ("No. of Employees", "employees"),
        ("Designation", "title"),
        ("Mobile", "phone"),
        # LinkedIn Sales Navigator
        ("Company Size", "employees"),
        ("Location", "region"),
        ("Current Title", "title"),
        # spelling, case, spaces and punctuation do not count
        ("  E-MAIL address ", "email"),
        ("email_address", "email"),
        ("Organisation", "company"),
        ("Last-Name", "last_name"),
        ("WEBSITE", "website"),
        # not ours
        ("Record ID", None),
        ("Lead Status", None),
        ("LinkedIn URL", None),
    ],
)
def test_crm_column_names_are_recognised(header: str, field: str | None) -> None:
    assert field_for_header(header) == field


def test_normalising_ignores_case_spaces_and_punctuation() -> None:
    assert normalise_header("No. of  Employees") == normalise_header("no_of_employees")
    assert normalise_header("\ufeffCompany") == "company"


def test_no_column_name_belongs_to_two_fields() -> None:
    seen: dict[str, str] = {}
    for field, (names, qualifiers) in _NAMES.items():
        for alias in {qualifier + name for qualifier in qualifiers for name in names}:
            assert seen.setdefault(alias, field) == field, alias
    assert set(_NAMES) == set(FIELDS)


def test_the_more_telling_name_wins_then_the_leftmost() -> None:
    mapping = ColumnMapping.suggest(["Mail", "Email", "Company", "Account Name", "Tel"])
    assert mapping.fields == (None, "email", "company", None, "phone")
    assert mapping.ignored_columns() == ["Mail", "Account Name"]


def test_assigning_a_field_takes_it_from_the_column_that_had_it() -> None:
    mapping = ColumnMapping.suggest(["Company", "Account Name", "Contact"])
    assert mapping.column_of("company") == 0
    changed = mapping.assign(1, "company")
    assert changed.fields == (None, "company", "full_name")
    assert changed.assign(1, None).has_company is False
    with pytest.raises(ValueError):
        mapping.assign(0, "favourite_colour")


def test_the_mapping_is_described_for_a_dry_run() -> None:
    mapping = ColumnMapping.suggest(["Company", "", "Owner"])
    assert mapping.describe() == [
        "Company -> Company",
        "Column 2 -> (ignored)",
        "Owner -> (ignored)",
    ]


def test_a_file_without_a_company_column_gets_a_message_naming_its_columns() -> None:
    message = missing_company_message(["First Name", "Email"])
    assert "no company column" in message
    assert "First Name, Email" in message


# --- keys for duplicates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "names",
    [
        ("Acme", "ACME, Inc.", "acme inc", "Acme Incorporated", "The Acme Company", " A.C.M.E. "),
        ("Müller GmbH", "Muller", "MÜLLER G.m.b.H.", "Müller GmbH & Co. KG"),
        ("Société Générale S.A.", "Societe Generale", "société générale sa"),
        ("Van Dijk B.V.", "van dijk bv", "Van-Dijk"),
        ("Smith & Sons Ltd", "Smith and Sons Limited", "smith & sons"),
        ("Nordic Tools AS", "Nordic Tools A/S", "NORDIC TOOLS"),
        ("Acme Pty Ltd", "Acme Pty. Ltd.", "Acme"),
    ],
)
def test_company_keys_ignore_case_spaces_punctuation_and_legal_forms(names) -> None:
    keys = {company_key(name) for name in names}
    assert len(keys) == 1, keys


def test_different_companies_keep_different_keys() -> None:
    assert company_key("Acme") != company_key("Acme Europe")
    assert company_key("Beta Group") != company_key("Beta")
    assert company_key("Inc") == "inc"  # a name made only of a legal form is kept whole
    assert company_key("The") == "the"


def test_email_keys_ignore_case_and_spaces() -> None:
    assert email_key(" Ann.Lee@ACME.com ") == email_key("ann.lee@acme.com")


# --- employees --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("250", 250),
        ("1,200", 1200),
        ("1.200", 1200),
        ("1 200", 1200),
        ("12,000,000", None),
        ("51-200", 125),
        ("51 \u2013 200", 125),
        ("11 to 50", 30),
        ("10,001+", 10001),
        ("1.5k", 1500),
        ("2K", 2000),
        ("5k-10k", 7500),
        ("about 300", 300),
        ("~40 employees", 40),
        ("12.5", 12),
    ],
)
def test_employee_counts_become_sensible_numbers(text: str, expected: int | None) -> None:
    assert parse_employees(text)[0] == expected


@pytest.mark.parametrize("text", ["lots", "n/a", "-5", "50 in Paris, 200 worldwide", "3 offices"])
def test_unclear_employee_counts_are_left_blank_with_a_note(text: str) -> None:
    value, note = parse_employees(text)
    assert value is None
    assert note and text in note and "left blank" in note


def test_an_implausible_count_is_left_blank_with_a_note() -> None:
    value, note = parse_employees("12,000,000")
    assert value is None and "not a plausible number" in (note or "")


# --- cells and rows ---------------------------------------------------------------------------


def test_cells_are_trimmed_but_otherwise_kept_as_typed() -> None:
    assert clean_cell("  Acme \u00a0") == "Acme"
    assert clean_cell('=HYPERLINK("x")') == '=HYPERLINK("x")'
    assert clean_cell("\t=1+1") == "\t=1+1"
    assert clean_cell("a\x00b") == "ab"
    # the apostrophe a SalesCoach CSV export put in front of a formula comes off again
    assert clean_cell("'=1+1") == "=1+1"
    assert clean_cell("'+44 20 7946 0000") == "+44 20 7946 0000"
    assert clean_cell("'quoted'") == "'quoted'"


HEADERS = ["Company", "First Name", "Last Name", "Email", "Title", "Employees", "Owner"]


def _interpret(*cells: str, row: int = 2):
    return RowInterpreter(ColumnMapping.suggest(HEADERS))(list(cells), row)


def test_a_row_becomes_a_prospect_and_a_contact() -> None:
    result = _interpret("Acme", "Ann", "Lee", "mailto:Ann@Acme.com", "CTO", "51-200", "Sam")
    assert isinstance(result, ImportRow)
    assert result.prospect.company == "Acme"
    assert result.prospect.employees == 125
    assert result.person == PersonFields(name="Ann Lee", title="CTO", email="Ann@Acme.com")
    assert result.notes == ()


def test_a_full_name_column_is_preferred_to_first_and_last() -> None:
    mapping = ColumnMapping.suggest(["Company", "Full Name", "First Name", "Last Name"])
    result = RowInterpreter(mapping)(["Acme", "Dr Ann Lee", "Ann", "Lee"], 2)
    assert isinstance(result, ImportRow) and result.person
    assert result.person.name == "Dr Ann Lee"


def test_rows_without_a_company_are_skipped_with_the_reason() -> None:
    result = _interpret("", "Ann", "Lee", "ann@acme.com", "", "", "", row=7)
    assert result == SkippedRow(7, "no company name (ann@acme.com)")


def test_empty_rows_are_not_reported() -> None:
    assert _interpret() is None
    assert _interpret("", "  ", "") is None


def test_short_rows_are_padded_and_long_rows_are_skipped() -> None:
    short = _interpret("Acme", "Ann")
    assert isinstance(short, ImportRow) and short.person and short.person.name == "Ann"
    trailing_separators = _interpret("Acme", "Ann", "Lee", "", "", "", "", "", "")
    assert isinstance(trailing_separators, ImportRow)
    shifted = _interpret("Acme", " Inc", "Ann", "Lee", "ann@acme.com", "CTO", "10", "Sam")
    assert isinstance(shifted, SkippedRow)
    assert "8 values but the file has 7 columns" in shifted.reason


def test_a_bad_email_is_left_out_with_a_note_and_the_contact_kept() -> None:
    result = _interpret("Acme", "Ann", "Lee", "ann at acme", "", "", "")
    assert isinstance(result, ImportRow) and result.person
    assert result.person.email == ""
    assert result.person.name == "Ann Lee"
    assert any("not an email address" in note for note in result.notes)


def test_a_contact_without_a_name_takes_the_email_and_one_without_either_is_dropped() -> None:
    named_by_email = _interpret("Acme", "", "", "info@acme.com")
    assert isinstance(named_by_email, ImportRow) and named_by_email.person
    assert named_by_email.person.name == "info@acme.com"
    nobody = _interpret("Acme", "", "", "", "CTO")
    assert isinstance(nobody, ImportRow)
    assert nobody.person is None
    assert any("no name or email" in note for note in nobody.notes)
    company_only = _interpret("Acme")
    assert isinstance(company_only, ImportRow) and company_only.notes == ()


# --- separators -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "delimiter"),
    [
        ("Company,Name\nAcme,Ann\n", ","),
        ("Company;Name\nAcme, Inc;Ann\n", ";"),
        ("Company\tName\nAcme, Inc\tAnn\n", "\t"),
        ('Company,Notes\nAcme,"a;b;c"\nBeta,"d;e"\n', ","),
        ('Company;Notes\n"Acme, Inc";"a,b"\n', ";"),
        ("Company,Name\n", ","),
        ("Company\n", ","),
        ("Company;Name;Email\n", ";"),
    ],
)
def test_the_separator_is_recognised(sample: str, delimiter: str) -> None:
    assert sniff_delimiter(sample) == delimiter


# --- anything a file may hold -----------------------------------------------------------------


@given(st.lists(st.text(), max_size=12), st.integers(min_value=2, max_value=10**6))
def test_any_row_is_imported_skipped_or_empty_never_a_crash(cells, row) -> None:
    result = _interpret(*cells, row=row)
    assert result is None or isinstance(result, ImportRow | SkippedRow)
    if isinstance(result, ImportRow):
        assert result.prospect.company and result.row == row


@given(st.text())
def test_any_size_text_gives_a_number_or_a_note(text: str) -> None:
    value, note = parse_employees(text)
    assert (value is None) or (0 <= value <= 10_000_000)
    assert value is None or note is None
    if value is None and text.strip():
        assert note


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_company_keys_ignore_case_and_surrounding_spaces_for_any_name(name: str) -> None:
    assert company_key(name) == company_key(name.upper()) == company_key(f"  {name.lower()} ")

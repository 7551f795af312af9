"""Importing CSV files into a real database: CRM exports, bad files, duplicates, all or nothing."""

from __future__ import annotations

import codecs
import os
import random
import time
import tracemalloc
from pathlib import Path

import pytest

from salescoach.domain.csv_columns import ColumnMapping
from salescoach.errors import SalesCoachError
from salescoach.services.cancellable import Cancelled
from salescoach.services.imports import FULL_CHECK_BYTES, ImportService, UnusableFile

HUBSPOT = """\
Record ID,First Name,Last Name,Email,Phone Number,Company Name,Job Title,Industry,\
Number of Employees,Website URL,Country/Region,Contact owner
101,Ann,Lee,ann@acme.example,+44 20 7946 0000,"ACME, Inc.",CTO,Logistics,"1,200",acme.example,UK,Sam
102,Bob,Ray,bob@acme.example,,Acme,CFO,,,,,Sam
103,Cy,Ng,cy@beta.example,,Beta GmbH,Buyer,Retail,51-200,,DE,Sam
104,,,,,Gamma Ltd,,Energy,lots,,,Sam
105,Dee,Fox,dee@nowhere.example,,,CEO,,,,,Sam
"""


@pytest.fixture
def importer(services) -> ImportService:
    return ImportService(services.paths.database)


def _write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _import(importer: ImportService, path: Path, **options):
    return importer.run(importer.inspect(path), **options)


def _prospects(services) -> dict[str, dict]:
    rows = services.db.execute(
        "SELECT company, industry, employees, website, region, notes, stage FROM prospects "
        "WHERE deleted_at IS NULL"
    ).fetchall()
    keys = ("industry", "employees", "website", "region", "notes", "stage")
    return {row[0]: dict(zip(keys, row[1:], strict=True)) for row in rows}


def _people(services) -> set[tuple]:
    return set(
        services.db.execute(
            "SELECT p.company, pe.name, pe.title, pe.email, pe.phone FROM people pe "
            "JOIN prospects p ON p.id = pe.prospect_id WHERE pe.deleted_at IS NULL"
        ).fetchall()
    )


def _snapshot(services) -> tuple:
    return (
        services.db.execute("SELECT * FROM prospects ORDER BY id").fetchall(),
        services.db.execute("SELECT * FROM people ORDER BY id").fetchall(),
    )


# --- a CRM export -----------------------------------------------------------------------------


def test_a_hubspot_export_becomes_prospects_with_their_contacts(services, importer, tmp_path):
    report = _import(importer, _write(tmp_path, HUBSPOT))

    prospects = _prospects(services)
    assert set(prospects) == {"ACME, Inc.", "Beta GmbH", "Gamma Ltd"}  # Acme twice = one prospect
    assert prospects["ACME, Inc."] == {
        "industry": "Logistics",
        "employees": 1200,
        "website": "acme.example",
        "region": "UK",
        "notes": None,
        "stage": "target",
    }
    assert prospects["Beta GmbH"]["employees"] == 125
    assert prospects["Gamma Ltd"]["employees"] is None
    assert _people(services) == {
        ("ACME, Inc.", "Ann Lee", "CTO", "ann@acme.example", "+44 20 7946 0000"),
        ("ACME, Inc.", "Bob Ray", "CFO", "bob@acme.example", None),
        ("Beta GmbH", "Cy Ng", "Buyer", "cy@beta.example", None),
    }
    assert (report.prospects_added, report.people_added) == (3, 3)
    assert report.skipped.entries == [(6, "no company name (dee@nowhere.example)")]
    assert report.notes.entries[0][0] == 5 and "lots" in report.notes.entries[0][1]
    assert report.ignored_columns == ("Record ID", "Contact owner")
    text = report.text()
    assert text.startswith("Imported 3 new prospects and 3 contacts.")
    assert "Read in.csv as UTF-8, columns separated by commas." in text
    assert "Row 6: no company name (dee@nowhere.example)." in text


def test_the_gui_connection_sees_the_import_once_committed(services, importer, tmp_path):
    assert services.prospects.count() == 0
    _import(importer, _write(tmp_path, HUBSPOT))
    assert services.prospects.count() == 3  # another connection wrote it


def test_duplicates_by_email_and_by_company_are_skipped(services, importer, tmp_path):
    acme = services.prospects.add("Acme Incorporated", industry="Freight")
    services.prospects.add_person(acme, "Ann Lee", email="ANN@Acme.Example")
    gamma = services.prospects.add("gamma")
    services.prospects.add_person(gamma, "Old Contact")

    report = _import(importer, _write(tmp_path, HUBSPOT))

    assert report.duplicates.entries == [
        (2, "ann@acme.example is already in SalesCoach (Ann Lee at Acme Incorporated)"),
        (5, "Gamma Ltd is already a prospect (as gamma), and the row has no new contact"),
    ]
    # Bob joins the Acme that was there; its fields are not overwritten
    assert ("Acme Incorporated", "Bob Ray", "CFO", "bob@acme.example", None) in _people(services)
    assert _prospects(services)["Acme Incorporated"]["industry"] == "Freight"
    assert set(_prospects(services)) == {"Acme Incorporated", "gamma", "Beta GmbH"}
    assert (report.prospects_added, report.people_added, report.people_joined_existing) == (
        1,
        2,
        1,
    )
    assert "1 contact joins prospects you already had" in report.headline()


def test_importing_the_same_file_twice_adds_nothing_the_second_time(services, importer, tmp_path):
    path = _write(tmp_path, HUBSPOT)
    _import(importer, path)
    before = _snapshot(services)
    again = _import(importer, path)
    assert _snapshot(services) == before
    assert again.headline() == "Nothing new to import."
    assert again.duplicates.total == 4
    assert again.usable  # a file of duplicates is fine, just not new


def test_within_a_file_rows_of_one_company_share_a_prospect_and_fill_its_blanks(
    services, importer, tmp_path
):
    path = _write(
        tmp_path,
        "Company,Name,Email,Industry,Employees\n"
        "Acme Ltd,Ann,ann@acme.example,,\n"
        "ACME limited,Bob,BOB@acme.example,Freight,40\n"
        "acme,Bob,bob@acme.example,,\n"  # the same email again
        "Acme,Ann,,,\n"  # the same name at the same company, no email
        "Acme,,,Shipping,\n",  # nothing new
    )
    report = _import(importer, path)
    assert _prospects(services)["Acme Ltd"]["industry"] == "Freight"  # the first to fill it
    assert _prospects(services)["Acme Ltd"]["employees"] == 40
    assert {person[1] for person in _people(services)} == {"Ann", "Bob"}
    assert report.duplicates.entries == [
        (4, "bob@acme.example is already on row 3"),
        (5, "Ann is already a contact at Acme Ltd"),
        (6, "same company as row 2, and no new contact"),
    ]


def test_prospects_and_contacts_in_the_trash_count_as_absent(services, importer, tmp_path):
    acme = services.prospects.add("Acme")
    services.prospects.add_person(acme, "Ann Lee", email="ann@acme.example")
    beta = services.prospects.add("Beta")
    bob = services.prospects.add_person(beta, "Bob Ray", email="bob@acme.example")
    services.db.execute("UPDATE prospects SET deleted_at = '2024-01-01' WHERE id = ?", [acme])
    services.db.execute("UPDATE people SET deleted_at = '2024-01-01' WHERE id = ?", [bob])

    report = _import(
        importer,
        _write(
            tmp_path,
            "Company,Name,Email\nAcme,Ann Lee,ann@acme.example\nBeta,Bob Ray,bob@acme.example\n",
        ),
    )
    assert report.duplicates.total == 0
    assert (report.prospects_added, report.people_added) == (1, 2)
    live = services.db.execute(
        "SELECT count(*) FROM prospects WHERE company = 'Acme' AND deleted_at IS NULL"
    ).fetchone()[0]
    assert live == 1


def test_formula_like_cells_are_stored_as_typed(services, importer, tmp_path):
    path = _write(
        tmp_path,
        'Company,Name,Phone,Notes\n=HYPERLINK("http://x.example"),@Ann,+44 1,"-2 to go"\n'
        '"\tTabbed Co",Bob,,"\r=cmd"\n',
    )
    _import(importer, path)
    assert set(_prospects(services)) == {'=HYPERLINK("http://x.example")', "\tTabbed Co"}
    assert _prospects(services)["\tTabbed Co"]["notes"] == "\r=cmd"
    assert ('=HYPERLINK("http://x.example")', "@Ann", None, None, "+44 1") in _people(services)


def test_a_dry_run_reports_without_changing_anything(services, importer, tmp_path):
    before = _snapshot(services)
    report = _import(importer, _write(tmp_path, HUBSPOT), dry_run=True)
    assert _snapshot(services) == before
    assert report.headline() == (
        "Would import 3 new prospects and 3 contacts. Dry run: nothing was changed."
    )


# --- encodings and separators -----------------------------------------------------------------


def test_utf8_with_a_byte_order_mark(services, importer, tmp_path):
    path = _write(tmp_path, "Company,Contact\nSociété Générale,Zoë Ölund\n", "utf-8-sig")
    preview = importer.inspect(path)
    assert preview.headers == ("Company", "Contact")  # the mark is not part of the first name
    assert preview.encoding.label == "UTF-8 (with BOM)"
    importer.run(preview)
    assert ("Société Générale", "Zoë Ölund", None, None, None) in _people(services)


def test_windows_1252_is_detected_and_said(services, importer, tmp_path):
    path = _write(tmp_path, "Company;Contact\nSociété Générale;Zoë Ölund \u2013 CEO\n", "cp1252")
    preview = importer.inspect(path)
    assert preview.encoding.label.startswith("Windows-1252")
    assert preview.delimiter == ";"
    report = importer.run(preview)
    assert "as Windows-1252" in report.text()
    assert ("Société Générale", "Zoë Ölund \u2013 CEO", None, None, None) in _people(services)


def test_a_large_file_that_stops_being_utf8_late_is_read_as_windows_1252(
    services, importer, tmp_path
):
    path = tmp_path / "late.csv"
    filler = "x" * 200
    with path.open("wb") as handle:
        handle.write(b"Company,Bio\n")
        while handle.tell() <= FULL_CHECK_BYTES:
            handle.write(f"Plain,{filler}\n".encode())
        handle.write("Café Noir,Crème\n".encode("cp1252"))
    preview = importer.inspect(path)
    assert preview.encoding.label == "UTF-8"  # the start is plain ASCII
    report = importer.run(preview)
    assert report.encoding.startswith("Windows-1252")
    assert {"Plain", "Café Noir"} == set(_prospects(services))


def test_utf16_from_excel_unicode_text_is_read(services, importer, tmp_path):
    path = _write(tmp_path, "Company\tContact\r\nÅkesson AB\tÅsa\r\n", "utf-16")
    report = _import(importer, path)
    assert report.encoding == "UTF-16" and report.delimiter == "tabs"
    assert ("Åkesson AB", "Åsa", None, None, None) in _people(services)


def test_a_tab_separated_file_with_commas_in_values(services, importer, tmp_path):
    path = _write(tmp_path, "Account Name\tFull Name\nAcme, Inc.\tLee, Ann\n")
    _import(importer, path)
    assert ("Acme, Inc.", "Lee, Ann", None, None, None) in _people(services)


def test_quotes_and_line_breaks_inside_cells_and_rows_numbered_as_a_spreadsheet_does(
    services, importer, tmp_path
):
    path = _write(
        tmp_path,
        'Company,Notes,Name\r\n"Acme ""Best"" Ltd","first line\r\nsecond line",Ann\r\n'
        ',"a note\nover\nthree lines",Nobody\r\n'
        "Beta,,Bob\r\n"
        ",,Cy\r\n",
    )
    report = _import(importer, path)
    assert _prospects(services)['Acme "Best" Ltd']["notes"] == "first line\r\nsecond line"
    # Row 3 spans three lines of the file; the next row is still row 5 in a spreadsheet
    assert [row for row, _reason in report.skipped.entries] == [3, 5]


# --- files that cannot be imported ------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", codecs.BOM_UTF8, b"\r\n\r\n  \n", b",,,\n,,\n"])
def test_an_empty_file_is_refused_plainly(importer, tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(UnusableFile, match=r"empty\.csv is empty: there is nothing to import"):
        importer.inspect(path)


def test_a_file_with_column_names_only_is_refused(importer, tmp_path):
    path = _write(tmp_path, "Company,Email\r\n\r\n")
    with pytest.raises(UnusableFile, match="column names but no rows below them"):
        importer.inspect(path)


def test_a_file_without_a_company_column_cannot_be_imported(services, importer, tmp_path):
    preview = importer.inspect(_write(tmp_path, "Name,Email\nAnn,ann@acme.example\n"))
    assert not preview.mapping.has_company
    assert "Choose the column that holds the company: it is needed." in preview.warnings()
    with pytest.raises(UnusableFile, match=r"no company column.*Columns found: Name, Email"):
        importer.run(preview)
    # choosing a column by hand makes it importable
    importer.run(preview, preview.mapping.assign(0, "company"))
    assert set(_prospects(services)) == {"Ann"}


def test_extra_and_missing_columns(services, importer, tmp_path):
    path = _write(
        tmp_path,
        "Company,Favourite Colour,Name,Lead Score\nAcme,Blue,Ann,99\nBeta\nGamma,Red,Cy,1,extra\n",
    )
    report = _import(importer, path)
    assert report.ignored_columns == ("Favourite Colour", "Lead Score")
    assert set(_prospects(services)) == {"Acme", "Beta"}
    ((row, reason),) = report.skipped.entries
    assert row == 4 and "5 values but the file has 4 columns" in reason


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04" + bytes(range(256)) * 4, "spreadsheet workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "spreadsheet workbook"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data"),
        (random.Random(7).randbytes(5000), "binary data"),
        (bytes(random.Random(8).choices(range(1, 32), k=5000)), "binary data"),
    ],
)
def test_binary_files_are_refused_plainly(importer, tmp_path, content, message):
    path = tmp_path / "garbage.csv"
    path.write_bytes(content)
    with pytest.raises(UnusableFile, match=message):
        importer.inspect(path)


def test_a_missing_file_is_refused(importer, tmp_path):
    with pytest.raises(UnusableFile, match="There is no file"):
        importer.inspect(tmp_path / "nope.csv")


def test_an_unclosed_quote_fails_the_whole_import(services, importer, tmp_path):
    body = "".join(f"Company {n},Person {n}\n" for n in range(50))
    path = _write(tmp_path, "Company,Name\n" + body + 'Broken,"never closed\n' + "x" * 140_000)
    before = _snapshot(services)
    with pytest.raises(
        UnusableFile, match=r"Row 52 of in\.csv cannot be read.*Nothing was imported"
    ):
        _import(importer, path)
    assert _snapshot(services) == before


# --- all or nothing ---------------------------------------------------------------------------


def test_a_write_failing_mid_file_leaves_the_database_as_it_was(services, importer, tmp_path):
    services.prospects.add("Already here")
    services.db.execute(
        "CREATE TRIGGER refuse_boom BEFORE INSERT ON prospects WHEN new.company = 'Boom' "
        "BEGIN SELECT RAISE(ABORT, 'the disk said no'); END"
    )
    rows = "".join(f"Company {n},person{n}@x.example\n" for n in range(200))
    path = _write(tmp_path, "Company,Email\n" + rows + "Boom,boom@x.example\nAfter,a@x.example\n")
    before = _snapshot(services)
    with pytest.raises(SalesCoachError, match="the disk said no"):
        _import(importer, path)
    assert _snapshot(services) == before


def test_cancelling_half_way_leaves_the_database_as_it_was(services, importer, tmp_path):
    rows = "".join(f"Company {n},Person {n},p{n}@x.example,{'n' * 300}\n" for n in range(3000))
    path = _write(tmp_path, "Company,Name,Email,Bio\n" + rows)
    before = _snapshot(services)
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done * 100 // total)

    with pytest.raises(Cancelled):
        _import(importer, path, progress=progress, cancelled=lambda: bool(seen) and seen[-1] >= 50)
    assert 50 <= seen[-1] < 100
    assert _snapshot(services) == before


# --- a 100 MB file ----------------------------------------------------------------------------


def test_a_100_mb_file_streams_in_bounded_memory_with_progress_by_bytes(
    services, importer, tmp_path
):
    # Wide rows (a long ignored column, as CRM exports often carry) keep the row count, and the
    # time the database takes, modest; the file is still read whole, 100 MB of it.
    path = tmp_path / "big.csv"
    bio = "lorem ipsum " * 4000
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("Company,Name,Email,Bio\n")
        number = 0
        while handle.tell() < 100 * 1024 * 1024:
            handle.write(f"Company {number},Person {number},p{number}@x.example,{bio}\n")
            number += 1
    size = os.path.getsize(path)
    positions: list[int] = []

    started = time.monotonic()
    tracemalloc.start()
    try:
        report = _import(importer, path, progress=lambda done, total: positions.append(done))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.monotonic() - started

    assert report.prospects_added == number
    assert services.prospects.count() == number
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    assert positions == sorted(positions) and positions[-1] == size
    assert len(positions) > 100  # the bar moves as the bytes go by
    assert elapsed < 60, f"{elapsed:.1f} s"  # a hang, not a benchmark: the machine is shared


# --- a mapping chosen by hand -----------------------------------------------------------------


def test_a_mapping_for_another_file_is_refused(importer, tmp_path):
    preview = importer.inspect(_write(tmp_path, "Company,Name\nAcme,Ann\n"))
    with pytest.raises(ValueError):
        importer.run(preview, ColumnMapping.suggest(["Company"]))

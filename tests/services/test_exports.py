"""CRM exports from a real database: the files, their safety, and importing them back."""

from __future__ import annotations

import codecs
import csv
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from salescoach.app import build_services
from salescoach.errors import SalesCoachError
from salescoach.paths import DataPaths
from salescoach.services.cancellable import Cancelled
from salescoach.services.demo import add_demo_data
from salescoach.services.exports import ExportService
from salescoach.services.imports import ImportService

KINDS = ("prospects", "people", "meetings", "needs")


@pytest.fixture
def exporter(services) -> ExportService:
    return ExportService(services.paths.database)


@pytest.fixture
def pipeline(services) -> dict[str, int]:
    """Prospects with accents, formulas, several contacts, none, and some in the trash."""
    ids = {}
    ids["acme"] = services.prospects.add(
        "Société Générale", industry="Banque", employees=1200, region="FR", notes="Line 1\nLine 2"
    )
    services.prospects.add_person(ids["acme"], "Zoë Ölund", title="CFO", email="zoe@sg.example")
    services.prospects.add_person(ids["acme"], "Bob Ray", phone="+33 1 23 45 67 89")
    ids["formula"] = services.prospects.add('=HYPERLINK("http://evil.example","click")')
    services.prospects.add_person(ids["formula"], "@Ann", title="-CEO", email="ann@evil.example")
    ids["lonely"] = services.prospects.add("Lonely Ltd", website="lonely.example")
    ids["trashed"] = services.prospects.add("In The Trash")
    services.prospects.add_person(ids["trashed"], "Gone Person", email="gone@x.example")
    gone = services.prospects.add_person(ids["acme"], "Left Acme", email="left@sg.example")
    services.db.execute(
        "UPDATE prospects SET deleted_at = '2024-05-01' WHERE id = ?", [ids["trashed"]]
    )
    services.db.execute("UPDATE people SET deleted_at = '2024-05-01' WHERE id = ?", [gone])
    return ids


def _read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)  # Excel reads the accents right
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_export_writes_one_file_per_kind(services, exporter, pipeline, tmp_path):
    written = exporter.export(tmp_path / "out", "csv")
    assert [f.path.name for f in written] == [f"{kind}.csv" for kind in KINDS]
    assert [f.describe().split(" in ")[0] for f in written] == [
        "3 prospects",
        "3 contacts",
        "0 meetings",
        "0 needs",
    ]
    prospects = {row["Company"]: row for row in _read_csv(tmp_path / "out" / "prospects.csv")}
    assert "In The Trash" not in prospects and len(prospects) == 3
    acme = prospects["Société Générale"]
    assert acme["Employees"] == "1200"
    assert acme["Notes"] == "Line 1\nLine 2"
    assert acme["Stage"] == "target"
    assert acme["Contact Name"] == "Zoë Ölund"  # the main contact: the first one added
    assert acme["Created"][:4].isdigit() and "T" in acme["Created"]  # ISO 8601
    assert prospects["Lonely Ltd"]["Contact Name"] == ""
    people = [row["Name"] for row in _read_csv(tmp_path / "out" / "people.csv")]
    assert people == ["Zoë Ölund", "Bob Ray", "'@Ann"]


def test_csv_cells_never_run_as_formulas_but_json_keeps_them(exporter, pipeline, tmp_path):
    exporter.export(tmp_path / "csv", "csv")
    exporter.export(tmp_path / "json", "json")
    companies = [row["Company"] for row in _read_csv(tmp_path / "csv" / "prospects.csv")]
    assert '\'=HYPERLINK("http://evil.example","click")' in companies
    person = _read_csv(tmp_path / "csv" / "people.csv")[2]
    assert (person["Name"], person["Title"]) == ("'@Ann", "'-CEO")
    assert _read_csv(tmp_path / "csv" / "people.csv")[1]["Phone"] == "'+33 1 23 45 67 89"

    assert not (tmp_path / "json" / "prospects.json").read_bytes().startswith(codecs.BOM_UTF8)
    prospects = json.loads((tmp_path / "json" / "prospects.json").read_text(encoding="utf-8"))
    assert prospects[1]["company"] == '=HYPERLINK("http://evil.example","click")'
    assert prospects[0]["employees"] == 1200  # a number stays a number
    assert prospects[2]["contact_name"] is None


def test_meetings_and_needs_are_exported(services, exporter, tmp_path):
    add_demo_data(services)
    exporter.export(tmp_path, "csv")
    meetings = _read_csv(tmp_path / "meetings.csv")
    assert meetings and set(meetings[0]) == {
        "Meeting ID",
        "Prospect ID",
        "Company",
        "Playbook",
        "Title",
        "Status",
        "Started",
        "Ended",
        "Outcome",
        "Next Step",
        "Next Step Date",
    }
    ended = [m for m in meetings if m["Status"] == "ended"]
    assert ended and all(m["Ended"] and m["Outcome"] for m in ended)
    needs = _read_csv(tmp_path / "needs.csv")
    assert needs and all(n["Statement"] and n["Rank"].isdigit() for n in needs)
    assert {n["Meeting ID"] for n in needs} <= {m["Meeting ID"] for m in meetings} | {""}


def test_meetings_and_needs_of_trashed_prospects_are_left_out(services, exporter, tmp_path):
    add_demo_data(services)
    services.db.execute("UPDATE prospects SET deleted_at = '2024-05-01'")
    written = exporter.export(tmp_path, "json")
    assert [f.count for f in written] == [0, 0, 0, 0]
    assert json.loads((tmp_path / "meetings.json").read_text(encoding="utf-8")) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_files_are_private_and_no_temporary_file_is_left(exporter, pipeline, tmp_path):
    old = os.umask(0o077)  # what the app sets at start
    try:
        exporter.export(tmp_path / "new", "csv")
    finally:
        os.umask(old)
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == sorted(
        f"{kind}.csv" for kind in KINDS
    )
    for path in (tmp_path / "new").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700


def test_a_cancelled_export_replaces_nothing(exporter, pipeline, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "prospects.csv").write_text("the previous export", encoding="utf-8")
    progress: list[int] = []
    with pytest.raises(Cancelled):
        exporter.export(
            folder,
            "csv",
            progress=lambda done, total: progress.append(done),
            cancelled=lambda: len(progress) >= 4,
        )
    assert [p.name for p in folder.iterdir()] == ["prospects.csv"]
    assert (folder / "prospects.csv").read_text(encoding="utf-8") == "the previous export"


def test_an_export_to_a_folder_that_cannot_be_written_says_so(exporter, pipeline, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(SalesCoachError, match="could not be written"):
        exporter.export(blocker / "out", "csv")
    with pytest.raises(SalesCoachError, match="Unknown export format"):
        exporter.export(tmp_path, "xlsx")


# --- round trips ------------------------------------------------------------------------------


def _fresh(tmp_path: Path, name: str):
    return build_services(DataPaths(tmp_path / name))


def _contents(services) -> tuple[set, set]:
    prospects = set(
        services.db.execute(
            "SELECT company, industry, employees, region, website, notes, stage FROM prospects "
            "WHERE deleted_at IS NULL"
        ).fetchall()
    )
    people = set(
        services.db.execute(
            "SELECT p.company, pe.name, pe.title, pe.email, pe.phone FROM people pe "
            "JOIN prospects p ON p.id = pe.prospect_id "
            "WHERE pe.deleted_at IS NULL AND p.deleted_at IS NULL"
        ).fetchall()
    )
    return prospects, people


def test_a_csv_export_imported_into_a_fresh_database_gives_the_same_prospects_and_people(
    services, exporter, pipeline, tmp_path
):
    exporter.export(tmp_path / "export", "csv")
    fresh = _fresh(tmp_path, "fresh")
    try:
        importer = ImportService(fresh.paths.database)
        for kind in ("prospects", "people"):  # prospects with main contacts, then the others
            importer.run(importer.inspect(tmp_path / "export" / f"{kind}.csv"))
        assert _contents(fresh) == _contents(services)
    finally:
        fresh.close()


def test_a_json_export_holds_the_prospects_exactly(services, exporter, pipeline, tmp_path):
    exporter.export(tmp_path, "json")
    exported = json.loads((tmp_path / "prospects.json").read_text(encoding="utf-8"))
    stored = services.db.execute(
        "SELECT id, company, industry, employees, region, website, stage, notes, created_at "
        "FROM prospects WHERE deleted_at IS NULL ORDER BY id"
    ).fetchall()
    keys = ("prospect_id", "company", "industry", "employees", "region", "website", "stage")
    assert [tuple(p[key] for key in (*keys, "notes", "created")) for p in exported] == stored

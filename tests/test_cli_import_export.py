"""The command line: import-prospects (with --dry-run) and export-data."""

from __future__ import annotations

import csv
import json
import os
import stat
import sys
from pathlib import Path

import pytest
from shared_helpers import run_child

from salescoach.app import main
from salescoach.paths import DATABASE_NAME

CONTACTS = """\
Company Name,First Name,Last Name,Email,Lead Status
"Acme, Inc.",Ann,Lee,ann@acme.example,New
Acme,Bob,Ray,bob@acme.example,New
,Cy,Ng,cy@nowhere.example,Open
"""


def _prospect_count(basedir: Path) -> int:
    import sqlite3

    with sqlite3.connect(basedir / DATABASE_NAME) as conn:
        return conn.execute("SELECT count(*) FROM prospects").fetchone()[0]


@pytest.fixture
def contacts(tmp_path: Path) -> Path:
    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS, encoding="utf-8")
    return path


def test_import_prints_counts_and_the_rows_skipped(tmp_path, contacts, capsys) -> None:
    basedir = tmp_path / "data"
    assert main(["import-prospects", str(contacts), "--basedir", str(basedir)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:2] == [
        "Imported 1 new prospect and 2 contacts.",
        "Read contacts.csv as UTF-8, columns separated by commas.",
    ]
    assert "Columns not imported: Lead Status." in out
    assert "1 row skipped:\n  Row 4: no company name (cy@nowhere.example)." in out
    assert _prospect_count(basedir) == 1

    assert main(["import-prospects", str(contacts), "--basedir", str(basedir)]) == 0
    again = capsys.readouterr().out
    assert again.startswith("Nothing new to import.")
    assert "2 duplicate rows skipped:\n  Row 2: ann@acme.example is already in SalesCoach" in again


def test_a_dry_run_shows_the_columns_and_changes_nothing(tmp_path, contacts, capsys) -> None:
    basedir = tmp_path / "data"
    assert main(["import-prospects", str(contacts), "--dry-run", "--basedir", str(basedir)]) == 0
    out = capsys.readouterr().out
    assert "Columns:\n  Company Name -> Company\n  First Name -> Contact: first name\n" in out
    assert "  Lead Status -> (ignored)" in out
    assert "Would import 1 new prospect and 2 contacts. Dry run: nothing was changed." in out
    assert _prospect_count(basedir) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"Company,Email\n", "column names but no rows"),
        (b"Name,Email\nAnn,ann@acme.example\n", "no company column"),
        (b"PK\x03\x04\x14\x00\x06\x00", "spreadsheet workbook"),
    ],
)
def test_an_unusable_file_exits_1_with_the_reason(tmp_path, capsys, content, message) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    assert main(["import-prospects", str(path), "--basedir", str(tmp_path / "data")]) == 1
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.err.startswith("salescoach: ")


def test_a_file_whose_every_row_is_skipped_exits_1(tmp_path, capsys) -> None:
    path = tmp_path / "nocompany.csv"
    path.write_text("Company,Name\n,Ann\n,Bob\n", encoding="utf-8")
    assert main(["import-prospects", str(path), "--basedir", str(tmp_path / "data")]) == 1
    assert "2 rows skipped" in capsys.readouterr().out


def test_export_data_writes_csv_and_json(tmp_path, capsys) -> None:
    basedir = tmp_path / "data"
    assert main(["demo", "--basedir", str(basedir)]) == 0
    capsys.readouterr()
    out_dir = tmp_path / "crm"
    args = ["export-data", "--format", "csv", "--output", str(out_dir), "--basedir", str(basedir)]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Wrote 6 prospects in {out_dir / 'prospects.csv'}"
    assert [line.split(" in ")[-1] for line in lines] == [
        str(out_dir / f"{kind}.csv") for kind in ("prospects", "people", "meetings", "needs")
    ]
    with (out_dir / "prospects.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 6

    args[2] = "json"
    assert main(args) == 0
    meetings = json.loads((out_dir / "meetings.json").read_text(encoding="utf-8"))
    assert meetings and {"meeting_id", "company", "outcome", "next_step_date"} <= set(meetings[0])


def test_export_data_into_a_file_path_exits_1(tmp_path, capsys) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("", encoding="utf-8")
    args = ["export-data", "--format", "json", "--output", str(blocker / "x")]
    assert main(["demo", "--basedir", str(tmp_path / "data")]) == 0
    assert main([*args, "--basedir", str(tmp_path / "data")]) == 1
    assert "could not be written" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [["backup"], ["list"], ["export-data", "--format", "csv", "--output", "crm"]],
    ids=lambda command: command[0],
)
def test_a_folder_without_data_is_said_so_and_left_empty(
    tmp_path, capsys, monkeypatch, command
) -> None:
    monkeypatch.chdir(tmp_path)
    basedir = tmp_path / "typo"
    assert main([*command, "--basedir", str(basedir)]) == 2
    assert f"There is no SalesCoach data in {basedir} yet" in capsys.readouterr().err
    assert not basedir.exists()  # no empty database made, backed up or exported
    assert not (tmp_path / "crm").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_exported_files_are_owner_only(tmp_path: Path) -> None:
    basedir, out_dir = tmp_path / "data", tmp_path / "crm"
    assert main(["demo", "--basedir", str(basedir)]) == 0
    result = run_child(
        [
            sys.executable,
            "-m",
            "salescoach",
            "export-data",
            "--format",
            "csv",
            "--output",
            str(out_dir),
            "--basedir",
            str(basedir),
        ],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out_dir.stat().st_mode) == 0o700
    for path in out_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path

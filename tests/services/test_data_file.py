"""Putting the data back after its file went while SalesCoach was open, with real answers in a
real database: whole at its place (a file that took the name kept under a name of its own), or a
calm refusal that keeps everything open when the folder is gone."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from shared_helpers import answer_rows, delete_with_log, fresh_answer_rows

from salescoach.app import build_services
from salescoach.domain.samples import sample_answers
from salescoach.errors import SalesCoachError, StorageUnavailable
from salescoach.paths import DataPaths
from salescoach.services.exports import ExportService
from salescoach.services.imports import ImportService


def _answer_everything(services, playbook) -> list[tuple]:
    prospect = services.prospects.add("Nordic Freight AB")
    interview = services.interviews.start(prospect, playbook)
    for question_id, value in sample_answers(playbook).items():
        services.interviews.record(interview, question_id, "value", value)
    services.interviews.record(interview, "problems", "quote", "Nobody can plan when Jana is away")
    return answer_rows(services.db.conn)


def test_the_file_is_watched_from_the_start(services) -> None:
    assert services.data_file.where_is_it() == "in place"
    delete_with_log(services.paths.database)
    assert services.data_file.where_is_it() == "missing"


def test_deleted_data_goes_back_whole(services, default_playbook) -> None:
    saved = _answer_everything(services, default_playbook)
    assert len(saved) > 10
    database = services.paths.database
    delete_with_log(database)

    placed = services.data_file.put_back()

    assert placed.path == database and not placed.beside
    assert fresh_answer_rows(database) == saved


def test_another_file_with_the_name_is_kept_aside(services, default_playbook) -> None:
    saved = _answer_everything(services, default_playbook)
    database = services.paths.database
    delete_with_log(database)
    database.write_bytes(b"SQLite format 3\x00 from another laptop")

    placed = services.data_file.put_back()

    assert placed.path == database and not placed.beside
    assert fresh_answer_rows(database) == saved
    assert placed.set_aside is not None and placed.set_aside.parent == database.parent
    assert placed.set_aside.name.startswith("salescoach-replaced-")
    assert placed.set_aside.read_bytes() == b"SQLite format 3\x00 from another laptop"


def test_a_folder_that_went_is_explained_and_nothing_is_lost(
    services, default_playbook, tmp_path: Path
) -> None:
    saved = _answer_everything(services, default_playbook)
    folder = services.paths.basedir
    folder.rename(tmp_path / "moved by hand")
    assert services.data_file.where_is_it() == "missing"
    assert not services.data_file.folder_usable()

    with pytest.raises(SalesCoachError, match="is no longer there") as raised:
        services.data_file.put_back()

    assert str(folder) in str(raised.value)
    assert not folder.exists()  # not made again, empty, where the rep would not look
    assert answer_rows(services.db.conn) == saved  # the open data holds everything
    services.prospects.add("Saved While Away Ltd")  # and goes on saving
    assert fresh_answer_rows(tmp_path / "moved by hand" / "salescoach.db") == saved


def test_the_rep_carries_on_with_their_own_data(services, default_playbook, tmp_path) -> None:
    saved = _answer_everything(services, default_playbook)
    other = build_services(DataPaths(tmp_path / "other laptop"))
    other.prospects.add("Other Laptop Ltd")
    other.close()
    database = services.paths.database
    shutil.copyfile(other.paths.database, database.with_name("sync.tmp"))
    database.with_name("sync.tmp").replace(database)  # our log files stay at their names
    assert services.data_file.where_is_it() == "replaced"

    placed = services.data_file.put_back()
    services.close()  # as the running app does before opening the data again

    reopened = build_services(services.paths)
    try:
        assert answer_rows(reopened.db.conn) == saved
    finally:
        reopened.close()
    assert placed.set_aside is not None
    with closing(sqlite3.connect(f"{placed.set_aside.as_uri()}?mode=ro", uri=True)) as conn:
        assert conn.execute("SELECT company FROM prospects").fetchall() == [("Other Laptop Ltd",)]


def test_an_import_or_export_never_reaches_a_file_that_took_the_name(
    services, tmp_path: Path
) -> None:
    other = build_services(DataPaths(tmp_path / "other laptop"))
    other.close()
    database = services.paths.database
    shutil.copyfile(other.paths.database, database.with_name("sync.tmp"))
    database.with_name("sync.tmp").replace(database)
    before = database.read_bytes()
    csv_file = tmp_path / "leads.csv"
    csv_file.write_text("Company,Email\nHarbor Dental Group,alan@harbor.example\n", "utf-8")
    importer = ImportService(database, services.data_file)
    exporter = ExportService(database, services.data_file)

    with pytest.raises(StorageUnavailable, match="moved, deleted or replaced"):
        importer.run(importer.inspect(csv_file))
    with pytest.raises(StorageUnavailable, match="moved, deleted or replaced"):
        exporter.export(tmp_path / "export", "csv")

    assert database.read_bytes() == before  # nothing written into the other laptop's file
    assert not (tmp_path / "export").exists()
    # Put back, the same import goes to the rep's data.
    services.data_file.put_back()
    reopened = build_services(services.paths)
    try:
        report = ImportService(database, reopened.data_file).run(importer.inspect(csv_file))
        assert report.added_anything
    finally:
        reopened.close()

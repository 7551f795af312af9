"""A database from every released SalesCoach opens with the current code, and nothing in it is lost.

tests/data holds one frozen database per release, made with that release's own code by
tests/data/make_fixture.py, and beside it what was read back from it then
(`salescoach-<version>.expected.json`). Each test works on a copy in tmp_path, opened the app's
normal way (`build_services`), so every migration added since the release runs on real old data:
the checks hold for any later migration, not one in particular.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from salescoach.app import build_services
from salescoach.paths import DataPaths
from salescoach.services.container import Services
from salescoach.storage.migrations import MIGRATIONS

DATA = Path(__file__).parents[1] / "data"
FIXTURES = sorted(DATA.glob("salescoach-*.db"))
# Values an upgrade works out again from the rest of the data, on purpose: not losses.
DERIVED = {
    ("prospects", "stage"): "the step is worked out from what was done with the prospect",
}
# Rows every start of a newer version rewrites.
REWRITTEN = {("app_meta", "last_opened_by"): "the version that last opened the file"}
# Tables an upgrade may add rows to (keys, settings, migrations); the others keep their count.
MAY_GROW = {"app_meta", "settings", "_sqlite_migrations"}


@dataclass
class Upgraded:
    fixture: Path
    expected: dict[str, Any]
    paths: DataPaths
    services: Services


def expectations(fixture: Path) -> dict[str, Any]:
    return json.loads(fixture.with_suffix(".expected.json").read_text(encoding="utf-8"))


def applied_names(db: sqlite_utils.Database) -> list[str]:
    return [migration.name for migration in MIGRATIONS.applied(db)]


def fresh_migrations(folder: Path) -> list[str]:
    services = build_services(DataPaths(folder))
    try:
        return applied_names(services.db)
    finally:
        services.close()


def same_value(expected: Any, actual: Any) -> bool:
    """Long text was recorded by its hash (see make_fixture.fingerprint)."""
    if isinstance(expected, dict) and set(expected) == {"sha256", "length"}:
        return (
            isinstance(actual, str)
            and hashlib.sha256(actual.encode()).hexdigest() == expected["sha256"]
        )
    return expected == actual and type(expected) is type(actual)


def table_differences(
    conn: sqlite3.Connection, tables: dict[str, Any], skip: dict[tuple[str, str], str]
) -> list[str]:
    """Every recorded row, by primary key, compared column by column; new columns are ignored."""
    found = []
    for table, recorded in tables.items():
        keys = recorded["key"]
        cursor = conn.execute(f"SELECT * FROM [{table}]")
        columns = [description[0] for description in cursor.description]
        current = {}
        for row in cursor.fetchall():
            as_dict = dict(zip(columns, row, strict=True))
            current[tuple(as_dict[key] for key in keys)] = as_dict
        if table not in MAY_GROW and len(current) != len(recorded["rows"]):
            found.append(f"{table}: {len(recorded['rows'])} rows before, {len(current)} after")
        for row in recorded["rows"]:
            key = tuple(row[k] for k in keys)
            if table == "app_meta" and (table, row["key"]) in skip:
                continue
            now = current.get(key)
            if now is None:
                found.append(f"{table} {key}: row missing")
                continue
            for column, value in row.items():
                if (table, column) in skip:
                    continue
                if column not in now:
                    found.append(f"{table} {key}: column {column} dropped")
                elif not same_value(value, now[column]):
                    found.append(f"{table} {key} {column}: {value!r} became {now[column]!r}")
    return found


@pytest.fixture(params=FIXTURES, ids=[fixture.stem for fixture in FIXTURES])
def upgraded(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Upgraded]:
    """A copy of a released database opened by the current code; the original is never opened."""
    fixture: Path = request.param
    expected = expectations(fixture)
    committed = fixture.read_bytes()
    assert hashlib.sha256(committed).hexdigest() == expected["sha256"], "fixture and record differ"
    paths = DataPaths(tmp_path / "data")
    paths.basedir.mkdir()
    shutil.copyfile(fixture, paths.database)
    services = build_services(paths)
    try:
        yield Upgraded(fixture, expected, paths, services)
    finally:
        services.close()
    assert fixture.read_bytes() == committed
    assert not list(DATA.glob(f"{fixture.name}-*")), "the committed file was opened in place"


def test_every_release_has_a_fixture_and_its_record() -> None:
    assert DATA / "salescoach-0.1.0.db" in FIXTURES
    for fixture in FIXTURES:
        expected = expectations(fixture)
        assert fixture.name == f"salescoach-{expected['version']}.db"
        assert not list(DATA.glob(f"{fixture.name}-*")), "a fixture must be one file (no WAL)"


def test_every_migration_is_applied(upgraded: Upgraded, tmp_path: Path) -> None:
    db = upgraded.services.db
    assert MIGRATIONS.pending(db) == []
    applied = applied_names(db)
    assert applied == fresh_migrations(tmp_path / "fresh")
    released = upgraded.expected["migrations"]
    assert applied[: len(released)] == released


def test_the_upgraded_database_is_intact(upgraded: Upgraded) -> None:
    db = upgraded.services.db
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_copy_is_kept_from_before_the_upgrade(upgraded: Upgraded, tmp_path: Path) -> None:
    released = upgraded.expected["migrations"]
    taken = [b for b in upgraded.services.backups.backups() if b.reason == "before-migration"]
    if released == fresh_migrations(tmp_path / "fresh"):  # the current schema: nothing to upgrade
        assert taken == []
        return
    assert len(taken) == 1
    copy = sqlite3.connect(f"{taken[0].path.as_uri()}?mode=ro", uri=True)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        names = copy.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid").fetchall()
        assert [name for (name,) in names] == released
        # The copy is the release's data exactly, before anything was worked out again.
        assert table_differences(copy, upgraded.expected["tables"], skip={}) == []
    finally:
        copy.close()

    upgraded.services.close()  # a second start has nothing left to migrate: no second copy
    upgraded.services = build_services(upgraded.paths)
    again = [b for b in upgraded.services.backups.backups() if b.reason == "before-migration"]
    assert again == taken


def test_every_row_survives_the_upgrade(upgraded: Upgraded) -> None:
    differences = table_differences(
        upgraded.services.db.conn, upgraded.expected["tables"], skip={**DERIVED, **REWRITTEN}
    )
    assert differences == []
    counts = upgraded.expected["counts"]
    assert counts["answers"] > 50 and counts["answer_history"] >= 4 and counts["summaries"] >= 2


def test_the_current_services_read_the_old_meetings_as_recorded(upgraded: Upgraded) -> None:
    services = upgraded.services
    interviews = services.interviews
    recorded = upgraded.expected["read_back"]
    for interview_id, meeting in recorded["meetings"].items():
        number = int(interview_id)
        assert interviews.meeting(number).playbook.id == meeting["playbook"]
        stored = interviews.answers(number)
        answers = {
            qid: {
                "value": answer.value,
                "note": answer.note,
                "quote": answer.quote,
                "carried_value": answer.carried_value,
            }
            for qid, answer in stored.items()
        }
        assert answers == meeting["answers"]
        history = {qid: interviews.history(number, qid) for qid in meeting["history"]}
        assert history == meeting["history"]
        needs = [dataclasses.asdict(need) for need in interviews.needs(number)]
        assert len(needs) == len(meeting["needs"])
        for need, old in zip(needs, meeting["needs"], strict=True):
            assert {key: need[key] for key in old} == old  # a later version may add fields
    for summary in recorded["summaries"]:
        where = (summary["interview_id"], summary["template"], summary["format"])
        assert services.summaries.final(*where) == summary["final"]
        assert services.summaries.sent_at(*where) == summary["sent_at"]
    assert services.settings.profile() == recorded["profile"]


def test_old_meetings_take_new_answers_after_the_upgrade(upgraded: Upgraded) -> None:
    """Not just readable: an old meeting goes on, its history keeps the released value."""
    interviews = upgraded.services.interviews
    meetings = upgraded.expected["read_back"]["meetings"]
    interview_id, question_id, answer = next(
        (interview_id, question_id, answer)
        for interview_id, meeting in meetings.items()
        for question_id, answer in meeting["answers"].items()
        if answer["value"] is not None
    )
    number = int(interview_id)
    interviews.record(number, question_id, "value", "Typed after the upgrade ✓")
    assert interviews.answers(number)[question_id].value == "Typed after the upgrade ✓"
    last = interviews.history(number, question_id)[-1]
    assert json.loads(last["old"]) == answer["value"]


def test_a_fresh_database_keeps_every_released_migration_name(tmp_path: Path) -> None:
    """A released migration is never renamed, removed or reordered; new ones only come after."""
    fresh = fresh_migrations(tmp_path / "fresh")
    assert len(fresh) == len(set(fresh))
    for fixture in FIXTURES:
        released = expectations(fixture)["migrations"]
        assert fresh[: len(released)] == released, fixture.name

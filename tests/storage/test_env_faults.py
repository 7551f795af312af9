"""Real environment faults at the repository and service level: another program holding the
database, a full disk, a disk error, a read-only database, missing permissions. Each one becomes a
calm `SalesCoachError` in plain words (what happened, what to do) and, once the fault clears, the
same call works and its data is on disk (checked with a fresh connection)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils
from shared_helpers import run_child

from salescoach.errors import DatabaseLocked, SalesCoachError, StorageUnavailable
from salescoach.services.interviews import InterviewService
from salescoach.storage.interviews import InterviewRepository
from salescoach.storage.prospects import ProspectRepository
from salescoach.storage.summaries import SummaryRepository

FAST_BUSY_MS = 150  # how long our connection waits for a lock in these tests (the app: 3 s)


def fresh_answers(path: Path, interview_id: int) -> dict[str, object]:
    """What is really on disk, read with a connection of its own."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(
            "SELECT question_id, value FROM answers WHERE interview_id = ?", [interview_id]
        ).fetchall()
    return {
        qid: json.loads(value)
        for qid, value in rows
        if value is not None and not qid.startswith("filler-")
    }


def fresh_needs(path: Path, interview_id: int) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(
            "SELECT statement FROM needs WHERE interview_id = ? ORDER BY rank", [interview_id]
        ).fetchall()
    return [row[0] for row in rows]


def assert_calm(error: BaseException, *fragments: str) -> None:
    """A message for a person: plain words, what to do, no traceback or SQL internals."""
    message = str(error)
    assert isinstance(error, SalesCoachError), type(error)
    for fragment in fragments:
        assert fragment in message, message
    for internal in ("Traceback", "sqlite3.", "OperationalError", "SQLITE_"):
        assert internal not in message, message


@pytest.fixture
def meeting(services, default_playbook) -> int:
    prospect = services.prospects.add("Acme Freight")
    interview = services.interviews.start(prospect, default_playbook)
    services.interviews.record(interview, "problems", "value", "Slow dispatch")
    services.interviews.add_need(interview, "Plans ready by 2pm")
    return interview


# --- another program holds the database ---------------------------------------------------------


def _writes(services, interview: int) -> dict[str, Callable[[], object]]:
    interviews, summaries = services.interviews, services.summaries
    need = interviews.needs(interview)[0].id
    prospect = interviews.meeting(interview).prospect_id
    playbook = interviews.meeting(interview).playbook
    return {
        "answer": lambda: interviews.record(interview, "goals", "value", "Plans by 2pm"),
        "quote": lambda: interviews.record(interview, "goals", "quote", "We lose a day"),
        "new need": lambda: interviews.add_need(interview, "Fewer late trucks"),
        "need status": lambda: interviews.update_need(need, status="confirmed"),
        "re-rank": lambda: interviews.rerank_needs([need]),
        "gate override": lambda: interviews.override_gate(interview, "Client asked"),
        "end": lambda: interviews.end(interview, "advance", next_step="Pilot"),
        "new meeting": lambda: interviews.start(prospect, playbook),
        "summary edit": lambda: summaries.save_final(interview, "client-summary", "txt", "Hi"),
    }


WRITES = (
    "answer",
    "quote",
    "new need",
    "need status",
    "re-rank",
    "gate override",
    "end",
    "new meeting",
    "summary edit",
)


@pytest.mark.parametrize("write", WRITES)
def test_a_write_while_another_program_holds_the_database(
    services, meeting, write, held_by_another_program
) -> None:
    services.db.execute(f"PRAGMA busy_timeout = {FAST_BUSY_MS}")
    action = _writes(services, meeting)[write]
    with held_by_another_program(services.paths.database), pytest.raises(SalesCoachError) as raised:
        action()
    assert isinstance(raised.value, DatabaseLocked)
    assert_calm(raised.value, "in use by another program", "Close it and try again")
    action()  # the lock is gone: the same call works


def test_an_answer_typed_while_locked_is_on_disk_once_the_lock_goes(
    services, meeting, held_by_another_program
) -> None:
    services.db.execute(f"PRAGMA busy_timeout = {FAST_BUSY_MS}")
    with held_by_another_program(services.paths.database):
        with pytest.raises(DatabaseLocked):
            services.interviews.record(meeting, "impact", "value", "Penalties every week")
        assert "impact" not in fresh_answers(services.paths.database, meeting)
    services.interviews.record(meeting, "impact", "value", "Penalties every week")
    assert fresh_answers(services.paths.database, meeting)["impact"] == "Penalties every week"


def _services_on(conn: sqlite3.Connection) -> tuple[InterviewService, SummaryRepository]:
    """The repositories and service on a given connection (a second window, say)."""
    db = sqlite_utils.Database(conn, execute_plugins=False)
    return InterviewService(InterviewRepository(db), ProspectRepository(db)), SummaryRepository(db)


def test_reads_while_another_program_holds_the_whole_file(
    services, meeting, held_by_another_program
) -> None:
    path = services.paths.database
    services.close()
    with held_by_another_program(path, "exclusive"):
        conn = sqlite3.connect(path, timeout=FAST_BUSY_MS / 1000, isolation_level=None)
        interviews, summaries = _services_on(conn)
        reads = {
            "answers": lambda: interviews.answers(meeting),
            "needs": lambda: interviews.needs(meeting),
            "history": lambda: interviews.history(meeting, "problems"),
            "meeting": lambda: interviews.meeting(meeting),
            "meeting history": lambda: interviews.meeting_history(meeting),
            "summary model": lambda: interviews.summary_model(meeting, {}),
            "final copy": lambda: summaries.get(meeting, "client-summary", "txt"),
        }
        for name, read in reads.items():
            with pytest.raises(SalesCoachError) as raised:
                read()
            assert isinstance(raised.value, DatabaseLocked), name
            assert_calm(raised.value, "in use by another program", "try again")
    assert interviews.answers(meeting)["problems"].value == "Slow dispatch"  # released: works
    conn.close()


# --- the disk fails under a read ----------------------------------------------------------------


def _database_descriptors(path: Path) -> list[int]:
    folder = Path("/proc/self/fd")
    found = []
    for entry in folder.iterdir():
        with contextlib.suppress(OSError):
            if Path(os.readlink(entry)) == path:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")
def test_a_read_from_a_drive_that_went_away(services, meeting) -> None:
    """The file's storage vanishes under SalesCoach (a USB stick pulled, a network share gone):
    each read of the file fails with an I/O error, which must read as a calm message."""
    path = services.paths.database
    services.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the main file
    services.db.execute("PRAGMA shrink_memory")  # and none left in memory
    descriptors = _database_descriptors(path)
    assert descriptors
    gone = os.open(path.parent, os.O_RDONLY)  # reading a folder as a file fails, like EIO
    try:
        for descriptor in descriptors:
            os.dup2(gone, descriptor)
        for read in (
            lambda: services.interviews.answers(meeting),
            lambda: services.interviews.needs(meeting),
            lambda: services.interviews.meeting(meeting),
        ):
            with pytest.raises(SalesCoachError) as raised:
                read()
            assert isinstance(raised.value, StorageUnavailable)
            assert_calm(raised.value, "could not be read", "reconnect it, then try again")
    finally:
        os.close(gone)
    # The file itself is whole: a fresh connection reads everything.
    assert fresh_answers(path, meeting) == {"problems": "Slow dispatch"}


# --- a full disk --------------------------------------------------------------------------------


def _fill_to_the_brim(db: sqlite_utils.Database, interview: int, prospect: int) -> None:
    """No room left in the file: the page limit is its size and the tables' pages are full."""
    db.execute("PRAGMA max_page_count = " + str(db.execute("PRAGMA page_count").fetchone()[0]))
    filler = 0
    for table, row in (
        ("answers", lambda n, size: (interview, f"filler-{n}", json.dumps("x" * size), "t", "t")),
        ("needs", lambda n, size: (prospect, interview, n + 100, "x" * size, "open", "t", "t")),
    ):
        size = 2000
        while size:
            filler += 1
            values = row(filler, size)
            marks = ", ".join("?" * len(values))
            columns = (
                "interview_id, question_id, value, created_at, updated_at"
                if table == "answers"
                else "prospect_id, interview_id, rank, statement, status, created_at, updated_at"
            )
            try:
                db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
            except sqlite3.OperationalError:
                size //= 2


def test_a_full_disk_on_writes_then_space_freed(services, meeting) -> None:
    db = services.db
    prospect = services.interviews.meeting(meeting).prospect_id
    _fill_to_the_brim(db, meeting, prospect)
    long_answer = "They re-plan every route by hand each morning. " * 20
    for write in (
        lambda: services.interviews.record(meeting, "impact", "value", long_answer),
        lambda: services.interviews.add_need(meeting, "A plan nobody has to redo " * 10),
    ):
        with pytest.raises(SalesCoachError) as raised:
            write()
        assert isinstance(raised.value, StorageUnavailable)
        assert_calm(raised.value, "is full", "Free some space and try again")
    assert "impact" not in fresh_answers(services.paths.database, meeting)

    db.execute("PRAGMA max_page_count = 1000000")  # space freed
    services.interviews.record(meeting, "impact", "value", long_answer)
    services.interviews.add_need(meeting, "A plan nobody has to redo " * 10)
    assert fresh_answers(services.paths.database, meeting)["impact"] == long_answer
    assert fresh_needs(services.paths.database, meeting)[-1].startswith("A plan nobody")


FILE_SIZE_LIMIT = textwrap.dedent(
    """
    import json, resource, signal, sys
    from pathlib import Path
    from salescoach.app import build_services
    from salescoach.paths import DataPaths

    basedir, interview, what = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    services = build_services(DataPaths(basedir))
    services.db.execute("SELECT count(*) FROM interviews").fetchone()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of killing us
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))  # not one more byte may be written

    def attempt(action):
        try:
            action()
        except Exception as error:
            return {"type": type(error).__name__, "calm": isinstance(error, __import__(
                "salescoach.errors").errors.SalesCoachError), "message": str(error)}
        return {"type": None}

    if what == "write":
        action = lambda: services.interviews.record(interview, "impact", "value", "Penalties")
    else:  # a sort too big for memory spills into a temporary file
        prospect = services.interviews.meeting(interview).prospect_id
        action = lambda: services.interviews.for_prospect(prospect)
    failed = attempt(action)
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))  # space freed
    retried = attempt(action)
    services.close()
    print(json.dumps({"failed": failed, "retried": retried}))
    """
)


def _under_a_file_size_limit(services, interview: int, what: str) -> dict:
    services.close()  # the child process is the app now
    done = run_child(
        [sys.executable, "-c", FILE_SIZE_LIMIT, str(services.paths.basedir), str(interview), what]
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")
def test_a_write_at_the_file_size_limit_then_space_freed(services, meeting) -> None:
    result = _under_a_file_size_limit(services, meeting, "write")
    assert result["failed"]["type"] == "StorageUnavailable" and result["failed"]["calm"]
    assert "full" in result["failed"]["message"] and "try again" in result["failed"]["message"]
    assert result["retried"] == {"type": None}
    assert fresh_answers(services.paths.database, meeting)["impact"] == "Penalties"


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")
def test_a_read_that_needs_a_temporary_file_on_a_full_disk(services, default_playbook) -> None:
    prospect = services.prospects.add("Many Meetings Ltd")
    interviews = [services.interviews.start(prospect, default_playbook) for _ in range(160)]
    # Without the index that spares this sort, the meeting list sorts large rows on disk.
    services.db.execute("DROP INDEX idx_interviews_prospect_live")
    services.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    result = _under_a_file_size_limit(services, interviews[0], "read")
    assert result["failed"]["type"] == "StorageUnavailable" and result["failed"]["calm"]
    assert "full" in result["failed"]["message"] and "try again" in result["failed"]["message"]
    assert result["retried"] == {"type": None}


# --- read-only ----------------------------------------------------------------------------------


def test_a_database_that_may_only_be_read(services, meeting) -> None:
    """SQLite refusing every write (as on a folder turned read-only) is a calm message, and the
    answers already there can still be read."""
    services.db.execute("PRAGMA query_only = ON")
    with pytest.raises(SalesCoachError) as raised:
        services.interviews.record(meeting, "goals", "value", "Plans by 2pm")
    assert isinstance(raised.value, StorageUnavailable)
    assert_calm(raised.value, "cannot write", "writable")
    assert services.interviews.answers(meeting)["problems"].value == "Slow dispatch"
    services.db.execute("PRAGMA query_only = OFF")
    services.interviews.record(meeting, "goals", "value", "Plans by 2pm")
    assert fresh_answers(services.paths.database, meeting)["goals"] == "Plans by 2pm"


def test_a_database_opened_read_only(services, meeting) -> None:
    path = services.paths.database
    services.close()
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None)
    interviews, summaries = _services_on(conn)
    try:
        for write in (
            lambda: interviews.record(meeting, "goals", "value", "Plans by 2pm"),
            lambda: interviews.add_need(meeting, "Fewer late trucks"),
            lambda: summaries.save_final(meeting, "client-summary", "txt", "Hello"),
        ):
            with pytest.raises(StorageUnavailable) as raised:
                write()
            assert_calm(raised.value, "cannot write", "writable")
        assert interviews.needs(meeting)[0].statement == "Plans ready by 2pm"
    finally:
        conn.close()


# --- missing permissions ------------------------------------------------------------------------

AS_USER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from salescoach.app import build_services
    from salescoach.errors import SalesCoachError
    from salescoach.paths import DataPaths

    try:
        services = build_services(DataPaths(Path(sys.argv[1])))
        count = services.db.execute("SELECT count(*) FROM answers").fetchone()[0]
        services.close()
        print(json.dumps({"type": None, "answers": count}))
    except SalesCoachError as error:
        print(json.dumps({"type": type(error).__name__, "message": str(error)}))
    """
)


@pytest.fixture
def start_where_permissions_bite(tmp_path: Path) -> Iterator[Callable[[Path], dict]]:
    """Start SalesCoach in a child process on a data folder, so that file permissions apply.

    Tests run as root here, and permissions do not stop root: the child then runs without the
    capabilities that let root ignore them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so chmod
    really bites. Skipped where neither applies."""
    if not hasattr(os, "geteuid"):
        pytest.skip("POSIX permissions only")
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root, where chmod does not bite, and setpriv is missing")
        prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    touched: list[Path] = []

    def start(basedir: Path) -> dict:
        touched.append(basedir)
        done = run_child([*prefix, sys.executable, "-c", AS_USER, str(basedir)])
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.splitlines()[-1])

    yield start
    for folder in touched:  # let pytest clean up whatever the test left locked
        for path in (folder, *folder.rglob("*")):
            with contextlib.suppress(OSError):
                path.chmod(0o700)


def test_a_database_file_without_read_permission(start_where_permissions_bite, tmp_path) -> None:
    start, home = start_where_permissions_bite, tmp_path / "data"
    assert start(home) == {"type": None, "answers": 0}  # created by that user
    (home / "salescoach.db").chmod(0)
    result = start(home)
    assert result["type"] == "UnreadableDatabase"
    assert "cannot be read (Permission denied)" in result["message"]
    assert "Check the file's permissions" in result["message"]
    (home / "salescoach.db").chmod(0o600)
    assert start(home)["type"] is None


def test_a_data_folder_without_write_permission(start_where_permissions_bite, tmp_path) -> None:
    start, home = start_where_permissions_bite, tmp_path / "data"
    home.mkdir()
    home.chmod(0o555)
    result = start(home)
    assert result["type"] == "StorageUnavailable"
    assert "cannot write to its data folder" in result["message"]
    assert "Choose another" in result["message"]
    assert not (home / "salescoach.db").exists()
    home.chmod(0o755)
    assert start(home) == {"type": None, "answers": 0}

"""Kill a rep's meeting window mid-typing, again and again, and check what reached the disk.

Shared by tests/ui/test_kill.py (in the normal test run) and tests/bench/soak_kill.py (a long
soak). kill_child.py, beside this file, is the process being killed; it imports only the line
format from here.

Each lane is one data folder whose database carries over from round to round, so data
accumulates, and one fork server (`kill_child.py --serve`) that starts a fresh child per round.
A round:

1. fork a child on the lane's database and meeting, with a seed for what it types;
2. read its lines (`EDIT` what the window was handed, `SAVED` what the app reported written);
3. SIGKILL it at a random moment: during start-up, a random time after it is ready, or just
   after its n-th edit or save;
4. reopen the folder with `salescoach.app.build_services`, the app's own way in (it recovers the
   write-ahead log the kill left), and check: `PRAGMA integrity_check` is ok, no foreign key is
   broken, every answer field reported saved holds that value or one typed after it, every
   field the child did not touch is exactly what the previous round left, and the answer
   history only grew.

Everything random comes from one seed (`SALESCOACH_KILL_SEED` when set), named in every failure.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import select
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, NoReturn

from salescoach.app import build_services
from salescoach.errors import SalesCoachError
from salescoach.paths import DataPaths
from salescoach.services.container import Services

CHILD = Path(__file__).with_name("kill_child.py")
SEED_VARIABLE = "SALESCOACH_KILL_SEED"
PLAYBOOK = "collaborative-discovery"
QUIET_LIMIT_S = 30  # a child that says nothing for this long is stuck
COMPANIES = (
    "Zürich Kälte & Söhne 🚚",
    "Ōsaka Shokuhin 株式会社",
    'Café "Le Zinc"',
    "Ødegaard Fisk AS",
)
EMPTY: dict[str, Any] = {"value": None, "note": "", "quote": ""}  # a field never written

AnswerKey = tuple[int, str, str]  # (interview id, question id, field)


# --- the line format ----------------------------------------------------------------------------


class Kind(StrEnum):
    SERVING = "SERVING"  # the fork server is ready for RUN lines
    PID = "PID"  # a child was forked (value: its pid)
    EXIT = "EXIT"  # the child is gone (value: -signal or exit status)
    READY = "READY"
    EDIT = "EDIT"
    SAVED = "SAVED"
    ERROR = "ERROR"


@dataclass(frozen=True)
class Line:
    kind: Kind
    question: str
    field: str
    value: Any


def encode_line(kind: Kind, question: str = "-", field: str = "-", value: Any = None) -> bytes:
    """`KIND<TAB>question<TAB>field<TAB>JSON value`; ASCII JSON keeps tabs and newlines out."""
    return f"{kind}\t{question}\t{field}\t{json.dumps(value)}\n".encode()


def decode_line(raw: bytes) -> Line:
    kind, question, field_name, value = raw.decode().split("\t")
    return Line(Kind(kind), question, field_name, json.loads(value))


# --- the parent's side: the fork server ---------------------------------------------------------


class LineReader:
    """Whole lines from a pipe, with a timeout."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.fd = stream.fileno()
        self.partial = b""
        self.lines: deque[bytes] = deque()

    def next(self, timeout: float) -> bytes | None:
        deadline = time.monotonic() + timeout
        while not self.lines:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                return None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                raise EOFError("the fork server is gone")
            *whole, self.partial = (self.partial + chunk).split(b"\n")
            self.lines.extend(whole)
        return self.lines.popleft()


class Launcher:
    """`kill_child.py --serve`: has the app imported, forks a fresh child per round."""

    def __init__(self, log: Path) -> None:
        self.log = log
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        with log.open("wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, str(CHILD), "--serve"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=env,
            )
        assert self.process.stdout is not None
        self.reader = LineReader(self.process.stdout)
        self.child: int | None = None  # the pid of the child alive now, if any
        first = self.next(60)
        if first is None or first.kind is not Kind.SERVING:
            self.close()
            raise RuntimeError(f"the kill child did not start: {first}\n{self.log_tail()}")

    def start(self, basedir: Path, interview_id: int, seed: int) -> int:
        """Fork a child typing in meeting `interview_id` under `basedir`; returns its pid."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"RUN\t{basedir}\t{interview_id}\t{seed}\n".encode())
        self.process.stdin.flush()
        reply = self.next(QUIET_LIMIT_S)
        if reply is None or reply.kind is not Kind.PID:
            raise RuntimeError(f"no child was forked: {reply}\n{self.log_tail()}")
        self.child = int(reply.value)
        return self.child

    def next(self, timeout: float) -> Line | None:
        raw = self.reader.next(timeout)
        line = None if raw is None else decode_line(raw)
        if line is not None and line.kind is Kind.EXIT:
            self.child = None
        return line

    def log_tail(self, size: int = 3000) -> str:
        """The end of what the children wrote to stderr (tracebacks, Qt messages)."""
        try:
            return self.log.read_bytes()[-size:].decode(errors="replace")
        except OSError:
            return ""

    def close(self) -> None:
        """Stop the fork server, and the child it still has (after a failed round)."""
        if self.child is not None:
            _kill(self.child)
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def cold_start_seconds(basedir: Path, interview_id: int) -> float:
    """A child started the ordinary way (new interpreter, imports, window) until READY."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, str(CHILD), str(basedir), str(interview_id), "0", "--ready-only"]
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, capture_output=True, timeout=60)
    return time.perf_counter() - started


# --- one round ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class KillPlan:
    trigger: str  # after "fork", after "READY", after n "edits/saves" or after n "saves"
    count: int  # how many lines of that kind to wait for
    delay_s: float  # then this long

    def __str__(self) -> str:
        counted = f"{self.count} {self.trigger}" if self.count else self.trigger
        return f"{self.delay_s * 1000:.0f} ms after {counted}"


def plan_kill(chance: random.Random) -> KillPlan:
    """While the database is being opened, at any point of the typing, or right after a save
    (when the next field of the same flush may be mid-write)."""
    roll = chance.random()
    if roll < 0.1:
        return KillPlan("fork", 0, chance.uniform(0, 0.25))
    if roll < 0.4:
        return KillPlan("READY", 0, chance.uniform(0, 1.2))
    if roll < 0.7:
        return KillPlan("edits/saves", chance.randint(1, 30), chance.uniform(0, 0.02))
    return KillPlan("saves", chance.randint(1, 3), chance.uniform(0, 0.01))


@dataclass
class Heard:
    """What the child said in one round, in order, per answer field."""

    interview_id: int
    edits: dict[AnswerKey, list[Any]] = field(default_factory=dict)
    saved_from: dict[AnswerKey, int] = field(default_factory=dict)
    """The index in `edits` of the latest value reported saved: the disk may not hold less."""
    saves: int = 0
    events: int = 0
    exit_code: int | None = None  # set once the fork server reports the child gone

    def take(self, line: Line) -> None:
        key = (self.interview_id, line.question, line.field)
        if line.kind is Kind.EDIT:
            self.edits.setdefault(key, []).append(line.value)
            self.events += 1
        elif line.kind is Kind.SAVED:
            typed = self.edits.get(key, [])
            matches = [index for index, value in enumerate(typed) if value == line.value]
            if not matches:
                raise KillCheckFailed(f"{key[1]}.{key[2]} saved {line.value!r}, never typed")
            self.saved_from[key] = max(self.saved_from.get(key, 0), matches[-1])
            self.saves += 1
            self.events += 1

    def allowed(self, key: AnswerKey, before: Any) -> list[Any]:
        """What the disk may hold for a field typed in this round."""
        typed = self.edits[key]
        if key in self.saved_from:
            return typed[self.saved_from[key] :]  # what was reported saved, or a later value
        return [before, *typed]  # nothing reported: the old value or anything typed


def plan_reached(plan: KillPlan, line: Line, heard: Heard) -> bool:
    """The line that starts the plan's countdown (a fork plan counts from the start)."""
    if plan.trigger == "READY":
        return line.kind is Kind.READY
    if plan.trigger == "edits/saves":
        return heard.events >= plan.count
    if plan.trigger == "saves":
        return heard.saves >= plan.count
    return False


@dataclass(frozen=True)
class RoundReport:
    lane: int
    number: int
    plan: KillPlan
    saves: int  # SAVED lines heard
    edits: int
    fields_checked: int
    startup_s: float | None  # fork to READY (None: killed before)
    seconds: float  # the whole round: fork, typing, kill, reopen and checks


class KillCheckFailed(AssertionError):
    """Something reported saved is missing, or the database is damaged or will not open."""


# --- a lane: one database over many rounds ------------------------------------------------------


class Lane:
    def __init__(self, number: int, basedir: Path, seed: int) -> None:
        self.number = number
        self.paths = DataPaths(basedir)
        self.chance = random.Random(seed)
        self.interview_id = 0
        self.disk: dict[AnswerKey, Any] = {}  # every answer field, as the last check read it
        self.history: tuple[int, str] = (0, hashlib.sha256().hexdigest())
        self.context = ""

    def open(self) -> Services:
        return build_services(self.paths)

    def setup(self) -> None:
        services = self.open()
        try:
            self._start_meeting(services, new_prospect=True)
            self.disk = read_answers(services)
        finally:
            services.close()

    def play(self, launcher: Launcher, number: int) -> RoundReport:
        seed = self.chance.getrandbits(32)
        plan = plan_kill(self.chance)
        self.context = f"lane {self.number} round {number} (child seed {seed}, kill {plan})"
        started = time.monotonic()
        pid = launcher.start(self.paths.basedir, self.interview_id, seed)
        heard = Heard(self.interview_id)
        try:
            ready_at = self._listen(launcher, plan, heard, started)
        except BaseException:
            self._end_quietly(launcher, pid, heard)
            raise
        _kill(pid)
        code = self._drain(launcher, heard)
        if code != -signal.SIGKILL:
            self.fail(f"the child ended with {code}, not by the kill\n{launcher.log_tail()}")
        checked = self.check(heard)
        return RoundReport(
            lane=self.number,
            number=number,
            plan=plan,
            saves=heard.saves,
            edits=sum(len(values) for values in heard.edits.values()),
            fields_checked=checked,
            startup_s=None if ready_at is None else ready_at - started,
            seconds=time.monotonic() - started,
        )

    def _listen(
        self, launcher: Launcher, plan: KillPlan, heard: Heard, started: float
    ) -> float | None:
        """Take the child's lines until the plan says kill; returns when it was READY."""
        kill_at = started + plan.delay_s if plan.trigger == "fork" else None
        ready_at = None
        while True:
            now = time.monotonic()
            if kill_at is not None and now >= kill_at:
                return ready_at
            line = launcher.next(QUIET_LIMIT_S if kill_at is None else kill_at - now)
            if line is None:
                if kill_at is None:
                    self.fail(f"the child said nothing for {QUIET_LIMIT_S} s")
                continue
            self._take(line, heard, launcher)
            if line.kind is Kind.READY:
                ready_at = time.monotonic()
            if kill_at is None and plan_reached(plan, line, heard):
                kill_at = time.monotonic() + plan.delay_s

    def _drain(self, launcher: Launcher, heard: Heard) -> int:
        """Everything the child wrote before it died counts; returns how it ended."""
        while True:
            line = launcher.next(QUIET_LIMIT_S)
            if line is None:
                self.fail("the killed child was never reported gone")
            if line.kind is Kind.EXIT:
                return int(line.value)
            self._take(line, heard, launcher)

    def _end_quietly(self, launcher: Launcher, pid: int, heard: Heard) -> None:
        """A round that failed early: the child is killed and reaped all the same."""
        if heard.exit_code is not None:
            return
        _kill(pid)
        while (line := launcher.next(QUIET_LIMIT_S)) is not None and line.kind is not Kind.EXIT:
            pass

    def _take(self, line: Line, heard: Heard, launcher: Launcher) -> None:
        if line.kind is Kind.ERROR:
            self.fail(f"the child raised:\n{line.value}")
        if line.kind is Kind.EXIT:
            heard.exit_code = int(line.value)
            self.fail(f"the child ended by itself ({line.value})\n{launcher.log_tail()}")
        try:
            heard.take(line)
        except KillCheckFailed as error:
            self.fail(str(error))

    def check(self, heard: Heard) -> int:
        """Reopen the app's way and compare every answer field; returns how many were checked."""
        try:
            services = self.open()
        except SalesCoachError as error:
            self.fail(f"the database no longer opens: {error}")
        try:
            db = services.db
            verdict = db.execute("PRAGMA integrity_check").fetchall()
            if verdict != [("ok",)]:
                self.fail(f"integrity_check: {verdict}")
            broken = db.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                self.fail(f"foreign_key_check: {broken}")
            stored = read_answers(services)
            for key in sorted(set(self.disk) | set(stored) | set(heard.edits)):
                before = self.disk.get(key, EMPTY[key[2]])
                allowed = heard.allowed(key, before) if key in heard.edits else [before]
                now = stored.get(key, EMPTY[key[2]])
                if now not in allowed:
                    said = "reported saved" if key in heard.saved_from else "untouched"
                    self.fail(
                        f"{key[1]}.{key[2]} of meeting {key[0]} ({said}): on disk {now!r}; "
                        f"allowed {allowed[:3]!r}{' ...' if len(allowed) > 3 else ''}"
                    )
            self.history = self._check_history(services)
            if self.chance.random() < 0.15:  # the rep moves on to another meeting
                self._start_meeting(services, new_prospect=self.chance.random() < 0.5)
            self.disk = read_answers(services)
            return len(self.disk)
        finally:
            services.close()

    def _check_history(self, services: Services) -> tuple[int, str]:
        """Answer history is append-only: the rows the last check saw are still there, as were."""
        known_up_to, known_digest = self.history
        rows = services.db.execute(
            "SELECT id, answer_id, field, old_value, new_value, changed_at FROM answer_history "
            "ORDER BY id"
        ).fetchall()
        digest = hashlib.sha256()
        for row in rows:
            if row[0] > known_up_to:
                break
            digest.update(repr(row).encode())
        if digest.hexdigest() != known_digest:
            self.fail(f"answer history rows up to id {known_up_to} changed or went missing")
        for row in rows:
            if row[0] > known_up_to:
                digest.update(repr(row).encode())
        return (rows[-1][0] if rows else 0), digest.hexdigest()

    def _start_meeting(self, services: Services, new_prospect: bool) -> None:
        playbook = services.playbooks.get(PLAYBOOK)
        if new_prospect or not self.interview_id:
            company = COMPANIES[self.chance.randrange(len(COMPANIES))]
            prospect_id = services.prospects.add(company)
            self.interview_id = services.interviews.start(prospect_id, playbook)
        else:
            prospect_id = services.interviews.meeting(self.interview_id).prospect_id
            self.interview_id = services.interviews.start(prospect_id, playbook, prefill=True)

    def resync(self) -> None:
        """After a failure (soak only): take the disk as it is now, or start on a fresh folder."""
        try:
            services = self.open()
        except SalesCoachError:
            self.paths.basedir.rename(f"{self.paths.basedir}-damaged-{time.time_ns()}")
            self.interview_id = 0
            self.history = (0, hashlib.sha256().hexdigest())
            self.setup()
            return
        try:
            self.disk = read_answers(services)
            self.history = (0, hashlib.sha256().hexdigest())
            self.history = self._check_history(services)
        finally:
            services.close()

    def fail(self, message: str) -> NoReturn:
        raise KillCheckFailed(f"{self.context}: {message}")


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it died by itself: its EXIT line says how
        os.kill(pid, signal.SIGKILL)


def read_answers(services: Services) -> dict[AnswerKey, Any]:
    """Every answer field of every meeting, through the app's own reading code."""
    answers: dict[AnswerKey, Any] = {}
    for (interview_id,) in services.db.execute("SELECT id FROM interviews").fetchall():
        for question_id, stored in services.interviews.answers(interview_id).items():
            answers[(interview_id, question_id, "value")] = stored.value
            answers[(interview_id, question_id, "note")] = stored.note
            answers[(interview_id, question_id, "quote")] = stored.quote
    return answers


# --- many rounds --------------------------------------------------------------------------------


@dataclass
class Totals:
    seed: int
    reports: list[RoundReport] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rounds(self) -> int:
        return len(self.reports) + len(self.failures)

    @property
    def saves(self) -> int:
        return sum(report.saves for report in self.reports)


def seed_from_environment() -> int:
    """`SALESCOACH_KILL_SEED` replays a run; otherwise a new seed each time."""
    given = os.environ.get(SEED_VARIABLE, "").strip()
    return int(given) if given else random.SystemRandom().randrange(2**32)


def run_rounds(
    folder: Path,
    rounds: int,
    seed: int,
    lanes: int = 2,
    keep_going: bool = False,
    on_round: Callable[[Totals], None] | None = None,
) -> Totals:
    """`rounds` kill rounds shared over `lanes` concurrent lanes (separate databases).

    Stops at the first failure and raises it, unless `keep_going` (the soak), which counts it,
    takes the database as it is and goes on.
    """
    folder.mkdir(parents=True, exist_ok=True)
    totals = Totals(seed)
    lock = threading.Lock()
    stop = threading.Event()
    started = time.monotonic()

    def lane_work(number: int) -> None:
        count = rounds // lanes + (1 if number < rounds % lanes else 0)
        basedir = folder / f"lane-{number}"
        lane = Lane(number, basedir, seed * 1000 + number)
        launcher = Launcher(folder / f"lane-{number}-children.log")
        try:
            lane.setup()
            for index in range(count):
                if stop.is_set():
                    return
                try:
                    report = lane.play(launcher, index)
                except KillCheckFailed as failure:
                    if not keep_going:
                        stop.set()
                        raise KillCheckFailed(
                            f"{failure}\nReplay this run with {SEED_VARIABLE}={seed}"
                        ) from None
                    with lock:
                        totals.failures.append(str(failure))
                    lane.resync()
                    continue
                with lock:
                    totals.reports.append(report)
                    totals.seconds = time.monotonic() - started
                    if on_round is not None:
                        on_round(totals)
        finally:
            launcher.close()

    with ThreadPoolExecutor(max_workers=lanes) as pool:
        futures = [pool.submit(lane_work, number) for number in range(lanes)]
        for future in futures:
            future.result()
    totals.seconds = time.monotonic() - started
    return totals

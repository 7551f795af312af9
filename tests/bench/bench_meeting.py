"""Benchmark: opening the meeting window, and moving between questions in it.

Run by hand (not collected by pytest):

    python tests/bench/bench_meeting.py [--repeat N] [--opens N] [--warmup N]

In-process, with QT_QPA_PLATFORM=offscreen unless the caller set it, and the QApplication from
`salescoach.ui.application.create_application()`. The data: services built with
`salescoach.app.build_services` in a temp folder, one prospect, one interview on the shipped
"collaborative-discovery" playbook with EVERY question answered (`domain.samples.sample_answers`),
a note on every third question, the client's words on every fourth, and 5 needs.

What is timed:

* open: `MeetingWindow(services.interviews, interview_id)` constructed, `show()`n and the first
  pending events processed (one `QApplication.processEvents()`: layout and the first paint), i.e.
  a usable form. Also reported, "settled": `processEvents()` again until a pass brings the window
  no layout or update request. Each time a fresh window on the same interview, its remembered
  position reset to the first question; the previous window is closed and really deleted (close,
  deleteLater, deferred deletes sent, processEvents) outside the timing.
* baseline: a bare QMainWindow with a QLabel and a QLineEdit, the same size as the meeting
  window, created, shown and processed the same way: the cost of "a window at all". Meeting and
  bare opens are interleaved, the order swapped every pair, so that noise hits both alike.
* navigation, in a fresh window for each walk: `step(1)` over every visible question (first
  visit: the answer editor is built) then `step(-1)` back to the first (revisit: the editor is
  reused); and `go_to_section(id)` forward over the sections then back. A move is timed until the
  window is settled as above (one pass is not enough: a second layout and paint often follow);
  when no pass painted, `repaint()` is forced inside the timing. A move includes what the app does
  on it, such as writing the position to the database.

Whether a pass laid out or painted is read from the UpdateRequest and LayoutRequest events of the
top-level window, with an event filter on that window only: an application-wide Python filter
would run for every event of every widget and inflate an open by tens of ms.

Each round: `--opens` open pairs, then the two walks (their order swapped every round).
`gc.collect()` runs (untimed) before each open and each walk, not before each move: a full
collection costs tens of ms in this process, and those that the app would meet while moving are
part of a move's cost; the collections that landed inside timed regions are reported.

The last line printed is the median, over the open pairs, of meeting open / the bare open next
to it. Just above it: the absolute goals (open <= 150 ms, a move <= 50 ms).
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import QEvent, QObject, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from salescoach.app import build_services
from salescoach.domain.conditions import visible_questions
from salescoach.domain.samples import sample_answers
from salescoach.paths import DataPaths
from salescoach.services.container import Services
from salescoach.ui.application import create_application
from salescoach.ui.meeting.window import MeetingWindow

PLAYBOOK_ID = "collaborative-discovery"
NEEDS = (
    "Stop missing renewals that only one person tracks",
    "Answer quotes the same day, as the competitor does",
    "See every region's pipeline in one place",
    "Keep the CFO's payback rule: under a year",
    "Onboard new reps without a month of shadowing",
)
OPEN_GOAL_MS = 150.0
MOVE_GOAL_MS = 50.0
CLOSE_TO_GOAL = 0.8  # a figure above this share of its goal is reported as "close"
# The offscreen plugin warns once per shown window; it says nothing about the app.
QUIET = ("This plugin does not support propagateSizeHints()",)


# --- the data -------------------------------------------------------------------------------------


@dataclass
class Data:
    services: Services
    interview_id: int
    visible_ids: list[str]
    section_ids: list[str]
    section_of: dict[str, str]
    type_of: dict[str, str]
    notes: int
    quotes: int

    @property
    def first_question(self) -> str:
        return self.visible_ids[0]


def build_data(folder: Path) -> Data:
    services = build_services(DataPaths(folder))
    playbook = services.playbooks.get(PLAYBOOK_ID)
    prospect_id = services.prospects.add("Bench Ltd")
    interview_id = services.interviews.start(prospect_id, playbook)
    answers = sample_answers(playbook)
    notes = quotes = 0
    for index, (question_id, value) in enumerate(answers.items()):
        services.interviews.record(interview_id, question_id, "value", value)
        if index % 3 == 0:
            note = f"Follow up on this with the CFO ({index})."
            services.interviews.record(interview_id, question_id, "note", note)
            notes += 1
        if index % 4 == 0:
            quote = f"\u201cHonestly, nobody owns this today; it falls through ({index}).\u201d"
            services.interviews.record(interview_id, question_id, "quote", quote)
            quotes += 1
    for statement in NEEDS:
        services.interviews.add_need(interview_id, statement)
    visible = [question.id for question in visible_questions(playbook, answers)]
    unanswered = [qid for qid in visible if qid not in answers]
    if unanswered:
        sys.exit(f"sample_answers left visible questions unanswered: {unanswered}")
    stored = services.interviews.answers(interview_id)
    if set(stored) != set(answers):
        sys.exit(f"stored answers differ from the samples: {sorted(set(stored) ^ set(answers))}")
    return Data(
        services=services,
        interview_id=interview_id,
        visible_ids=visible,
        section_ids=[section.id for section in playbook.sections],
        section_of={q.id: section.id for section in playbook.sections for q in section.questions},
        type_of={q.id: str(getattr(q.type, "value", q.type)) for q in playbook.questions()},
        notes=notes,
        quotes=quotes,
    )


# --- instruments ----------------------------------------------------------------------------------


class SingletonGuard:
    """Keeps None, True and False alive through a PySide6 that drops references to them.

    PySide6 6.12.0 on Python 3.11 (where these are not yet immortal) takes one reference off
    `None` on every call of a Qt method returning void, and the interpreter aborts ("Fatal Python
    error: none_dealloc: deallocating None") after a few thousand calls. Between samples, never
    inside the timing, this tops each count up by holding more references in a list. It does
    nothing until enabled (when `none_refs_lost_per_call` finds the bug).
    """

    LOW = 500_000
    CHUNK = 1_000_000
    OBJECTS = (None, True, False)

    def __init__(self) -> None:
        self._ballast: dict[object, list[object]] = {obj: [] for obj in self.OBJECTS}
        self.added = dict.fromkeys(self.OBJECTS, 0)
        self._initial = {obj: sys.getrefcount(obj) for obj in self.OBJECTS}
        self.enabled = False

    def top_up(self) -> None:
        if not self.enabled:
            return
        for obj in self.OBJECTS:
            while sys.getrefcount(obj) < self.LOW:
                self._ballast[obj].extend([obj] * self.CHUNK)
                self.added[obj] += self.CHUNK

    @property
    def used(self) -> bool:
        return any(self.added.values())

    def drained(self) -> dict[object, int]:
        """References lost so far, net of those held and given back in between (approximate)."""
        return {
            obj: self._initial[obj] + self.added[obj] - sys.getrefcount(obj) for obj in self.OBJECTS
        }


GUARD = SingletonGuard()


def none_refs_lost_per_call(calls: int = 1000) -> int:
    """How many references to None `calls` void Qt calls take away (0 when PySide6 is sound)."""
    label = QLabel()
    label.setText("probe")
    before = sys.getrefcount(None)
    for _ in range(calls):
        label.setText("probe")
    lost = before - sys.getrefcount(None)
    label.deleteLater()
    return lost


class WindowWatch(QObject):
    """Counts the layout and update (paint) requests a top-level window gets; filter it only."""

    MAX_PASSES = 10

    def __init__(self) -> None:
        super().__init__()
        self.layouts = 0
        self.updates = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.UpdateRequest:
            self.updates += 1
        elif kind == QEvent.Type.LayoutRequest:
            self.layouts += 1
        return False

    def settle(self) -> tuple[int, int]:
        """processEvents() until a pass brings no request: (passes that did work, paint passes)."""
        busy = painted = 0
        for _ in range(self.MAX_PASSES):
            layouts, updates = self.layouts, self.updates
            QApplication.processEvents()
            if (layouts, updates) == (self.layouts, self.updates):
                break
            busy += 1
            painted += self.updates > updates
        return busy, painted


class GcWatch:
    """Records the garbage collections that run while a timed region is open."""

    def __init__(self) -> None:
        self.region: str | None = None
        self.pauses: dict[str, list[tuple[int, float]]] = {}  # region -> (generation, seconds)
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if self.region is None:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            pause = time.perf_counter() - self._started
            self.pauses.setdefault(self.region, []).append((info["generation"], pause))

    def close(self) -> None:
        gc.callbacks.remove(self._callback)


@dataclass
class Instruments:
    watch: WindowWatch
    gc_watch: GcWatch


# --- timed actions --------------------------------------------------------------------------------


def dispose(window: QMainWindow) -> None:
    """Close and really delete `window` (deleteLater alone waits for an event loop)."""
    GUARD.top_up()
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def make_bare(size: tuple[int, int]) -> Callable[[], QMainWindow]:
    def open_bare() -> QMainWindow:
        window = QMainWindow()
        body = QWidget(window)
        layout = QVBoxLayout(body)
        layout.addWidget(QLabel("What made you look at this now?", body))
        layout.addWidget(QLineEdit(body))
        window.setCentralWidget(body)
        window.resize(*size)
        return window

    return open_bare


@dataclass
class Open:
    usable: float  # construct -> show() -> one processEvents()
    settled: float  # ... -> processEvents() until quiet
    forced: bool  # nothing painted: repaint() was forced


def timed_open(factory: Callable[[], QMainWindow], tools: Instruments) -> Open:
    """Construct, show and process; the window is deleted after (untimed)."""
    gc.collect()
    GUARD.top_up()
    watch = tools.watch
    tools.gc_watch.region = "open"
    start = time.perf_counter()
    window = factory()
    window.installEventFilter(watch)
    updates = watch.updates
    window.show()
    QApplication.processEvents()
    forced = watch.updates == updates
    if forced:
        window.repaint()
    usable = time.perf_counter() - start
    watch.settle()
    settled = time.perf_counter() - start
    tools.gc_watch.region = None
    window.removeEventFilter(watch)
    dispose(window)
    return Open(usable, settled, forced)


@dataclass
class Moves:
    times: list[float] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)  # the question shown after each move
    passes: list[int] = field(default_factory=list)  # processEvents() passes that did work
    forced: int = 0  # moves after which nothing was painted, so repaint() was forced


def shown_question(window: MeetingWindow) -> str | None:
    question = window.page.question
    return question.id if question is not None else None


def timed_move(
    window: MeetingWindow, move: Callable[[], None], tools: Instruments, into: Moves
) -> None:
    GUARD.top_up()
    tools.gc_watch.region = "move"
    start = time.perf_counter()
    move()
    busy, painted = tools.watch.settle()
    if not painted:
        window.repaint()
        into.forced += 1
    elapsed = time.perf_counter() - start
    tools.gc_watch.region = None
    into.times.append(elapsed)
    into.targets.append(shown_question(window) or "")
    into.passes.append(busy)


def fresh_window(data: Data, watch: WindowWatch | None = None) -> MeetingWindow:
    """A meeting window on the first question, shown and settled (untimed)."""
    data.services.interviews.remember_position(data.interview_id, data.first_question, 0)
    gc.collect()
    GUARD.top_up()
    window = MeetingWindow(data.services.interviews, data.interview_id)
    if watch is not None:
        window.installEventFilter(watch)
    window.show()
    (watch or WindowWatch()).settle()
    if shown_question(window) != data.first_question:
        sys.exit(f"meeting opened on {shown_question(window)!r}, not {data.first_question!r}")
    return window


def walk_steps(data: Data, tools: Instruments, first: Moves, revisit: Moves) -> None:
    window = fresh_window(data, tools.watch)
    ids = data.visible_ids
    try:
        for into, delta, expected_ids in ((first, 1, ids[1:]), (revisit, -1, ids[-2::-1])):
            for expected in expected_ids:
                timed_move(window, lambda d=delta: window.step(d), tools, into)
                if into.targets[-1] != expected:
                    sys.exit(f"step({delta}) reached {into.targets[-1]!r}, not {expected!r}")
    finally:
        dispose(window)


def walk_sections(data: Data, tools: Instruments, first: Moves, revisit: Moves) -> None:
    window = fresh_window(data, tools.watch)
    sections = data.section_ids
    plan = [(s, first) for s in sections[1:]] + [(s, revisit) for s in sections[-2::-1]]
    try:
        for target, into in plan:
            timed_move(window, lambda s=target: window.go_to_section(s), tools, into)
            if data.section_of.get(into.targets[-1]) != target:
                sys.exit(f"go_to_section({target!r}) shows {into.targets[-1]!r}")
    finally:
        dispose(window)


# --- report ---------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:6.1f}"


def describe(label: str, values: list[float]) -> str:
    return (
        f"  {label:<27} n={len(values):<4} median {ms(statistics.median(values))} ms  "
        f"p95 {ms(percentile(values, 0.95))} ms  min {ms(min(values))} ms  "
        f"max {ms(max(values))} ms"
    )


def goal_line(label: str, value_s: float, goal_ms: float) -> str:
    value_ms = value_s * 1000
    if value_ms > goal_ms:
        verdict = "MISSED"
    elif value_ms > CLOSE_TO_GOAL * goal_ms:
        verdict = "ok, but close"
    else:
        verdict = "ok"
    return f"{label} {value_ms:.1f} ms (goal <= {goal_ms:.0f} ms): {verdict}"


def gc_summary(pauses: list[tuple[int, float]], samples: int) -> str:
    if not pauses:
        return f"none in {samples} samples"
    full = [seconds for generation, seconds in pauses if generation == 2]
    young = len(pauses) - len(full)
    text = f"{young} young-generation collections"
    if full:
        text += f", {len(full)} full ones (median {ms(statistics.median(full)).strip()} ms"
        text += f", max {ms(max(full)).strip()} ms)"
    return f"{text} in {samples} samples"


def by_type(data: Data, moves: Moves) -> str:
    times: dict[str, list[float]] = {}
    for target, elapsed in zip(moves.targets, moves.times, strict=True):
        times.setdefault(data.type_of.get(target, "?"), []).append(elapsed)
    medians = sorted(
        ((statistics.median(values), kind) for kind, values in times.items()), reverse=True
    )
    return ", ".join(f"{kind} {ms(median).strip()}" for median, kind in medians)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=6, help="measured rounds (default 6)")
    parser.add_argument(
        "--opens", type=int, default=6, help="meeting/bare open pairs per round (default 6)"
    )
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured rounds (default 1)")
    args = parser.parse_args()
    if args.repeat < 1 or args.opens < 1 or args.warmup < 0:
        parser.error("need --repeat >= 1, --opens >= 1, --warmup >= 0")

    silenced = [0]

    def quiet_handler(kind: QtMsgType, context: object, message: str) -> None:
        if message in QUIET:
            silenced[0] += 1
        else:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet_handler)
    app = create_application()
    refs_lost = none_refs_lost_per_call()
    GUARD.enabled = refs_lost > 0
    GUARD.top_up()
    tools = Instruments(WindowWatch(), GcWatch())

    opens: dict[str, list[Open]] = {"meeting": [], "bare": []}
    pair_ratios: list[float] = []
    steps_first, steps_again, jumps_first, jumps_again = Moves(), Moves(), Moves(), Moves()
    workdir = Path(tempfile.mkdtemp(prefix="salescoach-bench-meeting-"))
    data: Data | None = None
    try:
        setup_start = time.perf_counter()
        data = build_data(workdir / "data")
        setup = time.perf_counter() - setup_start
        probe = fresh_window(data)
        size = (probe.width(), probe.height())
        dispose(probe)
        subjects: dict[str, Callable[[], QMainWindow]] = {
            "meeting": lambda: MeetingWindow(data.services.interviews, data.interview_id),
            "bare": make_bare(size),
        }

        started = time.perf_counter()
        pair_no = 0
        for round_no in range(args.warmup + args.repeat):
            counted = round_no >= args.warmup
            for _ in range(args.opens):
                # Alternate which goes first, so drift and bursts of noise hit both.
                order = ("meeting", "bare") if pair_no % 2 == 0 else ("bare", "meeting")
                pair_no += 1
                pair: dict[str, float] = {}
                for name in order:
                    if name == "meeting":  # open on the first question, every time
                        data.services.interviews.remember_position(
                            data.interview_id, data.first_question, 0
                        )
                    sample = timed_open(subjects[name], tools)
                    pair[name] = sample.usable
                    if counted:
                        opens[name].append(sample)
                if counted:
                    pair_ratios.append(pair["meeting"] / pair["bare"])
            # Warm-up walks go to scratch lists; the two walks swap order every round.
            steps = (steps_first, steps_again) if counted else (Moves(), Moves())
            jumps = (jumps_first, jumps_again) if counted else (Moves(), Moves())
            walks = [
                lambda s=steps: walk_steps(data, tools, *s),
                lambda j=jumps: walk_sections(data, tools, *j),
            ]
            for walk in walks if round_no % 2 == 0 else reversed(walks):
                walk()
            if not counted:
                tools.gc_watch.pauses.clear()
        elapsed = time.perf_counter() - started
    finally:
        tools.gc_watch.close()
        if data is not None:
            data.services.close()
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"meeting window: {args.repeat} rounds (+{args.warmup} warm-up), each {args.opens} "
        f"interleaved meeting/bare opens + a step walk + a section walk; {elapsed:.1f} s "
        f"(+{setup:.1f} s setup)"
    )
    print(
        f"Python {sys.version.split()[0]}, PySide6 {PYSIDE_VERSION}, "
        f"Qt platform {app.platformName()}, {os.cpu_count()} CPUs; "
        f"window {size[0]}x{size[1]}"
    )
    print(
        f"interview: {len(data.visible_ids)} visible questions, all answered; {data.notes} notes, "
        f"{data.quotes} quotes, {len(NEEDS)} needs; {len(data.section_ids)} sections"
    )
    usable = {name: [o.usable for o in samples] for name, samples in opens.items()}
    settled = {name: [o.settled for o in samples] for name, samples in opens.items()}
    print("open: construct -> show() -> processEvents() (usable); then until quiet (settled):")
    print(describe("meeting window, usable", usable["meeting"]))
    print(describe("meeting window, settled", settled["meeting"]))
    print(describe("bare QMainWindow, usable", usable["bare"]))
    print(describe("bare QMainWindow, settled", settled["bare"]))
    meeting_med, bare_med = statistics.median(usable["meeting"]), statistics.median(usable["bare"])
    forced_opens = sum(o.forced for samples in opens.values() for o in samples)
    print(
        f"  meeting - bare {ms(meeting_med - bare_med).strip()} ms;  per-pair ratio "
        f"min {min(pair_ratios):.2f}x  max {max(pair_ratios):.2f}x;  ratio of minima "
        f"{min(usable['meeting']) / min(usable['bare']):.2f}x;  repaint() forced on "
        f"{forced_opens} of {2 * len(pair_ratios)} opens"
    )
    print("navigation: move -> processEvents() until quiet (repaint() forced if nothing painted):")
    groups = (
        ("step(+1), first visit", steps_first),
        ("step(-1), revisit", steps_again),
        ("go_to_section, first visit", jumps_first),
        ("go_to_section, revisit", jumps_again),
    )
    for label, moves in groups:
        print(describe(label, moves.times))
    every = [t for _, moves in groups for t in moves.times]
    first_visits = steps_first.times + jumps_first.times
    print(describe("all moves", every))
    forced = sum(moves.forced for _, moves in groups)
    passes = Counter(p for _, moves in groups for p in moves.passes)
    spread = ", ".join(f"{n}: {passes[n]}" for n in sorted(passes))
    print(
        f"  processEvents() passes that did work, per move {{passes: moves}}: {{{spread}}}; "
        f"repaint() forced on {forced} of {len(every)} moves"
    )
    print(f"  step(+1) first visit by question type, median ms: {by_type(data, steps_first)}")
    slowest = sorted(
        (
            (t, label.split(",")[0], target)
            for label, moves in groups
            for t, target in zip(moves.times, moves.targets, strict=True)
        ),
        reverse=True,
    )[:3]
    print(
        "  slowest moves: "
        + "; ".join(f"{ms(t).strip()} ms ({how} to {target})" for t, how, target in slowest)
    )
    print(
        f"  GC inside timed regions: opens: "
        f"{gc_summary(tools.gc_watch.pauses.get('open', []), 2 * len(pair_ratios))}; moves: "
        f"{gc_summary(tools.gc_watch.pauses.get('move', []), len(every))}"
    )
    if refs_lost:
        drained = ", ".join(f"{obj} {n:,}" for obj, n in GUARD.drained().items() if n > 1000)
        print(
            f"  PySide6 {PYSIDE_VERSION} bug: 1000 void Qt calls took {refs_lost} references off "
            f"None; the app aborts ('deallocating None') once they run out. References lost over "
            f"this run, made up by the bench: {drained or 'under 1000'}"
        )
    if silenced[0]:
        print(f"  ({silenced[0]} offscreen-plugin propagateSizeHints warnings silenced)")

    print(goal_line("open median", meeting_med, OPEN_GOAL_MS))
    print(goal_line("open p95", percentile(usable["meeting"], 0.95), OPEN_GOAL_MS))
    print(goal_line("open settled p95", percentile(settled["meeting"], 0.95), OPEN_GOAL_MS))
    print(goal_line("navigation p95", percentile(every, 0.95), MOVE_GOAL_MS))
    print(goal_line("navigation first-visit p95", percentile(first_visits, 0.95), MOVE_GOAL_MS))
    print(goal_line("navigation max", max(every), MOVE_GOAL_MS))
    print(
        f"ratio: meeting open / bare window open = {statistics.median(pair_ratios):.2f}x (median)"
    )
    if GUARD.used:
        # Tearing the interpreter down would give back the extra references first and then
        # abort on what PySide6 took: leave without it (the temp folder is already gone).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


if __name__ == "__main__":
    main()

"""Benchmark: saving one answer during a meeting, against a raw sqlite3 upsert + commit.

Run by hand (not collected by pytest):

    python tests/bench/bench_answer_save.py [--repeat N] [--edits N] [--inserts N] [--dir DIR]

Subject: `InterviewService.record(interview_id, question_id, "value", text)`, on services built
with `salescoach.app.build_services` in a temp data folder (so the real pragmas, schema and
migrations), on an interview started from the shipped "collaborative-discovery" playbook.

Baseline: a plain `sqlite3` connection on a separate file in the same temp folder, with the same
pragmas (WAL, synchronous=FULL, foreign_keys=ON, busy_timeout) and the same `answers` table
(its DDL and indexes are copied from the app's migrated database), doing for each edit
`INSERT ... ON CONFLICT(interview_id, question_id) DO UPDATE` + `commit()`.

Two cases, each save timed on its own, subject and baseline interleaved save by save (the order
swapped every time) so that noise and disk flushes hit both alike:

* first insert: the first answer to a question (no row yet);
* update: an edit of an answered question, cycling over a few questions with a different text
  each time, so the app also keeps the previous value in `answer_history` (the realistic case).

Each round uses fresh files. The last line printed is the ratio of the median update times.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from salescoach.app import build_services
from salescoach.paths import DataPaths
from salescoach.services.container import Services
from salescoach.storage.database import BUSY_TIMEOUT_MS, apply_pragmas

PLAYBOOK_ID = "collaborative-discovery"
UPDATE_QUESTIONS = 4  # how many questions the update phase cycles over

# A rep's note-length answer; each edit changes it a little, as typing would.
TEXTS = (
    "They track renewals in a shared spreadsheet that only Maria updates; "
    "two were missed last quarter.",
    "Three regional teams, about forty reps in all; the northern team grew fastest this year.",
    "Budget is set in October; anything above 20k needs the CFO, who wants a payback under a year.",
    "The trigger was losing their biggest client to a competitor who answered quotes same day.",
)

UPSERT = (
    "INSERT INTO answers (interview_id, question_id, value, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT(interview_id, question_id) DO UPDATE SET "
    "value = excluded.value, updated_at = excluded.updated_at"
)
PRAGMAS = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")


@dataclass
class Samples:
    app: list[float] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)
    round_ratios: list[float] = field(default_factory=list)


class Subject:
    """The app: services on a fresh data folder, one prospect, interviews to answer."""

    def __init__(self, folder: Path, answers: int) -> None:
        self.services: Services = build_services(DataPaths(folder / "app"))
        playbook = self.services.playbooks.get(PLAYBOOK_ID)
        self.question_ids = [question.id for question in playbook.questions()]
        prospect_id = self.services.prospects.add("Bench Ltd")
        # Enough interviews that each of the first `answers` saves is a new (interview, question).
        interviews = -(-answers // len(self.question_ids))
        self.interview_ids = [
            self.services.interviews.start(prospect_id, playbook) for _ in range(interviews)
        ]

    def save(self, interview_id: int, question_id: str, text: str) -> float:
        start = time.perf_counter()
        self.services.interviews.record(interview_id, question_id, "value", text)
        return time.perf_counter() - start

    def schema(self) -> list[str]:
        rows = self.services.db.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'answers' "
            "AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC"
        ).fetchall()
        return [sql for (sql,) in rows]

    def pragmas(self) -> dict[str, object]:
        return read_pragmas(self.services.db.conn)

    def close(self) -> None:
        self.services.close()


class Baseline:
    """Raw sqlite3: the same pragmas and `answers` table, one upsert + commit per save."""

    def __init__(self, folder: Path, schema: list[str], interview_ids: list[int]) -> None:
        self.conn = sqlite3.connect(folder / "raw.db", timeout=BUSY_TIMEOUT_MS / 1000)
        apply_pragmas(self.conn)
        # `answers` references interviews(id): give the foreign key something to check.
        self.conn.execute("CREATE TABLE interviews (id INTEGER PRIMARY KEY)")
        self.conn.executemany(
            "INSERT INTO interviews (id) VALUES (?)", [(i,) for i in interview_ids]
        )
        for sql in schema:
            self.conn.execute(sql)
        self.conn.commit()

    def save(self, interview_id: int, question_id: str, text: str) -> float:
        start = time.perf_counter()
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000+00:00", time.gmtime())
        value = json.dumps(text, ensure_ascii=False)  # what the app stores, too
        self.conn.execute(UPSERT, [interview_id, question_id, value, stamp, stamp])
        self.conn.commit()
        return time.perf_counter() - start

    def pragmas(self) -> dict[str, object]:
        return read_pragmas(self.conn)

    def close(self) -> None:
        self.conn.close()


def read_pragmas(conn: sqlite3.Connection) -> dict[str, object]:
    return {name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in PRAGMAS}


def interleaved(
    subject: Subject, baseline: Baseline, edits: list[tuple[int, str, str]], into: Samples
) -> None:
    app: list[float] = []
    raw: list[float] = []
    for index, (interview_id, question_id, text) in enumerate(edits):
        if index % 2 == 0:
            app.append(subject.save(interview_id, question_id, text))
            raw.append(baseline.save(interview_id, question_id, text))
        else:
            raw.append(baseline.save(interview_id, question_id, text))
            app.append(subject.save(interview_id, question_id, text))
    into.app.extend(app)
    into.raw.extend(raw)
    into.round_ratios.append(statistics.median(app) / statistics.median(raw))


def one_round(
    parent: Path | None, edits: int, inserts: int, first: Samples, update: Samples
) -> dict[str, object]:
    folder = Path(tempfile.mkdtemp(prefix="salescoach-bench-save-", dir=parent))
    try:
        subject = Subject(folder, answers=inserts)
        baseline = Baseline(folder, subject.schema(), subject.interview_ids)
        try:
            info = {"app": subject.pragmas(), "raw": baseline.pragmas()}
            pairs = itertools.product(subject.interview_ids, subject.question_ids)
            first_edits = [
                (interview_id, question_id, TEXTS[n % len(TEXTS)])
                for n, (interview_id, question_id) in enumerate(itertools.islice(pairs, inserts))
            ]
            interleaved(subject, baseline, first_edits, first)

            # Updates: questions already answered above, a different text every time.
            interview_id = subject.interview_ids[0]
            cycle = subject.question_ids[:UPDATE_QUESTIONS]
            update_edits = [
                (
                    interview_id,
                    cycle[n % len(cycle)],
                    f"{TEXTS[(n + 1) % len(TEXTS)]} (edit {n})",
                )
                for n in range(edits)
            ]
            interleaved(subject, baseline, update_edits, update)

            db = subject.services.db
            history = db.execute("SELECT count(*) FROM answer_history").fetchone()[0]
            answers = db.execute("SELECT count(*) FROM answers").fetchone()[0]
            raw_answers = baseline.conn.execute("SELECT count(*) FROM answers").fetchone()[0]
            if (answers, raw_answers, history) != (len(first_edits), len(first_edits), edits):
                sys.exit(
                    f"unexpected rows: app answers {answers}, raw answers {raw_answers}, "
                    f"history {history} (expected {len(first_edits)}, {len(first_edits)}, {edits})"
                )
            return info
        finally:
            subject.close()
            baseline.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def filesystem_of(path: Path) -> str:
    """The mount and type holding `path` (Linux only; '?' elsewhere)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return "?"
    resolved = str(path.resolve())
    best = ("", "?", "?")
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3:
            point = parts[1]
            inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
            if inside and len(point) >= len(best[0]):
                best = (point, parts[2], parts[0])
    return f"{best[2]} on {best[0]} ({best[1]})"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(label: str, samples: Samples) -> float:
    for name, values in (("answer save (app)", samples.app), ("raw sqlite3 upsert", samples.raw)):
        print(
            f"  {name:<20} median {statistics.median(values) * 1000:7.3f} ms  "
            f"p95 {percentile(values, 0.95) * 1000:7.3f} ms  "
            f"min {min(values) * 1000:7.3f} ms  mean {statistics.fmean(values) * 1000:7.3f} ms"
        )
    ratio = statistics.median(samples.app) / statistics.median(samples.raw)
    rounds = ", ".join(f"{r:.2f}" for r in samples.round_ratios)
    print(f"  {label} ratio {ratio:.2f}x (median); per round: {rounds}")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10, help="rounds on fresh files (default 10)")
    parser.add_argument("--edits", type=int, default=300, help="updates per round (default 300)")
    parser.add_argument(
        "--inserts", type=int, default=60, help="first inserts per round (default 60)"
    )
    parser.add_argument(
        "--dir", type=Path, default=None, help="parent of the temp folders (default: system temp)"
    )
    args = parser.parse_args()
    if args.repeat < 1 or args.edits < 1 or args.inserts < UPDATE_QUESTIONS:
        parser.error(f"need --repeat >= 1, --edits >= 1, --inserts >= {UPDATE_QUESTIONS}")

    first, update = Samples(), Samples()
    started = time.perf_counter()
    info: dict[str, object] = {}
    for _ in range(args.repeat):
        info = one_round(args.dir, args.edits, args.inserts, first, update)
    elapsed = time.perf_counter() - started

    where = Path(args.dir or tempfile.gettempdir())
    print(
        f"answer save: {args.repeat} rounds x ({args.inserts} first inserts + {args.edits} "
        f"updates over {UPDATE_QUESTIONS} questions), interleaved; {elapsed:.1f} s in all"
    )
    print(
        f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPUs; files in {where}: {filesystem_of(where)}"
    )
    print(f"pragmas: app {info['app']}; raw {info['raw']}")
    print(f"first insert (no answer yet), {len(first.app)} saves each:")
    report("first insert", first)
    print(f"update (answered question, new text, history kept), {len(update.app)} saves each:")
    ratio = report("update", update)
    print(f"ratio: answer save / raw sqlite3 commit = {ratio:.2f}x (median)")


if __name__ == "__main__":
    main()

"""Benchmark: what data safety costs on a large database (default 50 MB).

Run by hand (not collected by pytest):

    python tests/bench/bench_data_safety.py [--megabytes N] [--repeat N]

Builds a database of about N MB with the real schema (prospects, meetings with their playbook
snapshots, answers), then times, each as the median of the runs:

* the start-up check (`inspect_existing`: header, `PRAGMA quick_check`, version), which every
  start pays before the window shows;
* the full `PRAGMA integrity_check`, which a restore pays before replacing anything;
* a backup (SQLite's backup API, in steps, from a connection of its own, as the periodic copy
  runs on its worker thread);
* the periodic check on the GUI thread (`changed_since_backup`), every five minutes;
* reading what a backup holds (counts and the last edit), as Settings > Backups shows it.

The file cache is warm (each is run once first); a cold start reads the file from disk, which
costs more (a few hundred ms for 50 MB on an SSD). The last line is the start-up check as a
ratio to plainly reading the whole file (the least any check of every page can cost).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from salescoach.app import build_services
from salescoach.paths import DataPaths
from salescoach.storage.backups import (
    integrity_verdict,
    read_contents,
    take_backup_of_file,
)
from salescoach.storage.database import inspect_existing, open_database

WORDS = [
    "dispatch",
    "planning",
    "late",
    "trucks",
    "depot",
    "drivers",
    "margin",
    "contract",
    "renewal",
    "budget",
    "review",
    "spreadsheet",
    "overtime",
    "customer",
    "penalties",
    "route",
    "warehouse",
    "signoff",
    "quarter",
]


def build(path: Path, megabytes: int) -> None:
    chance = random.Random(7)

    def text(words: int) -> str:
        return " ".join(chance.choice(WORDS) for _ in range(words))

    db = open_database(path)
    stamp = "2026-11-14T13:32:00.000+00:00"
    number = 0
    while path.stat().st_size < megabytes * 1_000_000:
        with db.atomic():
            for _ in range(50):
                number += 1
                prospect = (
                    db.table("prospects")
                    .insert(
                        {
                            "company": f"Company {number}",
                            "notes": text(80),
                            "created_at": stamp,
                            "updated_at": stamp,
                        }
                    )
                    .last_pk
                )
                meeting = (
                    db.table("interviews")
                    .insert(
                        {
                            "prospect_id": prospect,
                            "playbook_id": "collaborative-discovery",
                            "playbook_version": 1,
                            "playbook_snapshot": text(400),
                            "status": "ended",
                            "started_at": stamp,
                            "updated_at": stamp,
                        }
                    )
                    .last_pk
                )
                db.table("answers").insert_all(
                    {
                        "interview_id": meeting,
                        "question_id": f"q{q}",
                        "value": json.dumps(text(30)),
                        "created_at": stamp,
                        "updated_at": stamp,
                    }
                    for q in range(30)
                )
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()


def median_ms(action: Callable[[], object], repeat: int) -> float:
    action()  # warm the file cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def read_whole_file(path: Path) -> None:
    with path.open("rb") as handle:
        while handle.read(1 << 20):
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="salescoach-bench-safety-"))
    try:
        paths = DataPaths(workdir / "data")
        build(paths.database, args.megabytes)
        size = paths.database.stat().st_size / 1_000_000
        copies = workdir / "copies"

        def backup() -> None:
            take_backup_of_file(paths.database, copies, "periodic")

        figures = {
            "read the whole file": median_ms(lambda: read_whole_file(paths.database), args.repeat),
            "start-up check (quick_check)": median_ms(
                lambda: inspect_existing(paths.database), args.repeat
            ),
            "full integrity_check": median_ms(
                lambda: integrity_verdict(paths.database), args.repeat
            ),
            "backup, worker thread": median_ms(backup, args.repeat),
        }
        sample = next(copies.glob("*.db"))
        figures["what a backup holds"] = median_ms(lambda: read_contents(sample), args.repeat)
        services = build_services(paths)
        try:
            figures["periodic check, GUI thread"] = median_ms(
                services.backups.changed_since_backup, args.repeat
            )
        finally:
            services.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"data safety on a {size:.1f} MB database, median of {args.repeat} warm runs")
    for label, value in figures.items():
        print(f"{label:<32} {value:8.1f} ms")
    ratio = figures["start-up check (quick_check)"] / figures["read the whole file"]
    print(f"ratio: start-up check / reading the file = {ratio:.2f}x")


if __name__ == "__main__":
    main()

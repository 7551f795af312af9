"""Make the frozen database of a released SalesCoach, with that release's own code.

tests/storage/test_upgrades.py opens every `tests/data/salescoach-<version>.db` with the current
code and checks that everything in it survives the upgrade. A fixture is made once, by the
release it is named after, and never changed afterwards: a new release adds a new file.

To make the fixture of a release, run this script with the release's checkout ahead of the
working tree on PYTHONPATH (0.1.0 is commit 3fe01a9):

    git worktree add /tmp/sc-0.1.0 3fe01a9
    PYTHONPATH=/tmp/sc-0.1.0 python tests/data/make_fixture.py tests/data
    git worktree remove /tmp/sc-0.1.0

It writes, into the folder given:

* `salescoach-<version>.db`: the demo data plus the edge cases below, written through the
  release's services (so its schema, migrations and value encodings), then checkpointed and
  vacuumed: one small file, no -wal or -shm beside it;
* `salescoach-<version>.expected.json`: what was read back from that file at once: the
  migrations applied, every row of every table, what the release's services return for each
  meeting (answers, needs, history, summaries) and the file's SHA-256.

Edge cases: unicode and emoji in company names, people and answers; quotes (the client's own
words, and `"` / `'` / `%` / `_` in text); every answer type, floats and money included; answer
history (a value, a note and the client's words each changed); a need corrected by the client
with its first wording kept, one not a priority, needs re-ranked; a gate override with its reason;
a solution idea; an ended meeting with outcome and next step; a later meeting pre-filled from it,
still in progress with its position kept; summary final copies, one marked sent; the rep's
profile.

The script refuses to run on this working tree's own package (that schema is not a release)
and to overwrite an existing fixture. It calls only services 0.1.0 has; for a later release, if
one of those calls was renamed, adapt the call, not the data.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

import salescoach
from salescoach.app import build_services
from salescoach.paths import DataPaths
from salescoach.services.container import Services
from salescoach.services.demo import add_demo_data
from salescoach.storage.migrations import MIGRATIONS

PLAYBOOK = "collaborative-discovery"
STARTED = "2026-10-05T08:15:00.000+00:00"
ENDED = "2026-10-05T09:02:00.000+00:00"
SENT = "2026-10-06T07:30:00.000+00:00"
FOLLOW_UP = "2026-10-19T13:00:00.000+00:00"
LONG_TEXT = 500  # characters; longer values are recorded by their SHA-256


def choice(services: Services, question_id: str, index: int) -> str:
    """A choice value the release's playbook really offers."""
    playbook = services.playbooks.get(PLAYBOOK)
    return playbook.question(question_id).choices[index].value


def add_edge_cases(services: Services) -> None:
    prospects, interviews, summaries = services.prospects, services.interviews, services.summaries
    services.settings.set_profile(
        name="Zoë Ångström",
        title="Account Executive",
        company="Nordlicht Software AB",
        email="zoe@example.com",
        phone="+46 8 123 45 67",
        signature='Zoë · Nordlicht 🌅\nÅngström & Co\'s "best" rep',
    )

    clinic = prospects.add(
        "Ünïcødé Ärzte GmbH 🦷",
        industry="Santé & Soins",
        employees=42,
        region="Région Île-de-France",
        website="https://ärzte.example",
        hypothesis='Intake is "retyped twice" — 20 min per patient',
        notes="Met at MedTech Köln 2026.\nAsked for a German-speaking contact.",
        stage_override="explore",
    )
    prospects.add_person(
        clinic,
        "Jürgen Groß",
        title="Geschäftsführer",
        role="economic buyer",
        email="j.gross@example.de",
        phone="+49 221 555 01",
    )
    prospects.add_person(clinic, "李小龍", title="CTO", role="technical evaluator")
    prospects.add_person(clinic, "Siobhán O'Connor", title="Practice manager", role="champion")

    playbook = services.playbooks.get(PLAYBOOK)
    first = interviews.start(clinic, playbook, title="Erstgespräch ☕", started_at=STARTED)
    answers: dict[str, Any] = {
        "meeting_purpose": "See whether intake can drop from 20 to 5 minutes",
        "time_available": 60,
        "ok_to_ask_first": "yes",
        "situation_overview": 'Three clinics; paper forms, then "retyped" into the PMS.\n'
        "Front desk: 6 people. Peaks on Monday 8–10h.",  # noqa: RUF001 (an en dash, typed)
        "team_size": 12.5,
        "trigger_event": "Two complaints 😠 about waiting times in one week",
        "goals": "Patients seen on time; staff not doing data entry at 7pm",
        "success_measure": "Median wait < 10 min",
        "target_date": "2027-06-30",
        "goal_priority": choice(services, "goal_priority", 0),
        "problems": "Retyping errors: allergies missed twice (!)",
        "problem_areas": [
            choice(services, "problem_areas", 1),
            choice(services, "problem_areas", 5),
        ],
        "problem_duration": choice(services, "problem_duration", 2),
        "impact": "Lost 3 patients a month; 100% of the front desk's overtime",
        "impact_estimate": {"amount": 1234.56, "currency": "CHF"},
        "severity": 4,
        "cost_of_inaction": "The new clinic opens in spring: 50% more intake",
        "tried_before": "no",
        "main_alternative": choice(services, "main_alternative", 1),
        "value_estimate": {"amount": 48000, "currency": "EUR"},
        "decision_criteria": "GDPR/DSGVO, works offline, German UI",
        "decision_process": "Jürgen decides under €50k; above that the board",
        "stakeholders": [
            {"name": "Jürgen Groß", "title": "Geschäftsführer", "role": "economic_buyer"},
            {"name": "李小龍", "title": "CTO", "role": "technical_evaluator", "met": "no"},
            {"name": "Siobhán O'Connor", "title": "Practice manager", "role": "champion"},
        ],
        "paperwork": [choice(services, "paperwork", 1)],
        "signoff_weeks": 3,
        "budget_exists": "yes",
        "budget_amount": {"amount": 45000, "currency": "EUR"},
        "decision_date": "2026-12-15",
        "playback_ok": "yes",
        "outcome": choice(services, "outcome", 1),
        "next_step": "Send the pilot plan ✉️ by Friday",
        "next_meeting_date": "2026-10-19",
    }
    for question_id, value in answers.items():
        interviews.record(first, question_id, "value", value)
    # History: a value, a note and the client's words each changed after the first save.
    interviews.record(first, "meeting_purpose", "value", "Intake: from 20 min to 5 🙏")
    interviews.record(first, "severity", "value", 5)
    interviews.record(first, "problems", "note", "Ask about the PMS vendor")
    interviews.record(first, "problems", "note", "Ask about the PMS vendor — it's Medi%Soft_2")
    interviews.record(first, "impact", "quote", "Wir verlieren jeden Monat drei Patienten.")
    interviews.record(
        first, "impact", "quote", 'She said: "Wir verlieren jeden Monat drei Patienten" 😬'
    )
    interviews.record(first, "goals", "quote", "Nobody should type a form twice.")

    on_time = interviews.add_need(
        first, "Termine ohne Doppelbuchungen 📅", impact="2 h/week", priority="high"
    )
    intake = interviews.add_need(
        first, "Faster intake", impact="20 min per patient", source_question_id="problems"
    )
    later = interviews.add_need(first, "A patient app", impact="", priority="low")
    interviews.update_need(on_time, status="confirmed")
    interviews.correct_need(intake, first, "Intake in under 5 minutes, not 20 — for every patient")
    interviews.update_need(later, status="not_a_priority")
    interviews.rerank_needs([intake, on_time, later])
    interviews.override_gate(first, "Client asked for ideas early — CFO in the room 💼")
    interviews.set_solution_idea(first, intake, "Tablet intake that fills the PMS directly")
    interviews.remember_position(first, "next_step", 2820)
    interviews.end(
        first,
        "continuation",
        ended_at=ENDED,
        next_step="Send the pilot plan ✉️",
        client_action="Jürgen books 30 minutes with the board",
        next_date="2026-10-19",
    )
    summaries.save_final(
        first,
        "client-summary",
        "html",
        "<p>Danke, Jürgen! 🙏</p>\n<p>Ihre Worte: „drei Patienten“</p>",
    )
    summaries.mark_sent(first, "client-summary", "html", SENT)
    summaries.save_final(first, "client-summary", "txt", "Danke, Jürgen!\n- Intake < 5 min")
    summaries.mark_sent(first, "crm-note", "txt", SENT)  # sent as generated, no edited copy

    # The follow-up meeting: pre-filled from the first, one answer changed, still in progress.
    second = interviews.start(
        clinic, playbook, title="Follow-up", started_at=FOLLOW_UP, prefill=True
    )
    interviews.record(second, "team_size", "value", 14)
    interviews.record(second, "goals", "note", "Board wants numbers first")
    interviews.add_need(second, "Numbers for the board 📊", impact="Decision blocked")
    interviews.remember_position(second, "impact_estimate", 610)

    prospects.add('O\'Brien & Sons_100% "Quoted"', industry="Retail", employees=3)
    prospects.add("🚀", notes="A company name that is only an emoji")


# --- reading it back ----------------------------------------------------------------------------


def data_tables(conn: sqlite3.Connection) -> list[str]:
    """Ordinary tables (not SQLite's own, not full-text indexes and their shadow tables)."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
    tables = [(name, sql or "") for name, sql in rows]
    virtual = [name for name, sql in tables if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    return [
        name
        for name, _ in tables
        if not name.startswith("sqlite_")
        and not any(name == v or name.startswith(f"{v}_") for v in virtual)
    ]


def key_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    info = conn.execute(f"PRAGMA table_info([{table}])").fetchall()
    keys = sorted((row[5], row[1]) for row in info if row[5])
    if not keys:
        raise SystemExit(f"table {table} has no primary key to compare rows by")
    return [name for _, name in keys]


def fingerprint(value: Any) -> Any:
    """Long text (a meeting's playbook snapshot) is recorded by its hash, to keep this small."""
    if isinstance(value, str) and len(value) > LONG_TEXT:
        return {"sha256": hashlib.sha256(value.encode()).hexdigest(), "length": len(value)}
    return value


def dump_tables(conn: sqlite3.Connection) -> dict[str, Any]:
    """Every row of every table, by primary key."""
    dumped = {}
    for table in data_tables(conn):
        keys = key_columns(conn, table)
        cursor = conn.execute(f"SELECT * FROM [{table}] ORDER BY {', '.join(keys)}")
        columns = [description[0] for description in cursor.description]
        rows = [
            {column: fingerprint(value) for column, value in zip(columns, row, strict=True)}
            for row in cursor.fetchall()
        ]
        dumped[table] = {"key": keys, "rows": rows}
    return dumped


def read_back(services: Services) -> dict[str, Any]:
    """What the release's own services return for every meeting, and the rep's profile."""
    interviews = services.interviews
    meetings = {}
    ids = [row[0] for row in services.db.execute("SELECT id FROM interviews ORDER BY id")]
    for interview_id in ids:
        answers = interviews.answers(interview_id)
        meetings[str(interview_id)] = {
            "playbook": interviews.meeting(interview_id).playbook.id,
            "answers": {
                qid: {
                    "value": stored.value,
                    "note": stored.note,
                    "quote": stored.quote,
                    "carried_value": stored.carried_value,
                }
                for qid, stored in sorted(answers.items())
            },
            "history": {
                qid: interviews.history(interview_id, qid)
                for qid in sorted(answers)
                if interviews.history(interview_id, qid)
            },
            "needs": [dataclasses.asdict(need) for need in interviews.needs(interview_id)],
        }
    summaries = [
        {
            "interview_id": interview_id,
            "template": template,
            "format": fmt,
            "final": services.summaries.final(interview_id, template, fmt),
            "sent_at": services.summaries.sent_at(interview_id, template, fmt),
        }
        for interview_id, template, fmt in services.db.execute(
            "SELECT interview_id, template, format FROM summaries ORDER BY id"
        )
    ]
    return {"meetings": meetings, "summaries": summaries, "profile": services.settings.profile()}


# --- the file -----------------------------------------------------------------------------------


def compact(database: Path) -> None:
    """Everything in the main file, free pages dropped; WAL mode kept, as the app leaves it."""
    conn = sqlite3.connect(database, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def make(out: Path) -> tuple[Path, Path]:
    version = salescoach.__version__
    target = out / f"salescoach-{version}.db"
    expected = out / f"salescoach-{version}.expected.json"
    for path in (target, expected):
        if path.exists():
            raise SystemExit(f"{path} exists: a released fixture is never remade in place")
    with tempfile.TemporaryDirectory(prefix="salescoach-fixture-") as folder:
        paths = DataPaths(Path(folder))
        services = build_services(paths)
        try:
            add_demo_data(services)
            add_edge_cases(services)
        finally:
            services.close()
        compact(paths.database)

        services = build_services(paths)  # read back through the release's own code
        try:
            record = {
                "version": version,
                "made_with": {
                    "python": sys.version.split()[0],
                    "sqlite": sqlite3.sqlite_version,
                },
                "migrations": [applied.name for applied in MIGRATIONS.applied(services.db)],
                "tables": dump_tables(services.db.conn),
                "read_back": read_back(services),
            }
        finally:
            services.close()
        leftovers = [p.name for p in paths.basedir.glob("salescoach.db-*")]
        if leftovers:
            raise SystemExit(f"the database left companions behind: {leftovers}")
        data = paths.database.read_bytes()
    record["sha256"] = hashlib.sha256(data).hexdigest()
    record["counts"] = {table: len(dumped["rows"]) for table, dumped in record["tables"].items()}
    target.write_bytes(data)
    expected.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target, expected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to write into (tests/data)")
    args = parser.parse_args()
    package = Path(salescoach.__file__).resolve().parent
    if package.parent == Path(__file__).resolve().parents[2]:
        raise SystemExit(
            f"{package} is this working tree's code, not a release: put the release's checkout "
            "first on PYTHONPATH (see the top of this file)"
        )
    target, expected = make(args.out)
    print(f"SalesCoach {salescoach.__version__} from {package}")
    print(f"wrote {target} ({target.stat().st_size} bytes) and {expected}")


if __name__ == "__main__":
    main()

"""Make a big SalesCoach database for the home and search benchmarks (and for screenshots).

Run by hand:

    python tests/bench/make_big_db.py DIR [--prospects N] [--meetings M] [--seed S]

DIR becomes a SalesCoach data folder (open it with `salescoach --basedir DIR`). The database is
opened with `salescoach.storage.database.open_database`, so it has the real schema of every
migration, then filled in one transaction with bulk inserts: N prospects (default 10,000), their
people, M discovery meetings (default 50,000) on the shipped playbook, each with its full playbook
snapshot as the app stores it, answers with notes and the client's words, needs, touches and
check-ins, plan milestones, concerns; about 2% of prospects, meetings and people in the trash.
The full-text indexes are rebuilt once at the end (their insert triggers set aside meanwhile
and put back unchanged), so the app keeps them in step afterwards as usual.

Each prospect's step and next action are then worked out by the app's own rules (CycleService),
as the app does at its first start on older data.

The words come from small vocabularies of sales talk, so a search finds common words in thousands
of rows, rarer ones in a few, and some names in exactly one place. Dates fall around today, so the
pipeline has overdue actions, actions due today and later. A fixed seed makes the same database.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlite_utils

from salescoach.paths import DataPaths
from salescoach.services.cycle import CycleService
from salescoach.services.playbooks import PlaybookService
from salescoach.storage.cycle_logs import CycleLogRepository
from salescoach.storage.database import open_database
from salescoach.storage.meta import KeyValueStore
from salescoach.storage.progress import ProgressRepository
from salescoach.storage.prospects import ProspectRepository

PLAYBOOK_ID = "collaborative-discovery"

# Each stage's share of the pipeline: most prospects are early in the cycle.
STAGE_WEIGHTS = {
    "target": 30,
    "contact": 25,
    "explore": 20,
    "collaborate": 12,
    "confirm": 6,
    "assure": 7,
}
TRASHED_SHARE = 0.02


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST = words(
    "Maria Tom Ines Priya Alan Grace Sofia Ben Leo Jana Omar Chen Lucia Pieter Amara Ravi Hana "
    "Marek Elena Kofi Ingrid Diego Yuki Fatima Lars Nadia Samuel Aisha Bruno Clara Emeka Freya "
    "Hugo Irene Jonas Keiko Luca Mina Noah Olga Paulo Rosa Stefan Tariq Uma Viktor Wen Zofia"
)
LAST = words(
    "Lopez Becker Park Shah Reyes Okafor Martins Clarke Novak Horak Haddad Wang Romero Visser "
    "Mensah Iyer Sato Kowalski Petrova Asante Berg Morales Tanaka Rahman Nilsson Haddad Cohen "
    "Diallo Ferreira Schmidt Nwosu Larsen Dubois Moreau Weber Ito Rossi Kim Novak Santos Fischer"
)
TITLES = (
    "Operations Director",
    "CFO",
    "Head of IT",
    "Plant Manager",
    "COO",
    "Finance Partner",
    "Procurement Lead",
    "Sales Director",
    "Customer Service Manager",
    "Managing Partner",
    "Warehouse Manager",
    "HR Director",
)
COMPANY_WORDS = words(
    "Northwind Cedar Harbor Brightline Alder Pinecrest Summit Riverside Oakridge Bluewater "
    "Ironwood Silverline Granite Meadow Falcon Redwood Lakeside Evergreen Copper Maple Beacon "
    "Aurora Horizon Keystone Juniper Willow Orion Atlas Sterling Westfield Clearwater Stonebridge"
)
COMPANY_KINDS = (
    "Logistics",
    "Dental Group",
    "Manufacturing",
    "Health Clinics",
    "Outdoor Retail",
    "Accountants",
    "Foods",
    "Engineering",
    "Insurance",
    "Hotels",
    "Labs",
    "Construction",
    "Pharmacy",
    "Transport",
    "Software",
)
INDUSTRIES = (
    "Transport and logistics",
    "Healthcare",
    "Manufacturing",
    "Retail",
    "Professional services",
    "Food and drink",
    "Construction",
    "Hospitality",
    "Financial services",
    "Software",
)
REGIONS = ("North", "South", "East", "West", "Central")
SUBJECTS = (
    "dispatch planning",
    "month-end close",
    "appointment no-shows",
    "unplanned downtime",
    "patient intake",
    "stock counts",
    "quote turnaround",
    "invoice matching",
    "shift scheduling",
    "supplier onboarding",
    "returns handling",
    "renewal tracking",
    "route planning",
    "customer complaints",
    "training records",
    "spare parts ordering",
    "field service visits",
    "contract approvals",
    "expense claims",
    "warranty claims",
    "production scheduling",
    "tender responses",
    "fleet maintenance",
    "payroll changes",
    "customer onboarding",
    "lab sample tracking",
    "room bookings",
    "delivery notes",
    "credit checks",
    "price lists",
)
PROBLEMS = (
    "takes five hours a day",
    "breaks whenever one person is away",
    "lives in one spreadsheet nobody else understands",
    "costs penalties every quarter",
    "is retyped by hand twice",
    "leaves customers waiting for answers",
    "hides mistakes until the audit",
    "depends on printed sheets and phone calls",
    "was tried with a tool that nobody used",
    "grew worse after the merger",
    "needs three signatures for every change",
    "is checked by a temp who leaves in March",
    "runs on an old system nobody can update",
    "is done again at every site in its own way",
    "slows down every time volumes peak",
    "is tracked on whiteboards in the depot",
    "waits for the weekly meeting to move on",
    "cannot be audited without a week of digging",
)
EFFECTS = (
    "late deliveries",
    "overtime for the planners",
    "lost renewals",
    "unhappy customers",
    "fines from the regulator",
    "staff turnover at the front desk",
    "delayed cash collection",
    "a board asking questions every month",
    "missed service levels",
    "write-offs at year end",
    "customers switching to a competitor",
    "weekend work for the office team",
    "errors in invoices",
    "slow payments from clients",
    "a backlog that never shrinks",
)
QUOTES = (
    "If {name} is off sick, nobody can plan tomorrow.",
    "We cannot lose another contract like that.",
    "Honestly, the spreadsheet is the only thing holding us together.",
    "My team spends Fridays fixing what went wrong on Monday.",
    "The board wants an answer before spring.",
    "We tried a tool before and the planners stopped using it within a month.",
    "If it does not handle driver hours, it is no use to us.",
    "I would rather wait than buy the wrong thing again.",
    "Customers call us to ask where their order is, every single day.",
    "{name} knows how it works; nobody else does.",
)
NOTES = (
    "Check the numbers with {name} before the next meeting",
    "Sounded keen but budget is not confirmed",
    "Mentioned a competitor demo last month",
    "Ask about the security review and who signs it",
    "The CFO was not in the room; send a one-page summary",
    "Strong champion; wants a pilot in one depot",
    "Timing depends on the spring renewals",
    "Bring the driver-hours example next time",
)
TOUCH_PURPOSES = (
    "A short note on what other firms learnt about {subject}",
    "Agree a first meeting and its agenda",
    "Share a one-page view on {subject}",
    "Follow up on the letter about {subject}",
    "Offer a short outside view on {subject}",
)
NEXT_ACTIONS = (
    "Call {name} to propose a first meeting",
    "Send the notes of the last meeting",
    "Book the call with the CFO",
    "Send the agenda in writing",
    "Check the printed forms are gone",
    "Share the pilot plan with {name}",
    "Ask for the security questionnaire",
)
MILESTONES = (
    "Call with the CFO and Head of IT",
    "IT security questionnaire returned",
    "Pilot in the first depot",
    "Front-desk training",
    "Signed order for the first sites",
    "Results review with {name}",
)
CONCERNS = (
    "Planners stopped using the last tool within a month",
    "Worried about the time to go live",
    "Unsure the CFO will approve this year",
    "Data migration from the old spreadsheets",
)


def pick(rng: random.Random, words: tuple[str, ...] | list[str], **names: str) -> str:
    return rng.choice(words).format(**names)


@dataclass
class Rows:
    """Rows to insert, per table, in column order."""

    prospects: list[tuple] = field(default_factory=list)
    people: list[tuple] = field(default_factory=list)
    interviews: list[tuple] = field(default_factory=list)
    answers: list[tuple] = field(default_factory=list)
    needs: list[tuple] = field(default_factory=list)
    touches: list[tuple] = field(default_factory=list)
    plan_items: list[tuple] = field(default_factory=list)
    concerns: list[tuple] = field(default_factory=list)

    def count(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in vars(self).items()}


COLUMNS = {
    "prospects": (
        "id company industry employees region stage fit_score fit_tier hypothesis notes "
        "reason_to_meet next_action next_action_on created_at updated_at deleted_at"
    ),
    "people": "id prospect_id name title role email phone created_at deleted_at",
    "interviews": (
        "id prospect_id playbook_id playbook_version playbook_title playbook_snapshot title "
        "status outcome started_at updated_at ended_at next_step deleted_at"
    ),
    "answers": "interview_id question_id value note quote created_at updated_at",
    "needs": "interview_id prospect_id rank statement impact status created_at updated_at",
    "touches": (
        "prospect_id kind happened_on channel purpose outcome promise next_action "
        "next_action_date next_action_done created_at updated_at deleted_at"
    ),
    "plan_items": (
        "prospect_id phase milestone client_owner our_owner due_on status created_at "
        "updated_at deleted_at"
    ),
    "concerns": "prospect_id raised_on concern response status created_at updated_at deleted_at",
}


def stamp(day: date, rng: random.Random) -> str:
    moment = datetime(day.year, day.month, day.day, rng.randint(7, 17), rng.choice((0, 30)))
    return moment.replace(tzinfo=UTC).isoformat(timespec="milliseconds")


def generate(prospects: int, meetings: int, answers_per_meeting: int, seed: int) -> Rows:
    rng = random.Random(seed)
    today = date.today()
    playbook = PlaybookService.shipped_only().get(PLAYBOOK_ID)
    snapshot = playbook.model_dump_json(by_alias=True, exclude_none=True)
    text_questions = [q.id for q in playbook.questions() if q.type in ("text", "long_text")]
    rows = Rows()
    stages = list(STAGE_WEIGHTS)
    weights = list(STAGE_WEIGHTS.values())
    meeting_stages = {"explore", "collaborate", "confirm", "assure"}
    with_meetings: list[int] = []
    people_of: dict[int, list[str]] = {}
    stage_of: dict[int, str] = {}

    person_id = 0
    for prospect_id in range(1, prospects + 1):
        stage = rng.choices(stages, weights)[0]
        stage_of[prospect_id] = stage
        company = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_KINDS)} {prospect_id}"
        subject = rng.choice(SUBJECTS)
        tier_roll = rng.random()
        if tier_roll < 0.2:
            tier, score = None, None
        elif tier_roll < 0.25:
            tier, score = "excluded", rng.randint(20, 90)
        else:
            score = rng.randint(25, 98)
            tier = "A" if score >= 80 else "B" if score >= 50 else "C"
        created = today - timedelta(days=rng.randint(30, 900))
        names = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            person_id += 1
            first, last = rng.choice(FIRST), rng.choice(LAST)
            name = f"{first} {last}"
            names.append(first)
            trashed = stamp(today, rng) if rng.random() < TRASHED_SHARE / 2 else None
            rows.people.append(
                (
                    person_id,
                    prospect_id,
                    name,
                    rng.choice(TITLES),
                    rng.choice(("champion", "economic buyer", "user", "technical evaluator")),
                    f"{first}.{last}@example.com".lower(),
                    f"+44 20 7{rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                    stamp(created, rng),
                    trashed,
                )
            )
        people_of[prospect_id] = names
        name = names[0]
        # Open next actions: a touch's, or a milestone's; the earliest is the prospect's.
        due_dates: list[tuple[str, str]] = []
        for _ in range(rng.choice((0, 1, 2, 3, 3, 4))):
            happened = today - timedelta(days=rng.randint(1, 200))
            open_action = rng.random() < 0.35
            action = pick(rng, NEXT_ACTIONS, name=name) if open_action else None
            due = (today + timedelta(days=rng.randint(-20, 40))).isoformat() if action else None
            kind = "check_in" if stage == "assure" and rng.random() < 0.5 else "contact"
            trashed = stamp(today, rng) if rng.random() < TRASHED_SHARE else None
            if action and due and not trashed:
                due_dates.append((due, action))
            rows.touches.append(
                (
                    prospect_id,
                    kind,
                    happened.isoformat(),
                    rng.choice(("letter", "email", "phone", "visit", "video")),
                    pick(rng, TOUCH_PURPOSES, subject=subject),
                    rng.choice((f"{name} replied the same day", "No answer yet", "Booked")),
                    rng.choice(("Send the agenda in writing", None, None)),
                    action,
                    due,
                    0,
                    stamp(happened, rng),
                    stamp(happened, rng),
                    trashed,
                )
            )
        if stage in ("collaborate", "confirm", "assure"):
            for _ in range(rng.randint(1, 3)):
                due = (today + timedelta(days=rng.randint(-15, 60))).isoformat()
                status = rng.choice(("planned", "in_progress", "done"))
                milestone = pick(rng, MILESTONES, name=name)
                if status != "done":
                    due_dates.append((due, milestone))
                rows.plan_items.append(
                    (
                        prospect_id,
                        "delivery" if stage == "assure" else "sale",
                        milestone,
                        f"{name} {rng.choice(LAST)}",
                        "Us",
                        due,
                        status,
                        stamp(created, rng),
                        stamp(created, rng),
                        None,
                    )
                )
            rows.concerns.append(
                (
                    prospect_id,
                    (today - timedelta(days=rng.randint(1, 90))).isoformat(),
                    rng.choice(CONCERNS),
                    rng.choice(("Shared the pilot results", None)),
                    rng.choice(("open", "answered", "resolved")),
                    stamp(created, rng),
                    stamp(created, rng),
                    None,
                )
            )
        next_due, next_action = min(due_dates) if due_dates else (None, None)
        if stage in meeting_stages:
            with_meetings.append(prospect_id)
        rows.prospects.append(
            (
                prospect_id,
                company,
                rng.choice(INDUSTRIES),
                rng.choice((12, 45, 65, 150, 210, 380, 900, 2400)),
                rng.choice(REGIONS),
                stage,
                score,
                tier,
                f"{subject.capitalize()} {rng.choice(PROBLEMS)}",
                rng.choice((None, f"Met {name} at the trade fair", "Referred by a client")),
                f"{rng.choice(EFFECTS).capitalize()} since {subject} {rng.choice(PROBLEMS)}",
                next_action,
                next_due,
                stamp(created, rng),
                stamp(created, rng),
                stamp(today, rng) if rng.random() < TRASHED_SHARE else None,
            )
        )

    for interview_id in range(1, meetings + 1):
        prospect_id = rng.choice(with_meetings) if with_meetings else 1
        name = rng.choice(people_of[prospect_id])
        day = today - timedelta(days=rng.randint(0, 1000))
        started = stamp(day, rng)
        ended = rng.random() < 0.9
        rows.interviews.append(
            (
                interview_id,
                prospect_id,
                PLAYBOOK_ID,
                playbook.version,
                playbook.title,
                snapshot,
                rng.choice(("Discovery with", "Follow-up with", "Second meeting with"))
                + " "
                + name,
                "ended" if ended else "in_progress",
                rng.choice(("advance", "continuation", "no_fit")) if ended else None,
                started,
                started,
                started if ended else None,
                pick(rng, NEXT_ACTIONS, name=name) if ended else None,
                stamp(today, rng) if rng.random() < TRASHED_SHARE else None,
            )
        )
        subject = rng.choice(SUBJECTS)
        for question_id in rng.sample(
            text_questions, min(answers_per_meeting, len(text_questions))
        ):
            value = f"{subject.capitalize()} {rng.choice(PROBLEMS)}; it means {rng.choice(EFFECTS)}"
            note = pick(rng, NOTES, name=name) if rng.random() < 0.25 else None
            quote = pick(rng, QUOTES, name=name) if rng.random() < 0.1 else None
            rows.answers.append(
                (
                    interview_id,
                    question_id,
                    json.dumps(value, ensure_ascii=False),
                    note,
                    quote,
                    started,
                    started,
                )
            )
        for rank in range(1, rng.randint(1, 4) + 1):
            rows.needs.append(
                (
                    interview_id,
                    prospect_id,
                    rank,
                    f"{subject.capitalize()} that no longer {rng.choice(PROBLEMS)}",
                    rng.choice(EFFECTS),
                    rng.choice(("open", "confirmed", "corrected")),
                    started,
                    started,
                )
            )
    return rows


def write(folder: Path, rows: Rows) -> Path:
    """Open (and so migrate) the database in `folder`, then add every row in one transaction."""
    paths = DataPaths(folder)
    if paths.database.exists():
        sys.exit(f"{paths.database} exists already; give an empty folder")
    db = open_database(paths.database)
    conn = db.conn
    # A generated file: speed over durability while it is filled (a write-ahead log would write
    # each page twice), then the app's own journal mode again.
    conn.execute("PRAGMA journal_mode = MEMORY")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    conn.execute("BEGIN")
    # One rebuild of each full-text index is ten times quicker than its insert trigger run once
    # per row: set the insert triggers aside and put them back exactly as the migration made them.
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name = tbl_name || '_ai' "
        f"AND tbl_name IN ({', '.join('?' * len(COLUMNS))})",
        list(COLUMNS),
    ).fetchall()
    for name, _sql in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    for table, columns in COLUMNS.items():
        names = columns.split()
        marks = ", ".join("?" * len(names))
        started = time.perf_counter()
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", getattr(rows, table)
        )
        print(f"  {table}: {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    for table in COLUMNS:
        conn.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('rebuild')")
    for _name, sql in triggers:
        conn.execute(sql)
    print(f"  full-text indexes: {time.perf_counter() - started:.1f} s", flush=True)
    conn.execute("COMMIT")
    started = time.perf_counter()
    work_out_steps(db)
    print(f"  steps worked out: {time.perf_counter() - started:.1f} s", flush=True)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    return paths.database


def work_out_steps(db: sqlite_utils.Database) -> None:
    """Each prospect's step and next action, by the app's own rules, in one transaction (the
    app would do it at its first start, one write and one disk sync per prospect)."""
    cycle = CycleService(ProspectRepository(db), CycleLogRepository(db), ProgressRepository(db))
    with db.atomic():
        cycle.refresh_all()
        KeyValueStore(db, "app_meta").set("steps_worked_out", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="an empty or new data folder")
    parser.add_argument("--prospects", type=int, default=10_000)
    parser.add_argument("--meetings", type=int, default=50_000)
    parser.add_argument("--answers", type=int, default=12, help="answers per meeting (default 12)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.prospects < 1 or args.meetings < 0:
        parser.error("need at least one prospect")
    started = time.perf_counter()
    rows = generate(args.prospects, args.meetings, args.answers, args.seed)
    generated = time.perf_counter()
    database = write(args.folder, rows)
    done = time.perf_counter()
    counts = ", ".join(f"{count} {table}" for table, count in rows.count().items())
    size = database.stat().st_size / 2**20
    print(f"{database}: {counts}")
    print(
        f"generated in {generated - started:.1f} s, written with full-text indexes in "
        f"{done - generated:.1f} s; {size:.0f} MiB"
    )


if __name__ == "__main__":
    main()

"""The database schema, as append-only migrations.

A released migration is never edited: change the schema by adding a new function at the end.
Tests migrate from empty and from frozen databases of every released version (tests/data).
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

MIGRATIONS = Migrations("salescoach")


@MIGRATIONS()
def m001_foundation(db: sqlite_utils.Database) -> None:
    """Prospects, their people, discovery meetings with their answers and needs."""
    db["app_meta"].create({"key": str, "value": str}, pk="key")
    db["settings"].create({"key": str, "value": str}, pk="key")
    db["prospects"].create(
        {
            "id": int,
            "company": str,
            "industry": str,
            "employees": int,
            "region": str,
            "website": str,
            "stage": str,
            "stage_override": str,
            "hypothesis": str,
            "notes": str,
            "demo_key": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"company", "stage", "created_at", "updated_at"},
        defaults={"stage": "target"},
    )
    db["prospects"].create_index(["company"])
    db["prospects"].create_index(["demo_key"], unique=True)
    db["people"].create(
        {
            "id": int,
            "prospect_id": int,
            "name": str,
            "title": str,
            "role": str,
            "email": str,
            "phone": str,
            "created_at": str,
        },
        pk="id",
        not_null={"prospect_id", "name"},
        foreign_keys=[("prospect_id", "prospects", "id")],
    )
    db["people"].create_index(["prospect_id"])
    db["interviews"].create(
        {
            "id": int,
            "prospect_id": int,
            "playbook_id": str,
            "playbook_version": int,
            "playbook_title": str,
            "playbook_snapshot": str,  # JSON of the playbook as it was when the meeting started
            "title": str,
            "status": str,  # in_progress, ended
            "current_question_id": str,
            "outcome": str,  # advance, continuation, no_fit, lost
            "started_at": str,
            "updated_at": str,
            "ended_at": str,
        },
        pk="id",
        not_null={
            "prospect_id",
            "playbook_id",
            "playbook_version",
            "playbook_snapshot",
            "status",
            "started_at",
            "updated_at",
        },
        foreign_keys=[("prospect_id", "prospects", "id")],
        defaults={"status": "in_progress"},
    )
    db["interviews"].create_index(["prospect_id"])
    db["interviews"].create_index(["status"])
    db["answers"].create(
        {
            "id": int,
            "interview_id": int,
            "question_id": str,
            "value": str,  # JSON, so every question type round-trips exactly
            "note": str,
            "quote": str,  # the client's own words, verbatim
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"interview_id", "question_id", "created_at", "updated_at"},
        foreign_keys=[("interview_id", "interviews", "id")],
    )
    db["answers"].create_index(["interview_id", "question_id"], unique=True)
    db["answer_history"].create(
        {
            "id": int,
            "answer_id": int,
            "field": str,  # value, note or quote
            "old_value": str,
            "new_value": str,
            "changed_at": str,
        },
        pk="id",
        not_null={"answer_id", "field", "changed_at"},
        foreign_keys=[("answer_id", "answers", "id")],
    )
    db["answer_history"].create_index(["answer_id"])
    db["needs"].create(
        {
            "id": int,
            "interview_id": int,
            "prospect_id": int,
            "rank": int,
            "statement": str,  # in the client's own words
            "impact": str,
            "priority": str,
            "status": str,  # open, confirmed, corrected, not_a_priority
            "source_question_id": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"prospect_id", "rank", "statement", "status", "created_at", "updated_at"},
        foreign_keys=[("interview_id", "interviews", "id"), ("prospect_id", "prospects", "id")],
        defaults={"status": "open"},
    )
    db["needs"].create_index(["interview_id", "rank"])
    db["needs"].create_index(["prospect_id"])


@MIGRATIONS()
def m002_meeting_mode(db: sqlite_utils.Database) -> None:
    """The live meeting: where the rep was, the diagnosis gate, the end, and carried answers."""
    interviews = db.table("interviews")
    for column, kind in (
        ("gate_override_reason", str),
        ("gate_override_at", str),
        ("next_step", str),
        ("next_step_client_action", str),
        ("next_step_date", str),
        ("elapsed_seconds", int),
        ("prefilled_from", int),
    ):
        interviews.add_column(column, kind)
    answers = db.table("answers")
    answers.add_column("carried_value", str)  # the value brought over from the last meeting
    needs = db.table("needs")
    needs.add_column("solution_idea", str)  # the start of Collaborate, behind the gate
    needs.add_column("original_statement", str)  # kept when the client corrects a need


@MIGRATIONS()
def m003_summaries(db: sqlite_utils.Database) -> None:
    """Summaries: the rep's edited final copy apart from the generated draft, and when sent."""
    db["summaries"].create(
        {
            "id": int,
            "interview_id": int,
            "template": str,  # the template family, such as client-summary
            "format": str,  # html, txt or md
            "final_text": str,  # the rep's edited copy; the draft is always regenerated
            "edited_at": str,
            "sent_at": str,
            "created_at": str,
        },
        pk="id",
        not_null={"interview_id", "template", "format", "created_at"},
        foreign_keys=[("interview_id", "interviews", "id")],
    )
    db["summaries"].create_index(["interview_id", "template", "format"], unique=True)


def _add_columns(db: sqlite_utils.Database, table: str, columns: dict[str, type]) -> None:
    for column, kind in columns.items():
        db.table(table).add_column(column, kind)


def _log_table(
    db: sqlite_utils.Database, name: str, columns: dict[str, type], dated: str | None = None
) -> None:
    """A log of entries on a prospect; deleted entries keep `deleted_at` (the trash)."""
    db[name].create(
        {
            "id": int,
            "prospect_id": int,
            **columns,
            "created_at": str,
            "updated_at": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={"prospect_id", "created_at", "updated_at"},
        foreign_keys=[("prospect_id", "prospects", "id")],
    )
    db[name].create_index(["prospect_id"])
    if dated:
        db[name].create_index([dated])


@MIGRATIONS()
def m004_whole_cycle(db: sqlite_utils.Database) -> None:
    """Target to Assure around the discovery: fit, logs for each step, a trash, full-text search."""
    _add_columns(
        db,
        "prospects",
        {
            "fit_ratings": str,  # JSON: criterion key -> 0..10
            "fit_knockouts": str,  # JSON: list of knock-out keys that apply
            "fit_score": int,  # kept beside the ratings so the pipeline sorts in SQL
            "fit_tier": str,  # A, B, C or excluded
            "reason_to_meet": str,
            "agenda": str,  # the agreed first-meeting agenda
            "first_meeting_on": str,
            "commitment_form": str,  # e.g. signed order, letter of intent
            "commitment_on": str,
            "commitment_note": str,
            "next_action": str,  # the earliest open next action, kept for the pipeline
            "next_action_on": str,
            "deleted_at": str,
        },
    )
    db["prospects"].create_index(["deleted_at", "stage"])
    db["prospects"].create_index(["next_action_on"])
    db["prospects"].create_index(["fit_score"])
    _add_columns(db, "people", {"deleted_at": str})
    _add_columns(db, "interviews", {"deleted_at": str})
    _log_table(
        db,
        "touches",
        {
            "kind": str,  # contact or check_in
            "happened_on": str,
            "channel": str,
            "purpose": str,
            "outcome": str,
            "promise": str,
            "next_action": str,
            "next_action_date": str,
            "next_action_done": int,
        },
        dated="next_action_date",
    )
    _log_table(
        db,
        "approaches",
        {
            "need_id": int,
            "approach": str,
            "reaction": str,
            "changes_asked": str,
            "agreed": str,
        },
    )
    _log_table(db, "concerns", {"raised_on": str, "concern": str, "response": str, "status": str})
    _log_table(
        db,
        "plan_items",
        {
            "phase": str,  # sale (the mutual action plan) or delivery
            "milestone": str,
            "client_owner": str,
            "our_owner": str,
            "due_on": str,
            "status": str,
        },
        dated="due_on",
    )
    _log_table(
        db,
        "checkpoints",
        {"happened_on": str, "step": str, "topic": str, "agreed": str, "note": str},
    )
    _log_table(db, "criteria", {"criterion": str, "status": str, "note": str})
    _log_table(db, "pulses", {"taken_on": str, "score": int, "note": str})
    _log_table(
        db,
        "issues",
        {"raised_on": str, "kind": str, "description": str, "resolution": str, "status": str},
    )
    _log_table(
        db,
        "results",
        {
            "measured_on": str,
            "metric": str,
            "baseline": str,
            "target": str,
            "actual": str,
            "note": str,
        },
    )
    _log_table(
        db,
        "referrals",
        {"referred_on": str, "name": str, "company": str, "contact": str, "note": str},
    )
    # Full-text search; triggers keep each index in step with its table.
    for table, columns in (
        ("prospects", ["company", "industry", "region", "hypothesis", "notes", "reason_to_meet"]),
        ("people", ["name", "title", "email", "phone"]),
        ("interviews", ["title", "playbook_title", "next_step"]),
        ("needs", ["statement", "impact", "original_statement", "solution_idea"]),
        ("answers", ["value", "note", "quote"]),
        ("touches", ["purpose", "outcome", "promise", "next_action"]),
        ("approaches", ["approach", "reaction", "changes_asked"]),
        ("concerns", ["concern", "response"]),
        ("plan_items", ["milestone", "client_owner", "our_owner"]),
        ("checkpoints", ["topic", "note"]),
        ("criteria", ["criterion", "note"]),
        ("pulses", ["note"]),
        ("issues", ["description", "resolution"]),
        ("results", ["metric", "note"]),
        ("referrals", ["name", "company", "note"]),
    ):
        db[table].enable_fts(
            columns, create_triggers=True, tokenize="unicode61 remove_diacritics 2"
        )
        _reindex_only_on_text_changes(db, table, columns)


def _reindex_only_on_text_changes(
    db: sqlite_utils.Database, table: str, columns: list[str]
) -> None:
    """An update re-indexes the row only when an indexed column changed: saving an answer
    touches its meeting's `updated_at`, and that must not re-index the meeting every time."""
    named = ", ".join(f'"{column}"' for column in columns)
    old = ", ".join(f'old."{column}"' for column in columns)
    new = ", ".join(f'new."{column}"' for column in columns)
    db.execute(f'DROP TRIGGER "{table}_au"')
    db.execute(
        f'CREATE TRIGGER "{table}_au" AFTER UPDATE OF {named} ON "{table}" BEGIN\n'
        f'  INSERT INTO "{table}_fts" ("{table}_fts", rowid, {named}) '
        f"VALUES ('delete', old.rowid, {old});\n"
        f'  INSERT INTO "{table}_fts" (rowid, {named}) VALUES (new.rowid, {new});\n'
        "END"
    )


@MIGRATIONS()
def m005_quick_pipeline_and_search(db: sqlite_utils.Database) -> None:
    """Home stays quick with thousands of prospects, and search answers as the rep types.

    Partial indexes over the prospects outside the trash serve the default sort (company) and
    everything about due dates; covering indexes give each prospect's main contact and meetings
    without reading the people or the meetings (whose playbook snapshots are large). Every
    full-text index is rebuilt with prefix indexes for the first two, three and four letters of
    each word, so "pla" or "plan" reads one list instead of merging those of every word they
    begin.
    """
    db.execute(
        "CREATE INDEX idx_prospects_live_company ON prospects (company COLLATE NOCASE, id) "
        "WHERE deleted_at IS NULL"
    )
    db.execute(
        "CREATE INDEX idx_prospects_live_due ON prospects (next_action_on) WHERE deleted_at IS NULL"
    )
    # Status too: the step's "latest ended meeting" would otherwise be looked for through the
    # status index, over every ended meeting of every prospect.
    db.execute(
        "CREATE INDEX idx_interviews_prospect_live ON interviews "
        "(prospect_id, deleted_at, status, started_at)"
    )
    db.execute(
        "CREATE INDEX idx_people_prospect_live ON people (prospect_id, deleted_at, id, name)"
    )
    indexed = [
        name.removesuffix("_fts")
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_fts' "
            "ESCAPE '\\' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        )
    ]
    for table in indexed:
        fts = f"{table}_fts"
        columns = ", ".join(f'"{row[1]}"' for row in db.execute(f'PRAGMA table_info("{fts}")'))
        # The table's triggers name the index only by name: they carry on unchanged.
        db.execute(f'DROP TABLE "{fts}"')
        db.execute(
            f'CREATE VIRTUAL TABLE "{fts}" USING FTS5 ({columns}, '
            f"tokenize='unicode61 remove_diacritics 2', prefix='2 3 4', content=\"{table}\")"
        )
        db.execute(f'INSERT INTO "{fts}" ("{fts}") VALUES (\'rebuild\')')


@MIGRATIONS()
def m006_prospect_letters(db: sqlite_utils.Database) -> None:
    """Letters to a prospect before any meeting: the rep's edited copy and when it went out."""
    db["prospect_letters"].create(
        {
            "id": int,
            "prospect_id": int,
            "template": str,  # the template family, such as first-contact-letter
            "format": str,  # html, txt or md
            "final_text": str,  # the rep's edited copy; the draft is always regenerated
            "edited_at": str,
            "sent_at": str,
            "created_at": str,
        },
        pk="id",
        not_null={"prospect_id", "template", "format", "created_at"},
        foreign_keys=[("prospect_id", "prospects", "id")],
    )
    db["prospect_letters"].create_index(["prospect_id", "template", "format"], unique=True)

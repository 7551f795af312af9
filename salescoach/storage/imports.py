"""Writing an imported file: new prospects and contacts, never a duplicate.

Runs inside the caller's transaction, so a failed or cancelled import leaves nothing behind.
Prospects and contacts in the trash count as absent. The duplicate checks look up temporary
tables (company key -> prospect, email -> who has it) rather than Python sets: memory stays flat
however large the file, and the tables vanish with the transaction.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from salescoach.domain.csv_import import (
    ImportRow,
    ProspectFields,
    company_key,
    email_key,
    name_key,
)
from salescoach.domain.import_report import (
    RowOutcome,
    duplicate_company,
    duplicate_email,
    duplicate_person,
)

# Prospect fields an import fills; later rows of the same company fill those still blank.
PROSPECT_FIELDS = ("industry", "employees", "website", "region", "notes")


class ImportWriter:
    def __init__(self, db: sqlite_utils.Database, stamp: str) -> None:
        self.conn = db.conn
        self.stamp = stamp  # one time for the whole import: it is one event

    def prepare(self) -> None:
        """Index what is already in SalesCoach; call inside the import's transaction."""
        conn = self.conn
        for statement in (
            "DROP TABLE IF EXISTS temp.import_companies",
            "DROP TABLE IF EXISTS temp.import_emails",
            "CREATE TEMP TABLE import_companies (key TEXT PRIMARY KEY, "
            "prospect_id INTEGER NOT NULL, company TEXT NOT NULL, first_row INTEGER) "
            "WITHOUT ROWID",
            "CREATE TEMP TABLE import_emails (key TEXT PRIMARY KEY, owner TEXT NOT NULL) "
            "WITHOUT ROWID",
        ):
            conn.execute(statement)
        prospects = conn.cursor().execute(
            "SELECT id, company FROM prospects WHERE deleted_at IS NULL ORDER BY id"
        )
        conn.executemany(
            "INSERT OR IGNORE INTO temp.import_companies (key, prospect_id, company) "
            "VALUES (?, ?, ?)",
            ((company_key(company), prospect_id, company) for prospect_id, company in prospects),
        )
        people = conn.cursor().execute(
            "SELECT pe.email, pe.name, p.company FROM people pe "
            "JOIN prospects p ON p.id = pe.prospect_id "
            "WHERE pe.deleted_at IS NULL AND p.deleted_at IS NULL AND coalesce(pe.email, '') <> '' "
            "ORDER BY pe.id"
        )
        conn.executemany(
            "INSERT OR IGNORE INTO temp.import_emails (key, owner) VALUES (?, ?)",
            (
                (email_key(email), f"in SalesCoach ({name} at {company})")
                for email, name, company in people
            ),
        )

    def write(self, item: ImportRow) -> RowOutcome:
        prospect, person = item.prospect, item.person
        conn = self.conn
        if person is not None and person.email:
            owner = conn.execute(
                "SELECT owner FROM temp.import_emails WHERE key = ?", [email_key(person.email)]
            ).fetchone()
            if owner:
                return RowOutcome(duplicate=duplicate_email(person.email, owner[0]))
        key = company_key(prospect.company)
        found = conn.execute(
            "SELECT prospect_id, company, first_row FROM temp.import_companies WHERE key = ?",
            [key],
        ).fetchone()
        if found is None:
            prospect_id = self._add_prospect(prospect)
            conn.execute(
                "INSERT INTO temp.import_companies (key, prospect_id, company, first_row) "
                "VALUES (?, ?, ?, ?)",
                [key, prospect_id, prospect.company, item.row],
            )
        else:
            prospect_id, existing, first_row = found
            if first_row is not None:
                self._fill_blanks(prospect_id, prospect)
            if person is None:
                return RowOutcome(
                    duplicate=duplicate_company(prospect.company, existing, first_row)
                )
            if self._has_contact_named(prospect_id, person.name):
                return RowOutcome(duplicate=duplicate_person(person.name, existing))
        if person is not None:
            conn.execute(
                "INSERT INTO people (prospect_id, name, title, email, phone, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    prospect_id,
                    person.name,
                    person.title or None,
                    person.email or None,
                    person.phone or None,
                    self.stamp,
                ],
            )
            if person.email:
                conn.execute(
                    "INSERT INTO temp.import_emails (key, owner) VALUES (?, ?)",
                    [email_key(person.email), f"on row {item.row}"],
                )
        return RowOutcome(
            prospect_added=found is None,
            person_added=person is not None,
            joined_existing=person is not None and found is not None and found[2] is None,
        )

    def _add_prospect(self, prospect: ProspectFields) -> int:
        # The stage is left to the table's default: an imported prospect is a target.
        cursor = self.conn.execute(
            "INSERT INTO prospects (company, industry, employees, website, region, notes, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                prospect.company,
                *(_stored(getattr(prospect, column)) for column in PROSPECT_FIELDS),
                self.stamp,
                self.stamp,
            ],
        )
        return int(cursor.lastrowid)

    def _fill_blanks(self, prospect_id: int, prospect: ProspectFields) -> None:
        """A later row of a company this import added may know what its first row did not."""
        offered = {column: _stored(getattr(prospect, column)) for column in PROSPECT_FIELDS}
        if all(value is None for value in offered.values()):
            return
        current = self.conn.execute(
            f"SELECT {', '.join(PROSPECT_FIELDS)} FROM prospects WHERE id = ?", [prospect_id]
        ).fetchone()
        missing = {
            column: offered[column]
            for column, value in zip(PROSPECT_FIELDS, current, strict=True)
            if value in (None, "") and offered[column] is not None
        }
        if missing:
            assignments = ", ".join(f"{column} = ?" for column in missing)
            self.conn.execute(
                f"UPDATE prospects SET {assignments} WHERE id = ?",
                [*missing.values(), prospect_id],
            )

    def _has_contact_named(self, prospect_id: int, name: str) -> bool:
        wanted = name_key(name)
        rows = self.conn.execute(
            "SELECT name FROM people WHERE prospect_id = ? AND deleted_at IS NULL", [prospect_id]
        )
        return any(name_key(existing) == wanted for (existing,) in rows)


def _stored(value: Any) -> Any:
    return None if value == "" else value

"""What a CRM export reads: prospects, contacts, meetings and needs, the trash left out.

Each query names its columns as the export does (domain.crm_export) and is read row by row, so a
large database never sits in memory whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlite_utils

QUERIES = {
    "prospects": """
        SELECT p.id AS prospect_id, p.company, p.industry, p.employees, p.region, p.website,
            p.stage, p.fit_score, p.fit_tier, p.hypothesis, p.notes, p.next_action,
            p.next_action_on, c.name AS contact_name, c.title AS contact_title,
            c.email AS contact_email, c.phone AS contact_phone,
            p.created_at AS created, p.updated_at AS updated
        FROM prospects p
        LEFT JOIN people c ON c.id = (
            SELECT id FROM people WHERE prospect_id = p.id AND deleted_at IS NULL
            ORDER BY id LIMIT 1
        )
        WHERE p.deleted_at IS NULL
        ORDER BY p.id
    """,
    "people": """
        SELECT pe.id AS person_id, pe.prospect_id, p.company, pe.name, pe.title, pe.role,
            pe.email, pe.phone, pe.created_at AS created
        FROM people pe JOIN prospects p ON p.id = pe.prospect_id
        WHERE pe.deleted_at IS NULL AND p.deleted_at IS NULL
        ORDER BY pe.id
    """,
    "meetings": """
        SELECT i.id AS meeting_id, i.prospect_id, p.company, i.playbook_title AS playbook,
            i.title, i.status, i.started_at AS started, i.ended_at AS ended, i.outcome,
            i.next_step, i.next_step_date
        FROM interviews i JOIN prospects p ON p.id = i.prospect_id
        WHERE i.deleted_at IS NULL AND p.deleted_at IS NULL
        ORDER BY i.started_at, i.id
    """,
    "needs": """
        SELECT n.id AS need_id, n.prospect_id, p.company, n.interview_id AS meeting_id, n.rank,
            n.statement, n.impact, n.priority, n.status
        FROM needs n
        JOIN prospects p ON p.id = n.prospect_id
        LEFT JOIN interviews i ON i.id = n.interview_id
        WHERE p.deleted_at IS NULL AND (n.interview_id IS NULL OR i.deleted_at IS NULL)
        ORDER BY n.prospect_id, n.interview_id, n.rank, n.id
    """,
}


def count(db: sqlite_utils.Database, kind: str) -> int:
    return db.execute(f"SELECT count(*) FROM ({QUERIES[kind]})").fetchone()[0]


def rows(db: sqlite_utils.Database, kind: str) -> Iterator[dict[str, Any]]:
    cursor = db.execute(QUERIES[kind])
    keys = [column[0] for column in cursor.description]
    for row in cursor:
        yield dict(zip(keys, row, strict=True))

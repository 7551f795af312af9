"""The full-text indexes follow the text, and only the text."""

from __future__ import annotations


def _found(services, table: str, word: str) -> list[int]:
    rows = services.db.execute(
        f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?", [word]
    ).fetchall()
    return [row[0] for row in rows]


def test_renaming_re_indexes_and_other_changes_leave_the_index_alone(services) -> None:
    pid = services.prospects.add("Acme Widgets")
    services.cycle.update_prospect(pid, {"company": "Zeta Freight"})
    assert _found(services, "prospects", "zeta") == [pid]
    assert _found(services, "prospects", "acme") == []
    changes = services.db.conn.total_changes
    services.db.execute("UPDATE prospects SET stage = 'contact' WHERE id = ?", [pid])
    # one row changed, and no index rows: the trigger only fires for indexed columns
    assert services.db.conn.total_changes - changes == 1
    assert _found(services, "prospects", "zeta") == [pid]


def test_an_answer_is_found_by_its_latest_words(services, default_playbook) -> None:
    pid = services.prospects.add("Harbour Logistics")
    interview = services.interviews.start(pid, default_playbook)
    services.interviews.record(interview, "problems", "value", "Planning eats every Monday")
    services.interviews.record(interview, "problems", "value", "Dispatch waits on spreadsheets")
    assert _found(services, "answers", "spreadsheets")
    assert _found(services, "answers", "monday") == []

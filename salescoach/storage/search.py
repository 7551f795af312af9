"""Full-text search over everything a rep keeps, through the FTS5 indexes (migrations m004, m005).

Each table (prospects, people, meetings, needs, answers, each step's log) has its own
`<table>_fts` index whose rowid is the row's id. One query per index: MATCH, rank by bm25, a
snippet around the match, then skip what is in the trash (or belongs to a prospect or a meeting
that is). Some indexes give more than one kind of hit: an answer's quote is "the client's words",
its note a note; a touch is a contact touch or an after-sale check-in.

bm25 scores every row that matches, which for a word found in 100,000 answers is most of a
second. The score is therefore worked out for the newest RANKED_NEWEST matches of each index
only: a rare word is ranked over all its matches, a very common one over its recent ones, and a
search answers in tens of milliseconds whatever the size of the database. Snippets, which cost
a pass over the text, are made for the rows shown only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import sqlite_utils

from salescoach.storage.database import with_explained_reads

# Marks around matched words in snippets: control characters no rep types.
MATCH_START = "\x02"
MATCH_END = "\x03"
SNIPPET_TOKENS = 14
RANKED_NEWEST = 250

# What unicode61 (the tokenizer of every index) keeps as a word: letters and digits.
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Index:
    """One full-text index: how its rows reach their prospect, what counts as in the trash."""

    table: str
    kinds: tuple[str, ...]  # the kinds of hit it gives, in the order home shows them
    kind: str = ""  # SQL giving each row's kind, when the index gives more than one
    meeting: str = "NULL"  # SQL for the hit's meeting id, when it has one
    joins: str = ""  # what leads from the row to its prospect, when it has no prospect_id
    prospect: str = "t.prospect_id"
    live: str = "t.deleted_at IS NULL"
    detail: str = "NULL"  # a few words placing the hit: a meeting's title, a log entry's date
    columns: tuple[str, ...] = ()  # one snippet per column, when the column decides the kind

    @property
    def fts(self) -> str:
        return f"{self.table}_fts"


_MEETING_LIVE = "i.deleted_at IS NULL"
_MEETING_TITLE = "coalesce(nullif(i.title, ''), i.playbook_title)"
# The columns of answers_fts, in its order, and the kind of hit a match in each one gives.
ANSWER_COLUMNS = (("value", "answer"), ("note", "note"), ("quote", "quote"))


def _log(table: str, kind: str, detail: str = "NULL") -> Index:
    return Index(table, (kind,), detail=detail)


INDEXES: tuple[Index, ...] = (
    Index("prospects", ("prospect",), prospect="t.id", detail="t.industry"),
    Index("people", ("person",), detail="t.title"),
    Index(
        "interviews",
        ("meeting",),
        meeting="t.id",
        detail="substr(t.started_at, 1, 10)",
    ),
    Index(
        "needs",
        ("need",),
        meeting="t.interview_id",
        joins="LEFT JOIN interviews i ON i.id = t.interview_id",
        live=_MEETING_LIVE,  # needs have no trash of their own: their meeting's counts
        detail=_MEETING_TITLE,
    ),
    Index(
        "answers",
        ("quote", "note", "answer"),
        meeting="t.interview_id",
        joins="JOIN interviews i ON i.id = t.interview_id",
        prospect="i.prospect_id",
        live=_MEETING_LIVE,
        detail=_MEETING_TITLE,
        columns=tuple(column for column, _kind in ANSWER_COLUMNS),
    ),
    Index(
        "touches",
        ("touch", "check_in"),
        kind="CASE t.kind WHEN 'check_in' THEN 'check_in' ELSE 'touch' END",
        detail="t.happened_on",
    ),
    _log("approaches", "approach"),
    _log("concerns", "concern", "t.status"),
    _log("plan_items", "milestone", "t.due_on"),
    _log("checkpoints", "checkpoint", "t.happened_on"),
    _log("criteria", "criterion", "t.status"),
    _log("pulses", "pulse", "t.taken_on"),
    _log("issues", "issue", "t.raised_on"),
    _log("results", "result", "t.measured_on"),
    _log("referrals", "referral", "t.referred_on"),
)
KINDS = tuple(kind for index in INDEXES for kind in index.kinds)


@dataclass(frozen=True)
class RawHit:
    kind: str
    row_id: int
    prospect_id: int
    company: str
    meeting_id: int | None
    detail: str | None
    snippet: str  # with MATCH_START / MATCH_END around each matched word


def fts_query(text: str) -> str | None:
    """The rep's words as a safe FTS5 query: each word a quoted prefix term, all of them needed.

    Only letters and digits reach FTS5, so quotes, brackets, NEAR, column filters or a lone '*'
    in what was typed can never make a syntax error. A single letter is a word of its own, not
    a prefix: "p" would otherwise stand for every word beginning with p, the slowest query there
    is, on the way to what the rep is still typing. None when nothing searchable was typed.
    """
    words = _WORD.findall(text)
    if not words:
        return None
    return " AND ".join(f'"{word}"' + ("*" if len(word) > 1 else "") for word in words)


@with_explained_reads
class SearchRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def search(self, text: str, per_kind: int = 8) -> list[RawHit]:
        """The best hits of each kind, kinds in the order of INDEXES, each ranked by bm25."""
        query = fts_query(text)
        if query is None:
            return []
        hits: list[RawHit] = []
        for index in INDEXES:
            hits.extend(self._search_index(index, query, per_kind))
        return hits

    def _search_index(self, index: Index, query: str, per_kind: int) -> list[RawHit]:
        newest = RANKED_NEWEST
        for _attempt in range(3):
            rows, more = self._ranked(index, query, newest)
            # Nearly all of the newest matches in the trash: look further back, twice at most.
            if not more or len(rows) >= per_kind:
                break
            newest *= 8
        if index.columns:  # the column that matched decides the kind: ask the snippets first
            chosen = rows[: per_kind * len(index.kinds) * 2]
        else:
            chosen = _best_of_each_kind(rows, per_kind)
        snippets = self._snippets(index, query, [row[1] for row in chosen])
        by_kind: dict[str, list[RawHit]] = {kind: [] for kind in index.kinds}
        for kind, row_id, prospect_id, company, meeting_id, detail, _score in chosen:
            columns = snippets.get(row_id, ())
            if index.columns:  # one hit for each column holding a match: a quote, a note...
                found = [
                    (ANSWER_COLUMNS[number][1], snippet)
                    for number, snippet in enumerate(columns)
                    if snippet and MATCH_START in snippet
                ]
            else:
                found = [(kind, columns[0] if columns else "")]
            for hit_kind, snippet in found:
                if len(by_kind[hit_kind]) < per_kind:
                    by_kind[hit_kind].append(
                        RawHit(hit_kind, row_id, prospect_id, company, meeting_id, detail, snippet)
                    )
        return [hit for kind in index.kinds for hit in by_kind[kind]]

    def _ranked(self, index: Index, query: str, newest: int) -> tuple[list[tuple], bool]:
        """The live rows among the index's `newest` matches, best first, and whether the index
        may hold more matches than that.

        FTS5 walks the matches newest first and scores only those it returns; the rows are
        joined to their prospect (and meeting) to leave out what is in the trash.
        """
        fts = index.fts
        kind = index.kind or repr(index.kinds[0])
        sql = f"""
            WITH candidates AS MATERIALIZED (
                SELECT rowid AS id, rank AS score FROM {fts} WHERE {fts} MATCH :query
                ORDER BY rowid DESC LIMIT :newest
            )
            SELECT {kind}, t.id, p.id, p.company, {index.meeting}, {index.detail},
                candidates.score, (SELECT count(*) FROM candidates)
            FROM candidates JOIN {index.table} t ON t.id = candidates.id {index.joins}
            JOIN prospects p ON p.id = {index.prospect}
            WHERE p.deleted_at IS NULL AND {index.live}
            ORDER BY candidates.score, t.id DESC
        """
        rows = self.db.execute(sql, {"query": query, "newest": newest}).fetchall()
        capped = bool(rows) and rows[0][-1] >= newest
        if not rows:  # all in the trash, or nothing at all: was the cap reached?
            capped = self._count_up_to(fts, query, newest) >= newest
        return [row[:-1] for row in rows], capped

    def _count_up_to(self, fts: str, query: str, limit: int) -> int:
        return self.db.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH ? LIMIT ?)",
            [query, limit],
        ).fetchone()[0]

    def _snippets(self, index: Index, query: str, ids: list[int]) -> dict[int, tuple[str, ...]]:
        """The snippets of the chosen rows: one per column when the column decides the kind."""
        if not ids:
            return {}
        fts = index.fts
        numbers = range(len(index.columns)) if index.columns else (-1,)
        snippets = ", ".join(
            f"snippet({fts}, {number}, '{MATCH_START}', '{MATCH_END}', '…', {SNIPPET_TOKENS})"
            for number in numbers
        )
        # Snippets cost a pass over each row's text: made for the chosen rows only, which lie
        # among the newest matches, between the lowest and the highest chosen id.
        sql = f"""
            SELECT rowid, CASE WHEN rowid IN (SELECT value FROM json_each(:ids))
                THEN json_array({snippets}) END
            FROM {fts} WHERE {fts} MATCH :query AND rowid BETWEEN :low AND :high
        """
        found = {}
        parameters = {"query": query, "ids": json.dumps(ids), "low": min(ids), "high": max(ids)}
        for row_id, snippet_list in self.db.execute(sql, parameters):
            if snippet_list is not None:
                found[row_id] = tuple(json.loads(snippet_list))
        return found


def _best_of_each_kind(rows: list[tuple], per_kind: int) -> list[tuple]:
    """The first `per_kind` ranked rows of each kind, still in rank order."""
    taken: dict[str, int] = {}
    chosen = []
    for row in rows:
        if taken.get(row[0], 0) < per_kind:
            taken[row[0]] = taken.get(row[0], 0) + 1
            chosen.append(row)
    return chosen

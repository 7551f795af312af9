"""One search box for everything: prospects, people, meetings, needs, notes, the step logs."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from salescoach.domain.dates import format_date
from salescoach.storage.search import MATCH_END, MATCH_START, RawHit, SearchRepository

# (kind, one hit, a group of hits), in the order home lists the groups.
KIND_LABELS: dict[str, tuple[str, str]] = {
    "prospect": ("Prospect", "Prospects"),
    "person": ("Person", "People"),
    "meeting": ("Meeting", "Meetings"),
    "need": ("Need", "Needs"),
    "quote": ("Client's words", "Client's words"),
    "note": ("Note", "Notes"),
    "answer": ("Answer", "Answers"),
    "touch": ("Touch", "Touches"),
    "check_in": ("Check-in", "Check-ins"),
    "approach": ("Approach", "Solution map"),
    "concern": ("Concern", "Concerns"),
    "milestone": ("Milestone", "Milestones"),
    "checkpoint": ("Checkpoint", "Agreement checkpoints"),
    "criterion": ("Criterion", "Buying criteria"),
    "pulse": ("Pulse", "Satisfaction pulses"),
    "issue": ("Issue", "Issues"),
    "result": ("Result", "Results"),
    "referral": ("Referral", "Referrals"),
}
# Hits that live in a meeting open that meeting; the rest open their prospect.
MEETING_KINDS = frozenset({"meeting", "need", "quote", "note", "answer"})

# Answers are stored as JSON: keep the words, drop the keys of a table's rows, the brackets and
# quotes around them, and write dates as the rest of the app does.
_JSON_KEY = re.compile(r'"[A-Za-z_]\w*"\s*:\s*|"[A-Za-z_]\w*"?(?=\u2026$)')  # or one cut short
_JSON_PUNCTUATION = re.compile(r'[\[\]{}"]+')
_MARK = f"[{MATCH_START}{MATCH_END}]?"  # a matched part of the date may be marked
_ISO_DATE = re.compile(
    rf"(?<!\w){_MARK}\d{{4}}{_MARK}-{_MARK}\d{{2}}{_MARK}-{_MARK}\d{{2}}{_MARK}(?!\w)"
)
_SPACE_BEFORE_COMMA = re.compile(r"\s+,")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchHit:
    kind: str
    row_id: int
    prospect_id: int
    company: str
    meeting_id: int | None
    detail: str
    parts: tuple[tuple[str, bool], ...]  # the snippet: (text, is a matched word)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind][0]

    @property
    def opens_meeting(self) -> bool:
        return self.kind in MEETING_KINDS and self.meeting_id is not None

    @property
    def text(self) -> str:
        return "".join(text for text, _matched in self.parts)

    def html(self) -> str:
        """The snippet as rich text, matched words in bold, everything else escaped."""
        return "".join(
            f"<b>{html.escape(text)}</b>" if matched else html.escape(text)
            for text, matched in self.parts
        )


@dataclass(frozen=True)
class SearchGroup:
    kind: str
    title: str
    hits: tuple[SearchHit, ...]


class SearchService:
    PER_KIND = 8

    def __init__(self, search: SearchRepository) -> None:
        self.repository = search

    def search(self, text: str, per_kind: int = PER_KIND) -> list[SearchGroup]:
        """The best hits of each kind for what the rep typed; empty groups are left out."""
        by_kind: dict[str, list[SearchHit]] = {}
        for raw in self.repository.search(text, per_kind):
            by_kind.setdefault(raw.kind, []).append(_hit(raw))
        return [
            SearchGroup(kind, KIND_LABELS[kind][1], tuple(by_kind[kind]))
            for kind in KIND_LABELS
            if kind in by_kind
        ]


def _hit(raw: RawHit) -> SearchHit:
    snippet = raw.snippet or ""
    if raw.kind == "answer":
        snippet = _readable_answer(snippet)
    return SearchHit(
        kind=raw.kind,
        row_id=raw.row_id,
        prospect_id=raw.prospect_id,
        company=raw.company,
        meeting_id=raw.meeting_id,
        detail=_ISO_DATE.sub(_readable_date, str(raw.detail or "")),
        parts=tuple(_parts(_SPACES.sub(" ", snippet).strip())),
    )


def _readable_answer(snippet: str) -> str:
    """'[{"name": "Maria Lopez", "met": "2026-11-24"}]' reads 'Maria Lopez, 24 November 2026'."""
    snippet = _JSON_PUNCTUATION.sub(" ", _JSON_KEY.sub("", snippet))
    snippet = _ISO_DATE.sub(_readable_date, snippet)
    return _SPACE_BEFORE_COMMA.sub(",", snippet)


def _readable_date(match: re.Match[str]) -> str:
    found = match.group()
    readable = format_date(found.replace(MATCH_START, "").replace(MATCH_END, ""))
    return f"{MATCH_START}{readable}{MATCH_END}" if MATCH_START in found else readable


def _parts(snippet: str) -> list[tuple[str, bool]]:
    """Split a marked snippet into plain and matched pieces."""
    parts: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        start = rest.find(MATCH_START)
        if start < 0:
            parts.append((rest, False))
            break
        end = rest.find(MATCH_END, start)
        if end < 0:  # an unclosed mark: keep the words, drop the mark
            parts.append((rest.replace(MATCH_START, ""), False))
            break
        if start:
            parts.append((rest[:start], False))
        parts.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return [part for part in parts if part[0]]

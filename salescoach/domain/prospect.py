"""Prospects as lists show them."""

from __future__ import annotations

from dataclasses import dataclass

STAGES = ("target", "contact", "explore", "collaborate", "confirm", "assure")
STAGE_LABELS = {stage: stage.title() for stage in STAGES}


@dataclass(frozen=True)
class ProspectRow:
    id: int
    company: str
    industry: str | None
    stage: str
    people_count: int
    main_contact: str | None
    last_meeting: str | None
    meetings: int
    needs: int

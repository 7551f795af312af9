"""The six steps a prospect moves through."""

from __future__ import annotations

STAGES = ("target", "contact", "explore", "collaborate", "confirm", "assure")
STAGE_LABELS = {stage: stage.title() for stage in STAGES}

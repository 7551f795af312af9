"""How long work reports progress and learns it was cancelled, without knowing about threads."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]  # (done, total), in whatever unit the work counts
CancelCheck = Callable[[], bool]  # True once the rep asked to stop


class Cancelled(Exception):
    """The rep cancelled; whatever the work had started was undone."""

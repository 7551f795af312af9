"""Did the last session end cleanly? If not, the rep is offered the interrupted meeting."""

from __future__ import annotations

from salescoach.storage.meta import KeyValueStore

RUNNING = "running"
CLEAN = "clean"


class SessionService:
    def __init__(self, meta: KeyValueStore) -> None:
        self.meta = meta

    def begin(self) -> bool:
        """Mark the app as running; True when the previous session did not end cleanly."""
        unclean = self.meta.get("session_state") == RUNNING
        self.meta.set("session_state", RUNNING)
        return unclean

    def end(self) -> None:
        self.meta.set("session_state", CLEAN)

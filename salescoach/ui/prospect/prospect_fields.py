"""The prospect's own fields (company details, hypothesis, agenda...) saved as the rep types.

Each editor queues its value in meeting mode's `AnswerSaver`: written at most half a second
after the first unsaved key, at once when the rep leaves the field, retried after a failure
with the text kept on screen.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from salescoach.domain.playbook import QuestionType
from salescoach.services.container import Services
from salescoach.ui.meeting.autosave import AnswerSaver
from salescoach.ui.meeting.editors import AnswerEditor, editor_for
from salescoach.ui.prospect.editors import question_for

SCOPE = "prospect"  # the saver's first key part; every field here belongs to the prospect
COMPANY_NEEDED = "A prospect needs a company name; the last one saved is kept."


class ProspectFields(QObject):
    saved = Signal(str)
    """Every queued edit is on disk; carries the ISO time."""
    failed = Signal(str)
    """A write failed (the reason); the values stay queued and are retried."""
    fieldSaved = Signal(str, object)
    """One field (name, value) reached the disk."""
    problem = Signal(str, str)
    """A field holds something that cannot be kept (name, message; "" when fixed)."""

    def __init__(self, services: Services, prospect_id: int, parent: QObject | None = None):
        super().__init__(parent)
        self.services = services
        self.prospect_id = prospect_id
        self.record: dict[str, Any] = services.prospects.get(prospect_id)
        self.editors: dict[str, AnswerEditor] = {}
        self.saver = AnswerSaver(self._write, self)
        self.saver.saved.connect(self.saved)
        self.saver.failed.connect(self.failed)
        self.saver.fieldSaved.connect(lambda _scope, name, value: self._field_saved(name, value))

    def editor(
        self, name: str, label: str, kind: QuestionType, parent: QWidget, **options: Any
    ) -> AnswerEditor:
        """An editor for prospect field `name`, showing what is stored and saving what is typed."""
        editor = editor_for(question_for(name, label, kind, **options), parent)
        editor.setObjectName(f"prospect-{name}")
        editor.set_value(self.record.get(name))
        editor.edited.connect(lambda: self._edited(name, editor))
        editor.committed.connect(self.flush)
        self.editors[name] = editor
        return editor

    def flush(self) -> bool:
        """Write what is queued now; True when everything typed is on disk."""
        return self.saver.flush()

    def has_pending(self) -> bool:
        return self.saver.has_pending()

    def _edited(self, name: str, editor: AnswerEditor) -> None:
        value = editor.value()
        if name == "company" and not (value or "").strip():
            self.problem.emit(name, COMPANY_NEEDED)
            return
        self.problem.emit(name, "")
        self.saver.queue(SCOPE, name, value)

    def _write(self, _scope: str, name: str, value: Any) -> str:
        self.services.cycle.update_prospect(self.prospect_id, {name: value})
        return datetime.now(UTC).isoformat()

    def _field_saved(self, name: str, value: Any) -> None:
        self.record[name] = value
        self.fieldSaved.emit(name, value)

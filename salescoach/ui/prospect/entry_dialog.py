"""Add or edit one log entry: a form built from the log's fields.

The dialog saves through the callback it is given and stays open when that fails, with the
reason under the form: nothing typed is lost. Required fields are marked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from salescoach.domain.cycle_logs import FieldKind, LogKind
from salescoach.errors import SalesCoachError
from salescoach.ui.layout import accept_cancel_buttons
from salescoach.ui.meeting.editors import AnswerEditor
from salescoach.ui.prospect.editors import field_editor
from salescoach.ui.prospect.look import PROBLEM_STYLE, quiet

Save = Callable[[dict[str, Any]], object]
"""Keeps the values (add or update); raises `SalesCoachError` when it cannot."""

REQUIRED_MARK = " *"


class EntryDialog(QDialog):
    def __init__(
        self,
        kind: LogKind,
        save: Save,
        initial: dict[str, Any] | None = None,
        needs: list[dict[str, Any]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self._save = save
        editing = bool(initial and initial.get("id"))
        self.setWindowTitle(f"{'Edit' if editing else 'Add'} {kind.noun}")
        self.editors: dict[str, AnswerEditor] = {}

        form_page = QWidget(self)
        form = QFormLayout(form_page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in kind.fields:
            editor = field_editor(spec, needs or [], form_page)
            editor.setObjectName(f"field-{spec.name}")
            self.editors[spec.name] = editor
            if spec.kind is FieldKind.FLAG:
                form.addRow("", editor)  # the check box names itself
                continue
            label = QLabel(spec.label + (REQUIRED_MARK if spec.required else "") + ":", form_page)
            label.setBuddy(editor)
            if spec.hint:
                label.setToolTip(spec.hint)
            form.addRow(label, editor)
        for name, value in (initial or {}).items():
            if name in self.editors:
                self.editors[name].set_value(value)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form_page)

        self.error = QLabel(self)
        self.error.setObjectName("entry-error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(PROBLEM_STYLE)
        self.error.hide()
        required_note = quiet(QLabel(f"{REQUIRED_MARK.strip()} needed", self))
        required_note.setVisible(any(spec.required for spec in kind.fields))

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, stretch=1)
        layout.addWidget(self.error)
        layout.addWidget(required_note)
        layout.addWidget(accept_cancel_buttons(self, "Save"))
        # Enter in a long text starts a new line; Ctrl+Enter saves from anywhere.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        hint = form_page.sizeHint()
        self.resize(max(560, hint.width() + 40), min(640, hint.height() + 100))
        self._first_to_fill().focus_editor()

    def _first_to_fill(self) -> AnswerEditor:
        """Where the keyboard starts: the first needed field still empty, else the first."""
        for spec in self.kind.fields:
            if spec.required and self.editors[spec.name].value() is None:
                return self.editors[spec.name]
        return next(iter(self.editors.values()))

    def values(self) -> dict[str, Any]:
        return {name: editor.value() for name, editor in self.editors.items()}

    def accept(self) -> None:
        """Save, and close only when it worked; otherwise say why and keep everything."""
        try:
            self._save(self.values())
        except SalesCoachError as error:
            self.error.setText(f"Not saved: {error}")
            self.error.show()
            return
        super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        kind: LogKind,
        save: Save,
        initial: dict[str, Any] | None = None,
        needs: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any] | None:
        """The values saved, or None when the rep cancelled."""
        dialog = cls(kind, save, initial, needs, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.values() if accepted else None

"""Every meeting-mode shortcut in one table: menus, tooltips and the F1 overlay read it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shortcut:
    name: str
    keys: tuple[str, ...]  # QKeySequence strings; the first is shown in menus
    text: str  # what the rep reads in menus and the help overlay
    group: str


SHORTCUTS = (
    Shortcut("next", ("Ctrl+Return", "PgDown"), "Next question", "Move"),
    Shortcut("previous", ("Ctrl+Shift+Return", "PgUp"), "Previous question", "Move"),
    Shortcut("next_section", ("Ctrl+PgDown",), "Next section", "Move"),
    Shortcut("previous_section", ("Ctrl+PgUp",), "Previous section", "Move"),
    Shortcut("uncovered", ("Ctrl+U",), "Next unanswered must-ask question", "Move"),
    Shortcut("answer", ("Ctrl+Shift+A",), "Back to the answer", "Move"),
    Shortcut("note", ("Ctrl+M",), "Write a note on this question", "Capture"),
    Shortcut("quote", ("Ctrl+Shift+C",), "Keep the client's own words", "Capture"),
    Shortcut("add_need", ("Ctrl+N",), "Add a need while listening", "Needs"),
    Shortcut("needs", ("Ctrl+L",), "Go to the needs list (Alt+Up/Down ranks)", "Needs"),
    Shortcut("readback", ("Ctrl+R",), "Read the needs back to the client", "Needs"),
    Shortcut("solutions", ("Ctrl+G",), "Solution ideas (after the diagnosis)", "Needs"),
    Shortcut("tip", ("Ctrl+T",), "Show or hide the coaching tip", "View"),
    Shortcut("focus", ("F11",), "Focus mode (full screen)", "View"),
    Shortcut("history", ("Ctrl+H",), "History of this answer (read-only)", "View"),
    Shortcut("help", ("F1",), "This list of shortcuts", "View"),
    Shortcut("end", ("Ctrl+E",), "End the meeting", "Meeting"),
    Shortcut("studio", ("Ctrl+Shift+S",), "Open the summary studio", "Meeting"),
    Shortcut(
        "meeting_history",
        ("Ctrl+Shift+H",),
        "Meeting history: gate overrides and the end",
        "Meeting",
    ),
)
SECTION_KEYS = "Ctrl+1 ... Ctrl+9"
BY_NAME = {shortcut.name: shortcut for shortcut in SHORTCUTS}

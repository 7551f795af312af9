"""Every summary-studio shortcut in one table: actions, tooltips and the user guide read it."""

from __future__ import annotations

from salescoach.ui.meeting.shortcuts import Shortcut

STUDIO_SHORTCUTS = (
    Shortcut("templates", ("Ctrl+T",), "Go to the templates", "View"),
    Shortcut("format_html", ("Ctrl+1",), "Show the HTML version", "View"),
    Shortcut("format_txt", ("Ctrl+2",), "Show the plain-text version", "View"),
    Shortcut("format_md", ("Ctrl+3",), "Show the Markdown version", "View"),
    Shortcut("refresh", ("F5",), "Refresh from the meeting", "View"),
    Shortcut("edit", ("Ctrl+E",), "Edit the summary", "Summary"),
    Shortcut("draft", ("Ctrl+Shift+D",), "Back to the generated draft", "Summary"),
    Shortcut("flags", ("Ctrl+B",), "Go to what is missing before you send", "Summary"),
    Shortcut("copy", ("Ctrl+Shift+C",), "Copy for email", "Hand off"),
    Shortcut("mail", ("Ctrl+Shift+M",), "Open in mail client", "Hand off"),
    Shortcut("save_as", ("Ctrl+S",), "Save as file...", "Hand off"),
    Shortcut("sent", ("Ctrl+Shift+Y",), "Mark as sent", "Hand off"),
    Shortcut("close", ("Ctrl+W",), "Close the studio", "Hand off"),
)
BY_NAME = {shortcut.name: shortcut for shortcut in STUDIO_SHORTCUTS}
FORMAT_LABELS = {"html": "HTML", "txt": "Plain text", "md": "Markdown"}
VERSION_WORDS = {"html": "HTML", "txt": "plain-text", "md": "Markdown"}
"""How a version is named mid-sentence: 'the plain-text version'."""


def tooltip(name: str, text: str | None = None) -> str:
    """What the action does, with its key: 'Copy for email (Ctrl+Shift+C)'."""
    shortcut = BY_NAME[name]
    return f"{text or shortcut.text} ({shortcut.keys[0]})"

"""Save the summary as a file: the rep picks where, and the format by its ending."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

SUFFIXES = {"pdf": ".pdf", "html": ".html", "md": ".md", "txt": ".txt", "eml": ".eml"}
FILTERS = {
    "pdf": "PDF document (*.pdf)",
    "html": "Web page, HTML (*.html *.htm)",
    "md": "Markdown (*.md)",
    "txt": "Plain text (*.txt)",
    "eml": "Email draft (*.eml)",
}
_FORMAT_OF_SUFFIX = {".htm": "html", ".markdown": "md", ".text": "txt"} | {
    suffix: fmt for fmt, suffix in SUFFIXES.items()
}


def format_of(path: Path) -> str | None:
    """The export format a file name asks for, from its ending (None when unknown)."""
    return _FORMAT_OF_SUFFIX.get(path.suffix.lower())


class SaveAsDialog:
    last_folder: Path | None = None
    """Where the rep saved last, this session: the next save starts there."""

    @classmethod
    def ask(cls, parent: QWidget | None, suggested: Path, formats: Sequence[str]) -> Path | None:
        """The file to write, its ending telling the format; None when the rep cancelled.

        `suggested` names the file (and, by its ending, the format first offered); `formats`
        lists what can be written, in the order the file-type list shows them.
        """
        start = (cls.last_folder or suggested.parent) / suggested.name
        first = format_of(suggested)
        ordered = [first, *(f for f in formats if f != first)] if first in formats else formats
        chosen, selected_filter = QFileDialog.getSaveFileName(
            parent, "Save the summary as", str(start), ";;".join(FILTERS[f] for f in ordered)
        )
        if not chosen:
            return None
        path = Path(chosen)
        if format_of(path) not in formats:  # no ending, or one we cannot write: use the filter's
            fmt = next((f for f in ordered if FILTERS[f] == selected_filter), ordered[0])
            path = path.with_name(path.name + SUFFIXES[fmt])
        cls.last_folder = path.parent
        return path

"""Hand the summary off: copy it for email, open it in the mail client, save it as a file.

Each step returns an `Outcome`: what to tell the rep, and how the summary left the studio (the
window then asks whether it went out). Problems the rep can act on come back as messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtWidgets import QWidget

from salescoach.errors import SalesCoachError
from salescoach.services.container import Services
from salescoach.services.summaries import About, TemplateFamily
from salescoach.ui.studio.busy import busy_cursor
from salescoach.ui.studio.clipboard import copy_for_email, html_of, plain_of
from salescoach.ui.studio.opener import UrlOpener
from salescoach.ui.studio.save_dialog import SaveAsDialog, format_of

EXPORTS_FOLDER = "exports"  # in the data folder: where email drafts (.eml) are written


@dataclass(frozen=True)
class Outcome:
    message: str
    handed_off: str = ""
    """How the summary left the studio ('Copied for email'); empty when it did not."""


class HandOff:
    def __init__(self, services: Services, about: int | About) -> None:
        self.summaries = services.summaries
        self.exports = services.paths.basedir / EXPORTS_FOLDER
        self.about = About.of(about)  # the meeting, or the prospect a letter is for

    def _text(self, family: TemplateFamily, fmt: str) -> str:
        return self.summaries.text(self.about, family.name, fmt)

    def copy(self, family: TemplateFamily, fmt: str) -> Outcome:
        """Rich HTML and plain text together; each from its own version when the family has it."""
        try:
            shown = self._text(family, fmt)
            html = self._text(family, "html") if "html" in family.formats else html_of(fmt, shown)
            plain = self._text(family, "txt") if "txt" in family.formats else plain_of(fmt, shown)
        except SalesCoachError as error:
            return Outcome(str(error))
        copy_for_email(html, plain)
        return Outcome("Copied with its formatting: paste it into your email.", "Copied for email")

    def mail(self, family: TemplateFamily, attach_pdf: bool) -> Outcome:
        """A mailto: link when the text fits in one; else (or to attach a PDF) an .eml draft."""
        eml: Path | None = None
        try:
            link = None if attach_pdf else self.summaries.mail_link(self.about, family.name)
            if link is not None:
                opened = UrlOpener.open(QUrl.fromEncoded(link.encode("utf-8")))
            else:
                name = self.summaries.suggested_filename(self.about, family.name, "eml")
                eml = self.exports / name
                self._export(family, "eml", eml, attach_pdf)
                opened = UrlOpener.open(QUrl.fromLocalFile(str(eml)))
        except SalesCoachError as error:
            return Outcome(str(error))
        if not opened:
            where = f" The email draft is saved as {eml}." if eml else ""
            return Outcome(f"No mail program answered.{where}")
        message = f"Email draft opened: {eml}" if eml else "Opened in your mail program."
        return Outcome(message, "Opened in your mail program")

    def save_as(self, parent: QWidget, family: TemplateFamily) -> Outcome | None:
        """Ask where, then write PDF, HTML, Markdown, text or .eml; None when cancelled."""
        formats = ["pdf", *family.formats, "eml"]
        try:
            name = self.summaries.suggested_filename(self.about, family.name, "pdf")
        except SalesCoachError as error:
            return Outcome(str(error))
        path = SaveAsDialog.ask(parent, _documents_folder() / name, formats)
        if path is None:
            return None
        fmt = format_of(path)
        if fmt not in formats:
            return Outcome(
                f"{family.title} can be saved as: {', '.join(formats)}. Pick one of those endings."
            )
        try:
            self._export(family, fmt, path)
        except SalesCoachError as error:
            return Outcome(str(error))
        return Outcome(f"Saved {path}", f"Saved as {path.name}")

    def _export(self, family: TemplateFamily, fmt: str, path: Path, attach_pdf: bool = False):
        # A PDF takes 50-300 ms. It is made here, on the GUI thread, under a busy cursor: the
        # export reads the meeting from SQLite (its connection belongs to this thread) and the
        # PDF is laid out by Qt's text and PDF classes, which are not safe enough across threads
        # to hand to a worker. A busy cursor for that long is honest and keeps the code simple.
        with busy_cursor():
            self.summaries.export(self.about, family.name, fmt, path, attach_pdf)


def _documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()

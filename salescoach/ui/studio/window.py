"""Summary studio: pick a template, check and edit the summary, then hand it off.

Left, the templates by audience and the version (HTML, plain text, Markdown). Centre, the live
preview, or the source text while editing; edits become the rep's final copy, written through
(see `final_saver`). Right, what is missing before sending, each one step away, and the hand-off
(see `handoff`): copy, mail, save as a file, and whether it went out.

For a prospect who has had no meeting yet (the Contact step), the same studio writes a letter
(`StudioWindow.for_prospect`): it offers only the templates that need no meeting, shows what the
prospect still lacks instead of the meeting's gaps, and marking the letter sent also logs a touch.
"""

from __future__ import annotations

import logging
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, QMetaMethod, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QRadioButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salescoach import APP_NAME
from salescoach.errors import InvalidFile, SalesCoachError
from salescoach.services.container import Services
from salescoach.services.summaries import (
    TEXT_FORMATS,
    About,
    TemplateFamily,
    hand_off_gaps,
    letter_gaps,
)
from salescoach.ui.layout import three_panes
from salescoach.ui.meeting.needs_common import scaled
from salescoach.ui.studio.dialogs import DiscardEditsQuestion
from salescoach.ui.studio.final_saver import FinalCopySaver
from salescoach.ui.studio.flags_panel import FlagsPanel
from salescoach.ui.studio.format_picker import FormatPicker
from salescoach.ui.studio.handoff import HandOff, Outcome
from salescoach.ui.studio.sent_bar import SentBar, sent_label
from salescoach.ui.studio.shortcuts import STUDIO_SHORTCUTS, VERSION_WORDS, tooltip
from salescoach.ui.studio.summary_view import SummaryView
from salescoach.ui.studio.template_list import TemplateList

log = logging.getLogger(__name__)

BADGE_STYLE = "QLabel {{ padding: 2px 10px; border-radius: 9px; {colours} }}"
DRAFT_COLOURS = "background: palette(alternate-base); color: palette(window-text);"
EDITED_COLOURS = "background: palette(highlight); color: palette(highlighted-text);"
SAVE_FAILED_COLOURS = "background: #b3261e; color: white;"
READY_COLOUR = "#2e7d32"
# How a letter went out: the touch log's channel, and the words the rep picks it by.
LETTER_CHANNELS = (("email", "E&mail"), ("letter", "Letter by p&ost"))


class StudioWindow(QMainWindow):
    questionRequested = Signal(int, str)
    """Show this must-ask question in the meeting (interview id, question id)."""
    readbackRequested = Signal(int)
    """Read the needs back with the client, to confirm them (interview id)."""
    letterSent = Signal(int)
    """A letter went out and a touch was logged on the prospect (prospect id)."""
    closed = Signal(int)
    """The studio closed, every edit saved (interview id; prospect id for a letter)."""

    def __init__(
        self, services: Services, about: int | About, parent: QWidget | None = None
    ) -> None:
        """`about`: an interview id (or `About.meeting`), or `About.prospect` for a letter."""
        super().__init__(parent)
        self.services = services
        self.summaries = services.summaries
        self.about = About.of(about)
        self.for_letter = self.about.is_prospect
        """A letter to a prospect with no meeting yet, rather than a meeting's summary."""
        self.interview_id = None if self.for_letter else self.about.id
        self.prospect_id = self.about.id if self.for_letter else None
        self.family: TemplateFamily | None = None
        self.fmt = ""
        self.edited = False
        """What is shown is the rep's final copy, not the generated draft."""
        self._families: dict[str, TemplateFamily] = {}
        self._model: dict[str, Any] = self.summaries.model(self.about)
        self._left_once = False
        self.handoff = HandOff(services, self.about)
        self.saver = FinalCopySaver(self._write_final, self)
        self.saver.failed.connect(self._show_save_failed)
        self.saver.saved.connect(self._update_state)
        self._build()
        self._build_actions()
        self._set_tab_order()
        if self.for_letter:
            self._become_letter_studio()
        self._show_heading()
        self._load_families()
        self.statusBar().showMessage(
            f"Pick a template, check the {self._noun()}, then hand it off."
        )
        available = self.screen().availableGeometry()
        self.resize(min(1280, available.width()), min(800, available.height()))

    @classmethod
    def for_prospect(
        cls, services: Services, prospect_id: int, parent: QWidget | None = None
    ) -> StudioWindow:
        """The studio for a letter to a prospect who has had no meeting yet."""
        return cls(services, About.prospect(prospect_id), parent)

    def _noun(self) -> str:
        return "letter" if self.for_letter else "summary"

    # --- construction ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.templates = TemplateList(self)
        self.templates.familyChosen.connect(self._choose_family)
        self.formats = FormatPicker(self)
        self.formats.formatChosen.connect(self._choose_format)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(_buddy_label("&Templates", self.templates, left))
        left_layout.addWidget(self.templates, stretch=1)
        left_layout.addWidget(QLabel("<b>Version</b>", left))
        left_layout.addWidget(self.formats)

        self.badge = QLabel(self)
        self.badge.setObjectName("copy-state")
        self.edit_button = QToolButton(self)
        self.draft_button = QToolButton(self)
        self.refresh_button = QToolButton(self)
        header = QHBoxLayout()
        header.addWidget(self.badge)
        header.addStretch()
        for button in (self.edit_button, self.draft_button, self.refresh_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            header.addWidget(button)
        self.other_copy_hint = QLabel(self)
        self.other_copy_hint.setObjectName("other-copy-hint")
        self.other_copy_hint.setWordWrap(True)
        self.other_copy_hint.hide()
        self.view = SummaryView(self)
        self.view.edited.connect(self._edited_by_rep)
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.addLayout(header)
        centre_layout.addWidget(self.other_copy_hint)
        centre_layout.addWidget(self.view, stretch=1)

        self.flags = FlagsPanel(self)
        self.flags.questionActivated.connect(self._question_chosen)
        self.flags.needsActivated.connect(self._needs_chosen)
        self.copy_button = QToolButton(self)
        self.mail_button = QToolButton(self)
        self.attach_pdf = QCheckBox("Attach a &PDF", self)
        self.attach_pdf.setObjectName("attach-pdf")
        self.attach_pdf.setToolTip(
            "Open in mail client makes an email draft (.eml) with the summary as a PDF attached"
        )
        self.save_button = QToolButton(self)
        for button in (self.copy_button, self.mail_button, self.save_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.sent_bar = SentBar(self)
        self.sent_bar.confirmed.connect(self.mark_sent)
        self.sent_status = QLabel(self)
        self.sent_status.setObjectName("sent-status")
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        self.flags_heading = _buddy_label("&Before you send", self.flags.list, right)
        right_layout.addWidget(self.flags_heading)
        right_layout.addWidget(self.flags, stretch=1)
        self.letter_gaps = QLabel(right)
        self.letter_gaps.setObjectName("letter-gaps")
        self.letter_gaps.setWordWrap(True)
        self.letter_gaps.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.letter_gaps.hide()
        right_layout.addWidget(self.letter_gaps)
        self.right_layout = right_layout
        line = QFrame(right)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        right_layout.addWidget(line)
        right_layout.addWidget(QLabel("<b>Hand off</b>", right))
        right_layout.addWidget(self.copy_button)
        right_layout.addWidget(self.mail_button)
        right_layout.addWidget(self.attach_pdf)
        right_layout.addWidget(self.save_button)
        self.channel_row = QWidget(right)
        self.channel_row.setObjectName("letter-channel")
        channel_layout = QHBoxLayout(self.channel_row)
        channel_layout.setContentsMargins(0, 0, 0, 0)
        channel_layout.addWidget(QLabel("Sent by:", self.channel_row))
        self.channels = QButtonGroup(self)
        self.channel_buttons: dict[str, QRadioButton] = {}
        for channel, text in LETTER_CHANNELS:
            button = QRadioButton(text, self.channel_row)
            button.setObjectName(f"channel-{channel}")
            self.channels.addButton(button)
            self.channel_buttons[channel] = button
            channel_layout.addWidget(button)
        channel_layout.addStretch()
        self.channel_buttons["email"].setChecked(True)
        self.channel_row.setToolTip("How the letter goes out: marking it sent logs this touch")
        self.channel_row.hide()
        right_layout.addWidget(self.channel_row)
        right_layout.addWidget(self.sent_bar)
        right_layout.addWidget(self.sent_status)
        right_layout.addStretch(0)  # takes the room the flags leave when nothing is missing

        splitter = three_panes(self, left, centre, right, [250, 700, 320])

        self.meeting_label = QLabel(self)
        self.meeting_label.setObjectName("studio-meeting")
        self.meeting_label.setFont(scaled(self.font(), 1.15))
        self.meeting_label.setContentsMargins(12, 6, 12, 0)
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        body_layout.addWidget(self.meeting_label)
        body_layout.addWidget(splitter, stretch=1)
        self.setCentralWidget(body)

    def _build_actions(self) -> None:
        menus = (("View", "&View"), ("Summary", "&Summary"), ("Hand off", "&Hand off"))
        menu_for = {group: self.menuBar().addMenu(title) for group, title in menus}
        handlers = {
            "templates": lambda: self.templates.setFocus(Qt.FocusReason.ShortcutFocusReason),
            "format_html": lambda: self.formats.choose("html"),
            "format_txt": lambda: self.formats.choose("txt"),
            "format_md": lambda: self.formats.choose("md"),
            "refresh": self.refresh,
            "edit": self.set_editing,
            "draft": self.back_to_draft,
            "flags": self.flags.focus,
            "copy": self.copy_for_email,
            "mail": self.open_in_mail,
            "save_as": self.save_as,
            "sent": self.mark_sent,
            "close": self.close,
        }
        self.actions_by_name: dict[str, QAction] = {}
        for shortcut in STUDIO_SHORTCUTS:
            action = QAction(shortcut.text, self)
            action.setShortcuts([QKeySequence(key) for key in shortcut.keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(tooltip(shortcut.name))
            if shortcut.name == "edit":
                action.setCheckable(True)
                action.toggled.connect(handlers["edit"])
            else:
                action.triggered.connect(lambda _=False, h=handlers[shortcut.name]: h())
            menu_for[shortcut.group].addAction(action)
            self.addAction(action)
            self.actions_by_name[shortcut.name] = action
        for button, name, text in (
            (self.edit_button, "edit", "Edit"),
            (self.draft_button, "draft", "Back to the generated draft"),
            (self.refresh_button, "refresh", "Refresh"),
            (self.copy_button, "copy", "Copy for email"),
            (self.mail_button, "mail", "Open in mail client"),
            (self.save_button, "save_as", "Save as file..."),
        ):
            self.actions_by_name[name].setIconText(text)  # what a text-only tool button shows
            button.setDefaultAction(self.actions_by_name[name])
            button.setObjectName(f"{name}-button")

    def _set_tab_order(self) -> None:
        chain = [
            self.templates,
            *self.formats.buttons.values(),
            self.edit_button,
            self.draft_button,
            self.refresh_button,
            self.view.preview,
            self.view.editor,
            self.flags.list,
            self.copy_button,
            self.mail_button,
            self.attach_pdf,
            self.save_button,
            *self.channel_buttons.values(),
            self.sent_bar.yes,
            self.sent_bar.not_yet,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        for button in (self.edit_button, self.draft_button, self.refresh_button):
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for button in (self.copy_button, self.mail_button, self.save_button):
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # --- what is shown --------------------------------------------------------------------------

    def _become_letter_studio(self) -> None:
        """No meeting: its gaps and the way back to it go; how the letter goes out comes in."""
        for widget in (self.flags_heading, self.flags):
            widget.hide()
        self.letter_gaps.show()
        self.channel_row.show()
        self.actions_by_name["flags"].setVisible(False)  # out of the menu, its key unused
        self.actions_by_name["refresh"].setText("Refresh from the prospect")
        self.actions_by_name["refresh"].setToolTip(tooltip("refresh", "Refresh from the prospect"))
        self.sent_bar.yes.setToolTip(
            tooltip("sent", "Record that the letter was sent and log it as a touch")
        )

    def _show_heading(self) -> None:
        """Title, the line above the panes and what is missing: from the meeting or prospect."""
        prospect, meeting = self._model["prospect"], self._model["meeting"]
        if self.for_letter:
            self._show_prospect(prospect.get("company") or "Prospect")
            return
        company = prospect.get("company") or "Meeting"
        self.setWindowTitle(f"{company}: summary studio - {APP_NAME}")
        details = [f"<b>{_escape(company)}</b>"]
        if meeting.get("date"):
            details.append(f"discovery meeting of {_escape(meeting['date'])}")
        if meeting.get("outcome_label"):
            details.append(_escape(meeting["outcome_label"]))
        self.meeting_label.setText("  ·  ".join(details))
        self._show_flags()

    def _show_flags(self) -> None:
        """What the meeting lacks and, for a document to the client, who it goes to and from."""
        client = self.family is not None and self.family.audience == "client"
        self.flags.set_model(self._model, hand_off_gaps(self._model, "summary") if client else ())
        ready = self.flags.is_ready()
        self.right_layout.setStretchFactor(self.flags, 0 if ready else 1)
        self.right_layout.setStretch(self.right_layout.count() - 1, 1 if ready else 0)

    def _show_prospect(self, company: str) -> None:
        self.setWindowTitle(f"{company}: first contact - {APP_NAME}")
        self.meeting_label.setText(f"<b>{_escape(company)}</b>  ·  first contact, no meeting yet")
        gaps = letter_gaps(self._model)
        if gaps:
            lines = "".join(f"<li>{_escape(gap)}</li>" for gap in gaps)
            self.letter_gaps.setText(
                "<b>Before you send</b><ul style='margin-left: -20px'>" + lines + "</ul>"
                "Fill these in on the prospect's page, then refresh (F5)."
            )
        else:
            self.letter_gaps.setText(
                f"<b>Before you send</b><p><span style='color:{READY_COLOUR}'>\u2713</span> "
                "The letter has the reason to meet, your hypothesis and the agenda.</p>"
            )
        self.right_layout.setStretch(self.right_layout.count() - 1, 1)

    def _load_families(self) -> None:
        """(Re)read the template families; the chosen one stays chosen while it exists."""
        families = self.summaries.families(prospect_only=self.for_letter)
        self._families = {family.name: family for family in families}
        chosen = self.family.name if self.family and self.family.name in self._families else None
        if chosen is None and families:
            chosen = families[0].name
        self.templates.set_families(families, chosen)
        if chosen is None:
            self.family = None
            needing = " for a prospect without a meeting" if self.for_letter else ""
            self.view.show_problem(
                f"No templates{needing} found in {self.summaries.shipped_dir} or "
                f"{self.summaries.user_dir}."
            )
            self._update_state()
            return
        self._choose_family(chosen)

    def _choose_family(self, name: str) -> None:
        self.saver.flush()
        family = self._families[name]
        self.family = family
        if self.fmt not in family.formats:
            self.fmt = family.preferred_format
        self.formats.set_formats(family.formats, self.fmt)
        for fmt in TEXT_FORMATS:
            self.actions_by_name[f"format_{fmt}"].setEnabled(fmt in family.formats)
        if not self.for_letter:
            self._show_flags()  # a note for the team needs no recipient
        self._show_current()

    def _choose_format(self, fmt: str) -> None:
        if fmt == self.fmt:
            return
        self.saver.flush()
        self.fmt = fmt
        self._show_current()

    def _show_current(self) -> None:
        """Show the rep's final copy of this template and version, else a fresh draft."""
        if self.family is None:
            return
        name, fmt = self.family.name, self.fmt
        try:
            text = self.saver.pending((name, fmt))
            if text is None:
                text = self.summaries.final(self.about, name, fmt)
            self.edited = text is not None
            if text is None:
                text = self.summaries.draft(self.about, name, fmt, self._model)
        except KeyError as missing:
            self._show_problem(f"The template file {missing.args[0]} is missing. Press F5.")
        except SalesCoachError as error:  # InvalidFile says file:line: message
            self._show_problem(str(error), where=_locations(error))
        else:
            self.view.show_summary(fmt, text)
            self.view.set_editing(self.actions_by_name["edit"].isChecked())
        self._update_state()

    def _show_problem(self, message: str, where: str = "") -> None:
        # Only where: a template's error message can quote the data it choked on (the needs,
        # the client's words), and the log never holds what the rep typed.
        log.info("summary template problem%s", f" at {where}" if where else "")
        self.edited = False
        self.view.show_problem(message)

    def _update_state(self) -> None:
        problem = self.view.problem is not None or self.family is None
        if self.edited:
            self.badge.setText("Edited copy")
            self.badge.setToolTip("Your edits are what goes out; they are saved as you type")
            colours = EDITED_COLOURS
        else:
            self.badge.setText("Generated draft")
            self.badge.setToolTip(
                f"Filled in from the {'prospect' if self.for_letter else 'meeting'}; "
                "Edit to change it before sending"
            )
            colours = DRAFT_COLOURS
        self.badge.setStyleSheet(BADGE_STYLE.format(colours=colours))
        self.badge.setVisible(not problem)
        self.actions_by_name["draft"].setEnabled(self.edited)
        edit = self.actions_by_name["edit"]
        edit.setEnabled(not problem)
        if problem and edit.isChecked():
            edit.blockSignals(True)
            edit.setChecked(False)
            edit.blockSignals(False)
        for name in ("copy", "mail", "save_as", "sent"):
            self.actions_by_name[name].setEnabled(not problem)
        self.attach_pdf.setEnabled(not problem)
        self._update_other_copy_hint()
        self._update_sent_status()

    def _update_other_copy_hint(self) -> None:
        """Emails carry the HTML and the plain-text versions: say when only one has edits."""
        family = self.family
        hint = ""
        if family is not None and {"html", "txt"} <= set(family.formats):
            edited = {fmt for fmt in ("html", "txt") if self._has_final(family.name, fmt)}
            if len(edited) == 1:
                (mine,) = edited
                other = "txt" if mine == "html" else "html"
                hint = (
                    f"Only the {VERSION_WORDS[mine]} version has your edits. Emails also carry "
                    f"the {VERSION_WORDS[other]} version, which is still the generated draft."
                )
        self.other_copy_hint.setText(hint)
        self.other_copy_hint.setVisible(bool(hint))

    def _has_final(self, name: str, fmt: str) -> bool:
        if self.saver.pending((name, fmt)) is not None:
            return True
        try:
            return self.summaries.final(self.about, name, fmt) is not None
        except SalesCoachError:
            return False

    def _update_sent_status(self) -> None:
        stamps = []
        if self.family is not None:
            for fmt in self.family.formats:
                try:
                    stamps.append(self.summaries.sent_at(self.about, self.family.name, fmt))
                except SalesCoachError:
                    continue
        self.sent_status.setText(sent_label(max((s for s in stamps if s), default=None)))

    def refresh(self) -> None:
        """Fill the summary in again from the meeting (a letter: from the prospect) and re-read
        the template files (F5)."""
        self.saver.flush()
        try:
            self._model = self.summaries.model(self.about)
        except SalesCoachError as error:
            source = "prospect" if self.for_letter else "meeting"
            self.statusBar().showMessage(f"Could not read the {source}: {error}")
            return
        self._show_heading()
        self._load_families()

    def changeEvent(self, event: QEvent) -> None:
        """Coming back to the studio (after the meeting changed, say): fill it in again."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange:
            if not self.isActiveWindow():
                self._left_once = True
            elif self._left_once:
                self._left_once = False
                QTimer.singleShot(0, self, self.refresh)

    # --- editing --------------------------------------------------------------------------------

    def set_editing(self, on: bool) -> None:
        if not on:
            self.saver.flush()
        self.view.set_editing(on)
        if on and self.view.editing():
            self.view.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif not on:
            self.view.preview.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _edited_by_rep(self, text: str) -> None:
        if self.family is None or self.view.problem is not None:
            return
        self.saver.queue((self.family.name, self.fmt), text)
        if not self.edited:
            self.edited = True
            self._update_state()

    def _write_final(self, name: str, fmt: str, text: str) -> None:
        self.summaries.save_final(self.about, name, fmt, text)

    def _show_save_failed(self, reason: str) -> None:
        self.badge.setText("Edits not saved - retrying")
        self.badge.setToolTip(f"{reason}\nWhat you typed is kept and saved again shortly.")
        self.badge.setStyleSheet(BADGE_STYLE.format(colours=SAVE_FAILED_COLOURS))
        self.statusBar().showMessage(f"Edits not saved yet: {reason.splitlines()[0]}")

    def back_to_draft(self) -> None:
        if self.family is None or not self.edited:
            return
        name, fmt = self.family.name, self.fmt
        if not DiscardEditsQuestion.ask(self, VERSION_WORDS[fmt]):
            return
        self.saver.discard((name, fmt))
        try:
            self.summaries.save_final(self.about, name, fmt, None)
        except SalesCoachError as error:
            self.statusBar().showMessage(f"Still your edited copy: {error}")
            return
        self._show_current()
        self.statusBar().showMessage("Back to the generated draft.", 4000)

    # --- before sending -------------------------------------------------------------------------

    def _question_chosen(self, question_id: str) -> None:
        if self.isSignalConnected(QMetaMethod.fromSignal(self.questionRequested)):
            self.questionRequested.emit(self.interview_id, question_id)
        else:
            self.statusBar().showMessage(
                "Open the meeting from the prospect list to answer this question.", 6000
            )

    def _needs_chosen(self) -> None:
        if self.isSignalConnected(QMetaMethod.fromSignal(self.readbackRequested)):
            self.readbackRequested.emit(self.interview_id)
        else:
            self.statusBar().showMessage(
                "Open the meeting and read the needs back (Ctrl+R) to confirm them.", 6000
            )

    # --- hand-off -------------------------------------------------------------------------------

    def _ready(self) -> TemplateFamily | None:
        """The family to hand off, every edit on disk first; None (and why) when not possible."""
        if self.family is None or self.view.problem is not None:
            return None
        if not self.saver.flush():
            self.statusBar().showMessage("Your edits are not saved yet; try again in a moment.")
            return None
        return self.family

    def copy_for_email(self) -> None:
        family = self._ready()
        if family is not None:
            self._tell(self.handoff.copy(family, self.fmt), "email")

    def open_in_mail(self) -> None:
        family = self._ready()
        if family is not None:
            self._tell(self.handoff.mail(family, self.attach_pdf.isChecked()), "email")

    def save_as(self) -> None:
        family = self._ready()
        if family is not None:
            outcome = self.handoff.save_as(self, family)
            # A saved file is printed and posted, except an email draft.
            channel = "email" if outcome and outcome.handed_off.endswith(".eml") else "letter"
            self._tell(outcome, channel)

    def _tell(self, outcome: Outcome | None, channel: str) -> None:
        if outcome is None:  # the rep cancelled
            return
        self.statusBar().showMessage(outcome.message, 8000 if outcome.handed_off else 0)
        if outcome.handed_off:
            self.channel_buttons[channel].setChecked(True)  # the likely way; the rep may change it
            self.sent_bar.ask(outcome.handed_off)

    def channel(self) -> str:
        """How the letter goes out, as the touch log says it: email or letter."""
        return next(name for name, button in self.channel_buttons.items() if button.isChecked())

    def mark_sent(self) -> None:
        if self.family is None or self.view.problem is not None:
            return
        name, fmt = self.family.name, self.fmt
        letter = None
        try:
            if self.prospect_id is not None:
                channel = self.channel()
                letter = self.summaries.mark_letter_sent(
                    self.prospect_id, name, fmt, channel, self.services.cycle
                )
            else:
                self.summaries.mark_sent(self.about, name, fmt)
        except SalesCoachError as error:
            self.statusBar().showMessage(f"Not recorded: {error}")
            return
        self.sent_bar.hide()
        self._update_sent_status()
        message = self.sent_status.text()
        if self.prospect_id is not None and letter is not None:
            how = "an email" if channel == "email" else "a letter"
            if letter.touch_logged:
                message += f"; logged as {how} in the Contact step's touch log"
            else:
                message += f"; the touch log has {how} sent today already"
            self.letterSent.emit(self.prospect_id)
        self.statusBar().showMessage(message, 6000)

    # --- closing --------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.saver.flush():
            answer = QMessageBox.warning(
                self,
                APP_NAME,
                "Your edits to the summary could not be saved yet.\n\nClose anyway and lose them?",
                QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Close:
                event.ignore()
                return
        self.closed.emit(self.about.id)
        super().closeEvent(event)


def _buddy_label(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    """A bold heading whose Alt+letter (after the &) moves the focus to `buddy`."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setBuddy(buddy)
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _locations(error: SalesCoachError) -> str:
    """`file:line` of each problem in a broken template, without its message."""
    if not isinstance(error, InvalidFile):
        return ""
    return ", ".join(
        f"{problem.path.name}:{problem.line}" if problem.line else problem.path.name
        for problem in error.problems
    )

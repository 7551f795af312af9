"""Meeting mode: the discovery interview in front of the client, keyboard first.

Sections with their coverage down the side, one question at a time in large type, the coaching
tip and the needs beside it. Every edit is written through (see `autosave`); the window never
blocks the rep: must-ask questions show as uncovered, they do not stop navigation.
"""

from __future__ import annotations

import logging
import time
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salescoach import APP_NAME
from salescoach.domain.answers import is_answered
from salescoach.domain.conditions import visible_questions
from salescoach.domain.coverage import coverage
from salescoach.domain.gate import gate_state
from salescoach.domain.playbook import Question, Section
from salescoach.errors import SalesCoachError
from salescoach.services.container import Services
from salescoach.services.interviews import InterviewService, Meeting
from salescoach.ui.layout import three_panes
from salescoach.ui.meeting.autosave import AnswerSaver, local_time_label
from salescoach.ui.meeting.dialogs import (
    EndMeetingDialog,
    GateOverrideDialog,
    MeetingEnd,
    NotSavedNotice,
    SolutionIdeasDialog,
)
from salescoach.ui.meeting.editors import AnswerEditor, editor_for
from salescoach.ui.meeting.help_overlay import HelpOverlay
from salescoach.ui.meeting.history_dialog import AnswerHistoryDialog, MeetingHistoryDialog
from salescoach.ui.meeting.needs_common import scaled
from salescoach.ui.meeting.needs_panel import NeedsPanel
from salescoach.ui.meeting.question_page import QuestionPage
from salescoach.ui.meeting.readback import ReadbackView
from salescoach.ui.meeting.section_list import SectionList
from salescoach.ui.meeting.shortcuts import BY_NAME

if TYPE_CHECKING:  # the summary studio loads on first use
    from salescoach.ui.studio.window import StudioWindow

CHECK = "\u2713"
log = logging.getLogger(__name__)


class MeetingWindow(QMainWindow):
    ended = Signal(int)
    """The meeting was ended (carries the interview id)."""
    closed = Signal(int)
    """The window closed, everything saved (carries the interview id)."""

    def __init__(
        self,
        interviews: InterviewService,
        interview_id: int,
        parent: QWidget | None = None,
        services: Services | None = None,
    ) -> None:
        super().__init__(parent)
        self.interviews = interviews
        self.services = services
        """Every service, for the summary studio; found from the open windows when not given."""
        self.studio: StudioWindow | None = None
        self.meeting: Meeting = interviews.meeting(interview_id)
        self.interview_id = interview_id
        self.playbook = self.meeting.playbook
        self._load_answers()
        self._editors: dict[str, AnswerEditor] = {}
        self._section_of = {q.id: s for s in self.playbook.sections for q in s.questions}
        self._visible: list[Question] = []
        self._current: Question | None = None
        self._elapsed_before = int(self.meeting.record.get("elapsed_seconds") or 0)
        self._opened_at = time.monotonic()
        self._saved_position: tuple[str, int] | None = None
        # Kept here so typing never waits on the disk for the gate (nor fails when it is locked).
        self._override_reason: str = self.meeting.record.get("gate_override_reason") or ""
        self._pending_end: MeetingEnd | None = None  # an end that could not be saved yet
        self._pending_reason = ""  # a reason for opening the gate that could not be saved yet

        self.setWindowTitle(f"{self.meeting.company}: discovery meeting - {APP_NAME}")
        self.saver = AnswerSaver(self._write, self)
        self.saver.saved.connect(self._show_saved)
        self.saver.failed.connect(self._show_save_failed)
        self._build()
        self._build_actions()
        self._refresh_visibility()
        start = self.meeting.record.get("current_question_id") or ""
        self.go_to(start if self._is_visible(start) else self._visible[0].id)
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._tick()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.aboutToQuit.connect(self.flush)
            app.commitDataRequest.connect(self._session_ending)

    # --- data -----------------------------------------------------------------------------------

    def _load_answers(self) -> None:
        stored = self.interviews.answers(self.interview_id)
        self.values: dict[str, Any] = {qid: answer.value for qid, answer in stored.items()}
        self.notes = {qid: answer.note for qid, answer in stored.items()}
        self.quotes = {qid: answer.quote for qid, answer in stored.items()}
        self.carried = {qid: answer.carried_value for qid, answer in stored.items()}

    def _write(self, question_id: str, field: str, value: Any) -> str:
        return self.interviews.record(self.interview_id, question_id, field, value)  # type: ignore[arg-type]

    def flush(self) -> bool:
        """Write every pending edit now, and where the rep is; True when all is on disk."""
        saved = self.saver.flush()
        position = (self._current.id, self.elapsed_seconds()) if self._current else None
        if saved and position is not None and position != self._saved_position:
            try:
                self.interviews.remember_position(self.interview_id, *position)
                self._saved_position = position
            except SalesCoachError as error:  # the position is a convenience; answers matter
                log.warning("could not remember the meeting position: %s", error)
        return saved

    def _session_ending(self, _manager: object) -> None:
        """The desktop session is ending (log out, shut down): save everything first."""
        self.flush()

    # --- construction ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.sections = SectionList(self.playbook.sections, self)
        self.sections.setMinimumWidth(220)
        self.sections.itemActivated.connect(self._section_clicked)
        self.sections.itemClicked.connect(self._section_clicked)

        self.page = QuestionPage(self)
        self.page.valueEdited.connect(self._value_edited)
        self.page.textEdited.connect(self._text_edited)
        self.page.committed.connect(self.flush)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.page)

        self.tip_toggle = QToolButton(self)
        self.tip_toggle.setObjectName("tip-toggle")
        self.tip_toggle.setText("Coaching tip")
        self.tip_toggle.setCheckable(True)
        self.tip_toggle.setChecked(True)
        self.tip_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.tip_toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.tip_toggle.toggled.connect(self._toggle_tip)
        self.tip = QLabel(self)
        self.tip.setObjectName("tip")
        self.tip.setWordWrap(True)
        self.tip.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tip.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.tip.setFont(scaled(self.font(), 1.05))
        self.needs = NeedsPanel(self.interviews, self.interview_id, self)
        self.needs.needsChanged.connect(self._refresh_progress)
        self.needs.questionRequested.connect(self.go_to)
        self.needs.saveFailed.connect(self._show_save_failed)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.tip_toggle)
        side_layout.addWidget(self.tip)
        needs_title = QLabel("<b>Needs, in the client's words</b>", side)
        side_layout.addWidget(needs_title)
        side_layout.addWidget(self.needs, stretch=1)

        splitter = three_panes(self, self.sections, scroll, side, [240, 700, 340])

        header = QWidget(self)
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(12, 6, 12, 6)
        company = QLabel(f"<b>{escape(self.meeting.company)}</b>  ·  {escape(self.playbook.title)}")
        company.setFont(scaled(self.font(), 1.15))
        self.coverage_bar = QProgressBar(header)
        self.coverage_bar.setObjectName("coverage")
        self.coverage_bar.setMaximumWidth(260)
        self.coverage_bar.setToolTip("Must-ask questions answered (Ctrl+U: the next one to ask)")
        self.gate_label = QLabel(header)
        self.gate_label.setObjectName("gate")
        self.timer_label = QLabel(header)
        self.timer_label.setObjectName("meeting-timer")
        self.timer_label.setToolTip("Time in this meeting")
        last_edit = local_time_label(self.meeting.record.get("updated_at") or "")
        self.saved_label = QLabel(f"Saved {last_edit}" if self.values else "Nothing typed yet")
        self.saved_label.setObjectName("saved-indicator")
        header_layout.addWidget(company)
        header_layout.addStretch()
        header_layout.addWidget(self.gate_label)
        header_layout.addWidget(self.coverage_bar)
        header_layout.addSpacing(12)
        header_layout.addWidget(self.timer_label)
        header_layout.addSpacing(12)
        header_layout.addWidget(self.saved_label)

        self.readback: ReadbackView | None = None
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        body_layout.addWidget(header)
        body_layout.addWidget(splitter, stretch=1)
        self.body = body
        self.setCentralWidget(body)
        self.help_overlay = HelpOverlay(self)
        self.statusBar().showMessage("F1 lists every shortcut")
        available = self.screen().availableGeometry()
        self.resize(min(1280, available.width()), min(800, available.height()))

    def _build_actions(self) -> None:
        menu_for = {
            "Move": self.menuBar().addMenu("&Move"),
            "Capture": self.menuBar().addMenu("&Capture"),
            "Needs": self.menuBar().addMenu("&Needs"),
            "View": self.menuBar().addMenu("&View"),
            "Meeting": self.menuBar().addMenu("Mee&ting"),
        }
        handlers = {
            "next": lambda: self.step(1),
            "previous": lambda: self.step(-1),
            "next_section": lambda: self.step_section(1),
            "previous_section": lambda: self.step_section(-1),
            "uncovered": self.go_to_uncovered,
            "answer": self._focus_answer,
            "note": lambda: self.page.note.setFocus(Qt.FocusReason.ShortcutFocusReason),
            "quote": lambda: self.page.quote.setFocus(Qt.FocusReason.ShortcutFocusReason),
            "add_need": self._add_need,
            "needs": lambda: self.needs.setFocus(Qt.FocusReason.ShortcutFocusReason),
            "readback": self.open_readback,
            "solutions": self.open_solution_ideas,
            "tip": lambda: self.tip_toggle.toggle(),
            "focus": self.toggle_focus_mode,
            "help": self.help_overlay.toggle,
            "end": self.end_meeting,
            "studio": self.open_studio,
            "history": self.open_answer_history,
            "meeting_history": self.open_meeting_history,
        }
        self.actions_by_name: dict[str, QAction] = {}
        for name, handler in handlers.items():
            shortcut = BY_NAME[name]
            action = QAction(shortcut.text, self)
            action.setShortcuts([QKeySequence(key) for key in shortcut.keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(f"{shortcut.text} ({shortcut.keys[0]})")
            action.triggered.connect(handler)
            menu_for[shortcut.group].addAction(action)
            self.addAction(action)
            self.actions_by_name[name] = action
        self.actions_by_name["focus"].setCheckable(True)
        jump_menu = menu_for["Move"].addMenu("Jump to section")
        for index, section in enumerate(self.playbook.sections[:9], start=1):
            action = QAction(section.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{index}"))
            action.triggered.connect(lambda _=False, s=section: self.go_to_section(s.id))
            jump_menu.addAction(action)
            self.addAction(action)

    # --- navigation -----------------------------------------------------------------------------

    def _is_visible(self, question_id: str) -> bool:
        return any(question.id == question_id for question in self._visible)

    def _refresh_visibility(self) -> None:
        self._visible = visible_questions(self.playbook, self.values)
        self._refresh_progress()

    def go_to(self, question_id: str) -> None:
        if not self._is_visible(question_id):
            return
        if self._current is not None and self._current.id != question_id:
            self.flush()
        question = self.playbook.question(question_id)
        section = self._section_of[question_id]
        in_section = [q for q in self._visible if self._section_of[q.id] is section]
        editor = self._editor(question)
        self._current = question
        self.page.show_question(
            question,
            section,
            in_section.index(question) + 1,
            len(in_section),
            editor,
            self.notes.get(question_id, ""),
            self.quotes.get(question_id, ""),
            self.carried.get(question_id),
        )
        tip = question.tip or ""
        coaching = f"<p><i>{escape(section.coaching)}</i></p>" if section.coaching else ""
        self.tip.setText(f"<p>{escape(tip)}</p>{coaching}")
        self.needs.set_current_question(question.id)
        self._select_section(section)
        editor.focus_editor()

    def step(self, delta: int) -> None:
        if self._current is None:
            return
        ids = [q.id for q in self._visible]
        index = ids.index(self._current.id) if self._current.id in ids else 0
        target = min(max(index + delta, 0), len(ids) - 1)
        self.go_to(ids[target])

    def step_section(self, delta: int) -> None:
        if self._current is None:
            return
        sections = [s for s in self.playbook.sections if self._first_visible(s)]
        current = self._section_of[self._current.id]
        index = sections.index(current) if current in sections else 0
        target = sections[min(max(index + delta, 0), len(sections) - 1)]
        self.go_to_section(target.id)

    def go_to_section(self, section_id: str) -> None:
        section = next(s for s in self.playbook.sections if s.id == section_id)
        first = self._first_visible(section)
        if first is not None:
            self.go_to(first.id)

    def go_to_uncovered(self) -> None:
        uncovered = coverage(self.playbook, self.values).uncovered
        if not uncovered:
            self.statusBar().showMessage("Every must-ask question has an answer.", 4000)
            return
        ids = [q.id for q in self._visible]
        here = ids.index(self._current.id) if self._current and self._current.id in ids else -1
        ordered = sorted(uncovered, key=lambda q: (ids.index(q.id) <= here, ids.index(q.id)))
        self.go_to(ordered[0].id)

    def _first_visible(self, section: Section) -> Question | None:
        return next((q for q in self._visible if self._section_of[q.id] is section), None)

    def _section_clicked(self, item: QListWidgetItem) -> None:
        self.go_to_section(item.data(Qt.ItemDataRole.UserRole))

    def _select_section(self, section: Section) -> None:
        row = self.playbook.sections.index(section)
        self.sections.blockSignals(True)
        self.sections.setCurrentRow(row)
        self.sections.blockSignals(False)

    def _editor(self, question: Question) -> AnswerEditor:
        editor = self._editors.get(question.id)
        if editor is None:
            editor = editor_for(question, self.page)
            editor.set_value(self.values.get(question.id))
            self._editors[question.id] = editor
        return editor

    def _focus_answer(self) -> None:
        if self.page.editor is not None:
            self.page.editor.focus_editor()

    # --- edits ----------------------------------------------------------------------------------

    def _value_edited(self, question_id: str, value: Any) -> None:
        self.values[question_id] = value
        self.saver.queue(question_id, "value", value)
        self._refresh_visibility()

    def _text_edited(self, question_id: str, field: str, text: str) -> None:
        (self.notes if field == "note" else self.quotes)[question_id] = text
        self.saver.queue(question_id, field, text)

    def _refresh_progress(self) -> None:
        cover = coverage(self.playbook, self.values)
        self.coverage_bar.setMaximum(max(cover.required, 1))
        self.coverage_bar.setValue(cover.answered)
        self.coverage_bar.setFormat(f"Must-ask {cover.answered}/{cover.required}")
        visible_ids = {q.id for q in self._visible}
        for row, section in enumerate(self.playbook.sections):
            shown = [q for q in section.questions if q.id in visible_ids]
            must = [q for q in shown if q.must_ask]
            done = [q for q in must if is_answered(self.values.get(q.id))]
            answered = sum(1 for q in shown if is_answered(self.values.get(q.id)))
            # Ticked once it needs nothing more: its must-ask questions answered (a section
            # without any, once something in it is).
            mark = f"  {CHECK}" if len(done) == len(must) and answered else ""
            missing = f"  ·  {len(must) - len(done)} must-ask open" if len(done) < len(must) else ""
            self.sections.show_progress(
                row, f"{section.title}{mark}", f"{answered}/{len(shown)} answered{missing}"
            )
        gate = gate_state(cover, self.needs.model.statuses(), self._override_reason)
        if gate.diagnosis_done:
            self.gate_label.setText("Diagnosis done")
            self.gate_label.setToolTip("Solution ideas are open (Ctrl+G)")
        elif gate.overridden:
            self.gate_label.setText("Gate overridden")
            self.gate_label.setToolTip(f"Reason kept: {gate.override_reason}")
        else:
            self.gate_label.setText("Diagnosing")
            self.gate_label.setToolTip("Solution ideas wait for: " + "; ".join(gate.missing))

    # --- saving indicator -----------------------------------------------------------------------

    def _show_saved(self, iso: str) -> None:
        if self.saver.has_pending():
            return
        self.saved_label.setText(f"Saved {local_time_label(iso)}")
        self.saved_label.setStyleSheet("")
        self.saved_label.setToolTip("Every answer is on disk")

    def _show_save_failed(self, reason: str) -> None:
        # The reason only: what the rep typed never goes to the log.
        log.warning("meeting %s: not saved, kept on screen: %s", self.interview_id, reason)
        self.saved_label.setText("Not saved - retrying")
        self.saved_label.setStyleSheet(
            "QLabel { color: palette(bright-text); background: #b3261e;"
            " padding: 2px 8px; border-radius: 4px; }"
        )
        self.saved_label.setToolTip(f"{reason}\nWhat you typed is kept and saved again shortly.")
        self.statusBar().showMessage(f"Not saved yet: {reason.splitlines()[0]}")

    # --- timer and focus mode -------------------------------------------------------------------

    def elapsed_seconds(self) -> int:
        return self._elapsed_before + int(time.monotonic() - self._opened_at)

    def _tick(self) -> None:
        seconds = self.elapsed_seconds()
        self.timer_label.setText(f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}")

    def toggle_focus_mode(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.actions_by_name["focus"].setChecked(self.isFullScreen())

    def _toggle_tip(self, shown: bool) -> None:
        self.tip.setVisible(shown)
        self.tip_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    # --- needs, read-back, gate, end ------------------------------------------------------------

    def _add_need(self) -> None:
        self.needs.add_need(self._current.id if self._current else None)

    def open_readback(self) -> None:
        self.flush()
        if self.readback is None:
            self.readback = ReadbackView(self.interviews, self.interview_id, self.meeting.company)
            self.readback.closeRequested.connect(self.close_readback)
            self.readback.statusChanged.connect(self.needs.refresh)
            self.readback.statusChanged.connect(self._refresh_progress)
        self.readback.refresh()
        self.centralWidget().setParent(None)  # keep the meeting body alive while reading back
        self.setCentralWidget(self.readback)
        self.readback.show()  # show now: focus on a still-hidden widget would be lost
        self.readback.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def close_readback(self) -> None:
        if self.readback is None or self.centralWidget() is not self.readback:
            return
        self.takeCentralWidget()
        self.setCentralWidget(self.body)
        self._focus_answer()

    def open_solution_ideas(self) -> None:
        self.flush()
        gate = gate_state(
            coverage(self.playbook, self.values), self.needs.model.statuses(), self._override_reason
        )
        if not gate.open:
            missing = list(gate.missing)
            if self._pending_reason:  # the last try failed: offer the reason the rep wrote
                reason = GateOverrideDialog.ask(self, missing, self._pending_reason)
            else:
                reason = GateOverrideDialog.ask(self, missing)
            if not reason:
                return
            try:
                self.interviews.override_gate(self.interview_id, reason)
            except SalesCoachError as error:
                self._pending_reason = reason
                self._tell_not_saved("The reason for opening the gate is not saved", error)
                return
            self._override_reason, self._pending_reason = reason, ""
            self._refresh_progress()
        SolutionIdeasDialog.ask(self, self.interviews, self.interview_id)

    def end_meeting(self) -> None:
        self.flush()
        suggested = self.values.get("next_step")
        if self._pending_end is not None:  # the last try failed: offer what the rep chose
            result = EndMeetingDialog.ask(self, self._pending_end.next_step, self._pending_end)
        else:
            result = EndMeetingDialog.ask(self, suggested if isinstance(suggested, str) else "")
        if result is None:
            return
        try:
            self.interviews.end(
                self.interview_id,
                result.outcome,
                next_step=result.next_step,
                client_action=result.client_action,
                next_date=result.next_date,
            )
        except SalesCoachError as error:
            self._pending_end = result
            self._tell_not_saved("The end of the meeting is not saved; press Ctrl+E again", error)
            return
        self._pending_end = None
        self.ended.emit(self.interview_id)
        self.close()
        self._open_studio(follow=False)  # the summary is the next step: there, without asking

    def _tell_not_saved(self, what: str, error: SalesCoachError) -> None:
        """A one-off write failed: say so where the rep looks; what they chose is kept."""
        log.warning("meeting %s: %s: %s", self.interview_id, what, error)
        self.statusBar().showMessage(f"{what}. {str(error).splitlines()[0]}")
        NotSavedNotice.ask(self, f"{what}.", str(error))

    # --- audit trail ----------------------------------------------------------------------------

    def open_answer_history(self) -> None:
        """Every change to the question on screen, read-only (Ctrl+H)."""
        if self._current is None:
            return
        self.flush()  # the latest words belong in the history
        AnswerHistoryDialog.ask(self, self.interviews, self.interview_id, self._current)

    def open_meeting_history(self) -> None:
        """Start, gate overrides and the end of this meeting, read-only (Ctrl+Shift+H)."""
        self.flush()
        MeetingHistoryDialog.ask(self, self.interviews, self.interview_id)

    # --- summary studio -------------------------------------------------------------------------

    def open_studio(self) -> StudioWindow | None:
        """The summary studio for this meeting, every answer saved first (Ctrl+Shift+S)."""
        return self._open_studio(follow=True)

    def _open_studio(self, follow: bool) -> StudioWindow | None:
        """`follow`: this window shows the questions the studio points at (it stays open)."""
        self.flush()
        services = self.services
        if services is None:
            self.statusBar().showMessage("Open the summary studio from the prospect list.", 6000)
            return None
        from salescoach.ui.studio.launcher import open_studio

        try:
            studio, _created = open_studio(services, self.interview_id)
        except SalesCoachError as error:  # the meeting cannot be read right now
            log.warning("meeting %s: the summary studio did not open: %s", self.interview_id, error)
            self.statusBar().showMessage(
                f"The summary studio cannot open right now. {str(error).splitlines()[0]}"
            )
            return None
        if follow and studio is not self.studio:  # connections end when this window is deleted
            studio.questionRequested.connect(self._question_from_studio)
            studio.readbackRequested.connect(self._readback_from_studio)
            self.studio = studio
        return studio

    def _question_from_studio(self, interview_id: int, question_id: str) -> None:
        if interview_id != self.interview_id or not self.isVisible():
            return
        self.close_readback()
        self.go_to(question_id)
        self.raise_()
        self.activateWindow()

    def _readback_from_studio(self, interview_id: int) -> None:
        if interview_id != self.interview_id or not self.isVisible():
            return
        self.open_readback()
        self.raise_()
        self.activateWindow()

    # --- closing --------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        unsaved = []
        if not self.flush():
            unsaved.append(f"Some answers could not be saved yet:\n{self.saver.last_error}")
        if self.needs.holds_unsaved_words():
            unsaved.append("The need you were writing is not saved yet (Enter saves it).")
        if unsaved:
            answer = QMessageBox.warning(
                self,
                APP_NAME,
                "\n\n".join(unsaved) + "\n\nClose anyway and lose them?",
                QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Close:
                event.ignore()
                return
        self._timer.stop()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.aboutToQuit.disconnect(self.flush)
            app.commitDataRequest.disconnect(self._session_ending)
        self.closed.emit(self.interview_id)
        super().closeEvent(event)

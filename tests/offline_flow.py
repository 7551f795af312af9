"""Run by test_offline.py, never collected by pytest: SalesCoach started exactly as the
`salescoach` command starts it (its own `main`, event loop and shut-down), its main GUI flows
driven through the real windows with keys and clicks, while offline_watch sees every socket the
process opens. Prints one line at the end, `OFFLINE-REPORT {json}`.

    python tests/offline_flow.py --basedir DIR --work DIR [--leak]

Nothing leaves for another program: the studio's one call that hands a link to the desktop
(`UrlOpener.open`) is recorded instead, and so is any other `QDesktopServices.openUrl`, from
Python or from Qt itself. An unexpected error is recorded rather than shown in a message box.

`--leak` runs the start only, then deliberately connects to a server of its own on 127.0.0.1,
once through Python's socket module and once through QtNetwork, so the test can prove each
layer of the watch reports what it should.
"""

# ruff: noqa: E402 (Qt and SalesCoach are imported only once the watch is on)
from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from offline_watch import Report

REPORT = Report()
REPORT.watch()

from PySide6.QtCore import QObject, Qt, QThread, QTimer, QUrl, Slot, qInstallMessageHandler
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtNetwork import QHostAddress, QTcpServer, QTcpSocket
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QToolButton,
    QWidget,
)

from salescoach.app import main
from salescoach.domain.playbook import Question, QuestionType
from salescoach.domain.prospect import STAGES
from salescoach.ui import crash
from salescoach.ui.application import create_application
from salescoach.ui.doc_viewer import DocViewer
from salescoach.ui.main_window import MainWindow
from salescoach.ui.studio.launcher import close_all, open_studios
from salescoach.ui.studio.opener import UrlOpener

WATCHDOG_S = 100  # shorter than the test's timeout: a stuck child still reports what it saw
# The offscreen platform says this of raise(), keyboard grabs and size hints; not about the app.
OFFSCREEN_NOTE = "This plugin does not support "
CTRL = Qt.KeyboardModifier.ControlModifier
FLOW_STEPS = (
    "start",
    "demo data",
    "pipeline",
    "search",
    "prospect page",
    "new prospect",
    "discovery meeting",
    "summary studio",
    "settings backup",
    "export data",
    "guides",
)
LEAK_STEPS = ("python leak", "qt leak")
# A guide whose picture and links are on another machine; here this one, on port 9 where nothing
# listens, so a viewer that did fetch would show up as a socket and still reach nowhere.
REMOTE_GUIDE = (
    "# Remote\n\n![logo](http://127.0.0.1:9/logo.png)\n\n"
    "[a site](http://127.0.0.1:9/page) and <https://127.0.0.1:9/other>\n"
)


class FlowError(Exception):
    """A step did not do what the rep would see it do."""


class Flow:
    """The rep's day, step by step; each step checks what the rep would see."""

    def __init__(self, report: Report, work: Path, leak: bool) -> None:
        self.report = report
        self.work = work
        self.leak = leak
        self.window: MainWindow | None = None

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        if self.leak:
            return [
                ("start", self.start),
                *zip(LEAK_STEPS, (self.leak_python, self.leak_qt), strict=True),
            ]
        methods = (
            self.start,
            self.add_demo_data,
            self.pipeline,
            self.search,
            self.prospect_page,
            self.new_prospect,
            self.discovery_meeting,
            self.summary_studio,
            self.settings_backup,
            self.export_data,
            self.guides,
        )
        return list(zip(FLOW_STEPS, methods, strict=True))

    def run(self) -> None:
        try:
            for name, step in self.steps():
                self.report.step = name
                began = time.monotonic()
                try:
                    detail = step()
                except Exception as error:
                    self.report.steps.append({"name": name, "ok": False, "detail": repr(error)})
                    self.report.error = traceback.format_exc()
                    _close_modal_dialogs()
                    break
                self.report.native.sample()
                seconds = round(time.monotonic() - began, 2)
                self.report.steps.append(
                    {"name": name, "ok": True, "seconds": seconds, "detail": detail}
                )
        finally:
            self.report.step = "quit"
            self.quit()

    def quit(self) -> None:
        """Close everything as a rep would; the last window closing ends the app's own loop."""
        close_all()
        for widget in QApplication.topLevelWidgets():
            if widget is not self.window and widget.isVisible():
                widget.close()
        QApplication.clipboard().clear()  # offscreen Qt crashes at exit while it owns data
        if self.window is not None:
            self.window.close()

    # --- helpers --------------------------------------------------------------------------------

    def wait_until(self, condition: Callable[[], object], what: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise FlowError(f"timed out waiting for {what}")
            QTest.qWait(10)

    def activate(self, widget: QWidget) -> None:
        widget.activateWindow()
        widget.windowHandle().requestActivate()  # what a window manager does for the rep
        self.wait_until(widget.isActiveWindow, f"{widget.windowTitle()} to be active")

    def press(
        self,
        key: Qt.Key,
        modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        widget: QWidget | None = None,
    ) -> None:
        target = widget or QApplication.focusWidget() or QApplication.activeWindow()
        if target is None:
            raise FlowError(f"no window has the keyboard for {key}")
        QTest.keyClick(target, key, modifiers)

    def type_text(self, text: str) -> None:
        QTest.keyClicks(QApplication.focusWidget(), text)

    def click(self, widget: QWidget | None) -> None:
        if widget is None:
            raise FlowError("the button to click is missing")
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)

    def in_dialog(self, open_it: Callable[[], object], work: Callable[[Any], None]) -> None:
        """`open_it` shows a modal dialog and waits in it; `work` works it, from inside. The
        window that had the keyboard has it back afterwards, as a window manager would do."""
        before = QApplication.activeWindow()
        seen: dict[str, Any] = {}

        def look() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None or "dialog" in seen:
                return
            seen["dialog"] = dialog.windowTitle()
            poll.stop()
            try:
                self.activate(dialog)
                work(dialog)
            except Exception as error:
                seen["error"] = error
                dialog.reject()

        poll = QTimer(interval=15)
        poll.timeout.connect(look)
        poll.start()
        try:
            open_it()
        finally:
            poll.stop()
        if "error" in seen:
            raise seen["error"]
        if "dialog" not in seen:
            raise FlowError("the dialog did not open")
        if before is not None and before.isVisible() and not before.isActiveWindow():
            self.activate(before)

    def action(self, text: str) -> QAction | None:
        """The main window's menu action whose words (without '&' and keys) start with `text`."""
        for found in self.window.findChildren(QAction):
            if found.text().replace("&", "").split("\t")[0].startswith(text):
                return found
        return None

    def let_the_watch_look(self) -> None:
        """Hold on until the native layer has read the descriptors twice more."""
        native = self.report.native
        if native.available:
            mark = native.samples
            self.wait_until(lambda: native.samples >= mark + 2, "the socket samplers", 5)

    # --- steps ----------------------------------------------------------------------------------

    def start(self) -> str:
        self.window = window = main_window()
        self.activate(window)
        if not window.findChild(QPushButton, "add-demo").isVisible():
            raise FlowError("a fresh data folder should offer demo prospects")
        return window.windowTitle()

    def leak_python(self) -> str:
        """A TCP connection through Python's socket module, to a server of our own."""
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
            server.bind(("127.0.0.1", 0))
            server.listen(1)
            with socket.create_connection(server.getsockname(), timeout=5):
                accepted, _ = server.accept()
                with accepted:
                    self.let_the_watch_look()
            return f"connected to 127.0.0.1:{server.getsockname()[1]}"

    def leak_qt(self) -> str:
        """A TCP connection made by Qt in C++ (QtNetwork), which no Python hook sees."""
        local = QHostAddress(QHostAddress.SpecialAddress.LocalHost)
        server = QTcpServer()
        if not server.listen(local, 0):
            raise FlowError(server.errorString())
        client = QTcpSocket()
        client.connectToHost(local, server.serverPort())
        self.wait_until(server.hasPendingConnections, "the connection", 5)
        accepted = server.nextPendingConnection()
        self.let_the_watch_look()
        port = server.serverPort()
        for closing in (accepted, client, server):
            closing.close()
        return f"connected to 127.0.0.1:{port}"

    def add_demo_data(self) -> str:
        window = self.window
        self.click(window.findChild(QPushButton, "add-demo"))
        self.wait_until(lambda: window.model.total() > 0, "the demo prospects in the list")
        self.wait_until(lambda: window.pages.currentWidget() is window.table, "the list")
        return f"{window.model.total()} prospects"

    def pipeline(self) -> str:
        window = self.window
        strip = window.findChild(QWidget, "pipeline-strip")
        counts = []
        for stage in STAGES:
            self.click(strip.findChild(QWidget, f"step-{stage}"))
            self.wait_until(lambda s=stage: window.model.filters().stage == s, f"the {stage} step")
            counts.append(f"{stage} {window.model.total()}")
        self.click(strip.all_steps)
        self.wait_until(lambda: window.model.filters().stage is None, "every step")
        return ", ".join(counts)

    def search(self) -> str:
        window = self.window
        box = window.findChild(QLineEdit, "prospect-search")
        self.press(Qt.Key.Key_F, CTRL)
        self.wait_until(box.hasFocus, "the search box to take the keyboard")
        self.type_text("Northwind")

        def results_shown() -> bool:  # the results page is made by the first search
            shown = window.pages.currentWidget()
            return shown is not None and shown is window.findChild(QListView, "search-results")

        self.wait_until(results_shown, "the search results")
        results = window.pages.currentWidget()
        hits = results.hit_count()
        self.press(Qt.Key.Key_Return)  # to the first hit
        self.wait_until(results.hasFocus, "the first hit")
        self.press(Qt.Key.Key_Return)  # open it
        self.wait_until(lambda: window.page is not None, "the prospect found to open")
        return f"{hits} hits for Northwind"

    def prospect_page(self) -> str:
        window = self.window
        page = window.page
        title = page.findChild(QLabel, "company-title").text()
        if title != "Northwind Logistics":
            raise FlowError(f"opened {title!r}, not the prospect searched for")
        for number, step in enumerate(STAGES, start=1):
            page.setFocus(Qt.FocusReason.OtherFocusReason)
            self.press(Qt.Key(Qt.Key.Key_0 + number), CTRL)  # Ctrl+1..Ctrl+6
            self.wait_until(lambda s=step: page.current_step() == s, f"the {step} tab")
        self.click(page.findChild(QPushButton, "back"))
        self.wait_until(lambda: window.page is None, "the list again")
        return "visited " + ", ".join(STAGES)

    def new_prospect(self) -> str:
        def fill(_dialog: Any) -> None:
            for text in ("Offline Freight", "Dana Ortiz", "dana@example.com"):
                self.type_text(text)
                self.press(Qt.Key.Key_Tab)
            self.press(Qt.Key.Key_Return)

        window = self.window
        self.in_dialog(lambda: self.press(Qt.Key.Key_N, CTRL, window), fill)
        self.wait_until(lambda: window.page is not None, "the new prospect's page")
        title = window.page.findChild(QLabel, "company-title").text()
        if title != "Offline Freight":
            raise FlowError(f"the new prospect's page shows {title!r}")
        return title

    def discovery_meeting(self) -> str:
        window = self.window
        # Ctrl+M: meet the prospect on screen; Enter starts a new discovery meeting.
        self.in_dialog(
            lambda: self.press(Qt.Key.Key_M, CTRL), lambda _d: self.press(Qt.Key.Key_Return)
        )
        self.wait_until(lambda: window.meetings, "the meeting window")
        meeting = window.meetings[-1]
        self.activate(meeting)
        answered = []
        for _ in range(6):
            question = meeting.page.question
            self.answer(question)
            answered.append(question.id)
            self.press(Qt.Key.Key_Return, CTRL)  # next question
            self.wait_until(lambda q=question: meeting.page.question is not q, "the next question")
        self.press(Qt.Key.Key_N, CTRL)  # a need, in the client's words
        self.type_text("Plans ready by 2pm, even when a planner is away")
        self.press(Qt.Key.Key_Return)

        def end(_dialog: Any) -> None:
            for _ in range(8):
                if QApplication.focusWidget().objectName() == "next-step":
                    break
                self.press(Qt.Key.Key_Tab)
            if QApplication.focusWidget().objectName() != "next-step":
                raise FlowError("Tab never reached the next step")
            self.press(Qt.Key.Key_End)
            self.type_text("Send the summary to Dana")
            self.press(Qt.Key.Key_Return)

        self.in_dialog(lambda: self.press(Qt.Key.Key_E, CTRL), end)  # end the meeting
        self.wait_until(lambda: not meeting.isVisible(), "the meeting to close")
        self.report.facts["interview_id"] = meeting.interview_id
        self.report.facts["answered"] = answered
        return f"meeting {meeting.interview_id}: answered {', '.join(answered)}"

    def answer(self, question: Question) -> None:
        """Answer the question on screen as a rep would: type, or press its choice keys."""
        kind = question.type
        if kind in (QuestionType.TEXT, QuestionType.LONG_TEXT):
            self.type_text(f"Offline answer to {question.id}")
        elif kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE):
            self.press(Qt.Key.Key_1)
        elif kind == QuestionType.YES_NO:
            self.press(Qt.Key.Key_Y)
        elif kind == QuestionType.SCALE:
            self.press(Qt.Key.Key_4)
        elif kind in (QuestionType.NUMBER, QuestionType.CURRENCY):
            self.type_text(str(int(question.min or 0) + 12))
        elif kind == QuestionType.DATE:
            self.press(Qt.Key.Key_Up)  # an empty date jumps to today
        elif kind == QuestionType.GROUP:
            self.type_text("Dana Ortiz")
            self.press(Qt.Key.Key_Tab)

    def summary_studio(self) -> str:
        # Ending the meeting opened the studio: the summary is the next step.
        self.wait_until(open_studios, "the summary studio after the meeting ended")
        studio = open_studios()[0]
        self.activate(studio)
        self.click(studio.findChild(QToolButton, "copy-button"))
        copied = QApplication.clipboard().mimeData()
        if not (copied.hasHtml() and "Offline Freight" in copied.text()):
            raise FlowError("the summary did not reach the clipboard")
        self.report.facts["copied_characters"] = len(copied.text())

        handed = len(self.report.opened_urls)
        self.click(studio.findChild(QToolButton, "mail-button"))  # a mailto: link
        self.wait_until(lambda: len(self.report.opened_urls) > handed, "the mail hand-off")
        self.click(studio.findChild(QCheckBox, "attach-pdf"))
        self.click(studio.findChild(QToolButton, "mail-button"))  # an .eml draft with a PDF
        self.wait_until(lambda: len(self.report.opened_urls) > handed + 1, "the .eml draft")

        saved = []
        for name in ("summary.html", "summary.pdf", "summary.eml"):
            target = self.work / name

            def save(_dialog: Any, target: Path = target) -> None:
                self.press(Qt.Key.Key_A, CTRL)  # the file dialog's name field
                self.type_text(str(target))
                self.press(Qt.Key.Key_Return)

            self.in_dialog(lambda: self.press(Qt.Key.Key_S, CTRL, studio), save)
            self.wait_until(target.exists, f"{name} to be written")
            saved.append(str(target))
        self.report.facts["saved"] = saved
        studio.close()
        return f"copied, handed to mail twice, saved {len(saved)} files"

    def settings_backup(self) -> str:
        window = self.window
        # The copy made at start is due 1.5 s after the window shows, which a quick machine
        # reaches around here: due during the copy by hand, it would follow at once and replace
        # that copy's status before anyone could read it. Once it exists, no other is due.
        backups = window.services.paths.backups
        self.wait_until(lambda: any(backups.glob("*-start.db")), "the copy made at start", 20)
        self.activate(window)
        told = {}

        def back_up(dialog: Any) -> None:
            self.press(Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # the Backups tab
            if dialog.tabs.currentWidget() is not dialog.backups_page:
                raise FlowError("Alt+B did not show the backups")
            status = dialog.findChild(QLabel, "backup-status")
            # The copy made at start may still be reporting: the button waits, as the rep would.
            button = dialog.backups_page.backup_button
            self.wait_until(button.isEnabled, "the backup under way to finish", 20)
            self.press(Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # Back up now
            self.wait_until(lambda: status.text().endswith("-manual.db"), "the backup", 20)
            told["status"] = status.text()
            self.press(Qt.Key.Key_Escape)

        self.in_dialog(lambda: self.press(Qt.Key.Key_Comma, CTRL, window), back_up)
        return told["status"]

    def export_data(self) -> str:
        folder = self.work / "crm export"
        told = {}

        def export(dialog: Any) -> None:
            field = dialog.findChild(QLineEdit, "export-folder")
            field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.press(Qt.Key.Key_A, CTRL)
            self.type_text(str(folder))
            self.press(Qt.Key.Key_Return)  # the default button: Export
            status = dialog.findChild(QLabel, "export-status")
            self.wait_until(lambda: status.text().startswith("Written in"), "the export", 20)
            told["status"] = status.text()
            self.press(Qt.Key.Key_Escape)

        menu_action = self.action("Export data")  # File > Export data
        if menu_action is None:
            raise FlowError("File > Export data is missing")
        self.in_dialog(menu_action.trigger, export)
        self.report.facts["export_folder"] = str(folder)
        return told["status"].replace("\n", "; ")

    def guides(self) -> str:
        window = self.window
        self.activate(window)
        self.press(Qt.Key.Key_F1, widget=window)  # Help > User guide
        for title in ("Writing playbooks", "Writing templates"):
            self.action(title).trigger()
        self.wait_until(lambda: len(window.guides) == 3, "the three guides")
        shown = {}
        for viewer in window.guides:
            if not viewer.browser.toPlainText().strip():
                raise FlowError(f"{viewer.windowTitle()} shows nothing")
            shown[viewer.windowTitle()] = document_links(viewer)
        with_links = [viewer for viewer in window.guides if shown[viewer.windowTitle()]["links"]]
        followed = [self.follow_first_link(viewer) for viewer in with_links]

        remote = self.work / "remote.md"
        remote.write_text(REMOTE_GUIDE, encoding="utf-8")
        viewer = DocViewer(remote, "Remote test guide", window)
        viewer.show()
        self.activate(viewer)
        QTest.qWait(100)  # time for a fetch to start, had the viewer asked for the picture
        self.report.facts["remote_guide"] = document_links(viewer)
        followed.append(self.follow_first_link(viewer))
        viewer.close()
        for guide in list(window.guides):
            guide.close()
        self.report.facts["guides"] = shown
        self.report.facts["followed_links"] = followed
        return f"{len(shown)} guides and one with a remote picture and links shown"

    def follow_first_link(self, viewer: DocViewer) -> dict[str, Any]:
        """Tab to the guide's first link and press Enter, as a rep following it would."""
        browser = viewer.browser
        self.activate(viewer)
        browser.setFocus(Qt.FocusReason.OtherFocusReason)
        self.press(Qt.Key.Key_Tab, widget=browser)
        link = browser.textCursor().charFormat().anchorHref()
        self.press(Qt.Key.Key_Return, widget=browser)
        QTest.qWait(100)  # time for a fetch to start: the samplers would see its socket
        return {
            "guide": viewer.windowTitle(),
            "link": link,
            "source_after": browser.source().toString(),
            "characters_after": len(browser.toPlainText()),
        }


def main_window() -> MainWindow | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            return widget
    return None


def document_links(viewer: DocViewer) -> dict[str, list[str]]:
    """The pictures and links a guide on screen refers to."""
    images, links = [], set()
    block = viewer.browser.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            char_format = fragments.fragment().charFormat()
            if char_format.isImageFormat():
                images.append(char_format.toImageFormat().name())
            if char_format.isAnchor() and char_format.anchorHref():
                links.add(char_format.anchorHref())
            fragments += 1
        block = block.next()
    return {"images": images, "links": sorted(links)}


def _close_modal_dialogs() -> None:
    for _ in range(5):
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        dialog.close()


class HandOffRecorder(QObject):
    """Any QDesktopServices.openUrl, from Python or from Qt itself (a link in a label), lands
    here instead of in a browser, a mail program or a file manager."""

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report

    @Slot(QUrl)
    def record(self, url: QUrl) -> None:
        self.report.opened_urls.append(
            {"by": "desktop", "url": url.toString(), "step": self.report.step}
        )


def record_hand_offs(report: Report) -> HandOffRecorder:
    def studio_opens(_cls: type, url: QUrl) -> bool:
        report.opened_urls.append({"by": "studio", "url": url.toString(), "step": report.step})
        return True  # as if a mail program had answered

    UrlOpener.open = classmethod(studio_opens)  # type: ignore[method-assign]
    recorder = HandOffRecorder(report)
    for scheme in ("http", "https", "ftp", "file", "mailto"):
        QDesktopServices.setUrlHandler(scheme, recorder, "record")

    def crash_recorded(_cls: type, _parent: object, message: str, details: str) -> None:
        report.crashes.append(f"{message} {details}")

    crash.CrashReport.show = classmethod(crash_recorded)  # type: ignore[method-assign]
    return recorder


def record_qt_messages(report: Report) -> None:
    def qt_message(kind: Any, _context: Any, message: str) -> None:
        if message.startswith(OFFSCREEN_NOTE):
            return
        name = getattr(kind, "name", str(kind))
        print(f"{name}: {message}", file=sys.stderr, flush=True)
        if name in ("QtWarningMsg", "QtCriticalMsg", "QtFatalMsg"):
            report.qt_messages.append({"kind": name, "message": message, "step": report.step})

    qInstallMessageHandler(qt_message)


def run(args: argparse.Namespace) -> int:
    report = REPORT
    report.mode = "leak" if args.leak else "flow"
    watchdog = threading.Timer(WATCHDOG_S, _give_up, (report,))
    watchdog.daemon = True
    watchdog.start()
    record_qt_messages(report)
    app = create_application(sys.argv[:1])  # what `salescoach` does first; its run() reuses it
    _recorder = record_hand_offs(report)  # a local: it lives until the app has ended
    flow = Flow(report, Path(args.work), args.leak)
    sampler = QTimer(app, interval=4)  # the native layer from the GUI thread too
    sampler.timeout.connect(report.native.sample)
    sampler.start()
    starter = QTimer(app, interval=20)

    def start_when_open() -> None:
        """Once the main window shows and the app's own event loop runs: the flow, inside it."""
        if QThread.currentThread().loopLevel() == 1 and main_window() is not None:
            starter.stop()
            flow.run()

    starter.timeout.connect(start_when_open)
    starter.start()
    report.step = "start"
    try:
        report.exit_code = main(["--basedir", args.basedir])
    except BaseException:
        report.error = report.error or traceback.format_exc()
    report.step = "after quit"
    report.native.sample()
    report.native.stop_thread()
    sampler.stop()
    report.emit()
    return 0


def _give_up(report: Report) -> None:
    report.error = report.error or f"the flow did not end in {WATCHDOG_S} s (step {report.step})"
    report.emit()
    os._exit(3)


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--basedir", required=True)
    parser.add_argument("--work", required=True, help="where saved and exported files go")
    parser.add_argument("--leak", action="store_true", help="connect on purpose, and only that")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(run(_arguments(sys.argv[1:])))

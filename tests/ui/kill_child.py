"""The process that test_kill.py and the kill soak SIGKILL: a rep typing in a live meeting.

It opens the app's real meeting window (offscreen) on a database, then drives it with the keyboard
the way a rep would, from a seeded plan: it moves between questions (Ctrl+Return, PgDown, section
keys), types text and numbers, picks choices, steps dates, writes notes and the client's words,
sometimes pauses long enough for the autosave timer, sometimes leaves a field at once. Every key
goes to whichever widget has the keyboard focus. It is killed; it ends by itself only when the
process that would kill it is gone.

Lines it writes (see kill_harness for the format):

* `READY`: the window is up and has the focus; typing starts.
* `EDIT question field value`: the window was handed a new value (the autosave queue has it).
* `SAVED question field value`: the app's `fieldSaved` signal fired, i.e. the write committed.
* `ERROR - - traceback`: something raised in the child (the driver or the app): a failure.

Two ways to run it:

    python tests/ui/kill_child.py DATADIR INTERVIEW SEED [--ready-only]

opens the meeting and types until killed (`--ready-only`: exit once READY, to time a cold start);

    python tests/ui/kill_child.py --serve

imports the app once, then for each `RUN datadir interview seed` line on stdin forks a fresh
child that does the same, relays the child's complete lines to stdout, and writes
`PID pid` when it starts and `EXIT code` once it is gone (code: -signal, or the exit status).
Forking skips a second of interpreter start and imports per round; the child still opens the
database, builds its services and its window from nothing, as a fresh start does.
"""

from __future__ import annotations

import os
import random
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

from kill_harness import Kind, encode_line
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from salescoach.app import build_services
from salescoach.domain.playbook import Question, QuestionType
from salescoach.paths import DataPaths
from salescoach.ui.application import create_application
from salescoach.ui.meeting.window import MeetingWindow

Key = Qt.Key
Mod = Qt.KeyboardModifier
NONE, CTRL, SHIFT = Mod.NoModifier, Mod.ControlModifier, Mod.ShiftModifier
Press = tuple[Qt.Key | str, Mod, int]  # a key or a character, modifiers, milliseconds until next

TYPED = (
    QuestionType.TEXT,
    QuestionType.LONG_TEXT,
    QuestionType.NUMBER,
    QuestionType.CURRENCY,
    QuestionType.SINGLE_CHOICE,
    QuestionType.MULTI_CHOICE,
    QuestionType.SCALE,
    QuestionType.YES_NO,
    QuestionType.DATE,
)
WORDS = (
    "budget", "Müller", "renewal", "café", "planners", "Señora", "straße", "€40k", "late",
    "trucks", "Zoë", "spreadsheet", "\"urgent\"", "it's", "naïve", "CFO", "48h", "why?", "🚚",
)  # fmt: skip
LONGEST_TEXT = 300  # past this a field is replaced rather than appended to
LIFETIME_S = 120  # far beyond any round: a child whose parent is gone ends by itself


def write_line(line: bytes) -> None:
    """One line to stdout in as few writes as the pipe takes; nothing stays buffered."""
    view = memoryview(line)
    while view:
        view = view[os.write(1, view) :]


def emit(kind: Kind, question: str = "-", field: str = "-", value: object = None) -> None:
    write_line(encode_line(kind, question, field, value))


# --- what the rep does ---------------------------------------------------------------------------


def pause(chance: random.Random) -> int:
    """Milliseconds before the next key: brisk typing, now and then a short silence. (Typing
    longer than the autosave window saves mid-field anyway: the timer is not restarted.)"""
    roll = chance.random()
    if roll < 0.01:
        return chance.randint(100, 600)
    if roll < 0.08:
        return chance.randint(15, 60)
    return chance.randint(0, 8)


def rep_session(window: MeetingWindow, chance: random.Random) -> Iterator[Press]:
    """Endless keyboard work on the meeting: go to a question, answer it, maybe note it, leave."""
    order = [question.id for question in window.playbook.questions()]
    targets = [q for q in window.playbook.questions() if q.show_if is None and q.type in TYPED]
    sections = [section.id for section in window.playbook.sections]
    section_of = {q.id: s.id for s in window.playbook.sections for q in s.questions}
    while True:
        target = chance.choice(targets)
        yield from go_to(window, target, order, sections, section_of, chance)
        yield from answer(window, target, chance)
        if chance.random() < 0.3:
            yield from note_or_quote(window, chance)
        leave = chance.random()
        if leave < 0.25:
            yield (Key.Key_Tab, NONE, pause(chance))  # leaving the field saves at once
        elif leave < 0.35 and target.type in (QuestionType.TEXT, QuestionType.NUMBER):
            yield (Key.Key_Return, NONE, pause(chance))  # Enter saves a one-line field


def go_to(
    window: MeetingWindow,
    target: Question,
    order: list[str],
    sections: list[str],
    section_of: dict[str, str],
    chance: random.Random,
) -> Iterator[Press]:
    section = sections.index(section_of[target.id])
    if section < 9 and chance.random() < 0.8:
        yield (getattr(Key, f"Key_{section + 1}"), CTRL, pause(chance))  # Ctrl+1..9: a section
    for _ in range(3 * len(order)):  # a step per press; a date field may take a PgDown
        here = window.page.question.id if window.page.question else order[0]
        if here == target.id:
            return
        forward = order.index(target.id) > order.index(here)
        if chance.random() < 0.5:
            yield (Key.Key_Return, CTRL if forward else CTRL | SHIFT, pause(chance))
        else:
            yield (Key.Key_PageDown if forward else Key.Key_PageUp, NONE, pause(chance))
    raise RuntimeError(f"the keyboard could not reach {target.id}; stuck on {here}")


def answer(window: MeetingWindow, question: Question, chance: random.Random) -> Iterator[Press]:
    kind = question.type
    editor = window.page.editor
    if editor is not None and not editor.isAncestorOf(QApplication.focusWidget()):
        yield ("a", CTRL | SHIFT, pause(chance))  # Ctrl+Shift+A: back to the answer
    if kind in (QuestionType.TEXT, QuestionType.LONG_TEXT):
        current = editor.value() if editor is not None else None
        if isinstance(current, str) and len(current) > LONGEST_TEXT:
            yield ("a", CTRL, pause(chance))  # select all: the words typed next replace it
        else:
            yield (Key.Key_End, CTRL if kind is QuestionType.LONG_TEXT else NONE, pause(chance))
        yield from words(chance, newlines=kind is QuestionType.LONG_TEXT)
    elif kind in (QuestionType.NUMBER, QuestionType.CURRENCY):
        yield ("a", CTRL, pause(chance))
        for digit in str(chance.randint(int(question.min or 0), 9999)):
            yield (digit, NONE, pause(chance))
        if kind is QuestionType.CURRENCY and chance.random() < 0.3:
            yield (Key.Key_Tab, NONE, pause(chance))  # on to the currency, still in the answer
            yield ("a", CTRL, pause(chance))
            for letter in chance.choice(("usd", "chf", "GBP")):
                yield (letter, NONE, pause(chance))
    elif kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE):
        count = min(len(question.choices or []), 9)
        for _ in range(chance.randint(1, 3)):
            yield (str(chance.randint(1, count)), NONE, pause(chance))
    elif kind is QuestionType.SCALE:
        yield (str(chance.randint(1, 5)), NONE, pause(chance))
    elif kind is QuestionType.YES_NO:
        yield (chance.choice("yn"), NONE, pause(chance))
    elif kind is QuestionType.DATE:
        for _ in range(chance.randint(1, 4)):
            yield (chance.choice((Key.Key_Up, Key.Key_Down)), NONE, pause(chance))


def note_or_quote(window: MeetingWindow, chance: random.Random) -> Iterator[Press]:
    """Ctrl+M (the rep's note) or Ctrl+Shift+C (the client's words), a few words, then back."""
    if chance.random() < 0.5:
        yield ("m", CTRL, pause(chance))
    else:
        yield ("c", CTRL | SHIFT, pause(chance))
    yield (Key.Key_End, CTRL, pause(chance))
    if len(window.page.note.toPlainText() + window.page.quote.toPlainText()) > LONGEST_TEXT:
        yield ("a", CTRL, pause(chance))
    yield from words(chance, newlines=False)
    yield ("a", CTRL | SHIFT, pause(chance))  # back to the answer: the field is left and saved


def words(chance: random.Random, newlines: bool) -> Iterator[Press]:
    for index in range(chance.randint(1, 5)):
        if index:
            yield (Key.Key_Return if newlines and chance.random() < 0.15 else " ", NONE, 1)
        for letter in chance.choice(WORDS):
            yield (letter, NONE, pause(chance))


# --- the child process ---------------------------------------------------------------------------


def press(step: Press, window: MeetingWindow) -> None:
    """One key on whatever has the keyboard, as a real keyboard would send it."""
    key, modifiers, _ = step
    target: QWidget = QApplication.focusWidget() or window
    if isinstance(key, str) and not key.isascii():  # keyClick takes ASCII; this is any text
        QTest.sendKeyEvent(QTest.KeyAction.Click, target, Key.Key_unknown, key, modifiers)
    else:
        QTest.keyClick(target, key, modifiers)


def run_child(basedir: Path, interview_id: int, seed: int, ready_only: bool = False) -> None:
    """Open the meeting and type until killed; never returns while typing."""
    app = create_application()
    services = build_services(DataPaths(basedir))
    window = MeetingWindow(services.interviews, interview_id, services=services)
    window.page.valueEdited.connect(lambda qid, value: emit(Kind.EDIT, qid, "value", value))
    window.page.textEdited.connect(lambda qid, field, text: emit(Kind.EDIT, qid, field, text))
    window.saver.fieldSaved.connect(lambda qid, field, value: emit(Kind.SAVED, qid, field, value))
    window.show()
    window.windowHandle().requestActivate()  # what a window manager does for the rep
    keys = rep_session(window, random.Random(seed))

    def guarded(action: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                action()
            except BaseException:
                emit(Kind.ERROR, value=traceback.format_exc())
                os._exit(3)

        return run

    parent, born = os.getppid(), time.monotonic()

    def next_key() -> None:
        if os.getppid() != parent or time.monotonic() - born > LIFETIME_S:
            os._exit(4)  # nobody is left to kill us
        step = next(keys)
        press(step, window)
        QTimer.singleShot(step[2], guarded(next_key))

    def start_when_active() -> None:
        if not window.isActiveWindow():
            QTimer.singleShot(2, guarded(start_when_active))
            return
        emit(Kind.READY)
        if ready_only:
            os._exit(0)
        QTimer.singleShot(0, guarded(next_key))

    QTimer.singleShot(0, guarded(start_when_active))
    app.exec()
    emit(Kind.ERROR, value="the event loop ended before the kill")
    os._exit(3)


# --- the fork server ------------------------------------------------------------------------------


def serve() -> None:
    """Fork one child per RUN line on stdin; relay its lines; report its pid and its end."""
    out = sys.stdout.buffer
    out.write(encode_line(Kind.SERVING))
    out.flush()
    for command in sys.stdin.buffer:
        name, basedir, interview, seed = command.decode().rstrip("\n").split("\t")
        assert name == "RUN", command
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: a fresh meeting window on the database
            try:
                os.close(reading)
                os.dup2(writing, 1)
                os.close(writing)
                stdin = os.open(os.devnull, os.O_RDONLY)
                os.dup2(stdin, 0)
                child_main(Path(basedir), int(interview), int(seed))
            finally:
                os._exit(3)
        os.close(writing)
        out.write(encode_line(Kind.PID, value=pid))
        out.flush()
        relay(reading, out)
        os.close(reading)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        out.write(encode_line(Kind.EXIT, value=code))
        out.flush()


def relay(reading: int, out) -> None:
    """Copy complete lines until the child is gone; a line cut short by the kill is dropped."""
    pending = b""
    while chunk := os.read(reading, 65536):
        pending += chunk
        whole, _, pending = pending.rpartition(b"\n")
        if whole:
            out.write(whole + b"\n")
            out.flush()


def child_main(basedir: Path, interview_id: int, seed: int, ready_only: bool = False) -> None:
    """run_child, with whatever it raises on its way up told to the parent."""
    try:
        run_child(basedir, interview_id, seed, ready_only)
    except BaseException:
        emit(Kind.ERROR, value=traceback.format_exc())
        os._exit(3)


def main(argv: list[str]) -> None:
    if argv == ["--serve"]:
        serve()
        return
    basedir, interview, seed, *flags = argv
    child_main(Path(basedir), int(interview), int(seed), ready_only=flags == ["--ready-only"])


if __name__ == "__main__":
    main(sys.argv[1:])

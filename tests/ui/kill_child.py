"""Run by test_kill.py in a subprocess: a meeting window typing answers until it is killed.

Prints `SAVED<TAB>question<TAB>field<TAB>json value` each time an answer reaches the disk, and
`TYPED<TAB>question<TAB>monotonic time<TAB>json text so far` after every key.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from salescoach.app import build_services
from salescoach.paths import DataPaths
from salescoach.ui.application import create_application
from salescoach.ui.meeting.window import MeetingWindow

TYPED_KEY_MS = 15


def main() -> None:
    basedir, interview_id = Path(sys.argv[1]), int(sys.argv[2])
    app = create_application()
    services = build_services(DataPaths(basedir))
    window = MeetingWindow(services.interviews, interview_id)
    window.show()
    window.saver.fieldSaved.connect(
        lambda qid, field, value: print(f"SAVED\t{qid}\t{field}\t{json.dumps(value)}", flush=True)
    )
    text_questions = [
        q
        for q in window.playbook.questions()
        if q.type in ("text", "long_text") and q.show_if is None  # always on screen
    ]
    plan = [(q.id, f"Answer to {q.id}, typed letter by letter. ") for q in text_questions]
    state = {"question": 0, "letter": 0}

    def type_next_letter() -> None:
        qid, text = plan[state["question"] % len(plan)]
        if state["letter"] == 0:
            window.go_to(qid)
        editor = window.page.editor
        field = editor.findChild(QLineEdit) or editor.findChild(QPlainTextEdit)
        QTest.keyClick(field, text[state["letter"]])
        state["letter"] += 1
        typed = json.dumps(text[: state["letter"]])
        print(f"TYPED\t{qid}\t{time.monotonic()}\t{typed}", flush=True)
        if state["letter"] == len(text):
            QTest.keyClick(field, Qt.Key.Key_Tab)  # leave the field: flush
            state["question"] += 1
            state["letter"] = 0

    typing = QTimer(interval=TYPED_KEY_MS)
    typing.timeout.connect(type_next_letter)
    typing.start()
    print("READY", flush=True)
    app.exec()


if __name__ == "__main__":
    main()

"""Answer editors driven like a rep drives them: keys and clicks on real widgets."""

from __future__ import annotations

from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QDate, QLocale, QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from salescoach.domain.playbook import Question, QuestionType
from salescoach.domain.samples import sample_value
from salescoach.services.playbooks import PlaybookService
from salescoach.ui.meeting.editors import (
    AnswerEditor,
    CurrencyEditor,
    DateEditor,
    GroupEditor,
    LongTextEditor,
    MultiChoiceEditor,
    NumberEditor,
    ScaleEditor,
    SingleChoiceEditor,
    TextEditor,
    YesNoEditor,
    editor_for,
)

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
LEFT = Qt.MouseButton.LeftButton
# The offscreen platform says these when a popup (the calendar) opens; not about our code.
POPUP_NOISE = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)

SHIPPED = [
    (loaded.playbook.id, question)
    for loaded in PlaybookService.shipped_only().library().sorted()
    for question in loaded.playbook.questions()
]


def question(kind: str, **options: Any) -> Question:
    return Question(id="q", text="What does the client say?", type=kind, **options)


CHOICES = [
    {"value": "cost", "label": "Cost"},
    {"value": "speed", "label": "Time & speed"},
    {"value": "quality", "label": "Quality"},
]
GROUP = question(
    "group",
    fields=[
        {"id": "name", "label": "Name"},
        {"id": "size", "label": "Team size", "type": "number"},
        {
            "id": "role",
            "label": "Role",
            "type": "single_choice",
            "choices": [
                {"value": "buyer", "label": "Economic buyer"},
                {"value": "champ", "label": "Champion"},
            ],
        },
        {"id": "met", "label": "Met?", "type": "yes_no"},
    ],
)


def on_label(button: QWidget) -> QPoint:
    """Where a rep clicks a radio or check box: its indicator and text, not the empty row."""
    return QPoint(min(button.sizeHint().width(), button.width()) // 2, button.height() // 2)


class Opened:
    """An editor in a real, active window, with a line edit after it to move focus to."""

    def __init__(self, qtbot, q: Question) -> None:
        self.qtbot = qtbot
        self.host = QWidget()
        layout = QVBoxLayout(self.host)
        self.editor = editor_for(q, self.host)
        self.outside = QLineEdit(self.host)
        layout.addWidget(self.editor)
        layout.addWidget(self.outside)
        qtbot.addWidget(self.host)
        self.host.show()
        qtbot.waitExposed(self.host)
        self.host.windowHandle().requestActivate()
        qtbot.waitUntil(self.host.isActiveWindow)
        self.editor.focus_editor()
        qtbot.waitUntil(lambda: self.editor.isAncestorOf(QApplication.focusWidget()))
        self.edits: list[bool] = []
        self.commits: list[bool] = []
        self.editor.edited.connect(lambda: self.edits.append(True))
        self.editor.committed.connect(lambda: self.commits.append(True))

    @property
    def focus(self) -> QWidget:
        return QApplication.focusWidget()

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
        """A key press on whatever has the keyboard, as the rep's keyboard would send it."""
        self.qtbot.keyClick(self.focus, key, modifier)
        QApplication.processEvents()  # a rep's next key comes after the event loop has run

    def type(self, text: str) -> None:
        for char in text:  # one by one: a key may move the focus (a table opens a cell editor)
            self.qtbot.keyClicks(self.focus, char)
            QApplication.processEvents()

    def select_all_and_delete(self) -> None:
        self.press(Key.Key_A, CTRL)
        self.press(Key.Key_Backspace)


@pytest.fixture
def open_editor(qtbot):
    return lambda q: Opened(qtbot, q)


@pytest.fixture
def german():
    saved = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(saved)


# --- every type, every shipped question ---------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("text", TextEditor),
        ("long_text", LongTextEditor),
        ("single_choice", SingleChoiceEditor),
        ("multi_choice", MultiChoiceEditor),
        ("scale", ScaleEditor),
        ("number", NumberEditor),
        ("currency", CurrencyEditor),
        ("date", DateEditor),
        ("yes_no", YesNoEditor),
        ("group", GroupEditor),
    ],
)
def test_editor_for_builds_one_editor_per_type(qtbot, kind: str, cls: type) -> None:
    options: dict[str, Any] = {}
    if kind in ("single_choice", "multi_choice"):
        options["choices"] = CHOICES
    if kind == "group":
        options["fields"] = [{"id": "name", "label": "Name"}]
    editor = editor_for(question(kind, **options))
    qtbot.addWidget(editor)
    assert type(editor) is cls
    assert editor.value() is None
    assert editor.accessibleName() == "What does the client say?"


def test_every_type_is_covered() -> None:
    assert {q.type for _, q in SHIPPED} == set(QuestionType)


@pytest.mark.parametrize(("playbook", "q"), SHIPPED, ids=[f"{p}-{q.id}" for p, q in SHIPPED])
def test_sample_values_round_trip_silently(qtbot, playbook: str, q: Question) -> None:
    editor = editor_for(q)
    qtbot.addWidget(editor)
    sample = sample_value(q)
    with qtbot.assertNotEmitted(editor.edited), qtbot.assertNotEmitted(editor.committed):
        editor.set_value(sample)
    assert editor.value() == sample
    # The widgets hold it, not just the untouched-answer passthrough.
    assert editor._read() == sample
    with qtbot.assertNotEmitted(editor.edited), qtbot.assertNotEmitted(editor.committed):
        editor.set_value(None)
    assert editor.value() is None


# --- text ---------------------------------------------------------------------------------------


def test_text_typing_edits_each_key_and_enter_commits(open_editor) -> None:
    opened = open_editor(question("text"))
    with opened.qtbot.waitSignal(opened.editor.edited):
        opened.type("Acme")
    assert opened.editor.value() == "Acme"
    assert len(opened.edits) == 4
    assert opened.commits == []
    with opened.qtbot.waitSignal(opened.editor.committed):
        opened.press(Key.Key_Return)
    opened.select_all_and_delete()
    assert opened.editor.value() is None


def test_long_text_keeps_lines_and_tab_moves_on(open_editor) -> None:
    opened = open_editor(question("long_text"))
    opened.type("Two sites")
    opened.press(Key.Key_Return)
    opened.type("one ERP")
    assert opened.editor.value() == "Two sites\none ERP"
    assert opened.commits == []
    with opened.qtbot.waitSignal(opened.editor.committed):
        opened.press(Key.Key_Tab)
    assert opened.focus is opened.outside
    assert "\t" not in opened.editor.value()
    opened.editor.focus_editor()
    opened.select_all_and_delete()
    assert opened.editor.value() is None


def test_long_text_is_a_few_lines_tall(qtbot) -> None:
    editor = editor_for(question("long_text"))
    qtbot.addWidget(editor)
    line = editor.text.fontMetrics().lineSpacing()
    assert 4 * line <= editor.text.sizeHint().height() <= 7 * line


# --- single choice ------------------------------------------------------------------------------


def test_single_choice_number_keys_arrows_and_delete(open_editor) -> None:
    opened = open_editor(question("single_choice", choices=CHOICES))
    editor: SingleChoiceEditor = opened.editor
    with opened.qtbot.waitSignal(editor.edited), opened.qtbot.waitSignal(editor.committed):
        opened.press(Key.Key_2)
    assert editor.value() == "speed"
    opened.press(Key.Key_Down)
    assert editor.value() == "quality"
    opened.press(Key.Key_Up)
    opened.press(Key.Key_Up)
    assert editor.value() == "cost"
    opened.press(Key.Key_9)  # no ninth choice: nothing happens
    assert editor.value() == "cost"
    with opened.qtbot.waitSignal(editor.edited), opened.qtbot.waitSignal(editor.committed):
        opened.press(Key.Key_Delete)
    assert editor.value() is None
    opened.press(Key.Key_3)
    opened.press(Key.Key_Backspace)
    assert editor.value() is None


def test_single_choice_shows_numbered_labels_and_clicks(open_editor) -> None:
    opened = open_editor(question("single_choice", choices=CHOICES))
    radios = [r for r in opened.editor.findChildren(QRadioButton) if not r.isHidden()]
    assert [r.text() for r in radios] == ["1   Cost", "2   Time && speed", "3   Quality"]
    assert radios[1].accessibleName() == "Time & speed"
    with opened.qtbot.waitSignal(opened.editor.committed):
        opened.qtbot.mouseClick(radios[2], LEFT, pos=on_label(radios[2]))
    assert opened.editor.value() == "quality"


def test_single_choice_is_one_tab_stop(open_editor) -> None:
    opened = open_editor(question("single_choice", choices=CHOICES))
    opened.press(Key.Key_2)
    opened.press(Key.Key_Tab)
    assert opened.focus is opened.outside
    opened.press(Key.Key_Backtab, SHIFT)
    assert opened.focus is opened.editor.buttons[1]  # back on the chosen one


def test_single_choice_keeps_an_answer_the_playbook_no_longer_lists(open_editor) -> None:
    opened = open_editor(question("single_choice", choices=CHOICES))
    opened.editor.set_value("price")
    assert opened.editor.value() == "price"
    assert opened.editor.unknown.isVisible()
    assert "price" in opened.editor.unknown.text()
    opened.press(Key.Key_4)  # only the playbook's choices have numbers
    assert opened.editor.value() == "price"
    opened.press(Key.Key_1)
    assert opened.editor.value() == "cost"
    opened.editor.set_value("cost")
    assert not opened.editor.unknown.isVisible()


# --- multi choice -------------------------------------------------------------------------------


def test_multi_choice_keys_toggle_and_keep_playbook_order(open_editor) -> None:
    opened = open_editor(question("multi_choice", choices=CHOICES))
    editor = opened.editor
    with opened.qtbot.waitSignal(editor.edited), opened.qtbot.waitSignal(editor.committed):
        opened.press(Key.Key_3)
    opened.press(Key.Key_1)
    assert editor.value() == ["cost", "quality"]
    opened.press(Key.Key_3)
    assert editor.value() == ["cost"]
    opened.press(Key.Key_Up)  # from "3 Quality" to "2 Time & speed": focus moves, nothing changes
    assert editor.value() == ["cost"]
    opened.press(Key.Key_Space)
    assert editor.value() == ["cost", "speed"]
    opened.press(Key.Key_1)
    opened.press(Key.Key_2)
    assert editor.value() is None


def test_multi_choice_clicks(open_editor) -> None:
    opened = open_editor(question("multi_choice", choices=CHOICES))
    boxes = opened.editor.findChildren(QCheckBox)
    assert boxes[0].text() == "1   Cost"
    with opened.qtbot.waitSignal(opened.editor.edited):
        opened.qtbot.mouseClick(boxes[1], LEFT, pos=on_label(boxes[1]))
    assert opened.editor.value() == ["speed"]


def test_multi_choice_shows_unknown_values(qtbot) -> None:
    editor = editor_for(question("multi_choice", choices=CHOICES))
    qtbot.addWidget(editor)
    editor.set_value(["quality", "price"])
    assert editor.value() == ["quality", "price"]
    assert any("price" in box.text() for box in editor.findChildren(QCheckBox))
    editor.set_value(["cost"])
    qtbot.waitUntil(lambda: len(editor.findChildren(QCheckBox)) == 3)
    assert editor.value() == ["cost"]


# --- scale --------------------------------------------------------------------------------------


def test_scale_keys_arrows_click_and_delete(open_editor) -> None:
    labels = ["Barely", "Annoying", "Real", "Serious", "Critical"]
    opened = open_editor(question("scale", labels=labels))
    editor = opened.editor
    buttons = editor.findChildren(QPushButton)
    assert [b.text() for b in buttons] == [f"{n}\n{label}" for n, label in enumerate(labels, 1)]
    with opened.qtbot.waitSignal(editor.edited), opened.qtbot.waitSignal(editor.committed):
        opened.press(Key.Key_4)
    assert editor.value() == 4
    opened.press(Key.Key_Right)
    assert editor.value() == 5
    opened.press(Key.Key_6)
    assert editor.value() == 5
    opened.qtbot.mouseClick(buttons[1], LEFT)
    assert editor.value() == 2
    with opened.qtbot.waitSignal(editor.committed):
        opened.press(Key.Key_Delete)
    assert editor.value() is None


def test_scale_without_labels_shows_numbers(qtbot) -> None:
    editor = editor_for(question("scale"))
    qtbot.addWidget(editor)
    assert [b.text() for b in editor.findChildren(QPushButton)] == ["1", "2", "3", "4", "5"]


# --- yes / no -----------------------------------------------------------------------------------


def test_yes_no_keys(open_editor) -> None:
    opened = open_editor(question("yes_no"))
    editor = opened.editor
    with opened.qtbot.waitSignal(editor.edited), opened.qtbot.waitSignal(editor.committed):
        opened.press(Key.Key_Y)
    assert editor.value() == "yes"
    opened.press(Key.Key_N)
    assert editor.value() == "no"
    opened.press(Key.Key_Left)
    assert editor.value() == "yes"
    with opened.qtbot.waitSignal(editor.committed):
        opened.press(Key.Key_Delete)
    assert editor.value() is None
    opened.qtbot.mouseClick(editor.no, LEFT, pos=on_label(editor.no))
    assert editor.value() == "no"


# --- numbers ------------------------------------------------------------------------------------


def test_number_typing(open_editor) -> None:
    opened = open_editor(question("number", unit="people"))
    editor = opened.editor
    assert editor.unit.isVisible()
    assert editor.unit.text() == "people"
    with opened.qtbot.waitSignal(editor.edited):
        opened.type("42")
    assert editor.value() == 42
    assert isinstance(editor.value(), int)
    with opened.qtbot.waitSignal(editor.committed):
        opened.press(Key.Key_Return)
    opened.select_all_and_delete()
    opened.type("2.5")
    assert editor.value() == 2.5
    opened.select_all_and_delete()
    assert editor.value() is None
    opened.type("abc")  # letters never get in
    assert editor.amount.text() == ""


def test_number_respects_min_and_max(open_editor) -> None:
    opened = open_editor(question("number", min=5, max=240, unit="minutes"))
    editor = opened.editor
    assert "240" in editor.amount.placeholderText()
    opened.type("-")  # no negative numbers when the minimum is positive
    assert editor.amount.text() == ""
    opened.type("300")
    assert editor.value() == 240
    assert editor.hint.isVisible()
    with opened.qtbot.waitSignal(editor.committed):
        opened.press(Key.Key_Tab)
    assert editor.amount.text() == "240"  # snapped back in view as it is stored
    assert not editor.hint.isVisible()
    editor.focus_editor()
    opened.select_all_and_delete()
    opened.type("3")
    assert editor.value() == 5
    opened.press(Key.Key_Return)
    assert editor.amount.text() == "5"
    opened.type("0")
    assert editor.value() == 50


def test_number_in_a_comma_locale(open_editor, german) -> None:
    opened = open_editor(question("number"))
    opened.type("2,5")
    assert opened.editor.value() == 2.5
    opened.select_all_and_delete()
    opened.type("2.5")  # the '.' a rep may type anyway
    assert opened.editor.value() == 2.5
    opened.editor.set_value(1234.75)
    assert opened.editor.amount.text() == "1234,75"
    assert opened.editor.value() == 1234.75


def test_currency_amount_and_code(open_editor) -> None:
    opened = open_editor(question("currency", currency="USD", min=0))
    editor: CurrencyEditor = opened.editor
    assert editor.value() is None
    with opened.qtbot.waitSignal(editor.edited):
        opened.type("1500")
    assert editor.value() == {"amount": 1500, "currency": "USD"}
    opened.press(Key.Key_Tab)  # amount -> currency: still inside, no commit
    assert isinstance(opened.focus.parentWidget(), QComboBox) or opened.focus is editor.currency
    assert opened.commits == []
    opened.press(Key.Key_A, CTRL)
    with opened.qtbot.waitSignal(editor.edited):
        opened.type("gbp")
    assert editor.value() == {"amount": 1500, "currency": "GBP"}
    with opened.qtbot.waitSignal(editor.committed):
        opened.press(Key.Key_Tab)
    assert opened.focus is opened.outside
    editor.focus_editor()
    opened.select_all_and_delete()
    assert editor.value() is None


def test_currency_defaults_to_eur_and_keeps_other_codes(qtbot) -> None:
    editor = editor_for(question("currency"))
    qtbot.addWidget(editor)
    assert editor.currency.currentText() == "EUR"
    editor.set_value({"amount": 9.5, "currency": "XOF"})
    assert editor.currency.currentText() == "XOF"
    assert editor.value() == {"amount": 9.5, "currency": "XOF"}


# --- dates --------------------------------------------------------------------------------------


def test_date_starts_empty_and_steps_from_today(open_editor) -> None:
    opened = open_editor(question("date"))
    editor: DateEditor = opened.editor
    assert editor.value() is None
    assert editor.date.text() == "Not set"
    with opened.qtbot.waitSignal(editor.edited):
        opened.press(Key.Key_Up)
    assert editor.value() == QDate.currentDate().toString(Qt.DateFormat.ISODate)
    opened.press(Key.Key_Up)
    assert editor.value() == QDate.currentDate().addDays(1).toString(Qt.DateFormat.ISODate)
    with opened.qtbot.waitSignal(editor.edited), opened.qtbot.waitSignal(editor.committed):
        opened.press(Key.Key_Delete)
    assert editor.value() is None
    assert editor.date.text() == "Not set"


def test_date_typing_from_empty(open_editor) -> None:
    opened = open_editor(question("date"))
    opened.type("15")
    today = QDate.currentDate()
    assert opened.editor.value() == QDate(today.year(), today.month(), 15).toString(
        Qt.DateFormat.ISODate
    )
    with opened.qtbot.waitSignal(opened.editor.committed):
        opened.press(Key.Key_Return)


def test_date_shows_a_stored_date_and_clear_button(open_editor) -> None:
    opened = open_editor(question("date"))
    editor: DateEditor = opened.editor
    editor.set_value("2026-12-15")
    assert editor.date.date() == QDate(2026, 12, 15)
    assert "2026" in editor.date.text()
    assert editor.clear.isEnabled()
    with opened.qtbot.waitSignal(editor.edited), opened.qtbot.waitSignal(editor.committed):
        opened.qtbot.mouseClick(editor.clear, LEFT)
    assert editor.value() is None
    assert not editor.clear.isEnabled()


@POPUP_NOISE
def test_date_calendar_opens_from_the_keyboard(open_editor) -> None:
    opened = open_editor(question("date"))
    editor: DateEditor = opened.editor
    opened.press(Key.Key_Down, ALT)
    opened.qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    calendar = editor.date.calendarWidget()
    assert calendar.selectedDate() == QDate.currentDate()  # this month, not 1900
    assert editor.value() is None  # opening chooses nothing
    opened.qtbot.keyClick(calendar, Key.Key_Escape)
    opened.qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert editor.value() is None
    opened.press(Key.Key_F4)
    opened.qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    with opened.qtbot.waitSignal(editor.committed):
        opened.qtbot.keyClick(QApplication.focusWidget(), Key.Key_Return)
    assert editor.value() == QDate.currentDate().toString(Qt.DateFormat.ISODate)


# --- groups -------------------------------------------------------------------------------------


def test_group_filled_in_by_keyboard(open_editor) -> None:
    opened = open_editor(GROUP)
    editor: GroupEditor = opened.editor
    assert opened.focus is editor.table
    with opened.qtbot.waitSignal(editor.edited):
        opened.type("Ann")
    opened.press(Key.Key_Tab)
    opened.type("12")
    opened.press(Key.Key_Tab)
    assert isinstance(opened.focus, QComboBox)  # role: shown by label
    opened.type("C")
    opened.press(Key.Key_Tab)
    opened.type("y")
    assert opened.commits == []
    opened.press(Key.Key_Tab)  # past the last cell: out of the table, not back to the first
    assert opened.focus is editor.add_button
    assert opened.commits == []  # still inside the editor
    assert editor.value() == [{"name": "Ann", "size": 12, "role": "champ", "met": "yes"}]
    with opened.qtbot.waitSignal(editor.committed):
        opened.outside.setFocus()


def test_group_add_and_remove_rows_by_keyboard(open_editor) -> None:
    opened = open_editor(GROUP)
    editor: GroupEditor = opened.editor
    opened.type("Ann")
    opened.press(Key.Key_Return)
    opened.press(Key.Key_Insert)
    assert editor.table.rowCount() == 2
    assert (editor.table.currentRow(), editor.table.currentColumn()) == (1, 0)
    opened.type("Bob")
    opened.press(Key.Key_Return)
    assert [row["name"] for row in editor.value()] == ["Ann", "Bob"]
    opened.press(Key.Key_Return, CTRL)  # Ctrl+Enter too, when no window shortcut claims it
    assert editor.table.rowCount() == 3
    assert len(editor.value()) == 2  # an empty row is not an answer
    opened.press(Key.Key_Up)
    with opened.qtbot.waitSignal(editor.edited), opened.qtbot.waitSignal(editor.committed):
        opened.press(Key.Key_Delete, CTRL)
    assert editor.table.rowCount() == 2
    assert [row["name"] for row in editor.value()] == ["Ann"]
    opened.press(Key.Key_Up)
    opened.press(Key.Key_Delete)  # clears the cell
    assert editor.value() is None
    opened.press(Key.Key_Delete, CTRL)
    opened.press(Key.Key_Delete, CTRL)
    assert editor.table.rowCount() == 1  # always a row to type in


def test_group_buttons(open_editor) -> None:
    opened = open_editor(GROUP)
    editor: GroupEditor = opened.editor
    opened.qtbot.mouseClick(editor.add_button, LEFT)
    assert editor.table.rowCount() == 2
    opened.qtbot.mouseClick(editor.remove_button, LEFT)
    assert editor.table.rowCount() == 1


def test_group_shows_labels_but_stores_values(qtbot) -> None:
    editor = editor_for(GROUP)
    qtbot.addWidget(editor)
    rows = [{"name": "Ann", "size": 2.5, "role": "buyer", "met": "no"}]
    editor.set_value(rows)
    texts = [editor.table.item(0, column).text() for column in range(4)]
    assert texts == ["Ann", "2.5", "Economic buyer", "No"]
    assert editor.value() == rows


# --- committing and loading ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        question("text"),
        question("long_text"),
        question("single_choice", choices=CHOICES),
        question("multi_choice", choices=CHOICES),
        question("scale"),
        question("number"),
        question("currency"),
        question("date"),
        question("yes_no"),
        GROUP,
    ],
    ids=lambda q: str(q.type),
)
def test_leaving_the_editor_commits_once(open_editor, q: Question) -> None:
    opened = open_editor(q)
    with opened.qtbot.waitSignal(opened.editor.committed):
        opened.outside.setFocus()
    assert opened.commits == [True]
    assert opened.edits == []
    opened.outside.setFocus()
    assert opened.commits == [True]


def test_hiding_the_editor_with_focus_commits_and_deleting_it_is_quiet(open_editor) -> None:
    opened = open_editor(question("text"))
    opened.type("Acme")
    with opened.qtbot.waitSignal(opened.editor.committed):
        opened.editor.hide()
    opened.editor.show()
    opened.editor.focus_editor()
    opened.qtbot.waitUntil(lambda: opened.focus is opened.editor.line)
    editor = opened.editor
    editor.deleteLater()
    opened.qtbot.waitUntil(lambda: not shiboken6.isValid(editor))
    opened.outside.setFocus()  # nothing left to commit, and nothing breaks


@pytest.mark.parametrize(
    ("q", "stored", "expected"),
    [
        (question("text"), ["a", "b"], "kept"),
        (question("long_text"), 42, "kept"),
        (question("single_choice", choices=CHOICES), ["speed"], "kept"),
        (question("multi_choice", choices=CHOICES), "cost", "kept"),
        (question("scale"), "high", "kept"),
        (question("scale"), 3.5, "kept"),
        (question("scale"), "4", 4),
        (question("number"), "lots", "kept"),
        (question("number"), "12", 12),
        (question("number", max=10), 50, "kept"),
        (question("currency"), 500, {"amount": 500, "currency": "EUR"}),
        (question("currency"), {"amount": "x"}, "kept"),
        (question("date"), "next week", "kept"),
        (question("date"), 20261215, "kept"),
        (question("yes_no"), True, "yes"),
        (question("yes_no"), "maybe", "kept"),
        (GROUP, "Ann and Bob", "kept"),
        (GROUP, [{"name": "Ann", "gone": 1}], "kept"),
        (GROUP, [{"name": "Ann", "role": "cfo"}], [{"name": "Ann", "size": None,
                                                   "role": "cfo", "met": None}]),
    ],
)  # fmt: skip
def test_foreign_shapes_show_what_they_can_and_are_not_lost(
    qtbot, q: Question, stored: Any, expected: Any
) -> None:
    editor = editor_for(q)
    qtbot.addWidget(editor)
    with qtbot.assertNotEmitted(editor.edited):
        editor.set_value(stored)
    assert editor.value() == (stored if expected == "kept" else expected)


def test_a_kept_answer_gives_way_once_the_rep_edits(open_editor) -> None:
    opened = open_editor(question("date"))
    opened.editor.set_value("next week")
    assert opened.editor.value() == "next week"
    opened.press(Key.Key_Up)
    assert opened.editor.value() == QDate.currentDate().toString(Qt.DateFormat.ISODate)


def test_text_shows_a_list_as_text(qtbot) -> None:
    editor = editor_for(question("text"))
    qtbot.addWidget(editor)
    editor.set_value(["a", "b"])
    assert editor.line.text() == "a, b"


def test_tooltips_name_the_keys(qtbot) -> None:
    editors: list[AnswerEditor] = [
        editor_for(question("scale")),
        editor_for(question("single_choice", choices=CHOICES)),
        editor_for(question("yes_no")),
        editor_for(question("date")),
        editor_for(GROUP),
    ]
    for editor in editors:
        qtbot.addWidget(editor)
    assert "1-5" in editors[0].buttons[0].toolTip()
    assert "Delete clears" in editors[1].buttons[0].toolTip()
    assert "Y" in editors[2].yes.toolTip()
    assert "Delete" in editors[3].date.toolTip()
    assert "Insert" in editors[4].table.toolTip()

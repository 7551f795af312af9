"""Write-through saving: debounced while typing, flushed on demand, failures kept and retried."""

from __future__ import annotations

from shared_helpers import SAVE_WAIT_MS

from salescoach.errors import StorageUnavailable
from salescoach.ui.meeting.autosave import DEBOUNCE_MS, AnswerSaver


class FlakyDisk:
    """A writer that fails while `broken` is set, like a full disk that gets space back."""

    def __init__(self) -> None:
        self.broken = False
        self.written: list[tuple[str, str, object]] = []

    def __call__(self, question_id: str, field: str, value: object) -> str:
        if self.broken:
            raise StorageUnavailable("The disk is full.")
        self.written.append((question_id, field, value))
        return "2026-11-27T14:32:00.000+00:00"


def test_edits_are_written_within_the_debounce_window(qtbot) -> None:
    disk = FlakyDisk()
    saver = AnswerSaver(disk)
    saver.queue("problems", "value", "Slow")
    saver.queue("problems", "value", "Slow dispatch")  # same field: only the latest is written
    saver.queue("problems", "quote", "Nobody can plan")
    assert disk.written == []
    with qtbot.waitSignal(saver.saved, timeout=DEBOUNCE_MS * 3):
        pass
    assert disk.written == [
        ("problems", "value", "Slow dispatch"),
        ("problems", "quote", "Nobody can plan"),
    ]
    assert not saver.has_pending()


def test_continuous_typing_does_not_postpone_the_save(qtbot) -> None:
    disk = FlakyDisk()
    saver = AnswerSaver(disk)
    saver.queue("goals", "value", "a")
    for letter in "bcdefgh":  # a key every 100 ms for 700 ms
        qtbot.wait(100)
        saver.queue("goals", "value", letter)
        if disk.written:
            break
    assert disk.written, "typing steadily must not keep the answer off the disk"


def test_flush_writes_at_once(qtbot) -> None:
    disk = FlakyDisk()
    saver = AnswerSaver(disk)
    saver.queue("goals", "value", "Plans by 2pm")
    assert saver.flush() is True
    assert disk.written == [("goals", "value", "Plans by 2pm")]


def test_a_failed_save_keeps_the_value_and_retries(qtbot, monkeypatch) -> None:
    disk = FlakyDisk()
    saver = AnswerSaver(disk)
    saver._retry.setInterval(50)
    disk.broken = True
    saver.queue("impact", "value", "Penalties")
    with qtbot.waitSignal(saver.failed) as failure:
        assert saver.flush() is False
    assert "disk is full" in failure.args[0]
    assert saver.pending() == {("impact", "value"): "Penalties"}
    disk.broken = False
    with qtbot.waitSignal(saver.saved, timeout=SAVE_WAIT_MS):
        pass
    assert disk.written == [("impact", "value", "Penalties")]
    assert not saver.has_pending()

"""Reading an answer's history: what was typed in one go is one change, a pause starts another."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from salescoach.domain.answer_history import TYPING_PAUSE_SECONDS, AnswerChange, merge_typing

START = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


def at(seconds: float) -> str:
    return (START + timedelta(seconds=seconds)).isoformat(timespec="milliseconds")


def typed(field: str, words: list[str], seconds: list[float]) -> list[AnswerChange]:
    """The history a field leaves when `words` are saved in turn at `seconds`."""
    return [
        AnswerChange(field, before, after, at(when))
        for before, after, when in zip(words, words[1:], seconds, strict=False)
    ]


def test_saves_made_while_typing_read_as_one_change() -> None:
    changes = typed("value", ["Sl", "Slow", "Slow dis", "Slow dispatch"], [0.5, 1.1, 1.8])
    assert merge_typing(changes) == [AnswerChange("value", "Sl", "Slow dispatch", at(1.8), 3)]


def test_a_pause_starts_a_new_change() -> None:
    pause = TYPING_PAUSE_SECONDS + 1
    changes = typed("value", ["50k", "80k", "80k a year"], [0.0, pause])
    assert merge_typing(changes) == changes


def test_the_pause_is_measured_from_the_save_before_not_the_first() -> None:
    step = TYPING_PAUSE_SECONDS * 0.8
    words = [f"word{count}" for count in range(6)]
    changes = typed("note", words, [step * count for count in range(5)])
    (merged,) = merge_typing(changes)
    assert (merged.old, merged.new, merged.saves) == ("word0", "word5", 5)


def test_parts_of_an_answer_are_never_mixed() -> None:
    value = AnswerChange("value", "Slow", "Slow dispatch", at(0.5))
    quote = AnswerChange("quote", "Nobody", "Nobody can plan", at(1.0))
    value_again = AnswerChange("value", "Slow dispatch", "Slow dispatch, late trucks", at(1.5))
    assert merge_typing([value, quote, value_again]) == [value, quote, value_again]


def test_a_change_that_does_not_follow_on_is_kept_apart() -> None:
    # Another window wrote in between: the second change does not start where the first ended.
    first = AnswerChange("value", "a", "ab", at(0.5))
    second = AnswerChange("value", "xyz", "xyzw", at(1.0))
    assert merge_typing([first, second]) == [first, second]


def test_times_not_written_by_salescoach_keep_both_changes() -> None:
    first = AnswerChange("value", "a", "ab", "yesterday")
    second = AnswerChange("value", "ab", "abc", at(1.0))
    assert merge_typing([first, second]) == [first, second]
    assert merge_typing([]) == []


def test_typing_then_rubbing_it_out_is_no_change() -> None:
    changes = typed("value", ["Slow", "Slow d", "Slow"], [0.5, 1.2])
    assert merge_typing(changes) == []


def test_a_time_without_its_zone_next_to_one_with_it_keeps_both() -> None:
    first = AnswerChange("value", "a", "ab", "2026-11-27T14:00:00")  # no zone: naive
    second = AnswerChange("value", "ab", "abc", at(1.0))
    assert merge_typing([first, second]) == [first, second]

"""The fit editor: ratings typed and stepped with the keyboard move the tier badge and are saved."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from salescoach.domain.fit import DEFAULT_SCORECARD, Criterion, Scorecard
from salescoach.errors import StorageUnavailable
from salescoach.ui.fit_editor import FitEditor

KEYS = [criterion.key for criterion in DEFAULT_SCORECARD.criteria]


@pytest.fixture
def prospect(services) -> int:
    pid = services.prospects.add("Harbour Logistics")
    services.prospects.add_person(pid, "Mia Jensen")
    services.cycle.update_prospect(pid, {"hypothesis": "Route planning eats Mondays"})
    return pid


@pytest.fixture
def editor(services, prospect, show_active) -> FitEditor:
    return show_active(FitEditor(services, prospect))


def _type_rating(qtbot, editor: FitEditor, key: str, text: str) -> None:
    box = editor.ratings_boxes[key]
    box.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, text)


def test_starts_not_scored(editor) -> None:
    assert editor.badge.text() == "Not scored"
    assert editor.score_label.text() == "Fit score: not rated yet"
    assert all(box.text() == "Not rated" for box in editor.ratings_boxes.values())
    assert [box.text() for box in editor.knockout_boxes.values()] == [
        "No budget holder reachable",
        "Competitor's subsidiary",
        "Under sanctions or a legal block",
    ]


def test_keyboard_ratings_change_the_badge_and_are_saved(qtbot, editor, services, prospect) -> None:
    for key in KEYS:
        _type_rating(qtbot, editor, key, "8")
        if key == "industry":
            assert editor.badge.text() == "Tier C"  # 12 of 100 so far; the rest count as 0
            assert "Size" in editor.missing_label.text()
    assert editor.badge.text() == "Tier A"
    assert "<b>80</b>" in editor.score_label.text()
    assert editor.missing_label.isHidden()
    assert services.fit.stored(prospect).ratings == dict.fromkeys(KEYS, 8)
    assert services.prospects.get(prospect)["fit_tier"] == "A"
    assert services.prospects.get(prospect)["stage"] == "contact"  # the step moved on
    assert editor.status.text().startswith("Saved ")

    industry = editor.ratings_boxes["industry"]
    industry.setFocus()
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(industry, Qt.Key.Key_Down)  # 80 - 1.5 = 78.5 -> 79
    assert editor.badge.text() == "Tier B"
    assert services.prospects.get(prospect)["fit_score"] == 79
    assert services.fit.stored(prospect).ratings["industry"] == 7


def test_tab_moves_from_one_rating_to_the_next(qtbot, editor) -> None:
    editor.ratings_boxes["industry"].setFocus()
    qtbot.keyClick(editor.ratings_boxes["industry"], Qt.Key.Key_Tab)
    assert editor.ratings_boxes["size"].hasFocus()


def test_a_knock_out_ticked_with_space_excludes(qtbot, editor, services, prospect) -> None:
    for key in KEYS:
        _type_rating(qtbot, editor, key, "10")
    box = editor.knockout_boxes["competitor_subsidiary"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert editor.badge.text() == "Excluded"
    assert editor.missing_label.text() == "Excluded by: Competitor's subsidiary"
    assert services.fit.stored(prospect).knockouts == ["competitor_subsidiary"]
    assert services.prospects.get(prospect)["fit_tier"] == "excluded"
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert editor.badge.text() == "Tier A"


def test_page_down_takes_a_rating_back_to_not_rated(qtbot, editor, services, prospect) -> None:
    _type_rating(qtbot, editor, "size", "6")
    assert editor.badge.text() == "Tier C"
    qtbot.keyClick(editor.ratings_boxes["size"], Qt.Key.Key_PageDown)
    assert editor.ratings_boxes["size"].text() == "Not rated"
    assert editor.badge.text() == "Not scored"
    assert services.fit.stored(prospect).ratings == {}


def test_a_failed_save_is_told_calmly_and_the_ratings_stay(
    qtbot, editor, services, prospect, monkeypatch
) -> None:
    real_rate = services.fit.rate

    def disk_full(*args, **kwargs):
        raise StorageUnavailable("The disk is full.")

    monkeypatch.setattr(services.fit, "rate", disk_full)
    _type_rating(qtbot, editor, "problem_evidence", "9")

    assert editor.ratings_boxes["problem_evidence"].value() == 9
    assert editor.badge.text() == "Tier C"  # the live score does not wait for the disk
    assert "Fit not saved: The disk is full." in editor.status.text()
    assert editor.retry.isVisible()
    assert editor.flush() is False
    assert services.fit.stored(prospect).ratings == {}

    monkeypatch.setattr(services.fit, "rate", real_rate)
    with qtbot.waitSignal(editor.changed):
        qtbot.mouseClick(editor.retry, Qt.MouseButton.LeftButton)
    assert services.fit.stored(prospect).ratings == {"problem_evidence": 9}
    assert editor.retry.isHidden()
    assert editor.status.text().startswith("Saved ")


def test_reload_follows_a_new_scorecard(qtbot, editor, services, prospect) -> None:
    services.fit.rate(prospect, {"industry": 9}, [])
    services.fit.save_scorecard(
        Scorecard(
            (Criterion("industry", "Sector we know", 70), Criterion("reach", "Reach", 30)),
            80,
            50,
            (),
        )
    )
    editor.reload()
    assert list(editor.ratings_boxes) == ["industry", "reach"]
    assert editor.ratings_boxes["industry"].value() == 9
    assert editor.knockout_boxes == {}
    assert editor.badge.text() == "Tier B"  # 63 of 100
    assert "Reach" in editor.missing_label.text()


def test_the_shown_scorecard_is_the_teams(qtbot, services, prospect, show_active) -> None:
    services.fit.save_scorecard(replace(DEFAULT_SCORECARD, knockouts=()))
    editor = show_active(FitEditor(services, prospect))
    assert editor.knockout_boxes == {}

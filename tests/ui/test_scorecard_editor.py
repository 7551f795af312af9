"""The scorecard in Settings: the running total, problems shown and refused, saving re-scores."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from salescoach.domain.fit import DEFAULT_SCORECARD
from salescoach.ui.scorecard_editor import ScorecardEditor, ScorecardPage

KEYS = [criterion.key for criterion in DEFAULT_SCORECARD.criteria]


@pytest.fixture
def page(services, show_active) -> ScorecardPage:
    return show_active(ScorecardPage(services), 700, 800)


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def test_shows_the_default_and_says_so(page) -> None:
    assert page.editor.value() == DEFAULT_SCORECARD
    assert "default scorecard" in page.notice.text()
    assert page.editor.total.text() == "Total: 100 of 100"
    assert page.editor.problems_label.isHidden()


def test_weights_not_adding_up_are_shown_in_red_and_refused(qtbot, page, services) -> None:
    editor = page.editor
    _type(qtbot, editor.criteria[1].weight, "5")  # Size: 10 -> 5

    assert editor.total.text() == "Total: 95 \u2014 must be 100"
    assert "#b3261e" in editor.total.styleSheet()
    assert editor.problems() == ["The weights add up to 95; they must add up to 100."]
    assert editor.problems_label.isVisible()
    assert "add up to 95" in editor.problems_label.text()
    assert page.apply() is False
    assert page.message.isVisible()
    assert services.fit.load_scorecard().source == "default"

    _type(qtbot, editor.criteria[7].weight, "15")  # Strategic value: 10 -> 15
    assert editor.total.text() == "Total: 100 of 100"
    assert editor.total.styleSheet() == ""
    assert page.message.isHidden()
    assert page.apply() is True
    saved = services.fit.scorecard()
    assert [c.weight for c in saved.criteria] == [15, 5, 20, 10, 10, 15, 10, 15]


def test_saving_scores_rated_prospects_again(qtbot, page, services) -> None:
    pid = services.prospects.add("Harbour Logistics")
    services.fit.rate(pid, dict.fromkeys(KEYS, 8), [])
    _type(qtbot, page.editor.tier_a, "85")
    assert page.editor.tier_c.text() == "below 50"
    assert page.apply() is True
    assert services.prospects.get(pid)["fit_tier"] == "B"
    assert services.fit.load_scorecard().source == "team"


def test_unchanged_default_is_not_saved(page, services) -> None:
    assert page.apply() is True
    assert services.fit.load_scorecard().source == "default"


def test_renaming_keeps_the_key_and_a_new_criterion_gets_one(qtbot, page, services) -> None:
    editor = page.editor
    _type(qtbot, editor.criteria[1].name, "Company size")
    qtbot.mouseClick(editor.criteria[7].remove, Qt.MouseButton.LeftButton)  # Strategic value
    assert editor.total.text() == "Total: 90 \u2014 must be 100"
    assert len(editor.criteria) == 7

    qtbot.mouseClick(editor.add_criterion_button, Qt.MouseButton.LeftButton)
    new_row = editor.criteria[-1]
    assert new_row.name.hasFocus()
    qtbot.keyClicks(new_row.name, "Budget approved")
    assert "Criterion 8" not in " ".join(editor.problems())
    qtbot.keyClick(new_row.name, Qt.Key.Key_Tab)
    assert new_row.weight.hasFocus()
    _type(qtbot, new_row.weight, "10")
    assert page.apply() is True

    card = services.fit.scorecard()
    assert card.criteria[1].key == "size" and card.criteria[1].label == "Company size"
    assert card.criteria[-1].key == "budget_approved"
    assert "strategic_value" not in [c.key for c in card.criteria]


def test_thresholds_out_of_order_are_explained(qtbot, page) -> None:
    _type(qtbot, page.editor.tier_b, "90")
    assert page.editor.problems() == ["Tier A must start above tier B (now A from 80, B from 90)."]
    assert page.apply() is False


def test_knock_outs_are_added_and_removed(qtbot, page, services) -> None:
    editor = page.editor
    qtbot.mouseClick(editor.knockouts[0].remove, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.add_knockout_button, Qt.MouseButton.LeftButton)
    assert editor.problems() == ["Knock-out 3 needs a description."]
    qtbot.keyClicks(editor.knockouts[-1].name, "Works with a rival on contract")
    assert page.apply() is True
    labels = [(k.key, k.label) for k in services.fit.scorecard().knockouts]
    assert labels == [
        ("competitor_subsidiary", "Competitor's subsidiary"),
        ("legal_block", "Under sanctions or a legal block"),
        ("works_with_a_rival_on_contract", "Works with a rival on contract"),
    ]


def test_back_to_the_default(qtbot, page) -> None:
    _type(qtbot, page.editor.criteria[0].name, "Sector")
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    assert page.editor.value() == DEFAULT_SCORECARD


def test_a_broken_saved_scorecard_is_told_and_replaced_on_save(
    qtbot, services, show_active
) -> None:
    services.db.table("settings").upsert({"key": "fit_scorecard", "value": "{oops"}, pk="key")
    page = show_active(ScorecardPage(services))
    assert "could not be used" in page.notice.text()
    assert page.apply() is True
    assert services.fit.load_scorecard().source == "team"


def test_the_editor_stands_alone(qtbot, show_active) -> None:
    editor = show_active(ScorecardEditor())
    with qtbot.waitSignal(editor.edited):
        _type(qtbot, editor.criteria[0].weight, "20")
    assert editor.problems() == ["The weights add up to 105; they must add up to 100."]

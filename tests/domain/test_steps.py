"""A prospect's step follows from what has been done."""

from __future__ import annotations

import pytest

from salescoach.domain.steps import CycleFacts, step_status

READY_TARGET = {"fit_tier": "B", "has_contact": True, "has_hypothesis": True}
READY_CONTACT = {**READY_TARGET, "touches": 2, "first_meeting_booked": True, "has_agenda": True}
READY_EXPLORE = {
    **READY_CONTACT,
    "meetings": 1,
    "confirmed_needs": 3,
    "outcome": "advance",
    "next_meeting_set": True,
}


def test_a_new_prospect_is_in_target_and_lists_what_target_needs() -> None:
    status = step_status(CycleFacts())
    assert status.step == "target"
    assert status.check("target").missing == (
        "Fit scored at tier A or B",
        "A named contact",
        "A written need hypothesis",
    )


@pytest.mark.parametrize(
    ("facts", "step"),
    [
        (READY_TARGET, "contact"),
        ({**READY_TARGET, "fit_tier": "C"}, "target"),
        ({**READY_TARGET, "fit_tier": "excluded"}, "target"),
        (READY_CONTACT, "explore"),
        (READY_EXPLORE, "collaborate"),
        ({**READY_EXPLORE, "outcome": "no_fit"}, "explore"),
        ({**READY_EXPLORE, "needs_agreed": 2}, "collaborate"),
        ({**READY_EXPLORE, "needs_agreed": 3}, "confirm"),
        ({**READY_EXPLORE, "needs_agreed": 3, "commitment": True}, "assure"),
    ],
)
def test_the_step_is_the_first_whose_exit_test_fails(facts: dict, step: str) -> None:
    assert step_status(CycleFacts(**facts)).step == step


def test_work_under_way_in_a_later_step_moves_the_prospect_on() -> None:
    status = step_status(CycleFacts(meetings=1))
    assert status.step == "explore"
    assert "A written need hypothesis" in status.check("target").missing


def test_after_sale_work_means_assure_even_without_a_recorded_commitment() -> None:
    assert step_status(CycleFacts(after_sale_work=1)).step == "assure"


def test_an_override_wins_until_cleared_and_an_unknown_one_is_ignored() -> None:
    assert step_status(CycleFacts(), "confirm").step == "confirm"
    assert step_status(CycleFacts(), "confirm").derived == "target"
    assert step_status(CycleFacts(), "bogus").step == "target"


def test_explore_says_why_a_no_fit_does_not_move_on() -> None:
    check = step_status(CycleFacts(**{**READY_EXPLORE, "outcome": "no_fit"})).check("explore")
    assert check.missing == ("Fit decided: no fit (the sale was forgone)",)

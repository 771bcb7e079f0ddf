"""Applications: screening routes them by lane, full review needs two different approvals."""

import pytest
from license_builders import application

from license_svc.domain.application import (
    ApplicationFact,
    ApplicationState,
    ApplicationStatus,
    ApprovalRecorded,
    Approved,
    Rejected,
    ReviewDecision,
    ReviewStarted,
    Screened,
    ScreeningOutcome,
    Submitted,
    fold,
    record_approval,
    record_screening,
)
from license_svc.domain.errors import DuplicateReviewer, InvalidState
from license_svc.domain.lanes import Lane


def screened(state: ApplicationState, outcome: str = "CLEARED") -> ApplicationState:
    return fold(record_screening(state, outcome, [], "lic-1"), state)


def in_review(lane: Lane = Lane.FULL_REVIEW) -> ApplicationState:
    return screened(application(lane))


def approve(state: ApplicationState, reviewer: str) -> list[ApplicationFact]:
    return record_approval(state, reviewer, "approve", "checked the end-user statement", "lic-9")


def test_submitted_application_starts_in_submitted_with_its_lane() -> None:
    state = application(Lane.FAST_TRACK)
    assert (state.status, state.lane, state.version) == (
        ApplicationStatus.SUBMITTED,
        "FAST_TRACK",
        1,
    )
    assert state.approvals == ()
    assert state.license_id is None


@pytest.mark.parametrize("lane", list(Lane))
def test_blocked_screening_rejects_in_every_lane(lane: Lane) -> None:
    facts = record_screening(application(lane), "BLOCKED", ["RESTRICTED_PARTY"], "lic-1")
    assert facts == [
        Screened(ScreeningOutcome.BLOCKED, ("RESTRICTED_PARTY",)),
        Rejected("screening blocked the application: RESTRICTED_PARTY"),
    ]
    assert fold(facts, application(lane)).status is ApplicationStatus.REJECTED


@pytest.mark.parametrize("lane", [Lane.GREEN_CHANNEL, Lane.FAST_TRACK])
def test_cleared_fast_lane_application_is_approved_with_the_callers_licence_id(lane: Lane) -> None:
    facts = record_screening(application(lane), ScreeningOutcome.CLEARED, [], "lic-42")
    assert facts[1:] == [Approved("lic-42")]
    state = fold(facts, application(lane))
    assert (state.status, state.license_id) == (ApplicationStatus.APPROVED, "lic-42")


def test_cleared_full_review_application_goes_under_review() -> None:
    facts = record_screening(application(Lane.FULL_REVIEW), "CLEARED", [], "lic-1")
    assert facts[1:] == [ReviewStarted(Lane.FULL_REVIEW)]
    assert fold(facts, application()).status is ApplicationStatus.UNDER_REVIEW


@pytest.mark.parametrize("lane", list(Lane))
def test_held_screening_goes_under_review_in_every_lane(lane: Lane) -> None:
    facts = record_screening(application(lane), "HELD", ["POSSIBLE_PARTY_MATCH"], "lic-1")
    assert facts == [
        Screened(ScreeningOutcome.HELD, ("POSSIBLE_PARTY_MATCH",)),
        ReviewStarted(lane),
    ]


def test_screening_is_kept_on_the_application() -> None:
    state = fold(
        record_screening(application(), "HELD", ["END_USE_REVIEW"], "lic-1"), application()
    )
    assert state.screening == Screened(ScreeningOutcome.HELD, ("END_USE_REVIEW",))


def test_screened_alone_shows_the_application_as_screening() -> None:
    state = fold([Screened(ScreeningOutcome.CLEARED)], application())
    assert state.status is ApplicationStatus.SCREENING


def test_blocked_without_reasons_still_says_why() -> None:
    facts = record_screening(application(), "BLOCKED", [], "lic-1")
    assert facts[1] == Rejected("screening blocked the application: no reason given")


@pytest.mark.parametrize("outcome", ["CLEARED", "HELD", "BLOCKED"])
def test_redelivered_screening_result_changes_nothing(outcome: str) -> None:
    assert record_screening(in_review(), outcome, [], "lic-2") == []
    assert record_screening(screened(application(Lane.FAST_TRACK)), outcome, [], "lic-2") == []


def test_unknown_screening_outcome_is_refused() -> None:
    with pytest.raises(ValueError, match="MAYBE"):
        record_screening(application(), "MAYBE", [], "lic-1")


def test_first_approval_is_recorded_and_waits_for_a_second_reviewer() -> None:
    facts = approve(in_review(), "alice")
    assert facts == [
        ApprovalRecorded("alice", ReviewDecision.APPROVE, "checked the end-user statement")
    ]
    state = fold(facts, in_review())
    assert state.status is ApplicationStatus.UNDER_REVIEW
    assert [a.reviewer for a in state.approvals] == ["alice"]


def test_second_approval_by_a_different_reviewer_approves_four_eyes() -> None:
    state = fold(approve(in_review(), "alice"), in_review())
    facts = approve(state, "bob")
    assert facts[1:] == [Approved("lic-9")]
    approved = fold(facts, state)
    assert (approved.status, approved.license_id) == (ApplicationStatus.APPROVED, "lic-9")
    assert len(approved.approvals) == 2


def test_same_reviewer_twice_is_refused_with_409() -> None:
    state = fold(approve(in_review(), "alice"), in_review())
    with pytest.raises(DuplicateReviewer) as refused:
        approve(state, "alice")
    assert refused.value.status == 409


def test_one_denial_rejects() -> None:
    facts = record_approval(in_review(), "carol", "deny", "end user is a shell company", "lic-9")
    assert facts[1] == Rejected("denied by carol: end user is a shell company")
    assert fold(facts, in_review()).status is ApplicationStatus.REJECTED


def test_denial_after_one_approval_rejects() -> None:
    state = fold(approve(in_review(), "alice"), in_review())
    facts = record_approval(state, "bob", ReviewDecision.DENY, "quantities implausible", "lic-9")
    assert fold(facts, state).status is ApplicationStatus.REJECTED


@pytest.mark.parametrize(
    "state",
    [
        application(),
        fold(record_screening(application(Lane.FAST_TRACK), "CLEARED", [], "l"), application()),
        fold(record_screening(application(), "BLOCKED", [], "l"), application()),
    ],
    ids=["submitted", "approved", "rejected"],
)
def test_approval_outside_review_is_refused_with_409(state: ApplicationState) -> None:
    with pytest.raises(InvalidState) as refused:
        approve(state, "alice")
    assert refused.value.status == 409


def test_unknown_review_decision_is_refused() -> None:
    with pytest.raises(ValueError, match="maybe"):
        record_approval(in_review(), "alice", "maybe", "not sure", "lic-9")


def test_fold_counts_every_fact_as_a_version() -> None:
    one_approval = fold(approve(in_review(), "alice"), in_review())
    approved = fold(approve(one_approval, "bob"), one_approval)
    # Submitted, Screened, ReviewStarted, then two ApprovalRecorded and Approved.
    assert approved.version == 6


def test_stream_must_open_with_submitted() -> None:
    with pytest.raises(InvalidState):
        fold([Screened(ScreeningOutcome.CLEARED)])
    with pytest.raises(InvalidState):
        fold([])


def test_second_submission_in_one_stream_is_refused() -> None:
    with pytest.raises(InvalidState, match="already submitted"):
        fold([Submitted("app-1", Lane.FAST_TRACK)], application())

"""Application aggregate folded from its facts; commands return new facts or raise domain errors.

Four-eyes: two approvals by different reviewers approve, one denial rejects.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from license_svc.domain.errors import DuplicateReviewer, InvalidState
from license_svc.domain.lanes import FAST_LANES, Lane

APPROVALS_NEEDED = 2


class ApplicationStatus(StrEnum):
    SUBMITTED = "SUBMITTED"
    SCREENING = "SCREENING"
    UNDER_REVIEW = "UNDER_REVIEW"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class ScreeningOutcome(StrEnum):
    CLEARED = "CLEARED"
    HELD = "HELD"
    BLOCKED = "BLOCKED"


class ReviewDecision(StrEnum):
    APPROVE = "approve"
    DENY = "deny"


@dataclass(frozen=True)
class Submitted:
    application_id: str
    lane: Lane


@dataclass(frozen=True)
class Screened:
    outcome: ScreeningOutcome
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewStarted:
    lane: Lane


@dataclass(frozen=True)
class ApprovalRecorded:
    reviewer: str
    decision: ReviewDecision
    justification: str


@dataclass(frozen=True)
class Approved:
    license_id: str


@dataclass(frozen=True)
class Rejected:
    reason: str


ApplicationFact = Submitted | Screened | ReviewStarted | ApprovalRecorded | Approved | Rejected


@dataclass(frozen=True)
class ApplicationState:
    application_id: str
    lane: Lane
    status: ApplicationStatus = ApplicationStatus.SUBMITTED
    screening: Screened | None = None
    approvals: tuple[ApprovalRecorded, ...] = ()
    license_id: str | None = None
    version: int = 1


def submit(application_id: str, lane: Lane) -> list[ApplicationFact]:
    return [Submitted(application_id, lane)]


def fold(
    facts: Iterable[ApplicationFact], state: ApplicationState | None = None
) -> ApplicationState:
    """Rebuild the state; a stream must open with Submitted."""
    for fact in facts:
        state = _apply(state, fact)
    if state is None:
        raise InvalidState("an application stream opens with Submitted")
    return state


def _apply(state: ApplicationState | None, fact: ApplicationFact) -> ApplicationState:
    if isinstance(fact, Submitted):
        if state is not None:
            raise InvalidState(f"application {state.application_id} was already submitted")
        return ApplicationState(fact.application_id, fact.lane)
    if state is None:
        raise InvalidState("an application stream opens with Submitted")
    version = state.version + 1
    match fact:
        case Screened():
            # Transient: the routing fact appended with it moves the application on.
            return replace(
                state, status=ApplicationStatus.SCREENING, screening=fact, version=version
            )
        case ReviewStarted():
            return replace(state, status=ApplicationStatus.UNDER_REVIEW, version=version)
        case ApprovalRecorded():
            return replace(state, approvals=(*state.approvals, fact), version=version)
        case Approved(license_id=license_id):
            return replace(
                state, status=ApplicationStatus.APPROVED, license_id=license_id, version=version
            )
        case Rejected():
            return replace(state, status=ApplicationStatus.REJECTED, version=version)


def record_screening(
    state: ApplicationState,
    outcome: ScreeningOutcome | str,
    reasons: Sequence[str],
    new_license_id: str,
) -> list[ApplicationFact]:
    """Route a screened application; a re-delivered result after the first one yields nothing."""
    if state.status is not ApplicationStatus.SUBMITTED:
        return []
    screened = Screened(ScreeningOutcome(outcome), tuple(reasons))
    if screened.outcome is ScreeningOutcome.BLOCKED:
        why = ", ".join(screened.reasons) or "no reason given"
        return [screened, Rejected(f"screening blocked the application: {why}")]
    if screened.outcome is ScreeningOutcome.CLEARED and state.lane in FAST_LANES:
        return [screened, Approved(new_license_id)]
    return [screened, ReviewStarted(state.lane)]


def record_approval(
    state: ApplicationState,
    reviewer: str,
    decision: ReviewDecision | str,
    justification: str,
    new_license_id: str,
) -> list[ApplicationFact]:
    """Record one reviewer's decision; raise InvalidState or DuplicateReviewer (both 409)."""
    if state.status is not ApplicationStatus.UNDER_REVIEW:
        raise InvalidState(f"application {state.application_id} is {state.status}, not in review")
    if any(a.reviewer == reviewer for a in state.approvals):
        raise DuplicateReviewer(f"{reviewer} already decided application {state.application_id}")
    recorded = ApprovalRecorded(reviewer, ReviewDecision(decision), justification)
    if recorded.decision is ReviewDecision.DENY:
        return [recorded, Rejected(f"denied by {reviewer}: {justification}")]
    approvals = sum(a.decision is ReviewDecision.APPROVE for a in state.approvals) + 1
    if approvals >= APPROVALS_NEEDED:
        return [recorded, Approved(new_license_id)]
    return [recorded]

"""`application.*` event data (license-svc owns the application; subject = application_id).

Events that carry `lane` are routed by it: GREEN_CHANNEL ones travel on the priority topic.
"""

from __future__ import annotations

from typing import Literal

from lodestone_contracts.events.data import EventData
from lodestone_contracts.shapes import (
    ApplicantData,
    CountryCode,
    DecisionData,
    EndUseData,
    ExporterData,
    ItemDataList,
    Lane,
    NonEmpty,
    PartyData,
    ReasonData,
)

ApprovalDecision = Literal["approve", "deny"]


class ApplicationSubmitted(EventData):
    event_type = "application.submitted"

    application_id: NonEmpty
    applicant: ApplicantData
    exporter: ExporterData
    consignee: PartyData
    end_user: PartyData
    end_use: EndUseData
    destination: CountryCode
    items: ItemDataList
    lane: Lane
    submitted_by: NonEmpty


class ApplicationScreened(EventData):
    """screening-svc's verdict: the order rules minus licence rules and MILITARY_USE_MATERIAL."""

    event_type = "application.screened"

    application_id: NonEmpty
    lane: Lane
    screening: DecisionData


class ApplicationReviewStarted(EventData):
    """Screening did not settle it: the application now waits for two reviewers."""

    event_type = "application.review_started"

    application_id: NonEmpty
    lane: Lane


class ApplicationApprovalRecorded(EventData):
    event_type = "application.approval_recorded"

    application_id: NonEmpty
    reviewer: NonEmpty
    decision: ApprovalDecision
    justification: str


class ApplicationApproved(EventData):
    event_type = "application.approved"

    application_id: NonEmpty
    license_id: NonEmpty


class ApplicationRejected(EventData):
    event_type = "application.rejected"

    application_id: NonEmpty
    reason: NonEmpty
    reasons: list[ReasonData] | None = None


APPLICATION_EVENTS: tuple[type[EventData], ...] = (
    ApplicationSubmitted,
    ApplicationScreened,
    ApplicationReviewStarted,
    ApplicationApprovalRecorded,
    ApplicationApproved,
    ApplicationRejected,
)

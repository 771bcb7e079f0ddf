"""Application intake, lanes, screening routing and four-eyes review against a real store."""

from __future__ import annotations

import pytest
from license_service_builders import (
    application,
    dy_oxide,
    nd_magnet,
    screened,
    services,
    smco_magnet,
    types_in,
)

from license_svc.applications import ApprovalRequest
from license_svc.green_channel import GrantRequest
from license_svc.service import LicenseServices
from lodestone_runtime.problems import ProblemError
from lodestone_runtime.store import EventStore


async def submitted(
    svc: LicenseServices, category: str = "automotive", military_manufacturer: bool = False
) -> tuple[str, str]:
    request = application(category=category, military_manufacturer=military_manufacturer)
    reply = await svc.applications.submit(request, "applicant-1", None)
    return reply.body["application_id"], reply.body["lane"]


async def route(store: EventStore, svc: LicenseServices, application_id: str, outcome: str) -> None:
    view = await svc.applications.view(application_id)
    async with store.transaction() as tx:
        await svc.applications.route_screening(tx, screened(application_id, view.lane, outcome))


def approval(decision: str = "approve") -> ApprovalRequest:
    return ApprovalRequest(decision=decision, justification="civil automotive use, verified")


async def test_plain_dysprosium_application_takes_the_fast_track(store: EventStore) -> None:
    svc = services(store)
    reply = await svc.applications.submit(application(), "applicant-1", None)
    assert reply.status == 202
    assert reply.body["status"] == "SUBMITTED"
    assert reply.body["lane"] == "FAST_TRACK"
    assert await types_in(store, f"application-{reply.body['application_id']}") == [
        "application.submitted"
    ]


async def test_green_channel_applicant_takes_the_green_lane(store: EventStore) -> None:
    svc = services(store)
    await svc.green_channel.grant("acme", GrantRequest(note="audited"), "admin-1")
    _, lane = await submitted(svc)
    assert lane == "GREEN_CHANNEL"


async def test_samarium_application_goes_to_full_review_even_on_the_green_channel(
    store: EventStore,
) -> None:
    svc = services(store)
    await svc.green_channel.grant("acme", GrantRequest(), "admin-1")
    reply = await svc.applications.submit(application(smco_magnet()), "applicant-1", None)
    assert reply.body["lane"] == "FULL_REVIEW"


async def test_military_manufacturer_and_nuclear_use_go_to_full_review(store: EventStore) -> None:
    svc = services(store)
    _, maker_lane = await submitted(svc, military_manufacturer=True)
    _, nuclear_lane = await submitted(svc, category="nuclear")
    assert (maker_lane, nuclear_lane) == ("FULL_REVIEW", "FULL_REVIEW")


async def test_application_without_controlled_items_is_refused(store: EventStore) -> None:
    svc = services(store)
    with pytest.raises(ProblemError) as refused:
        await svc.applications.submit(application(nd_magnet()), "applicant-1", None)
    assert refused.value.status == 422


async def test_same_idempotency_key_replays_and_another_body_conflicts(store: EventStore) -> None:
    svc = services(store)
    first = await svc.applications.submit(application(), "applicant-1", "key-1")
    again = await svc.applications.submit(application(), "applicant-1", "key-1")
    assert again.body == first.body
    with pytest.raises(ProblemError) as conflict:
        await svc.applications.submit(application(dy_oxide(kg=5)), "applicant-1", "key-1")
    assert conflict.value.status == 409


async def test_cleared_fast_track_application_is_approved_and_licensed(store: EventStore) -> None:
    svc = services(store)
    application_id, _ = await submitted(svc)
    await route(store, svc, application_id, "CLEARED")
    view = await svc.applications.view(application_id)
    assert view.status == "APPROVED"
    assert view.screening is not None
    assert view.screening.outcome == "CLEARED"
    assert view.license_id is not None
    licence = await svc.licenses.view(view.license_id)
    assert licence.kind == "FAST_TRACK"
    assert licence.status == "ACTIVE"
    assert licence.holder.name == "Acme Magnets"
    assert (licence.valid_from.isoformat(), licence.valid_until.isoformat()) == (
        "2025-06-02",
        "2025-12-02",
    )
    assert [(ln.line, ln.elements, ln.remaining_kg) for ln in licence.lines] == [
        (1, ["Dy"], 1000.0)
    ]


async def test_blocked_screening_rejects_with_its_reasons(store: EventStore) -> None:
    svc = services(store)
    application_id, lane = await submitted(svc)
    async with store.transaction() as tx:
        event = screened(application_id, lane, "BLOCKED", "RESTRICTED_PARTY")
        await svc.applications.route_screening(tx, event)
    view = await svc.applications.view(application_id)
    assert view.status == "REJECTED"
    assert view.reason is not None
    assert "RESTRICTED_PARTY" in view.reason
    stream = await store.read_stream(f"application-{application_id}")
    assert stream[-1].event.data["reasons"][0]["code"] == "RESTRICTED_PARTY"


async def test_redelivered_screening_result_changes_nothing(store: EventStore) -> None:
    svc = services(store)
    application_id, lane = await submitted(svc)
    event = screened(application_id, lane, "CLEARED")
    for _ in range(2):
        async with store.transaction() as tx:
            await svc.applications.route_screening(tx, event)
    assert await types_in(store, f"application-{application_id}") == [
        "application.submitted",
        "application.approved",
    ]


async def test_two_different_reviewers_approve_a_full_review_licence(store: EventStore) -> None:
    svc = services(store)
    application_id, _ = await submitted(svc, category="aerospace_civil")
    await route(store, svc, application_id, "CLEARED")
    assert (await svc.applications.view(application_id)).status == "UNDER_REVIEW"
    await svc.applications.decide(application_id, approval(), "rev-1", None)
    assert (await svc.applications.view(application_id)).status == "UNDER_REVIEW"
    await svc.applications.decide(application_id, approval(), "rev-2", None)
    view = await svc.applications.view(application_id)
    assert view.status == "APPROVED"
    assert [a.reviewer for a in view.approvals] == ["rev-1", "rev-2"]
    assert view.license_id is not None
    assert (await svc.licenses.view(view.license_id)).kind == "FULL_REVIEW"


async def test_same_reviewer_twice_is_a_conflict(store: EventStore) -> None:
    svc = services(store)
    application_id, _ = await submitted(svc, category="other")
    await route(store, svc, application_id, "HELD")
    await svc.applications.decide(application_id, approval(), "rev-1", None)
    with pytest.raises(ProblemError) as conflict:
        await svc.applications.decide(application_id, approval(), "rev-1", None)
    assert conflict.value.status == 409


async def test_one_denial_rejects(store: EventStore) -> None:
    svc = services(store)
    application_id, _ = await submitted(svc, category="other")
    await route(store, svc, application_id, "HELD")
    await svc.applications.decide(application_id, approval("deny"), "rev-1", None)
    view = await svc.applications.view(application_id)
    assert view.status == "REJECTED"
    assert view.license_id is None


async def test_approval_outside_review_conflicts_and_unknown_is_not_found(
    store: EventStore,
) -> None:
    svc = services(store)
    application_id, _ = await submitted(svc)
    with pytest.raises(ProblemError) as conflict:
        await svc.applications.decide(application_id, approval(), "rev-1", None)
    with pytest.raises(ProblemError) as unknown:
        await svc.applications.decide("nope", approval(), "rev-1", None)
    assert (conflict.value.status, unknown.value.status) == (409, 404)


async def test_applicant_cannot_see_another_applicants_application(store: EventStore) -> None:
    svc = services(store)
    application_id, _ = await submitted(svc)
    assert (await svc.applications.view(application_id, "applicant-1")).lane == "FAST_TRACK"
    with pytest.raises(ProblemError) as hidden:
        await svc.applications.view(application_id, "applicant-2")
    assert hidden.value.status == 404

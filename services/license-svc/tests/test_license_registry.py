"""Green channel registry and licence revocation: what admins and reviewers change directly."""

from __future__ import annotations

import pytest
from license_service_builders import application, screened, services, types_in

from license_svc.green_channel import GrantRequest
from license_svc.licenses import RevokeRequest
from lodestone_runtime.problems import ProblemError
from lodestone_runtime.store import EventStore


async def test_granting_twice_appends_one_event_and_lists_the_applicant(store: EventStore) -> None:
    svc = services(store)
    await svc.green_channel.grant("acme", GrantRequest(note="audited 2025"), "admin-1")
    entry = await svc.green_channel.grant("acme", GrantRequest(), "admin-2")
    assert (entry.granted_by, entry.note) == ("admin-1", "audited 2025")
    assert await types_in(store, "green-channel-acme") == ["green_channel.granted"]
    listed = await svc.green_channel.list()
    assert [a.applicant_id for a in listed.applicants] == ["acme"]


async def test_revoking_removes_the_applicant_and_unknown_is_not_found(store: EventStore) -> None:
    svc = services(store)
    await svc.green_channel.grant("acme", GrantRequest(), "admin-1")
    await svc.green_channel.revoke("acme", "admin-1")
    assert (await svc.green_channel.list()).applicants == []
    with pytest.raises(ProblemError) as missing:
        await svc.green_channel.revoke("acme", "admin-1")
    assert missing.value.status == 404


async def test_revoking_an_unknown_licence_is_not_found(store: EventStore) -> None:
    svc = services(store)
    with pytest.raises(ProblemError) as missing:
        await svc.licenses.revoke("lic-x", RevokeRequest(reason="diverted"), "rev-1")
    assert missing.value.status == 404


async def test_revoking_a_revoked_licence_conflicts(store: EventStore) -> None:
    svc = services(store)
    reply = await svc.applications.submit(application(), "applicant-1", None)
    application_id = reply.body["application_id"]
    async with store.transaction() as tx:
        await svc.applications.route_screening(tx, screened(application_id, "FAST_TRACK"))
    license_id = (await svc.applications.view(application_id)).license_id
    assert license_id is not None
    await svc.licenses.revoke(license_id, RevokeRequest(reason="diverted"), "rev-1")
    with pytest.raises(ProblemError) as conflict:
        await svc.licenses.revoke(license_id, RevokeRequest(reason="again"), "admin-1")
    assert conflict.value.status == 409

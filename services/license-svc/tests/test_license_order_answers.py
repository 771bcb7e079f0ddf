"""Licence checks and reservations answered to order events, on the licence aggregate itself."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from license_service_builders import (
    NOW,
    SettableClock,
    application,
    dy_oxide,
    order_received,
    order_screened,
    party_flagged,
    release_requested,
    screened,
    services,
    types_in,
)

from license_svc.licenses import RevokeRequest
from license_svc.service import LicenseServices
from lodestone_contracts.envelope import CloudEvent
from lodestone_runtime.store import EventStore


async def issued_licence(store: EventStore, svc: LicenseServices, kg: float = 1000) -> str:
    reply = await svc.applications.submit(application(dy_oxide(kg=kg)), "applicant-1", None)
    application_id = reply.body["application_id"]
    async with store.transaction() as tx:
        await svc.applications.route_screening(tx, screened(application_id, "FAST_TRACK"))
    license_id = (await svc.applications.view(application_id)).license_id
    assert license_id is not None
    return license_id


async def deliver(store: EventStore, svc: LicenseServices, *events: CloudEvent) -> None:
    for event in events:
        async with store.transaction() as tx:
            if event.type == "order.received":
                await svc.reservations.record_order(tx, event)
            elif event.type == "order.screened":
                await svc.reservations.answer_screening(tx, event)
            else:
                await svc.reservations.reserve_for_release(tx, event)


async def last_answer(store: EventStore, stream_id: str) -> CloudEvent:
    return (await store.read_stream(stream_id))[-1].event


async def test_cleared_order_reserves_and_draws_the_licence_down(store: EventStore) -> None:
    svc = services(store)
    license_id = await issued_licence(store, svc)
    await deliver(
        store,
        svc,
        order_received("ord-1", license_id),
        order_screened("ord-1", license_id, "reserve", (1, "oxide", ["Dy"], 400.0)),
    )
    answer = await last_answer(store, f"license-{license_id}")
    assert answer.type == "license.quantity_reserved"
    assert answer.data["order_id"] == "ord-1"
    assert answer.data["remaining"] == [{"line": 1, "remaining_kg": 600.0}]
    licence = await svc.licenses.view(license_id)
    assert licence.lines[0].remaining_kg == 600.0


async def test_held_order_is_checked_without_reserving(store: EventStore) -> None:
    svc = services(store)
    license_id = await issued_licence(store, svc)
    await deliver(
        store,
        svc,
        order_received("ord-1", license_id),
        order_screened("ord-1", license_id, "check"),
    )
    answer = await last_answer(store, f"license-{license_id}")
    assert answer.type == "license.quantity_checked"
    assert (await svc.licenses.view(license_id)).lines[0].remaining_kg == 1000.0


async def test_unknown_licence_is_rejected_on_the_order_check_stream(store: EventStore) -> None:
    svc = services(store)
    await deliver(
        store, svc, order_received("ord-1", "lic-x"), order_screened("ord-1", "lic-x", "reserve")
    )
    answer = await last_answer(store, "license-check-ord-1")
    assert (answer.type, answer.subject) == ("license.quantity_rejected", "lic-x")
    assert answer.data["reserve"] is True
    assert [r["code"] for r in answer.data["reasons"]] == ["LICENSE_NOT_FOUND"]


async def test_mismatched_order_gets_every_finding(store: EventStore) -> None:
    svc = services(store)
    license_id = await issued_licence(store, svc)
    received = order_received("ord-1", license_id, destination="FR")
    screened_order = order_screened("ord-1", license_id, "reserve", (1, "oxide", ["Dy"], 5000.0))
    await deliver(store, svc, received, screened_order)
    answer = await last_answer(store, f"license-{license_id}")
    codes = sorted(r["code"] for r in answer.data["reasons"])
    assert codes == ["LICENSE_MISMATCH", "LICENSE_QUANTITY_EXCEEDED"]


async def test_racing_orders_never_overdraw_the_last_kilograms(store: EventStore) -> None:
    svc = services(store)
    license_id = await issued_licence(store, svc, kg=100)
    line = (1, "oxide", ["Dy"], 80.0)
    await deliver(
        store, svc, order_received("ord-a", license_id), order_received("ord-b", license_id)
    )
    await asyncio.gather(
        deliver(store, svc, order_screened("ord-a", license_id, "reserve", line)),
        deliver(store, svc, order_screened("ord-b", license_id, "reserve", line)),
    )
    answers = [s.event for s in await store.read_stream(f"license-{license_id}")][1:]
    assert sorted(a.type for a in answers) == [
        "license.quantity_rejected",
        "license.quantity_reserved",
    ]
    assert (await svc.licenses.view(license_id)).lines[0].remaining_kg == 20.0


async def test_release_request_reserves_with_the_screened_lines(store: EventStore) -> None:
    svc = services(store)
    license_id = await issued_licence(store, svc)
    await deliver(
        store,
        svc,
        order_received("ord-1", license_id),
        order_screened("ord-1", license_id, "check", (1, "oxide", ["Dy"], 250.0)),
        release_requested("ord-1", license_id),
    )
    answer = await last_answer(store, f"license-{license_id}")
    assert answer.type == "license.quantity_reserved"
    assert answer.data["reservations"] == [
        {"license_line": 1, "order_line": 1, "quantity_kg": 250.0}
    ]


async def test_fully_drawn_licence_shows_exhausted(store: EventStore) -> None:
    svc = services(store)
    license_id = await issued_licence(store, svc, kg=100)
    await deliver(
        store,
        svc,
        order_received("ord-1", license_id),
        order_screened("ord-1", license_id, "reserve", (1, "oxide", ["Dy"], 100.0)),
    )
    assert (await svc.licenses.view(license_id)).status == "EXHAUSTED"


async def test_revoked_licence_rejects_orders_as_not_active(store: EventStore) -> None:
    svc = services(store)
    license_id = await issued_licence(store, svc)
    revoked = await svc.licenses.revoke(license_id, RevokeRequest(reason="diverted"), "rev-1")
    assert revoked.status == "REVOKED"
    await deliver(
        store,
        svc,
        order_received("ord-1", license_id),
        order_screened("ord-1", license_id, "reserve"),
    )
    answer = await last_answer(store, f"license-{license_id}")
    assert [r["code"] for r in answer.data["reasons"]] == ["LICENSE_NOT_ACTIVE"]


async def test_flagged_party_suspends_an_active_licence_once(store: EventStore) -> None:
    svc = services(store)
    license_id = await issued_licence(store, svc)
    for _ in range(2):
        async with store.transaction() as tx:
            await svc.licenses.suspend_flagged(tx, party_flagged(license_id))
    assert (await svc.licenses.view(license_id)).status == "SUSPENDED"
    assert await types_in(store, f"license-{license_id}") == ["license.issued", "license.suspended"]


async def test_licence_past_its_last_day_shows_expired(store: EventStore) -> None:
    clock = SettableClock()
    svc = services(store, clock)
    license_id = await issued_licence(store, svc)
    clock.moment = NOW + timedelta(days=200)
    assert (await svc.licenses.view(license_id)).status == "EXPIRED"

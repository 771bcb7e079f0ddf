"""A list publish re-screens open orders and the parties of active licences."""

from __future__ import annotations

from screening_service_builders import (
    DYSPROSIUM_OXIDE,
    SDN,
    ScreeningHarness,
    issued,
    order_request,
)

from lodestone_contracts.envelope import CloudEvent
from screening_svc.consumer import record_license


async def _published_event(harness: ScreeningHarness, list_id: str) -> CloudEvent:
    return (await harness.store.read_stream(f"list-{list_id}"))[-1].event


async def test_a_held_order_whose_party_is_now_listed_is_blocked(
    harness: ScreeningHarness,
) -> None:
    placed = await harness.services.orders.place(
        order_request(consignee="Banco Nacional de Cuba", category="nuclear"), "erp", None
    )
    await harness.publish("sdn", SDN)

    await harness.handle(
        harness.services.rescreening.rescreen, await _published_event(harness, "sdn")
    )

    view = await harness.services.orders.view(placed.order_id)
    assert view["status"] == "BLOCKED"
    assert (await harness.types(placed.order_id))[-2:] == ["order.screened", "order.blocked"]


async def test_a_pending_order_is_screened_again_without_a_second_licence_request(
    harness: ScreeningHarness,
) -> None:
    request = order_request(DYSPROSIUM_OXIDE, license_id="lic-1")
    placed = await harness.services.orders.place(request, "erp", None)
    await harness.publish("sdn", SDN)

    await harness.handle(
        harness.services.rescreening.rescreen, await _published_event(harness, "sdn")
    )

    view = await harness.services.orders.view(placed.order_id)
    assert view["status"] == "PENDING"
    assert view["license_check"] == "none"
    assert "sdn" in view["screening"]["list_versions"]


async def test_an_active_licence_whose_consignee_is_now_listed_is_flagged(
    harness: ScreeningHarness,
) -> None:
    await harness.handle(record_license, issued("lic-9", consignee="Rosoboronexport"))
    await harness.publish("sdn", SDN)

    await harness.handle(
        harness.services.rescreening.rescreen, await _published_event(harness, "sdn")
    )

    flags = await harness.store.read_stream("license-screening-lic-9")
    assert [f.event.type for f in flags] == ["license.party_flagged", "license.party_flagged"]
    assert {f.event.data["party_role"] for f in flags} == {"consignee", "end_user"}
    assert flags[0].event.data["entry_id"] == "900"
    assert flags[0].event.subject == "lic-9"


async def test_a_clean_licence_is_not_flagged(harness: ScreeningHarness) -> None:
    await harness.handle(record_license, issued("lic-1"))
    await harness.publish("sdn", SDN)

    await harness.handle(
        harness.services.rescreening.rescreen, await _published_event(harness, "sdn")
    )

    assert await harness.store.read_stream("license-screening-lic-1") == []

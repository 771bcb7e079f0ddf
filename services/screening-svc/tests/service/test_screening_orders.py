"""Order intake: screening in the request transaction, licence checks asked by event, duplicates."""

from __future__ import annotations

import pytest
from screening_service_builders import (
    DYSPROSIUM_OXIDE,
    SAMARIUM_COBALT,
    SDN,
    ScreeningHarness,
    order_request,
)

from lodestone_runtime.problems import ProblemError
from screening_svc.streams import order_stream


async def _screened(harness: ScreeningHarness, order_id: str) -> dict[str, object]:
    stream = await harness.store.read_stream(order_stream(order_id))
    return next(s.event.data for s in stream if s.event.type == "order.screened")


async def test_uncontrolled_civil_order_is_cleared_in_the_request_transaction(
    harness: ScreeningHarness,
) -> None:
    placed = await harness.services.orders.place(order_request(), "erp-1", None)

    assert await harness.types(placed.order_id) == [
        "order.received",
        "order.screened",
        "order.cleared",
    ]
    view = await harness.services.orders.view(placed.order_id)
    assert view["status"] == "CLEARED"
    assert view["decision"]["ruleset_version"] == "2025.06"


async def test_dysprosium_order_without_licence_is_blocked_as_license_required(
    harness: ScreeningHarness,
) -> None:
    placed = await harness.services.orders.place(order_request(DYSPROSIUM_OXIDE), "erp-1", None)

    view = await harness.services.orders.view(placed.order_id)
    assert view["status"] == "BLOCKED"
    assert [r["code"] for r in view["decision"]["reasons"]] == ["LICENSE_REQUIRED"]


async def test_samarium_order_without_licence_is_blocked_as_military_use_material(
    harness: ScreeningHarness,
) -> None:
    placed = await harness.services.orders.place(order_request(SAMARIUM_COBALT), "erp-1", None)

    codes = [
        r["code"]
        for r in (await harness.services.orders.view(placed.order_id))["decision"]["reasons"]
    ]
    assert codes == ["MILITARY_USE_MATERIAL", "LICENSE_REQUIRED"]


async def test_licensed_controlled_order_waits_for_license_svc_to_reserve(
    harness: ScreeningHarness,
) -> None:
    request = order_request(DYSPROSIUM_OXIDE, license_id="lic-1")
    placed = await harness.services.orders.place(request, "erp-1", None)

    screened = await _screened(harness, placed.order_id)
    assert screened["license_check"] == "reserve"
    assert screened["lines"] == [
        {"line": 1, "form": "magnet", "elements": ["Dy"], "quantity_kg": 100.0}
    ]
    assert (await harness.services.orders.view(placed.order_id))["status"] == "PENDING"


async def test_licensed_order_held_by_screening_asks_only_for_a_check(
    harness: ScreeningHarness,
) -> None:
    request = order_request(DYSPROSIUM_OXIDE, license_id="lic-1", category="nuclear")
    placed = await harness.services.orders.place(request, "erp-1", None)

    assert (await _screened(harness, placed.order_id))["license_check"] == "check"


async def test_restricted_consignee_is_blocked_with_its_list_version(
    harness: ScreeningHarness,
) -> None:
    published = await harness.publish("sdn", SDN)
    placed = await harness.services.orders.place(
        order_request(consignee="Banco Nacional de Cuba"), "erp-1", None
    )

    decision = (await harness.services.orders.view(placed.order_id))["decision"]
    assert decision["outcome"] == "BLOCKED"
    assert decision["reasons"][0]["code"] == "RESTRICTED_PARTY"
    assert decision["reasons"][0]["entry_id"] == "306"
    assert decision["list_versions"] == {"sdn": published["version"]}


async def test_same_idempotency_key_and_body_returns_the_first_order(
    harness: ScreeningHarness,
) -> None:
    first = await harness.services.orders.place(order_request(), "erp-1", "key-1")
    again = await harness.services.orders.place(order_request(), "erp-1", "key-1")

    assert again.order_id == first.order_id
    assert await harness.types(first.order_id) == [
        "order.received",
        "order.screened",
        "order.cleared",
    ]


async def test_same_idempotency_key_with_another_body_is_a_conflict(
    harness: ScreeningHarness,
) -> None:
    await harness.services.orders.place(order_request(), "erp-1", "key-1")

    with pytest.raises(ProblemError) as raised:
        await harness.services.orders.place(order_request(erp="ERP-2"), "erp-1", "key-1")
    assert raised.value.status == 409


async def test_second_post_of_an_erp_order_number_returns_the_first_order(
    harness: ScreeningHarness,
) -> None:
    first = await harness.services.orders.place(order_request(kg=10), "erp-1", None)
    second = await harness.services.orders.place(order_request(kg=20), "erp-1", None)

    assert second.order_id == first.order_id
    assert second.duplicate


async def test_review_queue_pages_through_held_orders_oldest_first(
    harness: ScreeningHarness,
) -> None:
    held = [
        (
            await harness.services.orders.place(
                order_request(erp=f"ERP-{n}", category="nuclear"), "erp-1", None
            )
        ).order_id
        for n in range(3)
    ]
    await harness.services.orders.place(order_request(erp="ERP-clear"), "erp-1", None)

    first = await harness.services.orders.queue("HELD", 2, None)
    rest = await harness.services.orders.queue("HELD", 2, first["next_cursor"])

    assert [o["order_id"] for o in first["orders"]] == held[:2]
    assert [o["order_id"] for o in rest["orders"]] == held[2:]
    assert rest["next_cursor"] is None


async def test_an_unknown_cursor_is_a_validation_error(harness: ScreeningHarness) -> None:
    with pytest.raises(ProblemError) as raised:
        await harness.services.orders.queue("HELD", 2, "not-a-cursor")
    assert raised.value.status == 422

"""The order saga's second half: license-svc's answers settle orders, releases go through it."""

from __future__ import annotations

import pytest
from screening_service_builders import (
    DYSPROSIUM_OXIDE,
    ScreeningHarness,
    checked,
    order_request,
    rejected,
    reserved,
)

from lodestone_runtime.problems import ProblemError
from screening_svc.streams import order_stream


async def _licensed(harness: ScreeningHarness, category: str = "automotive") -> str:
    request = order_request(DYSPROSIUM_OXIDE, license_id="lic-1", category=category)
    return (await harness.services.orders.place(request, "erp-1", None)).order_id


async def _status(harness: ScreeningHarness, order_id: str) -> str:
    return str((await harness.services.orders.view(order_id))["status"])


async def test_reserved_quantities_clear_a_licensed_order(harness: ScreeningHarness) -> None:
    order_id = await _licensed(harness)

    await harness.handle(harness.services.decisions.settle, reserved(order_id))

    assert await _status(harness, order_id) == "CLEARED"


async def test_rejected_quantities_block_with_the_licence_reasons(
    harness: ScreeningHarness,
) -> None:
    order_id = await _licensed(harness)

    await harness.handle(harness.services.decisions.settle, rejected(order_id))

    decision = (await harness.services.orders.view(order_id))["decision"]
    assert decision["outcome"] == "BLOCKED"
    assert [r["code"] for r in decision["reasons"]] == ["LICENSE_QUANTITY_EXCEEDED"]


async def test_an_order_gets_exactly_one_final_event(harness: ScreeningHarness) -> None:
    order_id = await _licensed(harness)

    await harness.handle(harness.services.decisions.settle, reserved(order_id))
    await harness.handle(harness.services.decisions.settle, rejected(order_id))

    finals = [t for t in await harness.types(order_id) if t in ("order.cleared", "order.blocked")]
    assert finals == ["order.cleared"]


async def test_a_passed_check_leaves_a_screening_hold_held(harness: ScreeningHarness) -> None:
    order_id = await _licensed(harness, category="nuclear")

    await harness.handle(harness.services.decisions.settle, checked(order_id))

    assert await _status(harness, order_id) == "HELD"


async def test_releasing_a_licensed_held_order_reserves_before_releasing(
    harness: ScreeningHarness,
) -> None:
    order_id = await _licensed(harness, category="nuclear")
    await harness.handle(harness.services.decisions.settle, checked(order_id))

    requested = await harness.services.reviews.review(
        order_id, "release", "reviewer-1", "end use verified with the ministry"
    )
    await harness.handle(harness.services.decisions.settle, reserved(order_id))

    assert requested["status"] == "HELD"
    assert requested["release_requested"]
    assert (await harness.types(order_id))[-2:] == ["order.release_requested", "order.released"]
    assert await _status(harness, order_id) == "RELEASED"


async def test_a_release_whose_reservation_fails_ends_blocked(harness: ScreeningHarness) -> None:
    order_id = await _licensed(harness, category="nuclear")
    await harness.handle(harness.services.decisions.settle, checked(order_id))
    await harness.services.reviews.review(
        order_id, "release", "reviewer-1", "end use verified with the ministry"
    )

    await harness.handle(harness.services.decisions.settle, rejected(order_id))

    view = await harness.services.orders.view(order_id)
    assert view["status"] == "BLOCKED"
    assert "LICENSE_QUANTITY_EXCEEDED" in [r["code"] for r in view["decision"]["reasons"]]


async def test_a_held_order_without_controlled_items_is_released_at_once(
    harness: ScreeningHarness,
) -> None:
    placed = await harness.services.orders.place(order_request(category="nuclear"), "erp", None)

    view = await harness.services.reviews.review(
        placed.order_id, "release", "reviewer-1", "reactor shielding, civilian operator"
    )

    assert view["status"] == "RELEASED"
    assert view["review"]["reviewer"] == "reviewer-1"


async def test_a_rejected_held_order_is_rejected(harness: ScreeningHarness) -> None:
    placed = await harness.services.orders.place(order_request(category="other"), "erp", None)

    view = await harness.services.reviews.review(
        placed.order_id, "reject", "reviewer-1", "end user could not be verified"
    )

    assert view["status"] == "REJECTED"


async def test_only_a_held_order_can_be_reviewed(harness: ScreeningHarness) -> None:
    placed = await harness.services.orders.place(order_request(), "erp", None)

    with pytest.raises(ProblemError) as raised:
        await harness.services.reviews.review(
            placed.order_id, "reject", "reviewer-1", "changed our mind entirely"
        )
    assert raised.value.status == 409


async def test_answers_replayed_with_the_same_trigger_create_the_same_event_ids(
    harness: ScreeningHarness,
) -> None:
    order_id = await _licensed(harness)
    answer = reserved(order_id)
    await harness.handle(harness.services.decisions.settle, answer)
    stream = await harness.store.read_stream(order_stream(order_id))

    assert stream[-1].event.causationid == answer.id
    assert stream[-1].event.id != answer.id

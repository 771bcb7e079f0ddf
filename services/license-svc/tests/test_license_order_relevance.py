"""Which order events license-svc's order consumer takes at all: orders that name no licence
are skipped before any transaction, as its handlers would ignore them."""

from __future__ import annotations

from typing import Any

from license_svc.consumer import names_licence
from lodestone_contracts.envelope import CloudEvent, new_event
from lodestone_contracts.examples import NOW


def order_event(event_type: str, **data: Any) -> CloudEvent:
    return new_event(
        type=event_type, subject="ord-1", data={"order_id": "ord-1", **data},
        source="screening-svc", sequence=1, now=NOW,
    )  # fmt: skip


def test_an_order_received_without_a_licence_is_skipped() -> None:
    assert not names_licence(order_event("order.received", license_id=None))
    assert names_licence(order_event("order.received", license_id="lic-1"))


def test_a_screened_order_is_taken_when_it_names_a_licence_or_asks_for_a_check() -> None:
    assert not names_licence(order_event("order.screened", license_id=None, license_check="none"))
    assert names_licence(order_event("order.screened", license_id="lic-1", license_check="none"))
    # A check asked without a licence is a broken event: it must reach the handler (poison).
    assert names_licence(order_event("order.screened", license_id=None, license_check="reserve"))


def test_a_release_request_is_always_taken() -> None:
    assert names_licence(order_event("order.release_requested", license_id="lic-1"))

"""Topic subscriptions of license-svc: each hands the event to a use case inside the consumer's
transaction. The green-channel application topic has its own group, so it never waits behind
the fast-track and full-review backlog.
"""

from __future__ import annotations

from license_svc.service import LicenseServices
from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events.application import ApplicationScreened
from lodestone_contracts.events.license import LicensePartyFlagged
from lodestone_contracts.events.order import OrderReceived, OrderReleaseRequested, OrderScreened
from lodestone_contracts.topics import (
    APPLICATION_TOPIC,
    GREEN_APPLICATION_TOPIC,
    LICENSE_TOPIC,
    ORDER_TOPIC,
)
from lodestone_runtime.consumer import Subscription
from lodestone_runtime.store import Transaction

ORDER_TYPES = frozenset(
    {OrderReceived.event_type, OrderScreened.event_type, OrderReleaseRequested.event_type}
)


def order_handler(services: LicenseServices) -> Subscription:
    reservations = services.reservations

    async def handle(tx: Transaction, event: CloudEvent) -> None:
        if event.type == OrderReceived.event_type:
            await reservations.record_order(tx, event)
        elif event.type == OrderScreened.event_type:
            await reservations.answer_screening(tx, event)
        else:
            await reservations.reserve_for_release(tx, event)

    return Subscription(
        "license-svc.orders", (ORDER_TOPIC,), handle, ORDER_TYPES, relevant=names_licence
    )


def names_licence(event: CloudEvent) -> bool:
    """Whether an order event concerns us: orders without a licence (most of the traffic)
    are skipped without a transaction, as the handlers would ignore them anyway."""
    data = event.data
    if event.type == OrderScreened.event_type:
        return data.get("license_id") is not None or data.get("license_check") != "none"
    if event.type == OrderReceived.event_type:
        return data.get("license_id") is not None
    return True  # a release request always names the licence to reserve against


def subscriptions(services: LicenseServices) -> list[Subscription]:
    screened = frozenset({ApplicationScreened.event_type})
    route = services.applications.route_screening
    return [
        Subscription(
            "license-svc.applications.green",
            (GREEN_APPLICATION_TOPIC,),
            route,
            screened,
            priority=True,
        ),
        Subscription("license-svc.applications", (APPLICATION_TOPIC,), route, screened),
        order_handler(services),
        # Rare flags on the topic that carries every order's reservation: no request waits
        # on a suspension, so this group fetches in bulk and decodes that traffic less often.
        Subscription(
            "license-svc.licenses",
            (LICENSE_TOPIC,),
            services.licenses.suspend_flagged,
            frozenset({LicensePartyFlagged.event_type}),
            bulk=True,
        ),
    ]

"""Topic subscriptions of screening-svc; each hands the event to a use case in the consumer's
transaction. Green-channel applications have their own group, so they never wait behind backlog.
"""

from __future__ import annotations

from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events.application import ApplicationSubmitted
from lodestone_contracts.events.license import LicenseIssued, LicenseRevoked, LicenseSuspended
from lodestone_contracts.events.restricted_list import RestrictedListPublished
from lodestone_contracts.topics import (
    APPLICATION_TOPIC,
    GREEN_APPLICATION_TOPIC,
    LICENSE_TOPIC,
    RESTRICTED_LIST_TOPIC,
)
from lodestone_runtime.consumer import Subscription
from lodestone_runtime.store import Transaction
from screening_svc import projections
from screening_svc.order_decisions import ANSWER_TYPES
from screening_svc.service import ScreeningServices

LICENSE_FACTS = frozenset(
    {LicenseIssued.event_type, LicenseRevoked.event_type, LicenseSuspended.event_type}
)


async def record_license(tx: Transaction, event: CloudEvent) -> None:
    await projections.project_license(tx.conn, event)


def subscriptions(services: ScreeningServices) -> list[Subscription]:
    submitted = frozenset({ApplicationSubmitted.event_type})
    screen = services.applications.screen
    return [
        Subscription(
            "screening-svc.applications.green",
            (GREEN_APPLICATION_TOPIC,),
            screen,
            submitted,
            priority=True,
        ),
        Subscription("screening-svc.applications", (APPLICATION_TOPIC,), screen, submitted),
        Subscription(
            "screening-svc.license-answers",
            (LICENSE_TOPIC,),
            services.decisions.settle,
            ANSWER_TYPES,
        ),
        Subscription("screening-svc.licenses", (LICENSE_TOPIC,), record_license, LICENSE_FACTS),
        Subscription(
            "screening-svc.rescreen",
            (RESTRICTED_LIST_TOPIC,),
            services.rescreening.rescreen,
            frozenset({RestrictedListPublished.event_type}),
        ),
    ]

"""Appends screening-svc events to their streams and folds order events into the read model.

Events are built by the runtime's `append_events` (ids derived from the trigger, the subject
and the place, since one list publish fans out to many orders).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial

from lodestone_contracts.envelope import CloudEvent
from lodestone_runtime.origin import EventWriter
from lodestone_runtime.store import AppendResult, Transaction
from screening_svc import metrics, projections
from screening_svc.order_signals import SIGNALS

SOURCE = "screening-svc"
Clock = Callable[[], datetime]


def order_stream(order_id: str) -> str:
    return f"order-{order_id}"


def list_stream(list_id: str) -> str:
    return f"list-{list_id}"


def application_screening_stream(application_id: str) -> str:
    """license-svc owns `application-<id>`; screening-svc's verdicts live beside it."""
    return f"application-screening-{application_id}"


def license_screening_stream(license_id: str) -> str:
    return f"license-screening-{license_id}"


async def _project(
    tx: Transaction, stream_id: str, events: list[CloudEvent], result: AppendResult
) -> None:
    """Only order events have a read model here; their metrics count after the commit."""
    if not stream_id.startswith("order-"):
        return
    await projections.project_order(tx.conn, events, result.positions)
    tx.after_commit(partial(SIGNALS.changed, events[0].subject))
    await _observe(tx, events)


append = EventWriter(SOURCE, _project).append


async def _observe(tx: Transaction, events: Sequence[CloudEvent]) -> None:
    # An order decided in its first append carries its received time along (no read).
    received_at = next((e.time for e in events if e.type == "order.received"), None)
    for event in events:
        if event.type in metrics.OBSERVED_TYPES:
            if received_at is None:
                received_at = await projections.received_at(tx.conn, event.subject)
            tx.after_commit(partial(metrics.observe_order_event, event, received_at))

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
    for event, position in zip(events, result.positions, strict=True):
        await projections.project_order(tx.conn, event, position)
    tx.after_commit(partial(SIGNALS.changed, events[0].subject))
    await _observe(tx, events)


append = EventWriter(SOURCE, _project).append


async def _observe(tx: Transaction, events: Sequence[CloudEvent]) -> None:
    for event in events:
        if event.type in metrics.OBSERVED_TYPES:
            received_at = await projections.received_at(tx.conn, event.subject)
            tx.after_commit(partial(metrics.observe_order_event, event, received_at))

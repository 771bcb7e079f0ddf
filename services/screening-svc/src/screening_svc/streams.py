"""Appends screening-svc events to their streams and folds order events into the read model.

Key rule: events made in answer to another event get ids derived from the trigger (and the
subject, since one list publish fans out to many orders), so a replay re-creates the same ids.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events import EventData, build_event
from lodestone_runtime.logs import correlation_id
from lodestone_runtime.store import Transaction
from screening_svc import metrics, projections

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


@dataclass(frozen=True)
class Origin:
    """Why events are written: a request (fresh ids) or a trigger event (derived ids)."""

    correlationid: str | None = None
    causationid: str | None = None
    trigger_id: str | None = None

    @classmethod
    def of_request(cls) -> Origin:
        return cls(correlationid=correlation_id.get())

    @classmethod
    def of_trigger(cls, trigger: CloudEvent) -> Origin:
        return cls(trigger.correlationid, trigger.id, trigger.id)

    def event_id(self, event_type: str, subject: str, nth: int = 0) -> str | None:
        """Derived ids name the subject and the place in the batch: one trigger fans out."""
        if self.trigger_id is None:
            return None
        name = f"{self.trigger_id}/{subject}/{nth}/{event_type}"
        return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


async def append(
    tx: Transaction,
    stream_id: str,
    subject: str,
    data: Sequence[EventData],
    *,
    now: datetime,
    origin: Origin,
    expected_version: int | None = None,
) -> list[CloudEvent]:
    """Append at `expected_version` (default: the version read now); order events are projected."""
    version = await tx.stream_version(stream_id) if expected_version is None else expected_version
    events = [
        build_event(
            item,
            subject=subject,
            source=SOURCE,
            sequence=version + i + 1,
            now=now,
            correlationid=origin.correlationid,
            causationid=origin.causationid,
            event_id=origin.event_id(item.event_type, subject, i),
        )
        for i, item in enumerate(data)
    ]
    result = await tx.append(stream_id, version, events)
    if not result.duplicate and stream_id.startswith("order-"):
        for event, position in zip(events, result.positions, strict=True):
            await projections.project_order(tx.conn, event, position)
        await _observe(tx, events)
    return events


async def _observe(tx: Transaction, events: Sequence[CloudEvent]) -> None:
    for event in events:
        if event.type in metrics.OBSERVED_TYPES:
            received_at = await projections.received_at(tx.conn, event.subject)
            tx.after_commit(partial(metrics.observe_order_event, event, received_at))

"""Appends license-svc events to their aggregate streams and updates the read models with them.

Key rule: `sequence` is the stream version the event lands at, and events made in answer to
another event get ids derived from it, so a replayed trigger re-creates the very same events.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from license_svc import projections
from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events import EventData, build_event
from lodestone_runtime.store import Transaction

SOURCE = "license-svc"


def application_stream(application_id: str) -> str:
    return f"application-{application_id}"


def license_stream(license_id: str) -> str:
    return f"license-{license_id}"


def license_check_stream(order_id: str) -> str:
    """Answers about a licence that does not exist have no licence stream to go to."""
    return f"license-check-{order_id}"


def green_channel_stream(applicant_id: str) -> str:
    return f"green-channel-{applicant_id}"


@dataclass(frozen=True)
class Origin:
    """Why events are written: a request (fresh ids) or a trigger event (derived ids)."""

    correlationid: str | None = None
    causationid: str | None = None
    trigger_id: str | None = None

    @classmethod
    def of_trigger(cls, trigger: CloudEvent) -> Origin:
        return cls(trigger.correlationid, trigger.id, trigger.id)

    def event_id(self, event_type: str) -> str | None:
        if self.trigger_id is None:
            return None
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.trigger_id}/{event_type}"))

    def derived_id(self, name: str) -> str:
        """A new aggregate id: random for a request, derived from the trigger otherwise."""
        if self.trigger_id is None:
            return str(uuid.uuid4())
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.trigger_id}/{name}"))


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
    """Append at `expected_version` (default: the version read now) and project each event."""
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
            event_id=origin.event_id(item.event_type),
        )
        for i, item in enumerate(data)
    ]
    result = await tx.append(stream_id, version, events)
    if not result.duplicate:
        for event in events:
            await projections.project(tx.conn, event)
    return events

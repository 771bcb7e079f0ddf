"""Appends license-svc events to their aggregate streams and updates the read models with them.

Events are built by the runtime's `append_events` (sequence = stream version, ids derived
from a trigger); this module names the streams and projects what was appended.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from license_svc import projections
from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events import EventData
from lodestone_runtime.origin import Origin, append_events
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
    events, result = await append_events(
        tx,
        stream_id,
        subject,
        data,
        source=SOURCE,
        now=now,
        origin=origin,
        expected_version=expected_version,
    )
    if not result.duplicate:
        for event in events:
            await projections.project(tx.conn, event)
    return events

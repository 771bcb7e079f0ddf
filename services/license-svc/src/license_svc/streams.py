"""Appends license-svc events to their aggregate streams and updates the read models with them.

Events are built by the runtime's `append_events` (sequence = stream version, ids derived
from a trigger); this module names the streams and projects what was appended.
"""

from __future__ import annotations

from license_svc import projections
from lodestone_contracts.envelope import CloudEvent
from lodestone_runtime.origin import EventWriter
from lodestone_runtime.store import AppendResult, Transaction

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


async def _project(
    tx: Transaction, _stream_id: str, events: list[CloudEvent], _result: AppendResult
) -> None:
    for event in events:
        await projections.project(tx.conn, event)


# Appends at `expected_version` (default: the version read now) and projects each event.
append = EventWriter(SOURCE, _project).append

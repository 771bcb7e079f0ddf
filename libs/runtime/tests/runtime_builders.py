"""Small builders for runtime tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from lodestone_contracts.envelope import CloudEvent, new_event


def green_channel_event(
    applicant: str = "acme", sequence: int = 1, event_id: str | None = None
) -> CloudEvent:
    """A valid, small event that every store and topic accepts."""
    return new_event(
        type="green_channel.granted",
        subject=applicant,
        data={"applicant_id": applicant, "granted_by": "admin-1"},
        source="test",
        sequence=sequence,
        now=datetime(2026, 1, 1, tzinfo=UTC),
        event_id=event_id or str(uuid.uuid4()),
    )

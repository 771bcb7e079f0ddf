"""`green_channel.*` event data (license-svc; subject = applicant_id)."""

from __future__ import annotations

from lodestone_contracts.events.data import EventData
from lodestone_contracts.shapes import NonEmpty


class GreenChannelGranted(EventData):
    event_type = "green_channel.granted"

    applicant_id: NonEmpty
    granted_by: NonEmpty
    note: str | None = None


class GreenChannelRevoked(EventData):
    event_type = "green_channel.revoked"

    applicant_id: NonEmpty
    revoked_by: NonEmpty


GREEN_CHANNEL_EVENTS: tuple[type[EventData], ...] = (GreenChannelGranted, GreenChannelRevoked)

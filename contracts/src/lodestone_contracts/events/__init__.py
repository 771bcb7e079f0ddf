"""Event data models, one per CloudEvents `type`, and the registry that maps a type to its model.

Unknown types and invalid data raise `EventDataError`, so a consumer can send the record to its DLQ.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import ValidationError

from lodestone_contracts.envelope import CloudEvent, new_event
from lodestone_contracts.events.application import APPLICATION_EVENTS
from lodestone_contracts.events.data import EventData, Record
from lodestone_contracts.events.green_channel import GREEN_CHANNEL_EVENTS
from lodestone_contracts.events.license import LICENSE_EVENTS
from lodestone_contracts.events.order import ORDER_EVENTS
from lodestone_contracts.events.restricted_list import RESTRICTED_LIST_EVENTS

EVENT_TYPES: dict[str, type[EventData]] = {
    model.event_type: model
    for model in (
        *ORDER_EVENTS,
        *APPLICATION_EVENTS,
        *LICENSE_EVENTS,
        *RESTRICTED_LIST_EVENTS,
        *GREEN_CHANNEL_EVENTS,
    )
}

__all__ = ["EVENT_TYPES", "EventData", "EventDataError", "Record", "build_event", "parse_data"]


class EventDataError(ValueError):
    """An event whose type is unknown or whose data does not fit its type's model."""

    def __init__(self, event_type: str, message: str) -> None:
        super().__init__(f"{event_type}: {message}")
        self.event_type = event_type


def parse_data(event: CloudEvent) -> EventData:
    """Validate an envelope's `data` against the model of its `type` (tolerant of extra fields)."""
    model = EVENT_TYPES.get(event.type)
    if model is None:
        raise EventDataError(event.type, "unknown event type")
    try:
        return model.model_validate(event.data)
    except ValidationError as exc:
        raise EventDataError(event.type, f"invalid data: {exc}") from exc


def build_event(
    data: EventData,
    *,
    subject: str,
    source: str,
    sequence: int,
    now: datetime,
    correlationid: str | None = None,
    causationid: str | None = None,
    event_id: str | None = None,
) -> CloudEvent:
    """Wrap a data model in its envelope; the type comes from the model, never from a string."""
    return new_event(
        type=data.event_type,
        subject=subject,
        data=data.to_data(),
        source=source,
        sequence=sequence,
        now=now,
        correlationid=correlationid,
        causationid=causationid,
        event_id=event_id,
    )

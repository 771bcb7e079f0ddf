"""The base of every event's `data` model: frozen and a tolerant reader (unknown fields ignored)."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    """A nested part of event data: frozen and tolerant like the event itself."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class EventData(Record):
    """One event type's payload; `event_type` names the CloudEvents `type` it travels under."""

    event_type: ClassVar[str]

    def to_data(self) -> dict[str, Any]:
        """JSON form for the envelope; absent optionals are left out rather than sent as null."""
        return self.model_dump(mode="json", exclude_none=True)

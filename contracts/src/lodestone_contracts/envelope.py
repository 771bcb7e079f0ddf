"""The CloudEvents 1.0 envelope every Lodestone event travels in.

Tolerant reader: unknown extension attributes are kept, never rejected, so that
additive changes never break an older consumer.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from lodestone_contracts.canonical import canonical_bytes

SPECVERSION = "1.0"
SCHEMA_BASE = "https://lodestone.example/schemas/events"


def format_time(moment: datetime) -> str:
    """RFC 3339 UTC with microseconds and a Z suffix: one textual form for hashing."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class CloudEvent(BaseModel):
    """A CloudEvents 1.0 structured event with Lodestone's three extensions."""

    model_config = ConfigDict(frozen=True, extra="allow")

    specversion: str = SPECVERSION
    id: str
    source: str
    type: str
    subject: str
    time: str
    datacontenttype: str = "application/json"
    dataschema: str
    correlationid: str
    causationid: str
    sequence: int = Field(ge=1)
    data: dict[str, Any]

    def to_json_dict(self) -> dict[str, Any]:
        """The event as plain JSON (extensions included)."""
        return self.model_dump(mode="json")

    def canonical(self) -> bytes:
        """RFC 8785 bytes of the whole event: what the audit log hashes."""
        return canonical_bytes(self.to_json_dict())


def dataschema_for(event_type: str) -> str:
    return f"{SCHEMA_BASE}/{event_type}.json"


def new_event(
    *,
    type: str,
    subject: str,
    data: dict[str, Any],
    source: str,
    sequence: int,
    now: datetime,
    correlationid: str | None = None,
    causationid: str | None = None,
    event_id: str | None = None,
) -> CloudEvent:
    """Build an envelope. Ids may be given so that a retried command re-creates the same event."""
    eid = event_id or str(uuid.uuid4())
    return CloudEvent(
        id=eid,
        source=source,
        type=type,
        subject=subject,
        time=format_time(now),
        dataschema=dataschema_for(type),
        correlationid=correlationid or eid,
        causationid=causationid or eid,
        sequence=sequence,
        data=data,
    )

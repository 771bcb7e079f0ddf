"""Why events are written, and appending them: the one way every service builds its events.

Key rule: `sequence` is the stream version an event lands at, and events made in answer to
another event get ids derived from that trigger (and the subject and place, since one trigger
can fan out), so a replayed trigger re-creates the very same events and the store dedupes them.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events import EventData, build_event
from lodestone_runtime.logs import correlation_id
from lodestone_runtime.store import AppendResult, Transaction


@dataclass(frozen=True)
class Origin:
    """A request (fresh ids, the request's correlation id) or a trigger event (derived ids)."""

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
        if self.trigger_id is None:
            return None
        name = f"{self.trigger_id}/{subject}/{nth}/{event_type}"
        return str(uuid.uuid5(uuid.NAMESPACE_URL, name))

    def derived_id(self, name: str) -> str:
        """A new aggregate id: random for a request, derived from the trigger otherwise."""
        if self.trigger_id is None:
            return str(uuid.uuid4())
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.trigger_id}/{name}"))


async def append_events(
    tx: Transaction,
    stream_id: str,
    subject: str,
    data: Sequence[EventData],
    *,
    source: str,
    now: datetime,
    origin: Origin,
    expected_version: int | None = None,
) -> tuple[list[CloudEvent], AppendResult]:
    """Append at `expected_version` (default: the version read now)."""
    version = await tx.stream_version(stream_id) if expected_version is None else expected_version
    events = [
        build_event(
            item,
            subject=subject,
            source=source,
            sequence=version + i + 1,
            now=now,
            correlationid=origin.correlationid,
            causationid=origin.causationid,
            event_id=origin.event_id(item.event_type, subject, i),
        )
        for i, item in enumerate(data)
    ]
    return events, await tx.append(stream_id, version, events)


# Folds freshly appended events into a service's read models, in the appending transaction.
Projector = Callable[[Transaction, str, list[CloudEvent], AppendResult], Awaitable[None]]


@dataclass(frozen=True)
class EventWriter:
    """A service's one way to append: its source name and the read models new events feed."""

    source: str
    project: Projector | None = None

    async def append(
        self,
        tx: Transaction,
        stream_id: str,
        subject: str,
        data: Sequence[EventData],
        *,
        now: datetime,
        origin: Origin,
        expected_version: int | None = None,
    ) -> list[CloudEvent]:
        """Append, then project unless the same events were already stored."""
        events, result = await append_events(
            tx,
            stream_id,
            subject,
            data,
            source=self.source,
            now=now,
            origin=origin,
            expected_version=expected_version,
        )
        if not result.duplicate and self.project is not None:
            await self.project(tx, stream_id, events, result)
        return events

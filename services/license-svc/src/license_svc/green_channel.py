"""The green channel registry: admins grant and revoke trusted applicants (stream per applicant).

Granting an applicant already on the channel, like revoking one who is not, appends nothing.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from license_svc import projections
from license_svc.commands import Clock
from license_svc.streams import append, green_channel_stream
from lodestone_contracts.events.green_channel import GreenChannelGranted, GreenChannelRevoked
from lodestone_runtime.origin import Origin
from lodestone_runtime.problems import ProblemError
from lodestone_runtime.store import EventStore, StoredEvent, Transaction


class GrantRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    note: str | None = Field(default=None, max_length=2000)


class GreenChannelEntry(BaseModel):
    applicant_id: str
    granted_by: str
    granted_at: str
    note: str | None = None


class GreenChannelList(BaseModel):
    applicants: list[GreenChannelEntry]


def _on_channel(stream: list[StoredEvent]) -> bool:
    return bool(stream) and stream[-1].event.type == GreenChannelGranted.event_type


async def is_granted(conn: AsyncConnection, applicant_id: str) -> bool:
    table = projections.green_channel
    query = select(table.c.applicant_id).where(table.c.applicant_id == applicant_id)
    return (await conn.execute(query)).first() is not None


async def _entry(conn: AsyncConnection, applicant_id: str) -> GreenChannelEntry:
    table = projections.green_channel
    query = select(table).where(table.c.applicant_id == applicant_id)
    row = (await conn.execute(query)).one()
    return GreenChannelEntry.model_validate(row._asdict())


class GreenChannelService:
    def __init__(self, store: EventStore, now: Clock) -> None:
        self._store = store
        self._now = now

    async def grant(
        self, applicant_id: str, request: GrantRequest, granted_by: str
    ) -> GreenChannelEntry:
        async def work(tx: Transaction) -> GreenChannelEntry:
            stream_id = green_channel_stream(applicant_id)
            stream = await tx.read_stream(stream_id)
            if not _on_channel(stream):
                data = GreenChannelGranted(
                    applicant_id=applicant_id, granted_by=granted_by, note=request.note
                )
                await append(
                    tx,
                    stream_id,
                    applicant_id,
                    [data],
                    now=self._now(),
                    origin=Origin.of_request(),
                    expected_version=len(stream),
                )
            return await _entry(tx.conn, applicant_id)

        return await self._store.write(work)

    async def revoke(self, applicant_id: str, revoked_by: str) -> None:
        """404 when the applicant is not on the channel."""

        async def work(tx: Transaction) -> None:
            stream_id = green_channel_stream(applicant_id)
            stream = await tx.read_stream(stream_id)
            if not _on_channel(stream):
                raise ProblemError(404, f"applicant {applicant_id} is not on the green channel")
            data = GreenChannelRevoked(applicant_id=applicant_id, revoked_by=revoked_by)
            await append(
                tx,
                stream_id,
                applicant_id,
                [data],
                now=self._now(),
                origin=Origin.of_request(),
                expected_version=len(stream),
            )

        await self._store.write(work)

    async def list(self) -> GreenChannelList:
        table = projections.green_channel
        async with self._store.reading() as conn:
            rows = (await conn.execute(select(table).order_by(table.c.applicant_id))).all()
        return GreenChannelList(
            applicants=[GreenChannelEntry.model_validate(row._asdict()) for row in rows]
        )

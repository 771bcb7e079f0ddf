"""Append-only event streams with optimistic concurrency and a dense global position.

Key rule: positions are assigned while holding the store's write lock (SQLite's
BEGIN IMMEDIATE, a PostgreSQL transaction advisory lock), so they become visible
in commit order and a reader polling `position > n` can never skip a late commit.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import MetaData, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from lodestone_contracts.envelope import CloudEvent
from lodestone_runtime import metrics
from lodestone_runtime.store import schema
from lodestone_runtime.store import statements as sql
from lodestone_runtime.store.database import Engines, create_engines, ensure_schema

T = TypeVar("T")
# Any constant works: every writer of one store must contend for the same lock.
_WRITE_LOCK_KEY = 727_400_001


class ConcurrencyConflict(Exception):
    """The stream moved past the expected version: re-read and decide again."""

    def __init__(self, stream_id: str, expected: int, current: int) -> None:
        super().__init__(f"stream {stream_id}: expected version {expected}, current {current}")
        self.stream_id = stream_id
        self.expected = expected
        self.current = current


@dataclass(frozen=True)
class StoredEvent:
    position: int
    stream_id: str
    stream_version: int
    event: CloudEvent


@dataclass(frozen=True)
class AppendResult:
    positions: tuple[int, ...]
    duplicate: bool
    version: int


def _row_to_event(row: Any) -> StoredEvent:
    return StoredEvent(
        position=int(row.position),
        stream_id=str(row.stream_id),
        stream_version=int(row.stream_version),
        event=CloudEvent.model_validate_json(row.body),
    )


def _count_appended(events: Sequence[CloudEvent]) -> None:
    for event in events:
        metrics.EVENTS_APPENDED.labels(type=event.type).inc()


class Transaction:
    """One unit of work: appends, inbox claims and read-model writes commit together."""

    def __init__(self, conn: AsyncConnection, dialect: str) -> None:
        self.conn = conn
        self.dialect = dialect
        self._locked = dialect == "sqlite"  # BEGIN IMMEDIATE already holds the lock
        self.appended = False
        self._after_commit: list[Callable[[], None]] = []

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once this transaction has committed; never after a rollback."""
        self._after_commit.append(callback)

    def committed(self) -> None:
        for callback in self._after_commit:
            callback()

    async def _lock(self) -> None:
        if not self._locked:
            await self.conn.execute(
                text("SELECT pg_advisory_xact_lock(:k)"), {"k": _WRITE_LOCK_KEY}
            )
            self._locked = True

    async def stream_version(self, stream_id: str) -> int:
        found = await self.conn.execute(sql.STREAM_VERSION, {"stream_id": stream_id})
        return int(found.scalar() or 0)

    async def read_stream(self, stream_id: str, from_version: int = 1) -> list[StoredEvent]:
        """The stream's events from `from_version` on (a snapshot's version, to catch up)."""
        params = {"stream_id": stream_id, "from_version": from_version}
        return [_row_to_event(r) for r in (await self.conn.execute(sql.READ_STREAM, params)).all()]

    async def append(
        self, stream_id: str, expected_version: int, events: Sequence[CloudEvent]
    ) -> AppendResult:
        """Append at `expected_version`; the same event ids again return the first positions."""
        if not events:
            return AppendResult(positions=(), duplicate=False, version=expected_version)
        await self._lock()
        ids = [e.id for e in events]
        # One round trip for the three facts an append needs (this is every write's hot path).
        facts = {"stream_id": stream_id, "ids": ids}
        version, top, seen = (await self.conn.execute(sql.APPEND_FACTS, facts)).one()
        current = int(version or 0)
        if seen:
            found = {
                r.event_id: int(r.position)
                for r in await self.conn.execute(sql.FOUND_IDS, {"ids": ids})
            }
            if len(found) == len(ids):
                return AppendResult(tuple(found[i] for i in ids), duplicate=True, version=current)
            raise ConcurrencyConflict(stream_id, expected_version, current)
        if current != expected_version:
            raise ConcurrencyConflict(stream_id, expected_version, current)
        first = int(top or 0) + 1
        rows = [
            {
                "position": first + i,
                "event_id": e.id,
                "stream_id": stream_id,
                "stream_version": expected_version + i + 1,
                "type": e.type,
                "body": json.dumps(e.to_json_dict(), separators=(",", ":"), ensure_ascii=False),
            }
            for i, e in enumerate(events)
        ]
        await self.conn.execute(sql.INSERT_EVENTS, rows)
        self.appended = True
        self.after_commit(lambda: _count_appended(events))
        positions = tuple(first + i for i in range(len(rows)))
        return AppendResult(positions, duplicate=False, version=expected_version + len(events))

    async def claim_inbox_many(self, consumer: str, event_ids: Sequence[str]) -> set[str]:
        """Claim several event ids at once; returns those not handled before (duplicates once)."""
        unique = list(dict.fromkeys(event_ids))
        if not unique:
            return set()
        seen: set[str] = set()
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            rows = await self.conn.execute(sql.INBOX_SEEN, {"consumer": consumer, "ids": chunk})
            seen.update(str(r.event_id) for r in rows)
        fresh = [i for i in unique if i not in seen]
        if fresh:
            await self.conn.execute(
                sql.INBOX_INSERT, [{"consumer": consumer, "event_id": i} for i in fresh]
            )
        return set(fresh)

    async def claim_inbox(self, consumer: str, event_id: str) -> bool:
        """Record that `consumer` handles `event_id`; False when it already did."""
        found = (
            await self.conn.execute(
                select(schema.inbox.c.event_id).where(
                    schema.inbox.c.consumer == consumer, schema.inbox.c.event_id == event_id
                )
            )
        ).first()
        if found is not None:
            return False
        await self.conn.execute(schema.inbox.insert(), {"consumer": consumer, "event_id": event_id})
        return True


class EventStore:
    """A service's store. Open with `EventStore.open(url)`; close when the service stops."""

    def __init__(self, engines: Engines) -> None:
        self._engines = engines
        self.dialect = engines.dialect
        self.appended = asyncio.Event()

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        schema_name: str | None = None,
        extra: Sequence[MetaData] = (),
        synced: bool = True,
    ) -> EventStore:
        """`synced=False` lets SQLite skip the fsync per commit (PostgreSQL is unaffected)."""
        if schema_name and not url.startswith("sqlite"):
            await ensure_schema(url, schema_name)
        engines = create_engines(url, schema_name, synced=synced)
        async with engines.writer.begin() as conn:
            for meta in (schema.metadata, *extra):
                await conn.run_sync(meta.create_all)
        store = cls(engines)
        await store.install_guards()
        return store

    async def install_guards(self) -> None:
        """Hook for subclasses (audit-svc adds append-only triggers)."""

    @property
    def engines(self) -> Engines:
        return self._engines

    async def close(self) -> None:
        await self._engines.dispose()

    async def ping(self) -> None:
        async with self._engines.reader.connect() as conn:
            await conn.execute(text("SELECT 1"))

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        async with self._engines.writer.begin() as conn:
            tx = Transaction(conn, self.dialect)
            yield tx
        tx.committed()
        if tx.appended:
            self.appended.set()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncConnection]:
        async with self._engines.reader.connect() as conn:
            yield conn

    async def write(self, work: Callable[[Transaction], Awaitable[T]], retries: int = 8) -> T:
        """Run `work` in a transaction, retrying it on a concurrency conflict."""
        for attempt in range(retries):
            try:
                async with self.transaction() as tx:
                    return await work(tx)
            except ConcurrencyConflict:
                if attempt == retries - 1:
                    raise
                await asyncio.sleep(0.005 * (attempt + 1))
        raise AssertionError("unreachable")

    async def _rows_after(self, after: int, limit: int) -> Sequence[Any]:
        async with self.reading() as conn:
            return (await conn.execute(sql.READ_ALL, {"after": after, "limit": limit})).all()

    async def read_all(self, after: int = 0, limit: int = 500) -> list[StoredEvent]:
        return [_row_to_event(r) for r in await self._rows_after(after, limit)]

    async def read_all_json(self, after: int = 0, limit: int = 500) -> list[tuple[int, Any]]:
        """(position, event as stored JSON) after `after`: for the relay, which needs no model."""
        return [(int(r.position), json.loads(r.body)) for r in await self._rows_after(after, limit)]

    async def read_stream(self, stream_id: str) -> list[StoredEvent]:
        async with self.reading() as conn:
            return await Transaction(conn, self.dialect).read_stream(stream_id)

    async def head(self) -> int:
        async with self.reading() as conn:
            top = (await conn.execute(select(func.max(schema.events.c.position)))).scalar()
        return int(top or 0)

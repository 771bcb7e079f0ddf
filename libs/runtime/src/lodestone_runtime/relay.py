"""Transactional outbox relay: tails the store by position and publishes to Kafka.

Key rule: the position is recorded only after the broker acknowledged the whole batch,
so a crash between the two re-publishes (consumers dedupe) and never skips. Under load it is
recorded at most once per `save_every` seconds (and whenever the relay catches up): a write
transaction per produce request competed with the API for the single writer, and a crash
only re-publishes what the consumers' inboxes already dedupe.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from aiokafka import AIOKafkaProducer
from sqlalchemy import select

from lodestone_contracts.kafka_codec import encode_json
from lodestone_contracts.topics import topic_for_json
from lodestone_runtime import metrics
from lodestone_runtime.store import EventStore, schema

log = logging.getLogger(__name__)


class OutboxRelay:
    def __init__(
        self,
        store: EventStore,
        producer: AIOKafkaProducer,
        *,
        name: str = "outbox",
        batch_size: int = 1000,
        idle_poll: float = 0.2,
        linger: float = 0.01,
        save_every: float = 1.0,
        prepare: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._store = store
        self._producer = producer
        self._name = name
        self._batch_size = batch_size
        self._idle_poll = idle_poll
        # Waiting a moment after a wake-up gathers a burst into one produce request: the
        # embedded broker slows down with the number of record batches it holds (§3a).
        self._linger = linger
        self._save_every = save_every
        self._epoch: str | None = None
        # The position the broker has acknowledged, and whether the store has it yet. Only
        # this relay writes its row, so the row is read once and again after any failure.
        self._acked: tuple[int, str] | None = None
        self._unsaved = False
        self._saved_at = 0.0
        # Runs after a broker fault, before the next publish: the broker may be a fresh one
        # without our topics (a send would auto-create them with the broker's defaults) and
        # without our earlier events (publishing on from our position would put an order's
        # later events on it before its first ones). The host passes the epoch check.
        self._prepare = prepare
        self._prepared = True
        self.published = 0

    async def on_epoch(self, epoch: str) -> None:
        """A new broker life: everything in the store must reach it again."""
        self._epoch = epoch
        self._store.appended.set()

    async def position(self) -> tuple[int, str]:
        async with self._store.reading() as conn:
            row = (
                await conn.execute(
                    select(schema.relay_state).where(schema.relay_state.c.name == self._name)
                )
            ).first()
        return (int(row.position), str(row.epoch)) if row else (0, "")

    async def _save(self, position: int, epoch: str) -> None:
        async with self._store.transaction() as tx:
            table = schema.relay_state
            updated = await tx.conn.execute(
                table.update()
                .where(table.c.name == self._name)
                .values(position=position, epoch=epoch)
            )
            if updated.rowcount == 0:
                await tx.conn.execute(
                    table.insert(), {"name": self._name, "position": position, "epoch": epoch}
                )

    async def publish_once(self) -> int:
        """Publish the next batch; returns how many events went out."""
        try:
            return await self._publish_next()
        except Exception:
            self._acked = None  # after any failure, start again from what the store holds
            raise

    async def _publish_next(self) -> int:
        if self._epoch is None:
            return 0
        if not self._prepared and self._prepare is not None:
            await self._prepare()  # may move us to a new epoch: read it afterwards
        self._prepared = True
        epoch = self._epoch
        if self._acked is None:
            self._acked, self._unsaved = await self.position(), False
        position, published_epoch = self._acked
        if published_epoch != epoch:
            position = 0
        batch = await self._store.read_all_json(after=position, limit=self._batch_size)
        if not batch:
            if published_epoch != epoch or self._unsaved:
                await self._record(position, epoch)
            return 0
        futures = []
        # Straight from the stored JSON: the events were validated when they were appended.
        for _position, event in batch:
            key, value, headers = encode_json(event)
            topic = topic_for_json(event)
            futures.append(await self._producer.send(topic, value=value, key=key, headers=headers))
        await asyncio.gather(*futures)
        last = batch[-1][0]
        self._acked, self._unsaved = (last, epoch), True
        if published_epoch != epoch or time.monotonic() - self._saved_at >= self._save_every:
            await self._record(last, epoch)
        self.published += len(batch)
        metrics.OUTBOX_PUBLISHED.inc(len(batch))
        return len(batch)

    async def _record(self, position: int, epoch: str) -> None:
        await self._save(position, epoch)
        self._acked, self._unsaved = (position, epoch), False
        self._saved_at = time.monotonic()

    async def flush(self) -> None:
        """Record an acknowledged position not yet saved (on a graceful stop)."""
        if self._unsaved and self._acked is not None:
            await self._record(*self._acked)

    async def lag(self) -> int:
        position, _ = await self.position()
        return max(0, await self._store.head() - position)

    async def run(self) -> None:
        while True:
            self._store.appended.clear()
            try:
                sent = await self.publish_once()
                # A short batch read everything there was: no lag worth a query.
                metrics.OUTBOX_LAG.set(await self.lag() if sent == self._batch_size else 0)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # broker unavailable: keep the position, retry
                log.warning("outbox relay: %s", exc)
                self._prepared = False
                await asyncio.sleep(0.5)
                continue
            if sent < self._batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._store.appended.wait(), self._idle_poll)
                await asyncio.sleep(self._linger)

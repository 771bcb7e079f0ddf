"""Broker amnesia detection: the first record of the epoch topic names the broker's life.

The embedded broker forgets everything on restart. Whoever finds the epoch topic empty
writes a fresh id; every service compares it with the id it last published under and,
when it changed, re-publishes its store and re-reads its topics from the start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from lodestone_contracts.topics import ALL_TOPICS, EPOCH_TOPIC, dlq_for
from lodestone_runtime.kafka import KafkaConfig, ensure_topics

log = logging.getLogger(__name__)
EpochListener = Callable[[str], Awaitable[None]]


# Every topic a Lodestone broker holds: the event topics, their dead-letter queues, the epoch.
_EVERY_TOPIC = (*ALL_TOPICS, *(dlq_for(t) for t in ALL_TOPICS), EPOCH_TOPIC)


async def ensure_all_topics(config: KafkaConfig) -> None:
    """Create every Lodestone topic with its partition count. Run it before a client touches a
    topic: a metadata request for a missing topic makes the broker auto-create it with the
    broker's default count (4 on Tansu, `num.partitions` on Kafka), which then sticks."""
    await ensure_topics(config, _EVERY_TOPIC, single_partition=[EPOCH_TOPIC])


class BrokerEpoch:
    """Knows the current broker epoch and tells listeners when it changes.

    The watch checks every second, so its clients live across checks: a new admin client and
    reader per check (connect, bootstrap, metadata, close) in every service cost the idle
    system ~15 % more CPU, and screening-svc ~9 % more per order at 100 orders/s (measured).
    Any failure drops them; the next check connects afresh (a restarted broker included).
    """

    def __init__(self, config: KafkaConfig, interval: float = 1.0) -> None:
        self._config = config
        self._interval = interval
        self._listeners: list[EpochListener] = []
        self.current: str | None = None
        self.ready = asyncio.Event()
        self._checking = asyncio.Lock()  # the watch and the relay both check: tell listeners once
        self._admin: AIOKafkaAdminClient | None = None
        self._reader: AIOKafkaConsumer | None = None

    def subscribe(self, listener: EpochListener) -> None:
        self._listeners.append(listener)

    async def _clients(self) -> tuple[AIOKafkaAdminClient, AIOKafkaConsumer]:
        if self._admin is None:
            admin = AIOKafkaAdminClient(
                bootstrap_servers=self._config.bootstrap, request_timeout_ms=10000
            )
            await admin.start()
            self._admin = admin
        if self._reader is None:
            reader = self._config.reader()
            await reader.start()
            self._reader = reader
        return self._admin, self._reader

    async def close(self) -> None:
        admin, reader, self._admin, self._reader = self._admin, self._reader, None, None
        with contextlib.suppress(Exception):
            if reader is not None:
                await reader.stop()
        with contextlib.suppress(Exception):
            if admin is not None:
                await admin.close()

    async def _read_first(self, reader: AIOKafkaConsumer) -> str | None:
        tp = TopicPartition(EPOCH_TOPIC, 0)
        if tp not in reader.assignment():
            reader.assign([tp])
        reader.resume(tp)
        try:
            await reader.seek_to_beginning(tp)
            end = (await reader.end_offsets([tp]))[tp]
            if end == 0:
                return None
            record = await asyncio.wait_for(reader.getone(tp), timeout=5)
            return record.value.decode() if record.value else None
        finally:
            reader.pause(tp)  # no background fetching between checks

    async def establish(self) -> str:
        """Find (or found) the epoch; creates every topic first so a fresh broker is usable."""
        try:
            return await self._establish()
        except Exception:
            await self.close()
            raise

    async def _establish(self) -> str:
        admin, reader = await self._clients()
        # Before the reader touches the epoch topic: a fresh broker would auto-create it (and
        # any topic) with its default partition count on the first metadata request.
        if not set(_EVERY_TOPIC) <= set(await admin.list_topics()):
            await ensure_all_topics(self._config)
        found = await self._read_first(reader)
        if found is None:
            producer = self._config.producer("epoch")
            await producer.start()
            try:
                await producer.send_and_wait(EPOCH_TOPIC, uuid.uuid4().hex.encode(), key=b"epoch")
            finally:
                await producer.stop()
            found = await self._read_first(reader)
        if found is None:
            raise RuntimeError("epoch topic stayed empty after a write")
        return found

    async def check(self) -> None:
        async with self._checking:
            epoch = await self.establish()
            if epoch != self.current:
                previous, self.current = self.current, epoch
                if previous is not None:
                    log.warning("broker epoch changed %s -> %s: replaying", previous, epoch)
                for listener in self._listeners:
                    await listener(epoch)
        self.ready.set()

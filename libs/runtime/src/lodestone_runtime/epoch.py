"""Broker amnesia detection: the first record of the epoch topic names the broker's life.

The embedded broker forgets everything on restart. Whoever finds the epoch topic empty
writes a fresh id; every service compares it with the id it last published under and,
when it changed, re-publishes its store and re-reads its topics from the start.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable

from aiokafka import TopicPartition

from lodestone_contracts.topics import ALL_TOPICS, EPOCH_TOPIC, dlq_for
from lodestone_runtime.kafka import KafkaConfig, ensure_topics

log = logging.getLogger(__name__)
EpochListener = Callable[[str], Awaitable[None]]


async def ensure_all_topics(config: KafkaConfig) -> None:
    """Create every Lodestone topic with its partition count. Run it before a client touches a
    topic: a metadata request for a missing topic makes the broker auto-create it with the
    broker's default count (4 on Tansu, `num.partitions` on Kafka), which then sticks."""
    topics = [*ALL_TOPICS, *(dlq_for(t) for t in ALL_TOPICS), EPOCH_TOPIC]
    await ensure_topics(config, topics, single_partition=[EPOCH_TOPIC])


class BrokerEpoch:
    """Knows the current broker epoch and tells listeners when it changes."""

    def __init__(self, config: KafkaConfig, interval: float = 1.0) -> None:
        self._config = config
        self._interval = interval
        self._listeners: list[EpochListener] = []
        self.current: str | None = None
        self.ready = asyncio.Event()
        self._checking = asyncio.Lock()  # the watch and the relay both check: tell listeners once

    def subscribe(self, listener: EpochListener) -> None:
        self._listeners.append(listener)

    async def _read_first(self) -> str | None:
        reader = self._config.reader()
        await reader.start()
        try:
            tp = TopicPartition(EPOCH_TOPIC, 0)
            reader.assign([tp])
            await reader.seek_to_beginning(tp)
            end = (await reader.end_offsets([tp]))[tp]
            if end == 0:
                return None
            record = await asyncio.wait_for(reader.getone(tp), timeout=5)
            return record.value.decode() if record.value else None
        finally:
            await reader.stop()

    async def establish(self) -> str:
        """Find (or found) the epoch; creates every topic first so a fresh broker is usable."""
        await ensure_all_topics(self._config)
        found = await self._read_first()
        if found is None:
            producer = self._config.producer("epoch")
            await producer.start()
            try:
                await producer.send_and_wait(EPOCH_TOPIC, uuid.uuid4().hex.encode(), key=b"epoch")
            finally:
                await producer.stop()
            found = await self._read_first()
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

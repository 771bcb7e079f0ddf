"""Runs a service's background machinery: store, producer, epoch watch, outbox relay, consumers.

The API starts serving at once; Kafka parts connect in the background and /readyz
reports 503 until the broker answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaProducer
from sqlalchemy import MetaData

from lodestone_runtime.consumer import EventConsumer, PriorityGate, Subscription
from lodestone_runtime.epoch import BrokerEpoch
from lodestone_runtime.kafka import KafkaConfig
from lodestone_runtime.relay import OutboxRelay
from lodestone_runtime.store import EventStore

log = logging.getLogger(__name__)


@dataclass
class ServiceHost:
    name: str
    store_url: str
    kafka: KafkaConfig
    schema_name: str | None = None
    synced: bool = True
    metadata: Sequence[MetaData] = ()
    subscriptions: Callable[[EventStore], Sequence[Subscription]] = lambda _store: ()
    store: EventStore | None = None
    producer: AIOKafkaProducer | None = None
    relay: OutboxRelay | None = None
    consumers: list[EventConsumer] = field(default_factory=list)
    epoch: BrokerEpoch | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _last_broker_ok: float = 0.0
    _gate: PriorityGate = field(default_factory=PriorityGate)

    async def open_store(self) -> EventStore:
        self.store = await EventStore.open(
            self.store_url, schema_name=self.schema_name, extra=self.metadata, synced=self.synced
        )
        return self.store

    async def start_background(self) -> None:
        self._spawn(self._connect(), "connect")

    async def start(self) -> EventStore:
        store = await self.open_store()
        await self.start_background()
        return store

    async def _connect(self) -> None:
        assert self.store is not None
        while True:
            producer = self.kafka.producer(self.name)
            try:
                await producer.start()
                break
            except Exception as exc:
                log.info("broker not reachable yet: %s", exc)
                await producer.stop()
                await asyncio.sleep(0.5)
        self.producer = producer
        self.epoch = BrokerEpoch(self.kafka)
        self.relay = OutboxRelay(
            self.store,
            producer,
            name=f"{self.name}-outbox",
            linger=self.kafka.relay_linger_ms / 1000,
            prepare=self.epoch.check,
        )
        self.epoch.subscribe(self.relay.on_epoch)
        self.epoch.subscribe(self._mark_broker_ok)
        for sub in self.subscriptions(self.store):
            consumer = EventConsumer(self.store, self.kafka, producer, sub, gate=self._gate)
            self.epoch.subscribe(consumer.on_epoch)
            self.consumers.append(consumer)
        self._spawn(self._watch_epoch(), "epoch")
        self._spawn(self.relay.run(), "relay")
        for consumer in self.consumers:
            self._spawn(consumer.run(), "consumer")

    async def _mark_broker_ok(self, _epoch: str) -> None:
        self._last_broker_ok = time.monotonic()

    async def _watch_epoch(self) -> None:
        assert self.epoch is not None
        while True:
            try:
                await self.epoch.check()
                self._last_broker_ok = time.monotonic()
            except Exception as exc:
                log.info("broker epoch check failed: %s", exc)
            await asyncio.sleep(1.0)

    def add_task(self, coro: Coroutine[Any, Any, None], label: str) -> None:
        """Run a service's own background loop; it is cancelled when the service stops."""
        self._spawn(coro, label)

    def _spawn(self, coro: Coroutine[Any, Any, None], label: str) -> None:
        task = asyncio.create_task(coro, name=f"{self.name}-{label}")
        self._tasks.append(task)

    async def check_store(self) -> None:
        if self.store is None:
            raise RuntimeError("store not open")
        await self.store.ping()

    async def check_broker(self) -> None:
        if time.monotonic() - self._last_broker_ok > 5.0:
            raise RuntimeError("broker not reachable")

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        if self.relay is not None:
            with contextlib.suppress(Exception):  # a failed flush only re-publishes on start
                await self.relay.flush()
        if self.epoch is not None:
            await self.epoch.close()
        if self.producer is not None:
            await self.producer.stop()
        if self.store is not None:
            await self.store.close()

"""Outbox relay and consumer against the real embedded broker: effects happen exactly once."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from runtime_builders import green_channel_event

from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.kafka_codec import encode
from lodestone_contracts.topics import GREEN_CHANNEL_TOPIC, dlq_for
from lodestone_runtime.broker import EmbeddedBroker
from lodestone_runtime.consumer import EventConsumer, Subscription
from lodestone_runtime.epoch import BrokerEpoch
from lodestone_runtime.kafka import KafkaConfig
from lodestone_runtime.relay import OutboxRelay
from lodestone_runtime.store import EventStore, Transaction


@dataclass
class Pipeline:
    """A source store and relay; a sink store whose consumer records one effect per event."""

    source: EventStore
    sink: EventStore
    relay: OutboxRelay
    consumer: EventConsumer
    epoch: BrokerEpoch
    config: KafkaConfig

    async def effects(self) -> list[str]:
        return [s.event.data["applicant_id"] for s in await self.sink.read_all(limit=100_000)]


async def record_effect(tx: Transaction, event: CloudEvent) -> None:
    stream = "effect-" + event.id
    await tx.append(stream, 0, [green_channel_event(event.data["applicant_id"], 1)])


@contextlib.asynccontextmanager
async def pipeline(broker: EmbeddedBroker, tmp_path: Path) -> AsyncIterator[Pipeline]:
    config = KafkaConfig(bootstrap=broker.bootstrap)
    source = await EventStore.open(f"sqlite+aiosqlite:///{tmp_path / 'source.db'}")
    sink = await EventStore.open(f"sqlite+aiosqlite:///{tmp_path / 'sink.db'}")
    producer = config.producer("test")
    await producer.start()
    epoch = BrokerEpoch(config)
    relay = OutboxRelay(source, producer)
    consumer = EventConsumer(
        sink, config, producer, Subscription("sink", (GREEN_CHANNEL_TOPIC,), record_effect)
    )
    epoch.subscribe(relay.on_epoch)
    epoch.subscribe(consumer.on_epoch)
    await epoch.check()
    tasks = [asyncio.create_task(consumer.run())]
    try:
        yield Pipeline(source, sink, relay, consumer, epoch, config)
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await epoch.close()
        await producer.stop()
        await source.close()
        await sink.close()


async def append_events(store: EventStore, count: int, prefix: str) -> None:
    for i in range(count):
        async with store.transaction() as tx:
            await tx.append(f"{prefix}-{i}", 0, [green_channel_event(f"{prefix}-{i}", 1)])


async def eventually(check: Callable[[], Awaitable[bool]], within: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while asyncio.get_running_loop().time() < deadline:
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached in time")


async def test_crash_between_publish_and_position_save_has_one_effect(
    kafka_ready: EmbeddedBroker, tmp_path: Path
) -> None:
    async with pipeline(kafka_ready, tmp_path) as p:
        await append_events(p.source, 5, "crash")
        saved = p.relay._save

        async def crash(_position: int, _epoch: str) -> None:
            raise ConnectionError("killed after the broker acknowledged")

        p.relay._save = crash  # type: ignore[method-assign]
        with pytest.raises(ConnectionError):
            await p.relay.publish_once()
        assert (await p.relay.position())[0] == 0
        p.relay._save = saved  # type: ignore[method-assign]
        assert await p.relay.publish_once() == 5  # the restarted relay publishes again
        await eventually(lambda: _count(p, 5))
        await asyncio.sleep(0.5)
        assert sorted(await p.effects()) == sorted(f"crash-{i}" for i in range(5))


async def _count(p: Pipeline, n: int) -> bool:
    return len(await p.effects()) >= n


async def test_the_same_event_delivered_twice_has_one_effect(
    kafka_ready: EmbeddedBroker, tmp_path: Path
) -> None:
    async with pipeline(kafka_ready, tmp_path) as p:
        event = green_channel_event("twice", 1)
        producer = p.config.producer("dup")
        await producer.start()
        key, value, headers = encode(event)
        for _ in range(2):
            await producer.send_and_wait(GREEN_CHANNEL_TOPIC, value=value, key=key, headers=headers)
        await producer.stop()
        await eventually(lambda: _count(p, 1))
        await eventually(lambda: _handled(p, 2))
        assert await p.effects() == ["twice"]


async def _handled(p: Pipeline, n: int) -> bool:
    return p.consumer.handled >= n


async def test_poison_goes_to_the_dlq_and_the_next_message_is_handled(
    kafka_ready: EmbeddedBroker, tmp_path: Path
) -> None:
    async with pipeline(kafka_ready, tmp_path) as p:
        producer = p.config.producer("poison")
        await producer.start()
        good = green_channel_event("after-poison", 1)
        unknown = good.model_copy(update={"type": "green_channel.unheard_of", "id": "u1"})
        invalid = good.model_copy(update={"data": {"applicant_id": ""}, "id": "i1"})
        await producer.send_and_wait(
            GREEN_CHANNEL_TOPIC, value=b"\xff not json", key=b"after-poison"
        )
        for bad in (unknown, invalid, good):
            key, value, headers = encode(bad)
            await producer.send_and_wait(GREEN_CHANNEL_TOPIC, value=value, key=key, headers=headers)
        await producer.stop()
        await eventually(lambda: _count(p, 1))
        assert await p.effects() == ["after-poison"]
        dead = await read_topic(p.config, dlq_for(GREEN_CHANNEL_TOPIC), 3)
        assert len(dead) == 3
        assert all(dict(r.headers)["error_type"] for r in dead)


async def read_topic(config: KafkaConfig, topic: str, expected: int) -> list[object]:
    reader = config.reader()
    await reader.start()
    reader.subscribe([topic])
    found: list[object] = []
    try:
        deadline = asyncio.get_running_loop().time() + 15
        while len(found) < expected and asyncio.get_running_loop().time() < deadline:
            for records in (await reader.getmany(timeout_ms=200)).values():
                found.extend(records)
    finally:
        await reader.stop()
    return found


async def test_a_broker_restarted_empty_gets_every_event_again_with_effects_once(
    kafka_ready: EmbeddedBroker, tmp_path: Path
) -> None:
    async with pipeline(kafka_ready, tmp_path) as p:
        await append_events(p.source, 20, "before")
        relay_task = asyncio.create_task(p.relay.run())
        await eventually(lambda: _count(p, 20))
        kafka_ready.restart()
        await append_events(p.source, 10, "after")
        await eventually(lambda: _epoch_changed(p), within=30)
        await eventually(lambda: _count(p, 30), within=30)
        await eventually(lambda: _handled(p, 50), within=30)  # all 30 re-delivered after restart
        relay_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await relay_task
        effects = await p.effects()
        assert len(effects) == 30
        assert len(set(effects)) == 30


async def _epoch_changed(p: Pipeline) -> bool:
    before = p.epoch.current
    with contextlib.suppress(Exception):
        await p.epoch.check()
    return p.epoch.current != before

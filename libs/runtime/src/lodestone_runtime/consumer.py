"""Kafka consumer runtime: inbox dedupe, dead-letter queue, offsets committed after the store.

Key rule: a batch's effects and its inbox rows commit in one store transaction before
the Kafka offsets are committed; a crash in between re-delivers, the inbox ignores it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord

from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events import parse_data
from lodestone_contracts.kafka_codec import UndecodableEvent, decode
from lodestone_contracts.topics import dlq_for
from lodestone_runtime import metrics
from lodestone_runtime.kafka import KafkaConfig, ensure_topics
from lodestone_runtime.store import EventStore, Transaction

log = logging.getLogger(__name__)
Handler = Callable[[Transaction, CloudEvent], Awaitable[None]]
BatchHandler = Callable[[Transaction, list[CloudEvent]], Awaitable[None]]


class PoisonEvent(Exception):
    """A well-formed event a handler can never process: send it to the DLQ."""


class EarlierEventMissing(Exception):
    """An event arrived before one it builds on (another service's earlier event).

    Retried like any failure, then dead-lettered. The usual cause is a fresh broker: a relay
    published new events to it before it noticed and replayed the old ones. When the epoch
    watch notices meanwhile, the consumer drops the batch and the replay brings both in order.
    """


class _Rewound(Exception):
    """A fresh broker was noticed mid-batch: drop the batch, the replay re-delivers it."""


@dataclass(frozen=True)
class Subscription:
    """A consumer group's topics and handler; a batch handler gets a poll's new events at once."""

    group: str
    topics: tuple[str, ...]
    handler: Handler | None = None
    types: frozenset[str] | None = None  # None: every type; others are skipped, not DLQ'd
    batch_handler: BatchHandler | None = None
    # Events per store transaction. SQLite runs on the event loop, so a transaction holds the
    # loop (and the writer) for its whole length: short ones let a priority consumer and the
    # API in between. A batch handler that gains from size (the audit ingest) asks for more.
    max_batch: int = 10
    # A priority lane (the green channel): the service's other consumers wait while it works.
    priority: bool = False
    # Skips, before any transaction, events of a wanted type that the handler would ignore
    # anyway (a pure test of the event, so a replay skips the same ones).
    relevant: Callable[[CloudEvent], bool] | None = None
    # Off every latency path: fetches wait longer (KafkaConfig.bulk_fetch_max_wait_ms).
    bulk: bool = False

    async def apply(self, tx: Transaction, events: list[CloudEvent]) -> None:
        fresh = await tx.claim_inbox_many(self.group, [e.id for e in events])
        # One poll can hold an event twice (the relay re-publishes after a crash or a fresh
        # broker): hand each fresh id over once, not once per copy.
        new: list[CloudEvent] = []
        for event in events:
            if event.id in fresh:
                fresh.discard(event.id)
                new.append(event)
        if self.batch_handler is not None:
            if new:
                await self.batch_handler(tx, new)
            return
        assert self.handler is not None, "a subscription needs a handler or a batch handler"
        for event in new:
            await self.handler(tx, event)


class PriorityGate:
    """Lets a priority lane's consumers go first within one service.

    While a priority consumer holds records it has not applied, the other consumers of the
    service wait before their next transaction. The loop and the single writer are shared,
    so without this a green-channel application waits behind the backlog's transactions at
    every step of its way.
    """

    # At start, the others wait this long at most for the priority consumers to join their
    # groups: otherwise a backlog is worked on before the green lane even has its partitions.
    JOIN_GRACE_S = 15.0

    def __init__(self) -> None:
        self._busy = 0
        self._clear = asyncio.Event()
        self._clear.set()
        self._unjoined = 0
        self._joined = asyncio.Event()
        self._joined.set()

    def expect_priority(self) -> None:
        self._unjoined += 1
        self._joined.clear()

    def priority_joined(self) -> None:
        self._unjoined -= 1
        if self._unjoined <= 0:
            self._joined.set()

    @contextlib.contextmanager
    def working(self) -> Iterator[None]:
        self._busy += 1
        self._clear.clear()
        try:
            yield
        finally:
            self._busy -= 1
            if self._busy == 0:
                self._clear.set()

    async def wait_clear(self) -> None:
        if not self._joined.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._joined.wait(), self.JOIN_GRACE_S)
            self._joined.set()  # joined or not, the grace is spent once
        await self._clear.wait()


class EventConsumer:
    """Runs one subscription until cancelled; restarts its Kafka client after broker faults."""

    def __init__(
        self,
        store: EventStore,
        config: KafkaConfig,
        producer: AIOKafkaProducer,
        subscription: Subscription,
        *,
        max_attempts: int = 5,
        gate: PriorityGate | None = None,
    ) -> None:
        self._store = store
        self._config = config
        self._producer = producer
        self._sub = subscription
        self._max_attempts = max_attempts
        self._gate = gate or PriorityGate()
        if subscription.priority:
            self._gate.expect_priority()
        self._consumer: AIOKafkaConsumer | None = None
        self._rewind = False
        self.handled = 0
        self._joined = False  # partitions assigned at least once
        for topic in subscription.topics:  # expose zeroes before the first record arrives
            metrics.DLQ_MESSAGES.labels(topic=topic)
            metrics.CONSUMER_LAG.labels(group=subscription.group, topic=topic)

    async def on_epoch(self, _epoch: str) -> None:
        """A fresh broker lost our offsets: read every partition again from the start."""
        self._rewind = True

    async def _dead_letter(self, record: ConsumerRecord[bytes, bytes], error: Exception) -> None:
        headers = list(record.headers or ())
        headers += [
            ("error", str(error)[:1000].encode()),
            ("error_type", type(error).__name__.encode()),
        ]
        await self._producer.send_and_wait(
            dlq_for(record.topic), value=record.value, key=record.key, headers=headers
        )
        metrics.DLQ_MESSAGES.labels(topic=record.topic).inc()
        log.error(
            "dead-lettered %s@%s:%s: %s", record.topic, record.partition, record.offset, error
        )

    def _decode(self, record: ConsumerRecord[bytes, bytes]) -> CloudEvent:
        event = decode(record.value, record.headers or ())
        parse_data(event)  # unknown type or invalid data is poison
        return event

    def _wanted(self, event: CloudEvent) -> bool:
        sub = self._sub
        return (sub.types is None or event.type in sub.types) and (
            sub.relevant is None or sub.relevant(event)
        )

    async def _process(self, records: Sequence[ConsumerRecord[bytes, bytes]]) -> None:
        events: list[tuple[ConsumerRecord[bytes, bytes], CloudEvent]] = []
        for record in records:
            try:
                event = self._decode(record)
            except (UndecodableEvent, ValueError) as exc:
                await self._dead_letter(record, exc)
                continue
            if self._wanted(event):
                events.append((record, event))
        size = self._sub.max_batch
        for start in range(0, len(events), size):
            if not self._sub.priority:
                await self._gate.wait_clear()
            await self._apply_chunk(events[start : start + size])
            await asyncio.sleep(0)  # let other consumers and requests take their turn

    async def _apply_chunk(
        self, events: list[tuple[ConsumerRecord[bytes, bytes], CloudEvent]]
    ) -> None:
        try:
            async with self._store.transaction() as tx:
                await self._sub.apply(tx, [event for _record, event in events])
        except Exception:
            # Isolate the failing record: replay the chunk one event per transaction.
            for record, event in events:
                await self._process_one(record, event)
        self.handled += len(events)

    async def _process_one(self, record: ConsumerRecord[bytes, bytes], event: CloudEvent) -> None:
        for attempt in range(1, self._max_attempts + 1):
            try:
                async with self._store.transaction() as tx:
                    await self._sub.apply(tx, [event])
                return
            except PoisonEvent as exc:
                await self._dead_letter(record, exc)
                return
            except Exception as exc:
                if self._rewind:
                    raise _Rewound from exc
                if attempt == self._max_attempts:
                    await self._dead_letter(record, exc)
                    return
                log.warning("handler retry %d for %s: %s", attempt, event.id, exc)
                # 0.2 + 0.4 + 0.8 + 1.6 s: longer than the epoch watch takes to notice a
                # fresh broker, so an event that outran its replay is not dead-lettered.
                await asyncio.sleep(0.1 * 2**attempt)

    async def _poll(self, consumer: AIOKafkaConsumer) -> None:
        if self._rewind:
            assigned = consumer.assignment()
            if assigned:  # keep the flag until partitions are assigned to seek on
                await consumer.seek_to_beginning(*assigned)
                self._rewind = False
        batches = await consumer.getmany(timeout_ms=200, max_records=500)
        if not self._joined and consumer.assignment():
            self._joined = True
            if self._sub.priority:
                self._gate.priority_joined()
        with self._gate.working() if self._sub.priority and batches else contextlib.nullcontext():
            # One pass over every partition's records: per-partition order is kept, and a poll
            # spread over 8 partitions fills one transaction instead of eight small ones.
            try:
                await self._process([r for records in batches.values() for r in records])
            except _Rewound:
                return  # no commit: the next poll seeks every partition to the start
            for tp, records in batches.items():
                metrics.CONSUMER_LAG.labels(group=self._sub.group, topic=tp.topic).set(
                    max(0, (consumer.highwater(tp) or 0) - (records[-1].offset + 1))
                )
        if batches:
            await consumer.commit()

    async def run(self) -> None:
        while True:
            consumer = self._config.consumer(
                self._sub.group, *self._sub.topics, bulk=self._sub.bulk
            )
            try:
                # Subscribing to a missing topic auto-creates it with the broker's default
                # partition count: create ours first (at start, and on a fresh broker).
                topics = self._sub.topics
                await ensure_topics(self._config, [*topics, *(dlq_for(t) for t in topics)])
                await consumer.start()
                self._consumer = consumer
                while True:
                    await self._poll(consumer)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("consumer %s restarting after: %s", self._sub.group, exc)
                await asyncio.sleep(1.0)
            finally:
                self._consumer = None
                await consumer.stop()

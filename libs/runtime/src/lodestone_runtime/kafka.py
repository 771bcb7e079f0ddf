"""Kafka client construction and topic administration, the same for Tansu and Apache Kafka."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KafkaConfig:
    bootstrap: str
    # Apache Kafka supports idempotent producers; the embedded Tansu broker does not.
    idempotence: bool = False
    partitions: int = 8
    replication_factor: int = 1
    fetch_max_wait_ms: int = 50  # the settings' default too; why 50: ServiceSettings
    # For consumers off every latency path (the audit ingest, background facts): the embedded
    # broker's cost and a consumer's both grow with the number of fetches that return data.
    bulk_fetch_max_wait_ms: int = 500
    linger_ms: int = 5
    relay_linger_ms: int = 10

    def producer(self, client_id: str) -> AIOKafkaProducer:
        return AIOKafkaProducer(
            bootstrap_servers=self.bootstrap,
            client_id=client_id,
            acks="all",
            enable_idempotence=self.idempotence,
            linger_ms=self.linger_ms,
            max_batch_size=1024 * 1024,
            request_timeout_ms=15000,
        )

    def consumer(self, group: str, *topics: str, bulk: bool = False) -> AIOKafkaConsumer:
        wait = self.bulk_fetch_max_wait_ms if bulk else self.fetch_max_wait_ms
        return AIOKafkaConsumer(
            *topics,
            bootstrap_servers=self.bootstrap,
            group_id=group,
            client_id=group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_wait_ms=wait,
            max_poll_records=500,
            session_timeout_ms=10000,
            heartbeat_interval_ms=1000,
        )

    def reader(self) -> AIOKafkaConsumer:
        """A group-less consumer for manual assignment (epoch reads, tests)."""
        return AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_wait_ms=self.fetch_max_wait_ms,
        )


async def ensure_topics(
    config: KafkaConfig, names: Iterable[str], single_partition: Iterable[str] = ()
) -> None:
    """Create topics that are missing; existing ones are left as they are."""
    singles = set(single_partition)
    admin = AIOKafkaAdminClient(bootstrap_servers=config.bootstrap, request_timeout_ms=10000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(
                name,
                1 if name in singles else config.partitions,
                config.replication_factor,
                topic_configs={"retention.ms": "-1"} if name in singles else None,
            )
            for name in names
            if name not in existing
        ]
        if wanted:
            try:
                await admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                log.debug("topics created concurrently by another service")
    finally:
        await admin.close()

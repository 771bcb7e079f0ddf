"""Kafka topic names and routing: one topic per aggregate type, key = subject, 8 partitions.

Green-channel applications travel on their own topic so that their consumers never queue behind
the fast-track and full-review backlog.
"""

from __future__ import annotations

from typing import Any

from lodestone_contracts.envelope import CloudEvent

PARTITIONS = 8
ORDER_TOPIC = "lodestone.order"
APPLICATION_TOPIC = "lodestone.application"
GREEN_APPLICATION_TOPIC = "lodestone.application.green"
LICENSE_TOPIC = "lodestone.license"
RESTRICTED_LIST_TOPIC = "lodestone.restricted_list"
GREEN_CHANNEL_TOPIC = "lodestone.green_channel"
EPOCH_TOPIC = "lodestone.broker-epoch"
EPOCH_PARTITIONS = 1
DLQ_SUFFIX = ".dlq"

ALL_TOPICS: tuple[str, ...] = (
    ORDER_TOPIC,
    APPLICATION_TOPIC,
    GREEN_APPLICATION_TOPIC,
    LICENSE_TOPIC,
    RESTRICTED_LIST_TOPIC,
    GREEN_CHANNEL_TOPIC,
)
"""Every topic that carries events (not the DLQs, not the epoch topic)."""

_BY_AGGREGATE: dict[str, str] = {
    "order": ORDER_TOPIC,
    "application": APPLICATION_TOPIC,
    "license": LICENSE_TOPIC,
    "restricted_list": RESTRICTED_LIST_TOPIC,
    "green_channel": GREEN_CHANNEL_TOPIC,
}
_GREEN_LANE = "GREEN_CHANNEL"


def topic_for_type(event_type: str, lane: str | None = None) -> str:
    """The topic of an event type; `lane` matters only for application events."""
    aggregate = event_type.partition(".")[0]
    topic = _BY_AGGREGATE.get(aggregate)
    if topic is None:
        raise ValueError(f"no topic for event type {event_type!r}")
    if topic == APPLICATION_TOPIC and lane == _GREEN_LANE:
        return GREEN_APPLICATION_TOPIC
    return topic


def topic_for(event: CloudEvent) -> str:
    """Route by type; application events whose lane is GREEN_CHANNEL take the green topic."""
    return topic_for_json({"type": event.type, "data": event.data})


def topic_for_json(event: dict[str, Any]) -> str:
    """`topic_for` for an event in its JSON form (as stored)."""
    data = event.get("data")
    lane = data.get("lane") if isinstance(data, dict) else None
    return topic_for_type(str(event["type"]), lane if isinstance(lane, str) else None)


def dlq_for(topic: str) -> str:
    """The dead-letter topic of an event topic."""
    return topic if topic.endswith(DLQ_SUFFIX) else f"{topic}{DLQ_SUFFIX}"


DLQ_TOPICS: tuple[str, ...] = tuple(dlq_for(topic) for topic in ALL_TOPICS)

"""Routing of events to topics, including the green-channel priority lane."""

from __future__ import annotations

from typing import Any

import pytest

from lodestone_contracts.envelope import CloudEvent, new_event
from lodestone_contracts.examples import NOW
from lodestone_contracts.topics import (
    ALL_TOPICS,
    APPLICATION_TOPIC,
    DLQ_TOPICS,
    EPOCH_TOPIC,
    GREEN_APPLICATION_TOPIC,
    PARTITIONS,
    dlq_for,
    topic_for,
)


def event(event_type: str, **data: Any) -> CloudEvent:
    return new_event(type=event_type, subject="s-1", data=data, source="test", sequence=1, now=NOW)


@pytest.mark.parametrize(
    "event_type", ["application.submitted", "application.screened", "application.review_started"]
)
def test_green_channel_application_events_take_the_priority_topic(event_type: str) -> None:
    assert topic_for(event(event_type, lane="GREEN_CHANNEL")) == GREEN_APPLICATION_TOPIC


@pytest.mark.parametrize("lane", ["FAST_TRACK", "FULL_REVIEW"])
def test_other_lanes_take_the_application_topic(lane: str) -> None:
    assert topic_for(event("application.submitted", lane=lane)) == APPLICATION_TOPIC


def test_application_events_without_lane_take_the_application_topic() -> None:
    assert topic_for(event("application.approved", license_id="l")) == APPLICATION_TOPIC


@pytest.mark.parametrize(
    ("event_type", "topic"),
    [
        ("order.received", "lodestone.order"),
        ("license.issued", "lodestone.license"),
        ("restricted_list.published", "lodestone.restricted_list"),
        ("green_channel.granted", "lodestone.green_channel"),
    ],
)
def test_each_aggregate_has_its_topic(event_type: str, topic: str) -> None:
    assert topic_for(event(event_type, lane="GREEN_CHANNEL")) == topic


def test_unknown_aggregate_has_no_topic() -> None:
    with pytest.raises(ValueError, match="no topic"):
        topic_for(event("invoice.sent"))


def test_dead_letter_topics_sit_beside_their_topics() -> None:
    assert dlq_for("lodestone.order") == "lodestone.order.dlq"
    assert dlq_for("lodestone.order.dlq") == "lodestone.order.dlq"
    assert len(DLQ_TOPICS) == len(ALL_TOPICS) == 6


def test_topics_are_partitioned_and_epoch_is_separate() -> None:
    assert PARTITIONS == 8
    assert EPOCH_TOPIC == "lodestone.broker-epoch"
    assert EPOCH_TOPIC not in ALL_TOPICS

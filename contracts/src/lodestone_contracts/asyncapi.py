"""AsyncAPI 3.0.0 document of Lodestone's topics: one channel per topic, CloudEvents binary mode.

Each message documents the `ce_*` Kafka headers and its `data` (the record value) as payload.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import JsonSchemaMode, models_json_schema

from lodestone_contracts import CONTRACT_VERSION
from lodestone_contracts.catalog import DEFAULT_VERSION
from lodestone_contracts.envelope import SPECVERSION
from lodestone_contracts.events import EVENT_TYPES, EventData, build_event
from lodestone_contracts.examples import NOW, example_events
from lodestone_contracts.kafka_codec import encode
from lodestone_contracts.topics import (
    ALL_TOPICS,
    GREEN_APPLICATION_TOPIC,
    PARTITIONS,
    topic_for_type,
)

_REF = "#/components/schemas/{model}"
_STRING = {"type": "string"}
_HEADER_NAMES = ("id", "source", "subject", "time", "dataschema", "correlationid", "causationid")


def _message_headers(event_type: str) -> dict[str, Any]:
    properties: dict[str, Any] = {f"ce_{name}": _STRING for name in _HEADER_NAMES}
    properties["ce_specversion"] = {"const": SPECVERSION, "type": "string"}
    properties["ce_type"] = {"const": event_type, "type": "string"}
    properties["ce_sequence"] = {"pattern": "^[1-9][0-9]*$", "type": "string"}
    properties["content-type"] = {"const": "application/json", "type": "string"}
    return {"type": "object", "properties": properties, "required": sorted(properties)}


def _example(data: EventData) -> dict[str, Any]:
    """One record as it sits on the topic: decoded headers and the value."""
    event = build_event(data, subject="example-1", source="example-svc", sequence=1, now=NOW,
                        event_id=f"example-{data.event_type}")  # fmt: skip
    _, _, headers = encode(event)
    return {
        "name": data.event_type,
        "headers": {name: raw.decode() for name, raw in headers},
        "payload": event.data,
    }


def _message(event_type: str, example: EventData) -> dict[str, Any]:
    model = EVENT_TYPES[event_type]
    return {
        "name": event_type,
        "title": model.__name__,
        "summary": (model.__doc__ or event_type).strip().splitlines()[0],
        "contentType": "application/json",
        "headers": _message_headers(event_type),
        "payload": {"$ref": _REF.format(model=model.__name__)},
        "bindings": {"kafka": {"key": {"type": "string"}, "bindingVersion": "0.5.0"}},
        "examples": [_example(example)],
    }


def _topics_of(event_type: str) -> tuple[str, ...]:
    """Application events may travel on either application topic, depending on the lane."""
    topics = {topic_for_type(event_type), topic_for_type(event_type, "GREEN_CHANNEL")}
    return tuple(sorted(topics))


def _channels() -> dict[str, Any]:
    channels: dict[str, Any] = {}
    for topic in ALL_TOPICS:
        types = sorted(t for t in EVENT_TYPES if topic in _topics_of(t))
        channels[topic] = {
            "address": topic,
            "description": f"Key = subject; {PARTITIONS} partitions."
            + (
                " Priority lane for GREEN_CHANNEL applications."
                if topic == GREEN_APPLICATION_TOPIC
                else ""
            ),
            "messages": {t: {"$ref": f"#/components/messages/{t}"} for t in types},
            "bindings": {
                "kafka": {"topic": topic, "partitions": PARTITIONS, "bindingVersion": "0.5.0"}
            },
        }
    return channels


def _operations(channels: dict[str, Any]) -> dict[str, Any]:
    operations: dict[str, Any] = {}
    for topic, channel in channels.items():
        refs = [{"$ref": f"#/channels/{topic}/messages/{t}"} for t in channel["messages"]]
        for action in ("send", "receive"):
            operations[f"{action}.{topic}"] = {
                "action": action,
                "channel": {"$ref": f"#/channels/{topic}"},
                "messages": refs,
            }
    return operations


def asyncapi_document() -> dict[str, Any]:
    """The whole document; schemas are pydantic's, shared under components/schemas."""
    mode: JsonSchemaMode = "validation"
    _, definitions = models_json_schema(
        [(model, mode) for model in EVENT_TYPES.values()], ref_template=_REF
    )
    channels = _channels()
    examples = sorted(example_events(), key=lambda data: data.event_type)
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Lodestone events",
            "version": CONTRACT_VERSION,
            "description": "CloudEvents 1.0 on Kafka, binary content mode; "
            f"catalog {DEFAULT_VERSION}.",
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": _operations(channels),
        "components": {
            "schemas": definitions.get("$defs", {}),
            "messages": {e.event_type: _message(e.event_type, e) for e in examples},
        },
    }

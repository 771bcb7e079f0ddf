"""Every event type: registered, round-trips through envelope and Kafka codec, fits its schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from lodestone_contracts.envelope import CloudEvent, new_event
from lodestone_contracts.events import (
    EVENT_TYPES,
    EventData,
    EventDataError,
    build_event,
    parse_data,
)
from lodestone_contracts.events.green_channel import GreenChannelGranted
from lodestone_contracts.events.order import OrderReceived
from lodestone_contracts.examples import NOW, example_events, item_json
from lodestone_contracts.kafka_codec import decode, encode

SCHEMAS = Path(__file__).resolve().parents[1] / "src" / "lodestone_contracts" / "schemas"
SPEC_REQUIRED_TYPES = {
    "order.received", "order.screened", "order.cleared", "order.held", "order.blocked",
    "order.released", "order.rejected", "application.submitted", "application.screened",
    "application.approval_recorded", "application.approved", "application.rejected",
    "license.issued", "license.quantity_reserved", "license.quantity_rejected",
    "license.revoked", "license.suspended", "restricted_list.published",
    "green_channel.granted", "green_channel.revoked",
}  # fmt: skip
SAMPLES = example_events()


def envelope(data: EventData) -> CloudEvent:
    return build_event(data, subject="subject-1", source="test-svc", sequence=3, now=NOW)


def sample_id(data: EventData) -> str:
    return data.event_type


def test_every_spec_event_type_is_registered() -> None:
    assert set(EVENT_TYPES) >= SPEC_REQUIRED_TYPES


def test_samples_cover_every_registered_type() -> None:
    assert sorted(sample.event_type for sample in SAMPLES) == sorted(EVENT_TYPES)


@pytest.mark.parametrize("data", SAMPLES, ids=sample_id)
def test_event_survives_the_kafka_round_trip(data: EventData) -> None:
    event = envelope(data)
    decoded = decode(*encode(event)[1:])
    assert decoded == event
    assert decoded.canonical() == event.canonical()
    assert parse_data(decoded) == data


@pytest.mark.parametrize("data", SAMPLES, ids=sample_id)
def test_event_matches_its_committed_json_schema(data: EventData) -> None:
    schema = json.loads((SCHEMAS / f"{data.event_type}.json").read_text(encoding="utf-8"))
    jsonschema.validate(envelope(data).to_json_dict(), schema)


def test_schema_refuses_an_event_of_another_type() -> None:
    schema = json.loads((SCHEMAS / "order.held.json").read_text(encoding="utf-8"))
    wrong = envelope(SAMPLES[0]).to_json_dict()
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, schema)


def test_build_event_takes_type_and_schema_from_the_model() -> None:
    event = envelope(GreenChannelGranted(applicant_id="a-1", granted_by="admin"))
    assert event.type == "green_channel.granted"
    assert event.dataschema.endswith("/green_channel.granted.json")
    assert event.data == {"applicant_id": "a-1", "granted_by": "admin"}


def test_unknown_event_type_is_a_clear_error() -> None:
    event = new_event(
        type="order.teleported", subject="o", data={}, source="t", sequence=1, now=NOW
    )
    with pytest.raises(EventDataError, match=r"order\.teleported: unknown event type"):
        parse_data(event)


def test_invalid_event_data_is_a_clear_error() -> None:
    data = {"applicant_id": "a-1"}
    event = new_event(type="green_channel.granted", subject="a", data=data, source="t",
                      sequence=1, now=NOW)  # fmt: skip
    with pytest.raises(EventDataError, match="invalid data") as exc:
        parse_data(event)
    assert exc.value.event_type == "green_channel.granted"


def test_readers_ignore_fields_added_by_a_newer_producer() -> None:
    received = envelope(SAMPLES[0]).to_json_dict()
    received["data"]["priority"] = "high"
    received["data"]["consignee"]["lei"] = "5493001KJTIIGC8Y1R12"
    received["data"]["items"][0] = item_json(1, purity=0.999)
    data = parse_data(CloudEvent.model_validate(received))
    assert isinstance(data, OrderReceived)
    assert data.consignee.name == "Müller Magnete GmbH"
    assert "priority" not in data.to_data()


def test_event_data_is_frozen() -> None:
    data = GreenChannelGranted(applicant_id="a-1", granted_by="admin")
    with pytest.raises(ValueError, match="frozen"):
        data.granted_by = "mallory"  # type: ignore[misc]

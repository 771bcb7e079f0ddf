"""CloudEvents Kafka binding, binary content mode: headers, key, value and malformed records."""

from __future__ import annotations

import json

import pytest

from lodestone_contracts.envelope import CloudEvent, new_event
from lodestone_contracts.examples import NOW
from lodestone_contracts.kafka_codec import Headers, UndecodableEvent, decode, encode, encode_json
from lodestone_contracts.topics import GREEN_APPLICATION_TOPIC, topic_for, topic_for_json


def unicode_event() -> CloudEvent:
    data = {"name": "Société Générale Métaux — 株式会社 «Ωmega» 🧲", "score": 0.1}
    return new_event(type="order.held", subject="ord-ü", data=data, source="screening-svc",
                     sequence=7, now=NOW)  # fmt: skip


def test_unicode_event_round_trips_exactly() -> None:
    event = unicode_event()
    key, value, headers = encode(event)
    decoded = decode(value, headers)
    assert decoded == event
    assert decoded.canonical() == event.canonical()
    assert key == "ord-ü".encode()


def test_an_event_in_its_stored_json_form_encodes_to_the_same_record() -> None:
    # The outbox relay publishes the stored JSON without rebuilding the model.
    event = unicode_event()
    stored = json.loads(json.dumps(event.to_json_dict(), separators=(",", ":")))
    assert encode_json(stored) == encode(event)
    assert topic_for_json(stored) == topic_for(event)


def test_a_green_lane_application_routes_to_the_green_topic_from_json() -> None:
    event = {"type": "application.submitted", "data": {"lane": "GREEN_CHANNEL"}}
    assert topic_for_json(event) == GREEN_APPLICATION_TOPIC


def test_binary_mode_puts_attributes_in_ce_headers_and_data_in_the_value() -> None:
    _, value, headers = encode(unicode_event())
    names = dict(headers)
    assert names["ce_type"] == b"order.held"
    assert names["ce_sequence"] == b"7"
    assert names["content-type"] == b"application/json"
    assert json.loads(value)["name"].startswith("Société")
    assert "ce_data" not in names


def test_headers_as_a_tuple_are_accepted() -> None:
    _, value, headers = encode(unicode_event())
    assert decode(value, tuple(headers)).subject == "ord-ü"


def valid_headers() -> Headers:
    return encode(unicode_event())[2]


@pytest.mark.parametrize(
    "value", [b"\xff\xfe garbage", b"{not json", b"[1, 2, 3]", b'"text"', b"[" * 100_000, None]
)
def test_garbage_value_is_undecodable(value: bytes | None) -> None:
    with pytest.raises(UndecodableEvent):
        decode(value, valid_headers())


def test_missing_headers_are_undecodable() -> None:
    with pytest.raises(UndecodableEvent):
        decode(b"{}", [])


def test_non_numeric_sequence_is_undecodable() -> None:
    headers = [(k, b"seven" if k == "ce_sequence" else v) for k, v in valid_headers()]
    with pytest.raises(UndecodableEvent):
        decode(b"{}", headers)


def test_non_utf8_header_is_undecodable() -> None:
    headers = [(k, b"\xc3\x28" if k == "ce_type" else v) for k, v in valid_headers()]
    with pytest.raises(UndecodableEvent):
        decode(b"{}", headers)

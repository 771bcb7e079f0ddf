"""CloudEvents Kafka protocol binding, binary content mode: `ce_*` headers, data as the value."""

from __future__ import annotations

import json
from typing import Any

from lodestone_contracts.envelope import CloudEvent

Headers = list[tuple[str, bytes]]
_CONTENT_TYPE = "content-type"


class UndecodableEvent(ValueError):
    """A Kafka record that is not a valid Lodestone CloudEvent."""


def encode(event: CloudEvent) -> tuple[bytes, bytes, Headers]:
    """Return (key, value, headers); key = subject so one aggregate stays in one partition."""
    return encode_json(event.to_json_dict())


def encode_json(event: dict[str, Any]) -> tuple[bytes, bytes, Headers]:
    """`encode` for an event already in its JSON form (as stored): no model on the way."""
    attrs = dict(event)
    data = attrs.pop("data")
    headers: Headers = [(_CONTENT_TYPE, str(attrs.pop("datacontenttype")).encode())]
    for name, value in attrs.items():
        text = value if isinstance(value, str) else json.dumps(value)
        headers.append((f"ce_{name}", text.encode()))
    value_bytes = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    return str(attrs["subject"]).encode(), value_bytes, headers


def decode(value: bytes | None, headers: Headers | tuple[tuple[str, bytes], ...]) -> CloudEvent:
    """Rebuild the envelope from a record; raise UndecodableEvent on anything malformed."""
    attrs: dict[str, Any] = {}
    try:
        for name, raw in headers:
            if name == _CONTENT_TYPE:
                attrs["datacontenttype"] = raw.decode()
            elif name.startswith("ce_"):
                attrs[name[3:]] = raw.decode()
        if "sequence" in attrs:
            attrs["sequence"] = int(attrs["sequence"])
        attrs["data"] = json.loads(value) if value is not None else None
        return CloudEvent.model_validate(attrs)
    # RecursionError: deeply nested JSON must reach the DLQ, not crash the consumer.
    except (ValueError, UnicodeDecodeError, TypeError, RecursionError) as exc:
        raise UndecodableEvent(str(exc)) from exc

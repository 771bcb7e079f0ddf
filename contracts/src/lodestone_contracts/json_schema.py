"""JSON Schema (draft 2020-12) of each event type: the CloudEvents envelope with its typed `data`.

Output is deterministic (sorted keys) so that committed schemas can be checked for drift.
"""

from __future__ import annotations

import json
from typing import Any

from lodestone_contracts.envelope import SPECVERSION, CloudEvent, dataschema_for
from lodestone_contracts.events import EVENT_TYPES

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


def event_schema(event_type: str) -> dict[str, Any]:
    """The whole event (envelope + data) of one type, self-contained under `$defs`."""
    model = EVENT_TYPES[event_type]
    data_schema = model.model_json_schema(mode="validation")
    defs: dict[str, Any] = data_schema.pop("$defs", {})
    defs[model.__name__] = data_schema
    envelope = CloudEvent.model_json_schema(mode="validation")
    properties: dict[str, Any] = envelope["properties"]
    properties["specversion"] = {"const": SPECVERSION, "type": "string"}
    properties["type"] = {"const": event_type, "type": "string"}
    properties["time"] = {"format": "date-time", "title": "Time", "type": "string"}
    properties["subject"] = {"minLength": 1, "title": "Subject", "type": "string"}
    properties["data"] = {"$ref": f"#/$defs/{model.__name__}"}
    return {
        "$schema": DRAFT_2020_12,
        "$id": dataschema_for(event_type),
        **envelope,
        "title": event_type,
        "description": f"CloudEvents 1.0 envelope of a `{event_type}` event.",
        "$defs": defs,
    }


def dump_json(document: Any) -> str:
    """The committed text form of a generated document."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def all_event_schemas() -> dict[str, dict[str, Any]]:
    """Every registered event type's schema, keyed by type."""
    return {event_type: event_schema(event_type) for event_type in sorted(EVENT_TYPES)}

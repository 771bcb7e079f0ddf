"""Reads an uploaded restricted list (JSON, CSV or a government format) into entries.

Pure apart from decoding: malformed input becomes a 422 problem naming what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from lodestone_contracts.events.restricted_list import SourceFormat
from lodestone_runtime.problems import ProblemError
from screening_svc.domain.lists import (
    ListFormatError,
    RestrictedEntry,
    parse_csl,
    parse_csv,
    parse_json_payload,
    parse_ofac_sdn,
    parse_un_xml,
)

MAX_ENTRIES = 200_000
GOVERNMENT_FORMATS: dict[SourceFormat, tuple[str, Callable[[bytes], list[RestrictedEntry]]]] = {
    "ofac-sdn": ("OFAC Specially Designated Nationals", lambda b: parse_ofac_sdn(_text(b))),
    "csl": ("US Consolidated Screening List", lambda b: parse_csl(_text(b))),
    "un-xml": ("UN Security Council Consolidated List", parse_un_xml),
}


@dataclass(frozen=True)
class Upload:
    name: str
    entries: list[RestrictedEntry]
    source_format: SourceFormat


def invalid(message: str, field: str = "body") -> ProblemError:
    return ProblemError(
        422,
        f"the list cannot be read: {message}",
        slug="validation-error",
        title="Validation error",
        extra={"errors": [{"field": field, "message": message}]},
    )


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older government exports are Latin-1; every byte decodes, nothing is lost.
        return body.decode("latin-1")


def _json(body: bytes) -> Upload:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise invalid(f"malformed JSON: {exc}") from exc
    if not isinstance(payload, dict):
        raise invalid("the body must be an object {name, entries}")
    extra = sorted(set(payload) - {"name", "entries"})
    if extra:
        raise invalid(f"unknown field(s): {', '.join(extra)}", extra[0])
    name = payload.get("name")
    if not isinstance(name, str) or not 1 <= len(name.strip()) <= 300:
        raise invalid("name must be a string of 1..300 characters", "name")
    return Upload(name.strip(), parse_json_payload(payload), "json")


def _read(body: bytes, content_type: str, fmt: str | None, name: str | None) -> Upload:
    for source, (default_name, parse) in GOVERNMENT_FORMATS.items():
        if fmt == source:
            return Upload(name or default_name, parse(body), source)
    if fmt == "csv" or (fmt is None and content_type.startswith("text/csv")):
        return Upload(name or "", parse_csv(_text(body)), "csv")
    if fmt in (None, "json"):
        return _json(body)
    raise invalid(f"unknown format {fmt!r}; use json, csv, ofac-sdn, csl or un-xml", "format")


def read_upload(
    list_id: str, body: bytes, content_type: str, fmt: str | None, name: str | None
) -> Upload:
    """CPU-bound for large lists: callers run it off the event loop."""
    try:
        upload = _read(body, content_type.lower(), fmt, name)
    except ListFormatError as exc:
        raise invalid(str(exc)) from exc
    if len(upload.entries) > MAX_ENTRIES:
        raise invalid(f"{len(upload.entries)} entries; a list holds at most {MAX_ENTRIES}")
    return Upload(upload.name or list_id, upload.entries, upload.source_format)

"""Reads one export line into its seq, its claimed leaf hash and the leaf hash recomputed from it.

The leaf is SHA-256(0x00 || RFC 8785 bytes of the event). A line that is itself canonical
(`{"event":...,"leaf_hash":"...","seq":N}`) carries those bytes, so they are hashed as written;
any other shape, or bytes that do not hash to the claimed leaf, are re-canonicalised with rfc8785.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from json.scanner import make_scanner
from typing import Any, NoReturn, cast

import rfc8785

from audit_svc.domain.merkle import leaf_hash

_HEAD = '{"event":'
_TAIL_START = ',"leaf_hash":"'
_TAIL = re.compile(r',"leaf_hash":"([0-9a-f]{64})","seq":(0|[1-9][0-9]{0,18})\}')
_HEX64 = re.compile(r"[0-9a-f]{64}")


class LineError(ValueError):
    """The line is not an export record."""


@dataclass(frozen=True, slots=True)
class ExportRecord:
    seq: int
    claimed_leaf: str
    leaf: bytes


def _reject_constant(name: str) -> NoReturn:
    raise LineError(f"{name} is not JSON")


# One scanner for all lines: json.loads with options would build a new decoder per call.
# (cast: typeshed types make_scanner's argument as a scanner, not the decoder it takes.)
_SCAN = make_scanner(cast(Any, json.JSONDecoder(parse_constant=_reject_constant)))


def _loads(text: str) -> Any:
    """Exactly one JSON value, with no surrounding whitespace (canonical lines have none)."""
    try:
        value, end = _SCAN(text, 0)
    except StopIteration as error:
        raise LineError("not JSON: no value at column 1") from error
    except json.JSONDecodeError as error:
        raise LineError(f"not JSON: {error.msg} at column {error.colno}") from error
    if end != len(text):
        raise LineError(f"not JSON: extra data at column {end + 1}")
    return value


def canonical_leaf(event: Any) -> bytes:
    """SHA-256(0x00 || RFC 8785 bytes of the event)."""
    try:
        return leaf_hash(rfc8785.dumps(event))
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as error:
        raise LineError(f"event has no canonical form: {error}") from error


def _read_canonical(line: str, strict: bool) -> ExportRecord | None:
    tail_at = line.rfind(_TAIL_START)
    if not line.startswith(_HEAD) or tail_at < 0:
        return None
    tail = _TAIL.fullmatch(line, tail_at)
    if tail is None:
        return None
    raw = line[len(_HEAD) : tail_at]
    event = _loads(raw)
    if not isinstance(event, dict):
        raise LineError("event is not a JSON object")
    claimed = tail.group(1)
    leaf = leaf_hash(raw.encode())
    if strict or leaf.hex() != claimed:
        leaf = canonical_leaf(event)
    return ExportRecord(int(tail.group(2)), claimed, leaf)


def _read_any_shape(line: str) -> ExportRecord:
    record = _loads(line)
    if not isinstance(record, dict):
        raise LineError("line is not a JSON object")
    seq, claimed, event = record.get("seq"), record.get("leaf_hash"), record.get("event")
    if type(seq) is not int or seq < 0:
        raise LineError("seq is not a non-negative integer")
    if not isinstance(claimed, str) or not _HEX64.fullmatch(claimed):
        raise LineError("leaf_hash is not 64 lowercase hex digits")
    if not isinstance(event, dict):
        raise LineError("event is not a JSON object")
    return ExportRecord(seq, claimed, canonical_leaf(event))


def read_line(line: str, *, strict: bool = False) -> ExportRecord:
    """Parse and hash one NDJSON line (trailing newline allowed). `strict` always uses rfc8785."""
    line = line.rstrip("\r\n")
    return _read_canonical(line, strict) or _read_any_shape(line.strip())

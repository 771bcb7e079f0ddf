"""Canonical JSON bytes (RFC 8785, JCS): the one encoding that hashes and signatures use.

`rfc8785` is the reference. Most Lodestone events take a faster path through `json.dumps`,
which yields the same bytes when every key is ASCII (code-point and UTF-16 order agree) and
every float is printed alike by Python and ECMAScript (integral, or 1e-4 <= |x| < 1e16);
anything else falls back to `rfc8785`. A property test holds the two paths equal.
"""

from __future__ import annotations

import json
import math
from typing import Any

import rfc8785

_MAX_SAFE_INT = 2**53 - 1
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, sort_keys=True, separators=(",", ":")
)


class _NeedsReference(Exception):
    """The value has a feature the fast path does not reproduce exactly."""


def _float(value: float) -> int | float:
    if not math.isfinite(value):
        raise _NeedsReference
    magnitude = abs(value)
    if value.is_integer():
        if magnitude <= _MAX_SAFE_INT:
            return int(value)  # ECMAScript prints 10.0 as 10
        raise _NeedsReference  # beyond 2**53 ECMAScript pads shortest digits with zeros
    if 1e-4 <= magnitude < 1e16:
        return value
    raise _NeedsReference


def _prepare(value: Any) -> Any:
    if isinstance(value, str) or value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) > _MAX_SAFE_INT:
            raise _NeedsReference
        return value
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dict):
        if not all(isinstance(k, str) and k.isascii() for k in value):
            raise _NeedsReference
        return {k: _prepare(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_prepare(v) for v in value]
    raise _NeedsReference


def canonical_bytes(value: Any) -> bytes:
    """Serialise a JSON-compatible value to its RFC 8785 canonical form."""
    try:
        prepared = _prepare(value)
    except _NeedsReference:
        return rfc8785.dumps(value)
    return _ENCODER.encode(prepared).encode("utf-8")


def reference_canonical_bytes(value: Any) -> bytes:
    """The `rfc8785` package's bytes, for tests and for auditors who want no shortcut."""
    return rfc8785.dumps(value)

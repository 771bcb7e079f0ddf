"""Canonical JSON bytes (RFC 8785, JCS): the one encoding that hashes and signatures use."""

from __future__ import annotations

from typing import Any

import rfc8785


def canonical_bytes(value: Any) -> bytes:
    """Serialise a JSON-compatible value to its RFC 8785 canonical form."""
    return rfc8785.dumps(value)

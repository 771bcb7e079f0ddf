"""Idempotency-Key support: the same key and body replay the first response; another body is 409.

The key is recorded in the same transaction as the events the request appended.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from lodestone_contracts.canonical import canonical_bytes
from lodestone_runtime.problems import ProblemError
from lodestone_runtime.store import Transaction, schema


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: dict[str, Any]


def request_fingerprint(payload: Any) -> str:
    return hashlib.sha256(canonical_bytes(payload)).hexdigest()


async def replay(tx: Transaction, scope: str, key: str, fingerprint: str) -> StoredResponse | None:
    """The first response for this key, or None; 409 when the key came with another body."""
    table = schema.idempotency
    row = (
        await tx.conn.execute(select(table).where(table.c.scope == scope, table.c.key == key))
    ).first()
    if row is None:
        return None
    if row.request_hash != fingerprint:
        raise ProblemError(
            409,
            "this Idempotency-Key was already used with a different request body",
            slug="idempotency-key-reused",
        )
    return StoredResponse(status=int(row.status), body=json.loads(row.body))


async def remember(
    tx: Transaction, scope: str, key: str, fingerprint: str, response: StoredResponse
) -> None:
    await tx.conn.execute(
        schema.idempotency.insert(),
        {
            "scope": scope,
            "key": key,
            "request_hash": fingerprint,
            "status": response.status,
            "body": json.dumps(response.body, separators=(",", ":")),
        },
    )

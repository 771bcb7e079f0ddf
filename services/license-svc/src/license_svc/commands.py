"""Runs one HTTP command in one store transaction: idempotency replay, appends and read models.

Key rule: the Idempotency-Key is remembered in the transaction that appended the events, and a
concurrency conflict re-runs the whole command on fresh state.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

from lodestone_runtime import idempotency
from lodestone_runtime.idempotency import StoredResponse
from lodestone_runtime.store import EventStore, Transaction

Clock = Callable[[], datetime]
Work = Callable[[Transaction], Awaitable[StoredResponse]]


def today(now: Clock) -> date:
    """Validity is judged on the UTC calendar date."""
    return now().astimezone(UTC).date()


async def run_command(
    store: EventStore, *, scope: str, key: str | None, payload: Any, work: Work
) -> StoredResponse:
    """Run `work`, or replay the first response of this key; errors are never remembered."""
    fingerprint = idempotency.request_fingerprint(payload)

    async def attempt(tx: Transaction) -> StoredResponse:
        if key is not None:
            stored = await idempotency.replay(tx, scope, key, fingerprint)
            if stored is not None:
                return stored
        response = await work(tx)
        if key is not None:
            await idempotency.remember(tx, scope, key, fingerprint, response)
        return response

    return await store.write(attempt)

"""A poll that carries one event twice hands it to the handler once."""

from __future__ import annotations

from pathlib import Path

from runtime_builders import green_channel_event

from lodestone_contracts.envelope import CloudEvent
from lodestone_runtime.consumer import Subscription
from lodestone_runtime.store import EventStore, Transaction


async def test_an_event_repeated_within_one_poll_is_handled_once(tmp_path: Path) -> None:
    store = await EventStore.open(f"sqlite+aiosqlite:///{tmp_path / 's.db'}")
    seen: list[str] = []

    async def handle(_tx: Transaction, event: CloudEvent) -> None:
        seen.append(event.id)

    first, second = green_channel_event("a"), green_channel_event("b")
    subscription = Subscription("group", ("topic",), handle)
    try:
        async with store.transaction() as tx:
            await subscription.apply(tx, [first, second, first, second, first])
        async with store.transaction() as tx:
            await subscription.apply(tx, [first])
    finally:
        await store.close()
    assert seen == [first.id, second.id]

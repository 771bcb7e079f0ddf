"""Store contract suite: runs on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import asyncio

import pytest
from runtime_builders import green_channel_event

from lodestone_runtime.store import ConcurrencyConflict, EventStore


async def open_store(target: tuple[str, str | None]) -> EventStore:
    url, schema = target
    return await EventStore.open(url, schema_name=schema)


async def test_append_then_read_stream_and_global_log(store_target: tuple[str, str | None]) -> None:
    store = await open_store(store_target)
    try:
        async with store.transaction() as tx:
            result = await tx.append(
                "gc-a", 0, [green_channel_event("a", 1), green_channel_event("a", 2)]
            )
        assert result.positions == (1, 2)
        assert result.duplicate is False
        assert [s.stream_version for s in await store.read_stream("gc-a")] == [1, 2]
        assert [s.position for s in await store.read_all(after=1)] == [2]
        assert await store.head() == 2
    finally:
        await store.close()


async def test_same_event_ids_again_return_the_first_positions(
    store_target: tuple[str, str | None],
) -> None:
    store = await open_store(store_target)
    events = [green_channel_event("b", 1)]
    try:
        async with store.transaction() as tx:
            first = await tx.append("gc-b", 0, events)
        async with store.transaction() as tx:
            again = await tx.append("gc-b", 0, events)
        assert again.duplicate is True
        assert again.positions == first.positions
        assert await store.head() == 1
    finally:
        await store.close()


async def test_append_at_a_stale_version_is_a_conflict_with_the_current_version(
    store_target: tuple[str, str | None],
) -> None:
    store = await open_store(store_target)
    try:
        async with store.transaction() as tx:
            await tx.append("gc-c", 0, [green_channel_event("c", 1)])
        with pytest.raises(ConcurrencyConflict) as caught:
            async with store.transaction() as tx:
                await tx.append("gc-c", 0, [green_channel_event("c", 1)])
        assert caught.value.current == 1
    finally:
        await store.close()


async def test_two_concurrent_appends_at_one_version_exactly_one_wins(
    store_target: tuple[str, str | None],
) -> None:
    store = await open_store(store_target)

    async def attempt(tag: str) -> str:
        try:
            async with store.transaction() as tx:
                await tx.stream_version("gc-d")
                await asyncio.sleep(0.01)
                await tx.append("gc-d", 0, [green_channel_event(tag, 1)])
            return "won"
        except ConcurrencyConflict:
            return "lost"

    try:
        outcomes = await asyncio.gather(*(attempt(f"w{i}") for i in range(6)))
        assert sorted(outcomes).count("won") == 1
        assert len(await store.read_stream("gc-d")) == 1
    finally:
        await store.close()


async def test_inbox_claims_an_event_once_per_consumer(
    store_target: tuple[str, str | None],
) -> None:
    store = await open_store(store_target)
    try:
        async with store.transaction() as tx:
            assert await tx.claim_inbox("c1", "e1") is True
            assert await tx.claim_inbox("c1", "e1") is False
            assert await tx.claim_inbox("c2", "e1") is True
    finally:
        await store.close()


async def test_a_rolled_back_transaction_leaves_nothing(
    store_target: tuple[str, str | None],
) -> None:
    store = await open_store(store_target)
    try:

        async def crash_before_commit() -> None:
            async with store.transaction() as tx:
                await tx.append("gc-e", 0, [green_channel_event("e", 1)])
                await tx.claim_inbox("c1", "x")
                raise RuntimeError("crash before commit")

        with pytest.raises(RuntimeError):
            await crash_before_commit()
        assert await store.head() == 0
        async with store.transaction() as tx:
            assert await tx.claim_inbox("c1", "x") is True
    finally:
        await store.close()

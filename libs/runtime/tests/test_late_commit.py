"""A writer that commits late must never be skipped by a reader polling the global log."""

from __future__ import annotations

import asyncio

from runtime_builders import green_channel_event

from lodestone_runtime.store import EventStore


async def test_reader_polling_by_position_never_skips_a_late_commit(
    store_target: tuple[str, str | None],
) -> None:
    url, schema = store_target
    store = await EventStore.open(url, schema_name=schema)
    seen: list[int] = []
    stop = asyncio.Event()

    async def poll() -> None:
        after = 0
        while not stop.is_set() or after < await store.head():
            for stored in await store.read_all(after=after):
                seen.append(stored.position)
                after = stored.position
            await asyncio.sleep(0.005)

    slow_started = asyncio.Event()

    async def slow_writer() -> None:
        async with store.transaction() as tx:
            await tx.append("slow", 0, [green_channel_event("slow", 1)])
            slow_started.set()
            await asyncio.sleep(0.5)  # others try to commit while this one is open

    async def fast_writer(i: int) -> None:
        await slow_started.wait()
        async with store.transaction() as tx:
            await tx.append(f"fast-{i}", 0, [green_channel_event(f"f{i}", 1)])

    try:
        reader = asyncio.create_task(poll())
        await asyncio.gather(slow_writer(), *(fast_writer(i) for i in range(5)))
        stop.set()
        await asyncio.wait_for(reader, 10)
        assert seen == list(range(1, 7))
        events = await store.read_all()
        assert events[0].stream_id == "slow"  # committed first, so positioned first
    finally:
        await store.close()

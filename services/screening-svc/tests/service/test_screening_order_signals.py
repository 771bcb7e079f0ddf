"""OrderSignals: a commit that changed an order wakes its waiters; otherwise they time out."""

from __future__ import annotations

import asyncio
import time

from screening_svc.order_signals import OrderSignals


def test_a_change_wakes_the_waiter_before_its_timeout() -> None:
    signals = OrderSignals()

    async def scenario() -> float:
        started = time.monotonic()
        waiting = asyncio.create_task(signals.wait("order-1", 5.0))
        await asyncio.sleep(0.01)
        signals.changed("order-1")
        await waiting
        return time.monotonic() - started

    assert asyncio.run(scenario()) < 1.0


def test_a_change_to_another_order_does_not_wake_it() -> None:
    signals = OrderSignals()

    async def scenario() -> bool:
        waiting = asyncio.create_task(signals.wait("order-1", 0.2))
        await asyncio.sleep(0.01)
        signals.changed("order-2")
        await asyncio.sleep(0.05)
        woke_early = waiting.done()
        await waiting
        return woke_early

    assert asyncio.run(scenario()) is False


def test_no_waiter_is_left_behind() -> None:
    signals = OrderSignals()
    asyncio.run(signals.wait("order-1", 0.01))
    signals.changed("order-1")  # nobody waits: nothing to wake, nothing kept
    assert signals.waiting == 0

"""Wakes requests waiting on an order (`?wait=`) when a transaction that changed it commits.

Why: polling the read model every 20 ms per waiting request costs a read each time; with
200 requests waiting on licence answers that is 10,000 reads a second in the service that also
has to settle them. A signal is a hint only: waiters still re-read the order, and poll slowly
in case the change was committed by another replica of the service.
"""

from __future__ import annotations

import asyncio
import contextlib


class OrderSignals:
    def __init__(self) -> None:
        self._waiting: dict[str, asyncio.Event] = {}

    @property
    def waiting(self) -> int:
        """Orders someone waits on now."""
        return len(self._waiting)

    def changed(self, order_id: str) -> None:
        """Called after the commit of a transaction that changed the order."""
        event = self._waiting.get(order_id)
        if event is not None:
            event.set()

    async def wait(self, order_id: str, seconds: float) -> None:
        """Return when the order changed, or after `seconds`."""
        event = self._waiting.setdefault(order_id, asyncio.Event())
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), seconds)
        finally:
            if self._waiting.get(order_id) is event:
                del self._waiting[order_id]


SIGNALS = OrderSignals()  # one per process, like the read model it shadows

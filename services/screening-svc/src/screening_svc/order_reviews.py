"""A reviewer's verdict on a HELD order: release it (through license-svc when it holds licensed
controlled items) or reject it.

Key rule: only a HELD order with no release under way can be reviewed; anything else is 409.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from lodestone_contracts.events import EventData
from lodestone_contracts.events.order import OrderRejected, OrderReleased, OrderReleaseRequested
from lodestone_runtime.origin import Origin
from lodestone_runtime.problems import ProblemError
from lodestone_runtime.store import EventStore, Transaction
from screening_svc import projections
from screening_svc.order_screening import controlled_lines, received_of
from screening_svc.orders import order_view
from screening_svc.screener import Screener
from screening_svc.streams import Clock, append, order_stream

Verdict = Literal["release", "reject"]


class ReviewRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    justification: str = Field(min_length=10, max_length=2000)


class ReviewService:
    def __init__(self, store: EventStore, now: Clock, screener: Screener) -> None:
        self._store = store
        self._now = now
        self._screener = screener

    async def review(
        self, order_id: str, verdict: Verdict, reviewer: str, justification: str
    ) -> dict[str, Any]:
        """Append the verdict; returns the order as it now stands."""

        async def work(tx: Transaction) -> dict[str, Any]:
            row = await projections.order_row(tx.conn, order_id)
            if row is None:
                raise ProblemError(404, f"no order {order_id}")
            if row.status != "HELD" or row.release_requested:
                state = "awaiting its licence reservation" if row.release_requested else row.status
                raise ProblemError(409, f"order {order_id} is {state}, not HELD awaiting review")
            event = self._verdict(row, verdict, reviewer, justification)
            stream = order_stream(order_id)
            version = await tx.stream_version(stream)
            await append(
                tx,
                stream,
                order_id,
                [event],
                now=self._now(),
                origin=Origin.of_request(),
                expected_version=version,
            )
            updated = await projections.order_row(tx.conn, order_id)
            return order_view(updated)

        return await self._store.write(work)

    def _verdict(self, row: Any, verdict: Verdict, reviewer: str, justification: str) -> EventData:
        order_id = str(row.order_id)
        if verdict == "reject":
            return OrderRejected(order_id=order_id, reviewer=reviewer, justification=justification)
        received = received_of(row.document)
        licensed = received.license_id is not None and controlled_lines(received, self._screener)
        if licensed and not row.license_reserved:
            assert received.license_id is not None
            # license-svc reserves first; its answer releases or blocks the order.
            return OrderReleaseRequested(
                order_id=order_id,
                reviewer=reviewer,
                justification=justification,
                license_id=received.license_id,
            )
        return OrderReleased(order_id=order_id, reviewer=reviewer, justification=justification)

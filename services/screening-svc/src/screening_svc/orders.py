"""Order intake and reads: screen in the request transaction, the review queue, wait for a decision.

Key rule: order.received, order.screened (and the final event when no licence is involved)
commit together with the Idempotency-Key; an ERP order number is unique per exporter.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lodestone_contracts.events.order import OrderReceived
from lodestone_contracts.shapes import CountryCode, EndUse, Exporter, ItemList, Party
from lodestone_runtime import idempotency
from lodestone_runtime.idempotency import StoredResponse
from lodestone_runtime.origin import Origin
from lodestone_runtime.problems import ProblemError
from lodestone_runtime.store import EventStore, Transaction
from screening_svc import projections
from screening_svc.order_screening import screen_received
from screening_svc.order_signals import SIGNALS
from screening_svc.screener import Screener
from screening_svc.streams import Clock, append, order_stream

OrderStatus = Literal["PENDING", "CLEARED", "HELD", "BLOCKED", "RELEASED", "REJECTED"]
# Woken by a commit that changed the order; this slow poll covers other replicas' commits.
_POLL_SECONDS = 0.5


class OrderRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    erp_order_id: str = Field(min_length=1, max_length=200)
    exporter: Exporter
    consignee: Party
    end_user: Party
    end_use: EndUse
    destination: CountryCode
    ship_date: date
    license_id: str | None = Field(default=None, min_length=1, max_length=200)
    items: ItemList


class OrderAccepted(BaseModel):
    order_id: str
    status: Literal["PENDING"] = "PENDING"


@dataclass(frozen=True)
class Placement:
    order_id: str
    duplicate: bool  # the ERP order number was already known: this is the first order


def order_view(row: Any) -> dict[str, Any]:
    """The order as GET shows it; `decision` is the final one (null while PENDING)."""
    doc = json.loads(row.document)

    def loaded(text: str | None) -> Any:
        return None if text is None else json.loads(text)

    return {
        "order_id": row.order_id,
        "erp_order_id": doc["erp_order_id"],
        "status": row.status,
        "decision": loaded(row.decision),
        "screening": loaded(row.screening),
        "license_id": doc.get("license_id"),
        "license_check": row.license_check,
        "exporter": doc["exporter"],
        "consignee": doc["consignee"],
        "end_user": doc["end_user"],
        "end_use": doc["end_use"],
        "destination": doc["destination"],
        "ship_date": doc["ship_date"],
        "items": doc["items"],
        "received_at": row.received_at,
        "received_by": doc["received_by"],
        "release_requested": bool(row.release_requested),
        "review": loaded(row.review),
    }


def _cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"p{position}".encode()).decode().rstrip("=")


def _after(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    if not raw.startswith("p") or not raw[1:].isdigit():
        raise ProblemError(
            422,
            "the cursor is not one this service issued",
            slug="validation-error",
            title="Validation error",
            extra={"errors": [{"field": "cursor", "message": "unknown cursor"}]},
        )
    return int(raw[1:])


class OrderService:
    def __init__(self, store: EventStore, now: Clock, screener: Screener) -> None:
        self._store = store
        self._now = now
        self._screener = screener

    async def place(self, request: OrderRequest, caller: str, key: str | None) -> Placement:
        """Screen and record a new order, or find the first one (same key or ERP number)."""
        payload = request.model_dump(mode="json")
        order_id = str(uuid.uuid4())
        now = self._now()
        received = OrderReceived.model_validate(
            {**payload, "order_id": order_id, "received_by": caller}
        )
        events = [received, *screen_received(received, self._screener, now)]
        # Only a keyed request is ever compared with a replay (the canonical hash is not free).
        fingerprint = idempotency.request_fingerprint(payload) if key is not None else ""
        scope = f"POST /v1/orders:{caller}"

        async def work(tx: Transaction) -> Placement:
            if key is not None:
                stored = await idempotency.replay(tx, scope, key, fingerprint)
                if stored is not None:
                    return Placement(str(stored.body["order_id"]), duplicate=False)
            first = await projections.order_by_erp(
                tx.conn, request.exporter.id, request.erp_order_id
            )
            if first is not None:
                return Placement(first, duplicate=True)
            stream = order_stream(order_id)
            # A fresh random id: the stream is new, so its version is not read first.
            origin = Origin.of_request()
            await append(tx, stream, order_id, events, now=now, origin=origin, expected_version=0)
            if key is not None:
                body = OrderAccepted(order_id=order_id).model_dump()
                await idempotency.remember(tx, scope, key, fingerprint, StoredResponse(202, body))
            return Placement(order_id, duplicate=False)

        try:
            return await self._store.write(work)
        except IntegrityError:
            # A concurrent post of the same ERP number (or key) won the race: answer with its order.
            return await self._store.write(work)

    async def view(self, order_id: str) -> dict[str, Any]:
        async with self._store.reading() as conn:
            row = await projections.order_row(conn, order_id)
        if row is None:
            raise ProblemError(404, f"no order {order_id}")
        return order_view(row)

    async def wait_for_decision(self, order_id: str, seconds: float) -> dict[str, Any] | None:
        """The order once it is no longer PENDING, or None when `seconds` pass first."""
        deadline = time.monotonic() + seconds
        while True:
            view = await self.view(order_id)
            if view["status"] != "PENDING":
                return view
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            await SIGNALS.wait(order_id, min(left, _POLL_SECONDS))

    async def queue(self, status: OrderStatus, limit: int, cursor: str | None) -> dict[str, Any]:
        """Orders in `status`, oldest first; `next_cursor` continues after the last one."""
        table = projections.orders
        query = (
            select(table)
            .where(table.c.status == status, table.c.position > _after(cursor))
            .order_by(table.c.position)
            .limit(limit + 1)
        )
        async with self._store.reading() as conn:
            rows = (await conn.execute(query)).all()
        page = rows[:limit]
        more = len(rows) > limit
        return {
            "orders": [order_view(r) for r in page],
            "next_cursor": _cursor(int(page[-1].position)) if more else None,
        }

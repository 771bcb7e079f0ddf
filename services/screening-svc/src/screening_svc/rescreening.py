"""Re-screens after a list publish: PENDING and HELD orders, and the parties of ACTIVE licences.

Key rule: a re-screen records a new order.screened with license_check `none` (the licence was
already asked once; asking again would reserve twice); a HELD order now BLOCKED gets order.blocked.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC
from typing import Any

from sqlalchemy import select

from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events import EventData
from lodestone_contracts.events.license import LicensePartyFlagged
from lodestone_contracts.events.order import OrderBlocked, OrderScreened
from lodestone_contracts.shapes import ReasonData
from lodestone_runtime.origin import Origin
from lodestone_runtime.store import Transaction
from screening_svc import projections
from screening_svc.domain.model import Outcome
from screening_svc.domain.rules import combine, decide_order, order_license_lines
from screening_svc.order_screening import received_of
from screening_svc.screener import Screener, Snapshot
from screening_svc.streams import (
    Clock,
    append,
    license_screening_stream,
    order_stream,
)
from screening_svc.translation import (
    decision_data,
    order_from_received,
    order_lines,
    reasons_from_data,
)

Sync = Callable[[], Awaitable[None]]


class Rescreening:
    def __init__(self, now: Clock, screener: Screener, sync: Sync) -> None:
        self._now = now
        self._screener = screener
        self._sync = sync

    async def rescreen(self, tx: Transaction, event: CloudEvent) -> None:
        """restricted_list.published: screen every open order and active licence again."""
        await self._sync()  # another instance may have published: hold its version first
        snapshot = self._screener.snapshot
        origin = Origin.of_trigger(event)
        table = projections.orders
        open_orders = await tx.conn.execute(
            select(table).where(table.c.status.in_(("PENDING", "HELD"))).order_by(table.c.position)
        )
        for row in open_orders.all():
            await self._rescreen_order(tx, row, snapshot, origin)
        await self._rescreen_licenses(tx, snapshot, origin)

    async def _rescreen_order(
        self, tx: Transaction, row: Any, snapshot: Snapshot, origin: Origin
    ) -> None:
        received = received_of(row.document)
        order = order_from_received(received)
        now = self._now()
        decision = decide_order(order, self._screener.context(snapshot))
        screening = decision_data(decision, now)
        lines = order_license_lines(order, self._screener.catalog)
        new: list[EventData] = [
            OrderScreened(
                order_id=received.order_id,
                screening=screening,
                license_id=received.license_id,
                license_check="none",
                lines=order_lines(lines),
            )
        ]
        if row.status == "HELD" and decision.outcome == Outcome.BLOCKED:
            found = [ReasonData.model_validate(r) for r in json.loads(row.license_reasons)]
            final = combine(decision, reasons_from_data(found))
            new.append(
                OrderBlocked(
                    order_id=received.order_id,
                    decision=decision_data(final, now),
                    license_id=received.license_id,
                )
            )
        stream = order_stream(received.order_id)
        version = await tx.stream_version(stream)
        await append(
            tx, stream, received.order_id, new, now=now, origin=origin, expected_version=version
        )

    async def _rescreen_licenses(self, tx: Transaction, snapshot: Snapshot, origin: Origin) -> None:
        now = self._now()
        today = now.astimezone(UTC).date().isoformat()
        table = projections.licenses
        rows = await tx.conn.execute(
            select(table)
            .where(table.c.status == "ACTIVE", table.c.valid_until >= today)
            .order_by(table.c.license_id)
        )
        for row in rows.all():
            flags = self._flags(row, snapshot)
            if flags:
                license_id = str(row.license_id)
                await append(
                    tx,
                    license_screening_stream(license_id),
                    license_id,
                    flags,
                    now=now,
                    origin=origin,
                )

    def _flags(self, row: Any, snapshot: Snapshot) -> list[EventData]:
        flags: list[EventData] = []
        for role in ("consignee", "end_user"):
            party = json.loads(getattr(row, role))
            found = snapshot.index.search(
                party["name"], party.get("country"), 1, self._screener.block_threshold
            )
            if not found:
                continue
            best = found[0]
            flags.append(
                LicensePartyFlagged.model_validate(
                    {
                        "license_id": row.license_id,
                        "party_role": role,
                        "party_name": party["name"],
                        "list_id": best.list_id,
                        "list_version": snapshot.list_versions[best.list_id],
                        "entry_id": best.entry_id,
                        "score": best.score,
                    }
                )
            )
        return flags

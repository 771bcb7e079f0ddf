"""Answers screening-svc's licence checks: check or reserve an order's quantities on the licence.

Key rule: the answer is appended to the licence stream at the version the checks read, so two
orders racing for the last kilograms never both reserve; an unknown licence's answer goes to
the order's `license-check-<order_id>` stream instead.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from license_svc import facts, projections
from license_svc.commands import Clock, today
from license_svc.domain.checks import reserve
from license_svc.domain.materials import Materials
from license_svc.domain.orders import OrderCheck, OrderLine
from license_svc.domain.quantities import kilograms
from license_svc.licenses import load_license
from license_svc.streams import append, license_check_stream, license_stream
from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events.order import OrderReceived, OrderReleaseRequested, OrderScreened
from lodestone_runtime.consumer import EarlierEventMissing, PoisonEvent
from lodestone_runtime.origin import Origin
from lodestone_runtime.store import EventStore, Transaction


class ReservationService:
    def __init__(self, store: EventStore, now: Clock, materials: Materials) -> None:
        self._store = store
        self._now = now
        self._materials = materials

    async def record_order(self, tx: Transaction, event: CloudEvent) -> None:
        """Keep the order's parties, ship date and lines: later checks need them."""
        received = OrderReceived.model_validate(event.data)
        if received.license_id is None:
            return  # no licence named: no check will ever be asked of us for this order
        document = {
            "exporter_id": received.exporter.id,
            "consignee": {"name": received.consignee.name, "country": received.consignee.country},
            "end_user": {"name": received.end_user.name, "country": received.end_user.country},
            "destination": received.destination,
            "ship_date": received.ship_date.isoformat(),
        }
        lines = [
            {
                "line": item.line,
                "form": item.form.value,
                "elements": sorted(self._materials.controlled_elements(item.composition)),
                "quantity_kg": item.quantity_kg,
            }
            for item in received.items
        ]
        await projections.record_order_terms(tx.conn, received.order_id, document, lines)

    async def answer_screening(self, tx: Transaction, event: CloudEvent) -> None:
        """license_check `check` answers checked/rejected; `reserve` answers reserved/rejected."""
        screened = OrderScreened.model_validate(event.data)
        if screened.license_id is None and screened.license_check == "none":
            return  # an order without a licence: nothing of ours to check now or on release
        lines = [line.model_dump(mode="json") for line in screened.lines]
        await projections.record_order_lines(tx.conn, screened.order_id, lines)
        if screened.license_check == "none":
            return
        if screened.license_id is None:
            raise PoisonEvent(f"order {screened.order_id}: a licence check without a license_id")
        reserving = screened.license_check == "reserve"
        await self._answer(tx, event, screened.order_id, screened.license_id, reserving)

    async def reserve_for_release(self, tx: Transaction, event: CloudEvent) -> None:
        """A reviewer released a HELD order: reserve now, with the lines last screened."""
        requested = OrderReleaseRequested.model_validate(event.data)
        await self._answer(tx, event, requested.order_id, requested.license_id, True)

    async def _answer(
        self, tx: Transaction, event: CloudEvent, order_id: str, license_id: str, reserving: bool
    ) -> None:
        found = await projections.find_order_terms(tx.conn, order_id)
        if found is None:
            raise EarlierEventMissing(f"order {order_id}: order.received was never seen")
        document, lines = found
        order = self._order_check(order_id, license_id, document, lines, reserving)
        state, version = await load_license(tx, license_id)
        new = reserve(state, order, today(self._now))
        data = [facts.license_event(license_id, fact) for fact in new]
        if state is None:
            stream_id = license_check_stream(order_id)
            version = await tx.stream_version(stream_id)
        else:
            stream_id = license_stream(license_id)
        await append(
            tx,
            stream_id,
            license_id,
            data,
            now=self._now(),
            origin=Origin.of_trigger(event),
            expected_version=version,
        )

    def _order_check(
        self,
        order_id: str,
        license_id: str,
        document: dict[str, Any],
        lines: list[dict[str, Any]],
        reserving: bool,
    ) -> OrderCheck:
        return OrderCheck(
            order_id=order_id,
            license_id=license_id,
            exporter_id=document["exporter_id"],
            consignee=facts.party(document["consignee"]),
            end_user=facts.party(document["end_user"]),
            destination=document["destination"],
            ship_date=date.fromisoformat(document["ship_date"]),
            lines=tuple(self._line(line) for line in lines),
            reserve=reserving,
        )

    def _line(self, line: dict[str, Any]) -> OrderLine:
        elements = frozenset(line["elements"]) & self._materials.controlled
        return OrderLine(
            order_line=int(line["line"]),
            form=str(line["form"]),
            elements=elements,
            military_elements=elements & self._materials.military_use,
            quantity_kg=kilograms(line["quantity_kg"]),
        )

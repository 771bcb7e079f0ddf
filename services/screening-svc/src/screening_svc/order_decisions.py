"""Settles orders from license-svc's answers: the final decision, or the end of a release.

Key rule: exactly one final event per order. An answer counts only while its order waits for it
(PENDING, or HELD with a release under way); any other answer is ignored.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events import EventData, parse_data
from lodestone_contracts.events.license import (
    LicenseQuantityChecked,
    LicenseQuantityRejected,
    LicenseQuantityReserved,
)
from lodestone_contracts.events.order import (
    OrderBlocked,
    OrderReceived,
    OrderReleased,
    OrderScreened,
)
from lodestone_contracts.shapes import DecisionData, ReasonData
from lodestone_runtime.origin import Origin
from lodestone_runtime.store import Transaction
from screening_svc import projections
from screening_svc.domain.model import Outcome
from screening_svc.domain.rules import combine
from screening_svc.order_screening import controlled_lines, final_event, received_of
from screening_svc.screener import Screener
from screening_svc.streams import Clock, append, order_stream
from screening_svc.translation import (
    decision_data,
    decision_from_data,
    order_lines,
    reasons_from_data,
)

log = logging.getLogger(__name__)
Answer = LicenseQuantityReserved | LicenseQuantityChecked | LicenseQuantityRejected
ANSWER_TYPES = frozenset(
    {
        LicenseQuantityReserved.event_type,
        LicenseQuantityChecked.event_type,
        LicenseQuantityRejected.event_type,
    }
)


def _reasons(answer: Answer) -> list[ReasonData]:
    return list(answer.reasons) if isinstance(answer, LicenseQuantityRejected) else []


class OrderDecisions:
    def __init__(self, now: Clock, screener: Screener) -> None:
        self._now = now
        self._screener = screener

    async def settle(self, tx: Transaction, event: CloudEvent) -> None:
        """Handle license.quantity_reserved / quantity_checked / quantity_rejected."""
        answer = parse_data(event)
        assert isinstance(answer, Answer)
        row = await projections.order_row(tx.conn, answer.order_id)
        received = None if row is None else received_of(row.document)
        if row is None or received is None or received.license_id != answer.license_id:
            log.info("ignoring %s for unknown order %s", event.type, answer.order_id)
            return
        new: EventData | None
        if row.status == "PENDING":
            new = await self._decide(tx, row, received, answer)
        elif row.status == "HELD" and row.release_requested:
            new = await self._finish_release(tx, row, answer)
        else:
            log.info("ignoring %s: order %s is %s", event.type, answer.order_id, row.status)
            return
        if new is not None:
            stream = order_stream(answer.order_id)
            version = await tx.stream_version(stream)
            await append(
                tx,
                stream,
                answer.order_id,
                [new],
                now=self._now(),
                origin=Origin.of_trigger(event),
                expected_version=version,
            )

    async def _decide(
        self, tx: Transaction, row: Any, received: OrderReceived, answer: Answer
    ) -> EventData:
        screening = DecisionData.model_validate_json(row.screening)
        reasons = _reasons(answer)
        final = combine(decision_from_data(screening), reasons_from_data(reasons))
        if isinstance(answer, LicenseQuantityChecked) and final.outcome == Outcome.CLEARED:
            # A re-screen cleared an order whose licence was only checked: reserve before clearing.
            lines = controlled_lines(received, self._screener)
            return OrderScreened(
                order_id=answer.order_id,
                screening=screening,
                license_id=received.license_id,
                license_check="reserve",
                lines=order_lines(lines),
            )
        await self._record(tx, answer, reasons)
        return final_event(answer.order_id, decision_data(final, self._now()), received.license_id)

    async def _finish_release(self, tx: Transaction, row: Any, answer: Answer) -> EventData | None:
        review = json.loads(row.review)
        if isinstance(answer, LicenseQuantityReserved):
            await self._record(tx, answer, [])
            return OrderReleased(
                order_id=answer.order_id,
                reviewer=review["reviewer"],
                justification=review["justification"],
            )
        if isinstance(answer, LicenseQuantityRejected) and answer.reserve:
            await self._record(tx, answer, answer.reasons)
            screening = DecisionData.model_validate_json(row.screening)
            final = combine(decision_from_data(screening), reasons_from_data(answer.reasons))
            blocked = decision_data(final, self._now())
            return OrderBlocked(
                order_id=answer.order_id, decision=blocked, license_id=answer.license_id
            )
        return None

    async def _record(self, tx: Transaction, answer: Answer, reasons: list[ReasonData]) -> None:
        await projections.record_license_answer(
            tx.conn,
            answer.order_id,
            reserved=isinstance(answer, LicenseQuantityReserved),
            reasons=[r.model_dump(mode="json", exclude_none=True) for r in reasons],
        )

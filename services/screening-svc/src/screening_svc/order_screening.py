"""Screens one order with the live lists and says what it needs next: a final event or licence.

Key rule: an order with controlled items and a licence is decided only after license-svc
answered; `reserve` when screening cleared it, else `check` so that every rule still runs.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from lodestone_contracts.events import EventData
from lodestone_contracts.events.order import (
    LicenseCheck,
    OrderBlocked,
    OrderCleared,
    OrderDecided,
    OrderHeld,
    OrderReceived,
    OrderScreened,
)
from lodestone_contracts.shapes import DecisionData
from screening_svc.domain.model import Decision, Outcome
from screening_svc.domain.rules import decide_order, order_license_lines
from screening_svc.screener import Screener, Snapshot
from screening_svc.translation import decision_data, order_from_received, order_lines

_FINAL: dict[str, type[OrderDecided]] = {
    Outcome.CLEARED: OrderCleared,
    Outcome.HELD: OrderHeld,
    Outcome.BLOCKED: OrderBlocked,
}


def final_event(order_id: str, decision: DecisionData, license_id: str | None) -> OrderDecided:
    """order.cleared / order.held / order.blocked, by the decision's outcome."""
    model = _FINAL[decision.outcome.value]
    return model(order_id=order_id, decision=decision, license_id=license_id)


def license_check(
    decision: Decision, lines: list[dict[str, Any]], license_id: str | None
) -> LicenseCheck:
    if not lines or license_id is None:
        return "none"
    return "reserve" if decision.outcome == Outcome.CLEARED else "check"


def controlled_lines(received: OrderReceived, screener: Screener) -> list[dict[str, Any]]:
    return order_license_lines(order_from_received(received), screener.catalog)


def screen_received(
    received: OrderReceived, screener: Screener, now: datetime, snapshot: Snapshot | None = None
) -> list[EventData]:
    """order.screened, and the final event when no licence round trip is needed."""
    order = order_from_received(received)
    decision = decide_order(order, screener.context(snapshot))
    lines = order_license_lines(order, screener.catalog)
    check = license_check(decision, lines, received.license_id)
    screening = decision_data(decision, now)
    screened = OrderScreened(
        order_id=received.order_id,
        screening=screening,
        license_id=received.license_id,
        license_check=check,
        lines=order_lines(lines),
    )
    if check != "none":
        return [screened]
    return [screened, final_event(received.order_id, screening, received.license_id)]


def received_of(document: str) -> OrderReceived:
    """The order.received data kept in the read model."""
    return OrderReceived.model_validate(json.loads(document))

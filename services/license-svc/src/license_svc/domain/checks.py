"""Licence checks of an order and the reservation they gate: every rule runs, every finding counts.

Quantities are reserved only when no rule finds anything; an order is reserved at most once.
"""

from collections.abc import Callable
from datetime import date

from license_svc.domain.allocation import allocate, covering_lines
from license_svc.domain.lanes import Lane
from license_svc.domain.license import (
    LicenseFact,
    LicenseState,
    LicenseStatus,
    QuantityChecked,
    QuantityRejected,
    QuantityReserved,
    Remaining,
)
from license_svc.domain.orders import OrderCheck
from license_svc.domain.reasons import Reason, ReasonCode

INACTIVE = frozenset({LicenseStatus.REVOKED, LicenseStatus.SUSPENDED, LicenseStatus.EXHAUSTED})

Rule = Callable[[LicenseState, OrderCheck, date], list[Reason]]


def _active(state: LicenseState, order: OrderCheck, today: date) -> list[Reason]:
    status = state.status
    if status not in INACTIVE:
        return []
    return [Reason(ReasonCode.LICENSE_NOT_ACTIVE, f"licence {state.license_id} is {status}")]


def _validity(state: LicenseState, order: OrderCheck, today: date) -> list[Reason]:
    window = f"{state.valid_from.isoformat()}..{state.valid_until.isoformat()}"
    code = ReasonCode.LICENSE_OUTSIDE_VALIDITY
    if not state.valid_from <= order.ship_date <= state.valid_until:
        return [Reason(code, f"ship date {order.ship_date.isoformat()} is outside {window}")]
    if today > state.valid_until:
        return [Reason(code, f"licence expired: valid {window}, today is {today.isoformat()}")]
    return []


def _parties(state: LicenseState, order: OrderCheck, today: date) -> list[Reason]:
    terms = state.terms
    mismatches = []
    if order.exporter_id != terms.exporter_id:
        mismatches.append(f"exporter {order.exporter_id} is not {terms.exporter_id}")
    if not order.consignee.matches(terms.consignee):
        mismatches.append(f"consignee {order.consignee.name} is not {terms.consignee.name}")
    if not order.end_user.matches(terms.end_user):
        mismatches.append(f"end user {order.end_user.name} is not {terms.end_user.name}")
    if order.destination.strip().upper() != terms.destination.strip().upper():
        mismatches.append(f"destination {order.destination} is not {terms.destination}")
    return [Reason(ReasonCode.LICENSE_MISMATCH, m) for m in mismatches]


def _coverage(state: LicenseState, order: OrderCheck, today: date) -> list[Reason]:
    return [
        Reason(
            ReasonCode.LICENSE_MISMATCH,
            f"no licence line covers {line.form} with {', '.join(sorted(line.elements))}",
            line.order_line,
        )
        for line in order.lines
        if line.controlled and not covering_lines(state.lines, line)
    ]


def _military(state: LicenseState, order: OrderCheck, today: date) -> list[Reason]:
    if state.terms.kind is Lane.FULL_REVIEW:
        return []
    return [
        Reason(
            ReasonCode.MILITARY_USE_MATERIAL,
            f"military-use {', '.join(sorted(line.military_elements))} needs a full-review "
            f"licence, {state.license_id} is {state.terms.kind}",
            line.order_line,
        )
        for line in order.lines
        if line.military_elements
    ]


def _quantity(state: LicenseState, order: OrderCheck, today: date) -> list[Reason]:
    return [
        Reason(
            ReasonCode.LICENSE_QUANTITY_EXCEEDED,
            f"needs {short.needed_kg} kg, covering licence lines have {short.available_kg} kg left",
            short.order_line,
        )
        for short in allocate(state.lines, order.lines).shortfalls
    ]


RULES: tuple[Rule, ...] = (_active, _validity, _parties, _coverage, _military, _quantity)


def check_order(state: LicenseState | None, order: OrderCheck, today: date) -> list[Reason]:
    """Every finding of every licence rule; none means the licence allows the order."""
    if state is None:
        return [Reason(ReasonCode.LICENSE_NOT_FOUND, f"licence {order.license_id} is unknown")]
    if state.license_id != order.license_id:
        raise ValueError(f"order names licence {order.license_id}, not {state.license_id}")
    return [reason for rule in RULES for reason in rule(state, order, today)]


def reserve(state: LicenseState | None, order: OrderCheck, today: date) -> list[LicenseFact]:
    """Answer a check or reservation; an order already reserved yields nothing new."""
    if state is not None and order.order_id in state.reservations:
        return []
    reasons = check_order(state, order, today)
    if state is None or reasons:
        return [QuantityRejected(order.order_id, order.reserve, tuple(reasons))]
    if not order.reserve:
        return [QuantityChecked(order.order_id)]
    allocation = allocate(state.lines, order.lines)
    remaining = tuple(Remaining(n, kg) for n, kg in sorted(allocation.remaining.items()))
    return [QuantityReserved(order.order_id, allocation.reservations, remaining)]

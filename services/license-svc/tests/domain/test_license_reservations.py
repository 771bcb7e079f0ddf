"""Reserving licence quantities: exact draw-down, idempotent per order, exhaustion."""

from decimal import Decimal

from license_builders import (
    TODAY,
    dy_oxide,
    dy_oxide_line,
    kg,
    license_state,
    order,
    smco_magnet,
    smco_magnet_line,
)

from license_svc.domain.checks import reserve
from license_svc.domain.lanes import Lane
from license_svc.domain.license import (
    LicenseLine,
    LicenseState,
    LicenseStatus,
    QuantityChecked,
    QuantityRejected,
    QuantityReserved,
    Remaining,
    Reservation,
)
from license_svc.domain.license_fold import fold
from license_svc.domain.orders import OrderLine
from license_svc.domain.reasons import ReasonCode


def reserved(state: LicenseState, order_id: str, quantity: str) -> LicenseState:
    facts = reserve(state, order(dy_oxide(quantity=quantity), order_id=order_id), TODAY)
    return fold(facts, state)


def test_clean_order_reserves_its_quantities() -> None:
    facts = reserve(license_state(), order(dy_oxide(quantity="250.5")), TODAY)
    assert facts == [
        QuantityReserved(
            "ord-1", (Reservation(1, 1, kg("250.5")),), (Remaining(1, Decimal("749.5")),)
        )
    ]
    assert fold(facts, license_state()).lines[0].remaining_kg == Decimal("749.5")


def test_clean_order_only_checked_reserves_nothing() -> None:
    facts = reserve(license_state(), order(reserve=False), TODAY)
    assert facts == [QuantityChecked("ord-1")]
    assert fold(facts, license_state()).lines == license_state().lines


def test_order_with_findings_is_rejected_with_them() -> None:
    facts = reserve(license_state(), order(destination="KP", reserve=False), TODAY)
    assert len(facts) == 1
    rejected = facts[0]
    assert isinstance(rejected, QuantityRejected)
    assert (rejected.order_id, rejected.reserve) == ("ord-1", False)
    assert [r.code for r in rejected.reasons] == [ReasonCode.LICENSE_MISMATCH]


def test_order_on_an_unknown_licence_is_rejected_as_not_found() -> None:
    (rejected,) = reserve(None, order(), TODAY)
    assert isinstance(rejected, QuantityRejected)
    assert [r.code for r in rejected.reasons] == [ReasonCode.LICENSE_NOT_FOUND]


def test_order_already_reserved_yields_nothing_new() -> None:
    state = reserved(license_state(), "ord-1", "100")
    assert reserve(state, order(dy_oxide(quantity="100")), TODAY) == []
    assert reserve(state, order(dy_oxide(quantity="100"), reserve=False), TODAY) == []


def test_checked_or_rejected_order_can_still_reserve_later() -> None:
    checked = fold(reserve(license_state(), order(reserve=False), TODAY), license_state())
    facts = reserve(checked, order(), TODAY)
    assert isinstance(facts[0], QuantityReserved)


def test_ten_orders_of_100_kg_exhaust_1000_kg_exactly_and_the_eleventh_is_exceeded() -> None:
    state = license_state(dy_oxide_line(quantity="1000"))
    for n in range(10):
        state = reserved(state, f"ord-{n}", "100")
    assert state.lines[0].remaining_kg == 0
    assert state.status is LicenseStatus.EXHAUSTED
    (rejected,) = reserve(state, order(dy_oxide(quantity="100"), order_id="ord-10"), TODAY)
    assert isinstance(rejected, QuantityRejected)
    assert ReasonCode.LICENSE_QUANTITY_EXCEEDED in [r.code for r in rejected.reasons]


def test_tenths_of_a_kilogram_add_up_without_float_drift() -> None:
    state = license_state(dy_oxide_line(quantity="1"))
    for n in range(10):
        state = reserved(state, f"ord-{n}", "0.1")
    assert state.lines[0].remaining_kg == 0
    assert state.status is LicenseStatus.EXHAUSTED


def test_licence_is_exhausted_only_when_every_line_is_empty() -> None:
    state = reserved(license_state(dy_oxide_line(), smco_magnet_line()), "ord-1", "1000")
    assert state.status is LicenseStatus.ACTIVE


def test_order_line_splits_across_lines_that_cover_it_in_line_order() -> None:
    lines = (dy_oxide_line(1, "50"), dy_oxide_line(2, "50"))
    (fact,) = reserve(license_state(*lines), order(dy_oxide(7, "80")), TODAY)
    assert isinstance(fact, QuantityReserved)
    assert fact.reservations == (Reservation(1, 7, kg(50)), Reservation(2, 7, kg(30)))
    assert fact.remaining == (Remaining(1, kg(0)), Remaining(2, kg(20)))


def test_order_lines_with_fewer_covering_lines_are_served_first() -> None:
    dy_tb_line = LicenseLine(2, "oxide", frozenset({"Dy", "Tb"}), kg(100))
    state = license_state(dy_oxide_line(1, "100"), dy_tb_line)
    dy_tb = OrderLine(2, "oxide", frozenset({"Dy", "Tb"}), frozenset(), kg(100))
    (fact,) = reserve(state, order(dy_oxide(1, "100"), dy_tb), TODAY)
    assert isinstance(fact, QuantityReserved)
    assert fact.reservations == (Reservation(1, 1, kg(100)), Reservation(2, 2, kg(100)))


def test_samarium_reservation_on_full_review_licence_draws_its_line() -> None:
    state = license_state(smco_magnet_line(quantity="10"), kind=Lane.FULL_REVIEW)
    after = fold(reserve(state, order(smco_magnet(quantity="10")), TODAY), state)
    assert after.status is LicenseStatus.EXHAUSTED

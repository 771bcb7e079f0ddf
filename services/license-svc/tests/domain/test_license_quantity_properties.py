"""Property: no sequence of orders overdraws a licence, and reserved plus remaining is issued."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from license_builders import TODAY, dy_oxide, dy_oxide_line, license_state, order

from license_svc.domain.checks import reserve
from license_svc.domain.license import LicenseState, LicenseStatus, QuantityReserved
from license_svc.domain.license_fold import fold

quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal(400), places=3)
# A small pool of order ids makes re-delivered orders likely; some orders are only checked.
orders = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=8),
        st.booleans(),
        st.lists(quantities, min_size=1, max_size=3),
    ),
    max_size=25,
)
issued = st.lists(quantities, min_size=1, max_size=3)


def reserved_per_line(state: LicenseState) -> dict[int, Decimal]:
    totals = {line.line: Decimal(0) for line in state.lines}
    for reservations in state.reservations.values():
        for reservation in reservations:
            totals[reservation.license_line] += reservation.quantity_kg
    return totals


@settings(max_examples=150, deadline=None, database=None)
@given(line_quantities=issued, order_quantities=orders)
def test_reservations_never_overdraw_and_always_balance(
    line_quantities: list[Decimal], order_quantities: list[tuple[int, bool, list[Decimal]]]
) -> None:
    lines = [dy_oxide_line(n, str(q)) for n, q in enumerate(line_quantities, start=1)]
    state = license_state(*lines)
    for n, to_reserve, wanted in order_quantities:
        items = (dy_oxide(i, str(q)) for i, q in enumerate(wanted, 1))
        request = order(*items, order_id=f"o{n}", reserve=to_reserve)
        facts = reserve(state, request, TODAY)
        state = fold(facts, state)
        for fact in facts:
            if isinstance(fact, QuantityReserved):
                assert {r.line: r.remaining_kg for r in fact.remaining} == {
                    ln.line: ln.remaining_kg for ln in state.lines
                }
    totals = reserved_per_line(state)
    for line in state.lines:
        assert line.remaining_kg >= 0
        assert totals[line.line] + line.remaining_kg == line.quantity_kg
    assert (state.status is LicenseStatus.EXHAUSTED) == all(
        ln.remaining_kg == 0 for ln in state.lines
    )


@settings(max_examples=100, deadline=None, database=None)
@given(wanted=st.lists(quantities, min_size=1, max_size=4))
def test_an_order_is_reserved_whole_or_not_at_all(wanted: list[Decimal]) -> None:
    state = license_state(dy_oxide_line(1, "500"))
    request = order(*(dy_oxide(i, str(q)) for i, q in enumerate(wanted, 1)))
    (fact,) = reserve(state, request, TODAY)
    if isinstance(fact, QuantityReserved):
        assert sum(r.quantity_kg for r in fact.reservations) == sum(wanted)
    else:
        assert sum(wanted) > 500

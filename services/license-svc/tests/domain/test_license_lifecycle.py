"""Licence issue, status, revocation and suspension, folded from facts."""

from datetime import date
from decimal import Decimal

import pytest
from license_builders import (
    ISSUED_ON,
    MATERIALS,
    dy_oxide_line,
    issued,
    kg,
    license_state,
    smco_magnet_line,
    terms,
)

from license_svc.domain.errors import InvalidState
from license_svc.domain.license import (
    Issued,
    LicenseLine,
    LicenseStatus,
    QuantityChecked,
    QuantityReserved,
    Remaining,
    Reservation,
    Revoked,
    Suspended,
    issue_license,
    license_lines,
    revoke,
    suspend,
)
from license_svc.domain.license_fold import fold
from license_svc.domain.materials import Item


def suspended_for_party() -> Suspended:
    return Suspended("consignee matched a restricted list", "consignee", "ofac", "SDN-1", 0.97)


def test_issued_licence_runs_six_calendar_months_from_the_issue_date() -> None:
    (fact,) = issued(issue_date=date(2025, 8, 31))
    assert isinstance(fact, Issued)
    assert (fact.valid_from, fact.valid_until) == (date(2025, 8, 31), date(2026, 2, 28))


def test_issued_licence_is_active_with_full_quantities() -> None:
    state = license_state(dy_oxide_line(quantity="1000"), smco_magnet_line(quantity="5.5"))
    assert state.status is LicenseStatus.ACTIVE
    assert [(ln.line, ln.remaining_kg) for ln in state.lines] == [(1, kg(1000)), (2, kg("5.5"))]
    assert (state.license_id, state.terms, state.version) == ("lic-1", terms(), 1)
    assert state.reservations == {}


def test_only_controlled_items_become_licence_lines() -> None:
    items = [
        Item.of(1, "oxide", {"Dy": 0.8, "O": 0.2}, 100),
        Item.of(2, "magnet", {"Nd": 0.3, "Fe": 0.7}, 50),
        Item.of(3, "magnet", {"Sm": 0.25, "Co": 0.7, "Gd": 0.05}, 2.5),
    ]
    assert license_lines(items, MATERIALS) == (
        LicenseLine(1, "oxide", frozenset({"Dy"}), kg(100)),
        LicenseLine(3, "magnet", frozenset({"Sm", "Gd"}), kg("2.5")),
    )


def test_licence_without_lines_is_never_exhausted() -> None:
    state = fold(issue_license("lic-1", terms(), [], ISSUED_ON))
    assert state.status is LicenseStatus.ACTIVE


def test_repeated_line_numbers_are_refused() -> None:
    with pytest.raises(ValueError, match="repeat"):
        issue_license("lic-1", terms(), [dy_oxide_line(1), smco_magnet_line(1)], ISSUED_ON)


def test_zero_quantity_line_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        issue_license("lic-1", terms(), [dy_oxide_line(quantity="0")], ISSUED_ON)


def test_licence_is_expired_only_after_its_last_valid_day() -> None:
    state = license_state()
    assert state.status_on(date(2025, 7, 15)) is LicenseStatus.ACTIVE
    assert state.status_on(date(2025, 7, 16)) is LicenseStatus.EXPIRED


def test_revoked_licence_stays_revoked_after_expiry() -> None:
    state = license_state(later=revoke(license_state(), "misdeclared end use", "admin-1"))
    assert state.status is LicenseStatus.REVOKED
    assert state.status_on(date(2030, 1, 1)) is LicenseStatus.REVOKED
    assert state.revoked == Revoked("misdeclared end use", "admin-1")


def test_revoking_twice_is_refused_with_409() -> None:
    state = license_state(later=[Revoked("first", "admin-1")])
    with pytest.raises(InvalidState) as refused:
        revoke(state, "again", "admin-2")
    assert refused.value.status == 409


def test_suspended_licence_can_still_be_revoked() -> None:
    state = license_state(later=[suspended_for_party()])
    assert revoke(state, "confirmed match", "admin-1") == [Revoked("confirmed match", "admin-1")]
    assert license_state(later=[suspended_for_party(), Revoked("x", "y")]).status == "REVOKED"


def test_active_licence_is_suspended_when_a_party_matches() -> None:
    facts = suspend(
        license_state(), "consignee matched a restricted list", "consignee", "ofac", "SDN-1", 0.97
    )
    assert facts == [suspended_for_party()]
    state = license_state(later=facts)
    assert (state.status, state.suspended) == (LicenseStatus.SUSPENDED, suspended_for_party())


@pytest.mark.parametrize(
    "later", [[suspended_for_party()], [Revoked("r", "admin-1")]], ids=["suspended", "revoked"]
)
def test_suspending_a_licence_that_is_not_active_changes_nothing(later: list[Revoked]) -> None:
    state = license_state(later=list(later))
    assert suspend(state, "again", "end_user", "un", "QDi.1", 0.99) == []


def test_fold_advances_a_known_state_and_counts_versions() -> None:
    state = license_state()
    later = fold([QuantityChecked("ord-1")], state)
    assert (later.version, later.lines) == (2, state.lines)


def test_reservation_draws_lines_down_and_is_remembered_by_order() -> None:
    reserved = QuantityReserved(
        "ord-1", (Reservation(1, 1, kg("99.5")),), (Remaining(1, Decimal("900.5")),)
    )
    state = license_state(later=[reserved])
    assert state.lines[0].remaining_kg == Decimal("900.5")
    assert state.reservations["ord-1"] == reserved.reservations


def test_a_reservation_that_would_overdraw_is_refused_by_the_fold() -> None:
    overdraw = QuantityReserved("ord-1", (Reservation(1, 1, kg(1001)),), ())
    with pytest.raises(InvalidState, match="overdraws"):
        license_state(later=[overdraw])


def test_stream_must_open_with_issued() -> None:
    with pytest.raises(InvalidState, match="opens with Issued"):
        fold([QuantityChecked("ord-1")])
    with pytest.raises(InvalidState, match="opens with Issued"):
        fold([])


def test_a_second_issue_in_one_stream_is_refused() -> None:
    with pytest.raises(InvalidState, match="already issued"):
        fold([*issued(), *issued()])

"""Licence checks of an order: every rule runs and each finding is its own reason."""

from datetime import date
from typing import Any

import pytest
from license_builders import (
    TODAY,
    dy_oxide,
    dy_oxide_line,
    license_state,
    nd_magnet,
    order,
    smco_magnet,
    smco_magnet_line,
)

from license_svc.domain.checks import check_order
from license_svc.domain.lanes import Lane
from license_svc.domain.license import LicenseLine, Revoked, Suspended
from license_svc.domain.orders import OrderLine
from license_svc.domain.parties import Party
from license_svc.domain.reasons import Reason, ReasonCode


def codes(reasons: list[Reason]) -> list[str]:
    return [reason.code.value for reason in reasons]


def test_order_within_its_licence_has_no_findings() -> None:
    assert check_order(license_state(), order(dy_oxide(quantity="1000")), TODAY) == []


def test_unknown_licence_is_not_found() -> None:
    reasons = check_order(None, order(license_id="lic-404"), TODAY)
    assert reasons == [Reason(ReasonCode.LICENSE_NOT_FOUND, "licence lic-404 is unknown")]


def test_order_for_another_licence_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="lic-2"):
        check_order(license_state(), order(license_id="lic-2"), TODAY)


@pytest.mark.parametrize(
    ("later", "status"),
    [
        ([Revoked("misdeclared", "admin-1")], "REVOKED"),
        ([Suspended("party match", "consignee", "ofac", "SDN-1", 0.95)], "SUSPENDED"),
    ],
)
def test_revoked_or_suspended_licence_is_not_active(later: list[Revoked], status: str) -> None:
    reasons = check_order(license_state(later=list(later)), order(), TODAY)
    assert reasons == [Reason(ReasonCode.LICENSE_NOT_ACTIVE, f"licence lic-1 is {status}")]


@pytest.mark.parametrize("ship_date", [date(2025, 1, 14), date(2025, 7, 16)])
def test_ship_date_outside_validity_is_found(ship_date: date) -> None:
    reasons = check_order(license_state(), order(ship_date=ship_date), TODAY)
    assert codes(reasons) == ["LICENSE_OUTSIDE_VALIDITY"]
    assert ship_date.isoformat() in reasons[0].message


@pytest.mark.parametrize("ship_date", [date(2025, 1, 15), date(2025, 7, 15)])
def test_first_and_last_valid_days_are_inside_validity(ship_date: date) -> None:
    assert check_order(license_state(), order(ship_date=ship_date), TODAY) == []


def test_expired_licence_is_outside_validity_even_for_an_earlier_ship_date() -> None:
    reasons = check_order(license_state(), order(), date(2025, 7, 16))
    assert codes(reasons) == ["LICENSE_OUTSIDE_VALIDITY"]
    assert "expired" in reasons[0].message


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"exporter_id": "exp-2"}, "exporter exp-2"),
        ({"consignee": Party("Other Magnets GmbH", "DE")}, "consignee Other Magnets GmbH"),
        ({"consignee": Party("Magnet Works GmbH", "AT")}, "consignee Magnet Works GmbH"),
        ({"end_user": Party("Motor Plant AG", "CN")}, "end user Motor Plant AG"),
        ({"destination": "FR"}, "destination FR"),
    ],
)
def test_party_or_destination_not_on_the_licence_is_a_mismatch(
    change: dict[str, Any], named: str
) -> None:
    (reason,) = check_order(license_state(), order(**change), TODAY)
    assert reason.code is ReasonCode.LICENSE_MISMATCH
    assert named in reason.message
    assert reason.item_line is None


def test_parties_match_regardless_of_case_and_spacing() -> None:
    request = order(
        consignee=Party("  MAGNET   works gmbh ", "de"),
        end_user=Party("motor plant ag", " DE"),
        destination="de",
    )
    assert check_order(license_state(), request, TODAY) == []


def test_item_in_another_form_is_not_covered() -> None:
    metal = OrderLine(3, "metal", frozenset({"Dy"}), frozenset(), dy_oxide().quantity_kg)
    assert check_order(license_state(), order(dy_oxide(1), metal), TODAY) == [
        Reason(ReasonCode.LICENSE_MISMATCH, "no licence line covers metal with Dy", 3)
    ]


def test_item_with_an_element_outside_the_line_is_not_covered() -> None:
    dy_tb = OrderLine(2, "oxide", frozenset({"Dy", "Tb"}), frozenset(), dy_oxide().quantity_kg)
    (reason,) = check_order(license_state(), order(dy_tb), TODAY)
    assert (reason.code, reason.item_line) == (ReasonCode.LICENSE_MISMATCH, 2)


def test_item_with_a_subset_of_the_line_elements_is_covered() -> None:
    broad = LicenseLine(1, "oxide", frozenset({"Dy", "Tb"}), dy_oxide_line().quantity_kg)
    assert check_order(license_state(broad), order(dy_oxide()), TODAY) == []


def test_uncontrolled_items_need_no_licence_line() -> None:
    assert check_order(license_state(), order(dy_oxide(1), nd_magnet(2)), TODAY) == []


@pytest.mark.parametrize("kind", [Lane.FAST_TRACK, Lane.GREEN_CHANNEL])
def test_samarium_order_is_blocked_outside_full_review_licence(kind: Lane) -> None:
    state = license_state(dy_oxide_line(), smco_magnet_line(), kind=kind)
    reasons = check_order(state, order(dy_oxide(1), smco_magnet(2)), TODAY)
    assert codes(reasons) == ["MILITARY_USE_MATERIAL"]
    assert reasons[0].item_line == 2


def test_samarium_order_on_full_review_licence_is_allowed() -> None:
    state = license_state(smco_magnet_line(), kind=Lane.FULL_REVIEW)
    assert check_order(state, order(smco_magnet()), TODAY) == []


def test_order_above_the_remaining_quantity_is_exceeded() -> None:
    (reason,) = check_order(license_state(), order(dy_oxide(quantity="1000.001")), TODAY)
    assert (reason.code, reason.item_line) == (ReasonCode.LICENSE_QUANTITY_EXCEEDED, 1)
    assert "needs 1000.001 kg" in reason.message
    assert "1000 kg left" in reason.message


def test_order_lines_drawing_the_same_licence_line_add_up() -> None:
    request = order(dy_oxide(1, "600"), dy_oxide(2, "400"))
    assert check_order(license_state(), request, TODAY) == []
    (reason,) = check_order(license_state(), order(dy_oxide(1, "600"), dy_oxide(2, "401")), TODAY)
    assert (reason.code, reason.item_line) == (ReasonCode.LICENSE_QUANTITY_EXCEEDED, 2)


def test_every_finding_is_reported_together() -> None:
    state = license_state(dy_oxide_line(), kind=Lane.FAST_TRACK, later=[Revoked("r", "admin")])
    request = order(
        dy_oxide(1, "5000"),
        smco_magnet(2),
        exporter_id="exp-9",
        destination="RU",
        ship_date=date(2026, 1, 1),
    )
    assert codes(check_order(state, request, TODAY)) == [
        "LICENSE_NOT_ACTIVE",
        "LICENSE_OUTSIDE_VALIDITY",
        "LICENSE_MISMATCH",
        "LICENSE_MISMATCH",
        "LICENSE_MISMATCH",
        "MILITARY_USE_MATERIAL",
        "LICENSE_QUANTITY_EXCEEDED",
    ]

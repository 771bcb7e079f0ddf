"""Licence reason codes produced on orders over HTTP, for the cases the saga API tests leave out.

test_screening_license_saga_api.py already shows LICENSE_NOT_FOUND, LICENSE_NOT_ACTIVE (revoked),
LICENSE_OUTSIDE_VALIDITY (a year on), LICENSE_MISMATCH (consignee) and QUANTITY_EXCEEDED.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from license_saga_http_builders import (
    SAMARIUM_COBALT,
    Json,
    application_body,
    approved_by_two,
    codes,
    decided_order,
    fresh,
    issue_licence,
    item,
    order_body,
)
from lodestone_system import RunningSystem


@pytest.fixture(scope="module")
def fast_track(system: RunningSystem) -> Json:
    return issue_licence(system)


@pytest.fixture(scope="module")
def samarium_full_review(system: RunningSystem) -> Json:
    body = application_body(fresh("applicant"), items=[item(SAMARIUM_COBALT, form="magnet")])
    return approved_by_two(system, body)


def test_an_order_to_another_destination_is_a_mismatch(
    system: RunningSystem, fast_track: Json
) -> None:
    order = decided_order(system, order_body(fast_track["license_id"], 1.0, destination="FR"))

    assert (order["status"], codes(order)) == ("BLOCKED", {"LICENSE_MISMATCH"})
    assert "destination FR" in order["decision"]["reasons"][0]["message"]


def test_an_item_in_a_form_the_licence_does_not_cover_is_a_mismatch(
    system: RunningSystem, fast_track: Json
) -> None:
    metal = item(kg=1.0, form="metal")
    order = decided_order(system, order_body(fast_track["license_id"], items=[metal]))

    assert (order["status"], codes(order)) == ("BLOCKED", {"LICENSE_MISMATCH"})
    assert order["decision"]["reasons"][0]["item_line"] == 1


def test_samarium_on_a_fast_track_licence_is_military_use_material(
    system: RunningSystem, fast_track: Json
) -> None:
    magnet = item(SAMARIUM_COBALT, kg=1.0, form="oxide")
    order = decided_order(system, order_body(fast_track["license_id"], items=[magnet]))

    assert order["status"] == "BLOCKED"
    assert "MILITARY_USE_MATERIAL" in codes(order)


def test_samarium_on_a_full_review_licence_is_cleared(
    system: RunningSystem, samarium_full_review: Json
) -> None:
    magnet = item(SAMARIUM_COBALT, kg=5.0, form="magnet")
    order = decided_order(system, order_body(samarium_full_review["license_id"], items=[magnet]))

    assert (order["status"], codes(order)) == ("CLEARED", set())


def test_samarium_in_another_form_on_a_full_review_licence_is_only_a_mismatch(
    system: RunningSystem, samarium_full_review: Json
) -> None:
    oxide = item(SAMARIUM_COBALT, kg=5.0, form="oxide")
    order = decided_order(system, order_body(samarium_full_review["license_id"], items=[oxide]))

    assert (order["status"], codes(order)) == ("BLOCKED", {"LICENSE_MISMATCH"})


def test_the_last_valid_day_is_inside_and_the_next_day_outside_validity(
    system: RunningSystem, fast_track: Json
) -> None:
    last = date.fromisoformat(fast_track["valid_until"])
    license_id = fast_track["license_id"]

    on_last_day = decided_order(system, order_body(license_id, 1.0, ship_date=last.isoformat()))
    day_after = (last + timedelta(days=1)).isoformat()
    after = decided_order(system, order_body(license_id, 1.0, ship_date=day_after))

    assert on_last_day["status"] == "CLEARED", on_last_day
    assert (after["status"], codes(after)) == ("BLOCKED", {"LICENSE_OUTSIDE_VALIDITY"})


def test_a_ship_date_before_the_licence_was_issued_is_outside_validity(
    system: RunningSystem, fast_track: Json
) -> None:
    before = (date.fromisoformat(fast_track["valid_from"]) - timedelta(days=1)).isoformat()
    order = decided_order(system, order_body(fast_track["license_id"], 1.0, ship_date=before))

    assert codes(order) == {"LICENSE_OUTSIDE_VALIDITY"}


def test_every_licence_finding_of_one_order_is_reported(
    system: RunningSystem, fast_track: Json
) -> None:
    far = (date.fromisoformat(fast_track["valid_until"]) + timedelta(days=40)).isoformat()
    body = order_body(fast_track["license_id"], 5000.0, destination="FR", ship_date=far)

    order = decided_order(system, body)

    assert codes(order) == {
        "LICENSE_MISMATCH",
        "LICENSE_OUTSIDE_VALIDITY",
        "LICENSE_QUANTITY_EXCEEDED",
    }

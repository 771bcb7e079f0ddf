"""The order saga with license-svc over HTTP: licensed orders clear, licence findings block.

Licences come from fast-track applications, which license-svc issues at once when screening
clears them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from lodestone_system import RunningSystem
from screening_http_builders import (
    codes,
    decided,
    issue_licence,
    licensed_order,
    ship_date_in,
)


@pytest.fixture(scope="module")
def erp(system: RunningSystem) -> Iterator[httpx.Client]:
    with system.client("screening-svc", "erp", "erp-saga") as http:
        yield http


@pytest.fixture(scope="module")
def licence(system: RunningSystem) -> str:
    return issue_licence(system, kg=500.0)


def test_a_licensed_order_is_cleared_once_its_quantities_are_reserved(
    erp: httpx.Client, licence: str
) -> None:
    order = decided(erp, licensed_order(licence, kg=100.0))

    assert order["status"] == "CLEARED", order
    assert order["license_id"] == licence


def test_an_order_over_the_remaining_quantity_is_blocked(erp: httpx.Client, licence: str) -> None:
    order = decided(erp, licensed_order(licence, kg=450.0))

    assert order["status"] == "BLOCKED"
    assert "LICENSE_QUANTITY_EXCEEDED" in codes(order)


def test_an_unknown_licence_is_blocked_as_not_found(erp: httpx.Client) -> None:
    order = decided(erp, licensed_order("no-such-licence"))

    assert codes(order) == ["LICENSE_NOT_FOUND"]


def test_a_ship_date_after_the_licence_expires_is_outside_validity(
    erp: httpx.Client, licence: str
) -> None:
    order = decided(erp, licensed_order(licence, kg=1.0, ship_date=ship_date_in(400)))

    assert "LICENSE_OUTSIDE_VALIDITY" in codes(order)


def test_a_consignee_the_licence_does_not_name_is_a_mismatch(
    erp: httpx.Client, licence: str
) -> None:
    other = {"name": "Another Buyer GmbH", "country": "DE"}
    order = decided(erp, licensed_order(licence, kg=1.0, consignee=other))

    assert "LICENSE_MISMATCH" in codes(order)


def test_a_revoked_licence_is_not_active(system: RunningSystem, erp: httpx.Client) -> None:
    revoked = issue_licence(system, kg=50.0)
    with system.client("license-svc", "admin") as admin:
        response = admin.post(f"/v1/licenses/{revoked}/revoke", json={"reason": "end user sold"})
        assert response.status_code in (200, 202), response.text

    order = decided(erp, licensed_order(revoked, kg=1.0))

    assert "LICENSE_NOT_ACTIVE" in codes(order)


def test_a_held_licensed_order_is_released_after_license_svc_reserves(
    system: RunningSystem, erp: httpx.Client, licence: str
) -> None:
    held = decided(
        erp,
        licensed_order(
            licence, kg=10.0, end_use={"category": "nuclear", "description": "reactor control rods"}
        ),
    )
    assert held["status"] == "HELD", held

    with system.client("screening-svc", "reviewer", "reviewer-saga") as reviewer:
        requested = reviewer.post(
            f"/v1/orders/{held['order_id']}/release",
            json={"justification": "civilian reactor, safeguarded"},
        )
        assert requested.status_code == 202
        deadline = time.monotonic() + 10
        while (order := erp.get(f"/v1/orders/{held['order_id']}").json())["status"] == "HELD":
            assert time.monotonic() < deadline
            time.sleep(0.05)

    assert order["status"] == "RELEASED"

"""screening-svc over HTTP: every order status and screening reason code, reviews, duplicates."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from lodestone_system import RunningSystem
from screening_http_builders import (
    DYSPROSIUM_OXIDE,
    REVIEW_CANDIDATES,
    SAMARIUM_COBALT,
    SYSTEM_LIST,
    codes,
    decided,
    order_body,
)


@pytest.fixture(scope="module")
def erp(system: RunningSystem) -> Iterator[httpx.Client]:
    with system.client("screening-svc", "erp", "erp-screening") as http:
        yield http


@pytest.fixture(scope="module")
def reviewer(system: RunningSystem) -> Iterator[httpx.Client]:
    with system.client("screening-svc", "reviewer", "reviewer-screening") as http:
        yield http


@pytest.fixture(scope="module")
def listed(system: RunningSystem) -> dict[str, str]:
    """Publish the system-test list; returns the names that BLOCK and REVIEW."""
    with system.client("screening-svc", "admin") as admin:
        assert admin.put("/v1/lists/screening-system", json=SYSTEM_LIST).status_code == 200
        parties = [{"name": n, "country": "DE"} for n in REVIEW_CANDIDATES]
        results = admin.post("/v1/parties/screen", json={"parties": parties}).json()["results"]
    review = next(r["name"] for r in results if r["outcome"] == "REVIEW")
    return {"block": "Quartzline Rare Metals Trading Co Ltd", "review": review}


def test_an_order_without_controlled_items_is_accepted_then_cleared(erp: httpx.Client) -> None:
    response = erp.post("/v1/orders", json=order_body())

    assert response.status_code == 202
    assert response.json()["status"] == "PENDING"
    location = response.headers["location"]
    deadline = time.monotonic() + 10
    while (order := erp.get(location).json())["status"] == "PENDING":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert order["status"] == "CLEARED"
    assert order["decision"]["ruleset_version"] == "2025.06"


def test_a_listed_consignee_is_blocked_as_restricted_party(
    erp: httpx.Client, listed: dict[str, str]
) -> None:
    order = decided(erp, order_body(consignee=listed["block"]))

    assert order["status"] == "BLOCKED"
    assert codes(order) == ["RESTRICTED_PARTY", "RESTRICTED_PARTY"]
    assert "screening-system" in order["decision"]["list_versions"]


def test_a_near_match_is_held_as_possible_party_match(
    erp: httpx.Client, listed: dict[str, str]
) -> None:
    order = decided(erp, order_body(consignee=listed["review"]))

    assert order["status"] == "HELD"
    assert codes(order) == ["POSSIBLE_PARTY_MATCH", "POSSIBLE_PARTY_MATCH"]


def test_a_military_end_use_is_blocked(erp: httpx.Client) -> None:
    order = decided(erp, order_body(category="military", description="fighter jet actuators"))

    assert order["status"] == "BLOCKED"
    assert codes(order) == ["MILITARY_END_USE", "END_USE_REVIEW"]


def test_a_civil_category_naming_a_missile_is_held_for_end_use_review(erp: httpx.Client) -> None:
    order = decided(erp, order_body(category="industrial", description="missile guidance motors"))

    assert order["status"] == "HELD"
    assert codes(order) == ["END_USE_REVIEW"]


def test_samarium_without_a_licence_is_blocked_as_military_use_material(
    erp: httpx.Client,
) -> None:
    order = decided(erp, order_body(SAMARIUM_COBALT))

    assert codes(order) == ["MILITARY_USE_MATERIAL", "LICENSE_REQUIRED"]


def test_dysprosium_without_a_licence_is_blocked_as_license_required(erp: httpx.Client) -> None:
    order = decided(erp, order_body(DYSPROSIUM_OXIDE))

    assert order["status"] == "BLOCKED"
    assert codes(order) == ["LICENSE_REQUIRED"]


def test_a_reviewer_releases_a_held_order(erp: httpx.Client, reviewer: httpx.Client) -> None:
    order = decided(erp, order_body(category="nuclear", description="reactor shielding"))

    released = reviewer.post(
        f"/v1/orders/{order['order_id']}/release",
        json={"justification": "civilian operator, IAEA safeguarded"},
    )

    assert released.status_code == 200
    assert released.json()["status"] == "RELEASED"
    again = reviewer.post(
        f"/v1/orders/{order['order_id']}/release", json={"justification": "second time lucky"}
    )
    assert again.status_code == 409


def test_a_reviewer_rejects_a_held_order(erp: httpx.Client, reviewer: httpx.Client) -> None:
    order = decided(erp, order_body(category="other", description="unspecified"))

    rejected = reviewer.post(
        f"/v1/orders/{order['order_id']}/reject", json={"justification": "end user unknown to us"}
    )

    assert rejected.json()["status"] == "REJECTED"
    assert erp.get(f"/v1/orders/{order['order_id']}").json()["review"]["action"] == "rejected"


def test_a_short_justification_is_a_validation_error(reviewer: httpx.Client) -> None:
    response = reviewer.post("/v1/orders/whatever/reject", json={"justification": "no"})

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_held_orders_wait_in_the_review_queue(erp: httpx.Client, reviewer: httpx.Client) -> None:
    held = decided(erp, order_body(category="aerospace_civil", description="airliner actuators"))

    queue: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {"status": "HELD", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = reviewer.get("/v1/orders", params=params).json()
        queue += [o["order_id"] for o in page["orders"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert held["order_id"] in queue
    assert erp.get("/v1/orders", params={"status": "HELD"}).status_code == 403


def test_the_same_idempotency_key_replays_and_another_body_conflicts(erp: httpx.Client) -> None:
    body = order_body()
    headers = {"Idempotency-Key": f"key-{body['erp_order_id']}"}

    first = erp.post("/v1/orders", json=body, headers=headers)
    again = erp.post("/v1/orders", json=body, headers=headers)
    other = erp.post("/v1/orders", json=order_body(), headers=headers)

    assert again.status_code == first.status_code == 202
    assert again.json() == first.json()
    assert other.status_code == 409


def test_a_second_post_of_an_erp_order_number_returns_the_first_order(erp: httpx.Client) -> None:
    body = order_body()
    first = erp.post("/v1/orders", json=body).json()

    second = erp.post("/v1/orders", json={**body, "ship_date": "2026-02-01"})

    assert second.status_code == 200
    assert second.json()["order_id"] == first["order_id"]


def test_orders_need_the_erp_role_and_a_valid_body(
    system: RunningSystem, erp: httpx.Client
) -> None:
    with system.client("screening-svc") as anonymous:
        assert anonymous.post("/v1/orders", json=order_body()).status_code == 401
    with system.client("screening-svc", "auditor") as auditor:
        assert auditor.post("/v1/orders", json=order_body()).status_code == 403
    bad = erp.post("/v1/orders", json={**order_body(), "surprise": 1})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "surprise"
    assert erp.get("/v1/orders/no-such-order").status_code == 404

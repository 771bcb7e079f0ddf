"""Builders for the licence-saga system tests: application and order bodies, polling helpers.

Every wait polls the public API until a state is reached; a timeout fails with the last answer.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from lodestone_system import RunningSystem

LICENSE = "license-svc"
SCREENING = "screening-svc"
DYSPROSIUM_OXIDE = {"Dy": 0.8, "O": 0.2}
SAMARIUM_COBALT = {"Sm": 0.25, "Co": 0.6}
EXPORTER = {"id": "exp-licence-saga", "name": "Baotou Export Co"}
CONSIGNEE = {"name": "Licence Saga Motors GmbH", "country": "DE"}
SETTLED = frozenset({"UNDER_REVIEW", "APPROVED", "REJECTED"})
Json = dict[str, Any]


def fresh(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def item(
    composition: dict[str, float] | None = None, kg: float = 1000.0, form: str = "oxide"
) -> Json:
    return {
        "line": 1,
        "description": "rare-earth material",
        "hs_code": "284690",
        "form": form,
        "composition": composition or DYSPROSIUM_OXIDE,
        "quantity_kg": kg,
    }


def application_body(
    applicant_id: str,
    *,
    category: str = "automotive",
    military_manufacturer: bool = False,
    items: list[Json] | None = None,
    end_user: Json | None = None,
) -> Json:
    return {
        "applicant": {
            "id": applicant_id,
            "name": "Baotou Rare Earth",
            "country": "CN",
            "military_manufacturer": military_manufacturer,
        },
        "exporter": EXPORTER,
        "consignee": CONSIGNEE,
        "end_user": end_user or CONSIGNEE,
        "end_use": {"category": category, "description": "permanent magnets for motors"},
        "destination": "DE",
        "items": items or [item()],
    }


def ship_date(days: int = 30) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


def order_body(license_id: str, kg: float = 100.0, **changes: Any) -> Json:
    body: Json = {
        "erp_order_id": fresh("ERP"),
        "exporter": EXPORTER,
        "consignee": CONSIGNEE,
        "end_user": CONSIGNEE,
        "end_use": {"category": "automotive", "description": "traction motors"},
        "destination": "DE",
        "ship_date": ship_date(),
        "license_id": license_id,
        "items": [item(kg=kg)],
    }
    return body | changes


def poll(fetch: Callable[[], Json], done: Callable[[Json], bool], timeout: float = 30) -> Json:
    """Fetch until `done`; fails with the last answer after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not done(found := fetch()):
        assert time.monotonic() < deadline, f"still waiting after {timeout}s: {found}"
        time.sleep(0.05)
    return found


def submit(system: RunningSystem, body: Json) -> Json:
    """Post an application (as its applicant) and return the 202 body."""
    with system.client(LICENSE, "applicant", body["applicant"]["id"]) as http:
        accepted = http.post("/v1/applications", json=body)
    assert accepted.status_code == 202, accepted.text
    found: Json = accepted.json()
    return found


def application(system: RunningSystem, application_id: str) -> Json:
    with system.client(LICENSE, "reviewer", "reviewer-saga-reader") as http:
        response = http.get(f"/v1/applications/{application_id}")
    assert response.status_code == 200, response.text
    found: Json = response.json()
    return found


def settled(system: RunningSystem, application_id: str, timeout: float = 30) -> Json:
    """The application once screening routed it (UNDER_REVIEW, APPROVED or REJECTED)."""
    return poll(
        lambda: application(system, application_id), lambda a: a["status"] in SETTLED, timeout
    )


def decide(
    system: RunningSystem, application_id: str, reviewer: str, decision: str
) -> httpx.Response:
    with system.client(LICENSE, "reviewer", reviewer) as http:
        return http.post(
            f"/v1/applications/{application_id}/approvals",
            json={"decision": decision, "justification": f"{reviewer} checked the end use"},
        )


def licence(system: RunningSystem, license_id: str) -> Json:
    with system.client(LICENSE, "erp", "erp-saga-reader") as http:
        response = http.get(f"/v1/licenses/{license_id}")
    assert response.status_code == 200, response.text
    found: Json = response.json()
    return found


def issue_licence(system: RunningSystem, body: Json | None = None) -> Json:
    """A fast-track licence (by default 1,000 kg of Dy oxide) as license-svc shows it."""
    accepted = submit(system, body or application_body(fresh("applicant")))
    approved = settled(system, accepted["application_id"])
    assert approved["status"] == "APPROVED", approved
    return licence(system, approved["license_id"])


def approved_by_two(system: RunningSystem, body: Json) -> Json:
    """A full-review application approved by two reviewers; returns its licence."""
    accepted = submit(system, body)
    assert settled(system, accepted["application_id"])["status"] == "UNDER_REVIEW"
    for reviewer in ("reviewer-ana", "reviewer-ben"):
        assert decide(system, accepted["application_id"], reviewer, "approve").status_code == 200
    approved = application(system, accepted["application_id"])
    assert approved["status"] == "APPROVED", approved
    return licence(system, approved["license_id"])


def decided_order(system: RunningSystem, body: Json) -> Json:
    """Post an order and wait (up to 10 s) for its decision."""
    with system.client(SCREENING, "erp", "erp-licence-saga") as http:
        response = http.post("/v1/orders?wait=10", json=body)
    assert response.status_code == 200, response.text
    found: Json = response.json()
    return found


def codes(order: Json) -> set[str]:
    return {reason["code"] for reason in order["decision"]["reasons"]}


async def post_all(
    system: RunningSystem, service: str, role: str, path: str, bodies: list[Json], width: int = 50
) -> list[Json]:
    """Post every body at once, `width` requests in flight; returns the response bodies."""
    token = system.token(role, f"{role}-licence-saga")
    limits = httpx.Limits(max_connections=width, max_keepalive_connections=width)
    gate = asyncio.Semaphore(width)
    async with httpx.AsyncClient(
        base_url=system.url(service),
        headers={"Authorization": f"Bearer {token}"},
        limits=limits,
        timeout=60,
    ) as http:

        async def one(body: Json) -> Json:
            async with gate:
                response = await http.post(path, json=body)
            assert response.status_code in (200, 202), response.text
            found: Json = response.json()
            return found

        return list(await asyncio.gather(*(one(body) for body in bodies)))


def final_orders(system: RunningSystem, order_ids: list[str], timeout: float = 60) -> list[Json]:
    """Every order once none is PENDING."""
    with system.client(SCREENING, "erp", "erp-licence-saga") as http:

        def fetch() -> Json:
            return {"orders": [http.get(f"/v1/orders/{oid}").json() for oid in order_ids]}

        found = poll(fetch, lambda f: all(o["status"] != "PENDING" for o in f["orders"]), timeout)
    orders: list[Json] = found["orders"]
    return orders

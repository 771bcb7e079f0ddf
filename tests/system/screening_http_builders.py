"""Builders for screening-svc system tests: order bodies and a small restricted list."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from lodestone_system import RunningSystem

NEODYMIUM_MAGNET = {"Nd": 0.3, "Fe": 0.65}
DYSPROSIUM_OXIDE = {"Dy": 0.8, "O": 0.2}
SAMARIUM_COBALT = {"Sm": 0.25, "Co": 0.6}
SYSTEM_LIST = {
    "name": "Screening system-test list",
    "entries": [
        {
            "id": "q-1",
            "name": "QUARTZLINE RARE METALS TRADING CO., LTD.",
            "aliases": [],
            "country": "CN",
        },
        {"id": "q-2", "name": "VOLKOVSKY DEFENCE EXPORT", "aliases": ["VDE"], "country": "RU"},
    ],
}
REVIEW_CANDIDATES = (
    "Quartzline Metals Trading",
    "Quartzline Rare Metal Industries",
    "Quartz Line Metals Trading Co",
    "Quartzline Rare Earth Trading",
    "Quartzline Trading",
    "Quartzline Metals",
)


def order_body(
    composition: dict[str, float] | None = None,
    *,
    consignee: str = "Acme Motors GmbH",
    category: str = "automotive",
    description: str = "electric vehicle traction motors",
    license_id: str | None = None,
    kg: float = 100.0,
    exporter_id: str = "exp-screening",
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "erp_order_id": f"ERP-{uuid.uuid4().hex[:12]}",
        "exporter": {"id": exporter_id, "name": "Baotou Export Co"},
        "consignee": {"name": consignee, "country": "DE"},
        "end_user": {"name": consignee, "country": "DE"},
        "end_use": {"category": category, "description": description},
        "destination": "DE",
        "ship_date": "2026-01-15",
        "items": [
            {
                "line": 1,
                "description": "rare-earth material",
                "hs_code": "850511",
                "form": "oxide",
                "composition": composition or NEODYMIUM_MAGNET,
                "quantity_kg": kg,
            }
        ],
    }
    if license_id is not None:
        body["license_id"] = license_id
    return body


def decided(http: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    """Post an order and wait (up to 10 s) for its decision."""
    response = http.post("/v1/orders?wait=10", json=body)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def codes(order: dict[str, Any]) -> list[str]:
    return [r["code"] for r in order["decision"]["reasons"]]


EXPORTER = "exp-saga"
CONSIGNEE = "Saga Motors GmbH"


def ship_date_in(days: int = 30) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


def issue_licence(system: RunningSystem, kg: float, consignee: str = CONSIGNEE) -> str:
    applicant = f"applicant-{uuid.uuid4().hex[:8]}"
    body = {
        "applicant": {
            "id": applicant,
            "name": "Baotou Rare Earth",
            "country": "CN",
            "military_manufacturer": False,
        },
        "exporter": {"id": EXPORTER, "name": "Baotou Export Co"},
        "consignee": {"name": consignee, "country": "DE"},
        "end_user": {"name": consignee, "country": "DE"},
        "end_use": {"category": "automotive", "description": "traction motors"},
        "destination": "DE",
        "items": [
            {
                "line": 1,
                "description": "Dy oxide",
                "hs_code": "284690",
                "form": "oxide",
                "composition": DYSPROSIUM_OXIDE,
                "quantity_kg": kg,
            }
        ],
    }
    with system.client("license-svc", "applicant", applicant) as http:
        application_id = http.post("/v1/applications", json=body).json()["application_id"]
        deadline = time.monotonic() + 20
        while (found := http.get(f"/v1/applications/{application_id}").json()).get(
            "license_id"
        ) is None:
            assert time.monotonic() < deadline, found
            time.sleep(0.1)
    return str(found["license_id"])


def licensed_order(license_id: str, kg: float = 100.0, **changes: Any) -> dict[str, Any]:
    body = order_body(
        DYSPROSIUM_OXIDE, consignee=CONSIGNEE, license_id=license_id, kg=kg, exporter_id=EXPORTER
    )
    body["ship_date"] = ship_date_in()
    body.update(changes)
    return body

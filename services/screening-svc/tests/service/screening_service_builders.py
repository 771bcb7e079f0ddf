"""Small builders for screening-svc service tests: requests, lists, licence events, a clock."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events import EventData, build_event
from lodestone_contracts.events.license import (
    LicenseIssued,
    LicenseQuantityChecked,
    LicenseQuantityRejected,
    LicenseQuantityReserved,
)
from lodestone_runtime.store import EventStore
from screening_svc.orders import OrderRequest
from screening_svc.service import ScreeningServices
from screening_svc.streams import order_stream

NEODYMIUM_MAGNET = {"Nd": 0.3, "Fe": 0.65}
DYSPROSIUM_OXIDE = {"Dy": 0.8, "O": 0.2}
SAMARIUM_COBALT = {"Sm": 0.25, "Co": 0.6}
SDN = [
    {"id": "306", "name": "BANCO NACIONAL DE CUBA", "aliases": ["BNC"], "country": "CU"},
    {"id": "900", "name": "ROSOBORONEXPORT", "aliases": [], "country": "RU"},
]


class FixedClock:
    def __init__(self) -> None:
        self.moment = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.moment += timedelta(milliseconds=1)
        return self.moment


@dataclass
class ScreeningHarness:
    store: EventStore
    clock: FixedClock
    services: ScreeningServices

    async def handle(self, handler: Any, event: CloudEvent) -> None:
        """Run a consumer handler the way the runtime does: inside one store transaction."""
        async with self.store.transaction() as tx:
            await handler(tx, event)

    async def types(self, order_id: str) -> list[str]:
        return [s.event.type for s in await self.store.read_stream(order_stream(order_id))]

    async def publish(self, list_id: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
        raw = json.dumps({"name": list_id.upper(), "entries": entries}).encode()
        return await self.services.lists.publish(
            list_id, raw, "application/json", None, None, "admin-1"
        )


def party(name: str = "Acme Motors GmbH", country: str = "DE") -> dict[str, str]:
    return {"name": name, "country": country}


def order_request(
    composition: dict[str, float] | None = None,
    *,
    erp: str = "ERP-1",
    consignee: str = "Acme Motors GmbH",
    category: str = "automotive",
    description: str = "electric vehicle traction motors",
    license_id: str | None = None,
    kg: float = 100.0,
) -> OrderRequest:
    return OrderRequest.model_validate(
        {
            "erp_order_id": erp,
            "exporter": {"id": "exp-1", "name": "Baotou Export Co"},
            "consignee": party(consignee),
            "end_user": party(consignee),
            "end_use": {"category": category, "description": description},
            "destination": "DE",
            "ship_date": "2025-07-01",
            "license_id": license_id,
            "items": [
                {
                    "line": 1,
                    "description": "rare-earth material",
                    "hs_code": "850511",
                    "form": "magnet",
                    "composition": composition or NEODYMIUM_MAGNET,
                    "quantity_kg": kg,
                }
            ],
        }
    )


def license_event(data: EventData, sequence: int = 2) -> CloudEvent:
    return build_event(
        data,
        subject=str(data.model_dump()["license_id"]),
        source="license-svc",
        sequence=sequence,
        now=datetime(2025, 6, 2, 11, 0, tzinfo=UTC),
    )


def reserved(order_id: str, license_id: str = "lic-1") -> CloudEvent:
    return license_event(
        LicenseQuantityReserved(
            license_id=license_id,
            order_id=order_id,
            reservations=[{"license_line": 1, "order_line": 1, "quantity_kg": 100.0}],
            remaining=[{"line": 1, "remaining_kg": 400.0}],
        )
    )


def checked(order_id: str, license_id: str = "lic-1") -> CloudEvent:
    return license_event(LicenseQuantityChecked(license_id=license_id, order_id=order_id))


def rejected(
    order_id: str, code: str = "LICENSE_QUANTITY_EXCEEDED", reserve: bool = True
) -> CloudEvent:
    reason = {"code": code, "message": "line 1 needs 100 kg, 50 kg remain", "item_line": 1}
    return license_event(
        LicenseQuantityRejected(
            license_id="lic-1", order_id=order_id, reserve=reserve, reasons=[reason]
        )
    )


def issued(license_id: str = "lic-1", consignee: str = "Acme Motors GmbH") -> CloudEvent:
    data = LicenseIssued.model_validate(
        {
            "license_id": license_id,
            "application_id": "app-1",
            "kind": "FAST_TRACK",
            "holder": {
                "id": "a-1",
                "name": "Baotou",
                "country": "CN",
                "military_manufacturer": False,
            },
            "exporter": {"id": "exp-1", "name": "Baotou Export Co"},
            "consignee": party(consignee),
            "end_user": party(consignee),
            "destination": "DE",
            "valid_from": date(2025, 6, 1),
            "valid_until": date(2025, 12, 1),
            "lines": [{"line": 1, "form": "oxide", "elements": ["Dy"], "quantity_kg": 500.0}],
        }
    )
    return license_event(data, sequence=1)

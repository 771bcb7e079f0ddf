"""Builders for license-svc use-case tests: a real SQLite store, a settable clock, triggers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from license_svc import projections
from license_svc.applications import ApplicationRequest
from license_svc.service import LicenseServices, build_services
from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events import EventData, build_event
from lodestone_contracts.events.application import ApplicationScreened
from lodestone_contracts.events.license import LicensePartyFlagged
from lodestone_contracts.events.order import (
    OrderLine,
    OrderReceived,
    OrderReleaseRequested,
    OrderScreened,
)
from lodestone_contracts.shapes import DecisionData
from lodestone_runtime.store import EventStore

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
SHIP_ON = date(2025, 7, 1)
CONSIGNEE = {"name": "Magnet Works GmbH", "country": "DE"}
END_USER = {"name": "Motor Plant AG", "country": "DE"}


@dataclass
class SettableClock:
    moment: datetime = NOW

    def __call__(self) -> datetime:
        return self.moment


async def open_store(tmp_path: Path) -> EventStore:
    url = f"sqlite+aiosqlite:///{tmp_path / 'license.db'}"
    return await EventStore.open(url, extra=[projections.metadata])


def services(store: EventStore, clock: SettableClock | None = None) -> LicenseServices:
    return build_services(store, clock or SettableClock())


def dy_oxide(line: int = 1, kg: float = 1000) -> dict[str, Any]:
    return {
        "line": line,
        "description": "dysprosium oxide",
        "hs_code": "284690",
        "form": "oxide",
        "composition": {"Dy": 0.87, "O": 0.13},
        "quantity_kg": kg,
    }


def smco_magnet(line: int = 1, kg: float = 50) -> dict[str, Any]:
    return {
        "line": line,
        "description": "SmCo magnet blocks",
        "hs_code": "850511",
        "form": "magnet",
        "composition": {"Sm": 0.25, "Co": 0.5},
        "quantity_kg": kg,
    }


def nd_magnet(line: int = 1, kg: float = 50) -> dict[str, Any]:
    return {**smco_magnet(line, kg), "description": "NdFeB", "composition": {"Nd": 0.3}}


def application(
    *items: dict[str, Any],
    applicant_id: str = "acme",
    military_manufacturer: bool = False,
    category: str = "automotive",
) -> ApplicationRequest:
    return ApplicationRequest.model_validate(
        {
            "applicant": {
                "id": applicant_id,
                "name": "Acme Magnets",
                "country": "CN",
                "military_manufacturer": military_manufacturer,
            },
            "exporter": {"id": "exp-1", "name": "Baotou Export Co"},
            "consignee": CONSIGNEE,
            "end_user": END_USER,
            "end_use": {"category": category, "description": "EV traction motors"},
            "destination": "DE",
            "items": list(items) or [dy_oxide()],
        }
    )


def trigger(data: EventData, subject: str) -> CloudEvent:
    """An event as screening-svc would publish it."""
    return build_event(
        data,
        subject=subject,
        source="screening-svc",
        sequence=1,
        now=NOW,
        event_id=str(uuid.uuid4()),
    )


def decision(outcome: str = "CLEARED", *codes: str) -> DecisionData:
    reasons = [{"code": code, "message": f"{code} found"} for code in codes]
    return DecisionData.model_validate(
        {"outcome": outcome, "reasons": reasons, "ruleset_version": "2025.06", "decided_at": NOW}
    )


def screened(application_id: str, lane: str, outcome: str = "CLEARED", *codes: str) -> CloudEvent:
    data = ApplicationScreened.model_validate(
        {"application_id": application_id, "lane": lane, "screening": decision(outcome, *codes)}
    )
    return trigger(data, application_id)


def order_received(
    order_id: str, license_id: str | None, *items: dict[str, Any], **overrides: Any
) -> CloudEvent:
    data = {
        "order_id": order_id,
        "erp_order_id": f"ERP-{order_id}",
        "exporter": {"id": "exp-1", "name": "Baotou Export Co"},
        "consignee": CONSIGNEE,
        "end_user": END_USER,
        "end_use": {"category": "automotive", "description": "EV traction motors"},
        "destination": "DE",
        "ship_date": SHIP_ON.isoformat(),
        "license_id": license_id,
        "items": list(items) or [dy_oxide(kg=100)],
        "received_by": "erp-1",
    }
    return trigger(OrderReceived.model_validate(data | overrides), order_id)


def order_screened(
    order_id: str, license_id: str, check: str, *lines: tuple[int, str, list[str], float]
) -> CloudEvent:
    data = OrderScreened.model_validate(
        {
            "order_id": order_id,
            "screening": decision("CLEARED" if check == "reserve" else "HELD"),
            "license_id": license_id,
            "license_check": check,
            "lines": [
                OrderLine.model_validate(
                    {"line": n, "form": form, "elements": elements, "quantity_kg": kg}
                )
                for n, form, elements, kg in lines or [(1, "oxide", ["Dy"], 100.0)]
            ],
        }
    )
    return trigger(data, order_id)


def release_requested(order_id: str, license_id: str) -> CloudEvent:
    data = OrderReleaseRequested(
        order_id=order_id,
        reviewer="rev-1",
        justification="end user verified on site",
        license_id=license_id,
    )
    return trigger(data, order_id)


def party_flagged(license_id: str) -> CloudEvent:
    data = LicensePartyFlagged(
        license_id=license_id,
        party_role="end_user",
        party_name="Motor Plant AG",
        list_id="ofac",
        list_version="ab" * 32,
        entry_id="36",
        score=0.97,
    )
    return trigger(data, license_id)


async def types_in(store: EventStore, stream_id: str) -> list[str]:
    return [stored.event.type for stored in await store.read_stream(stream_id)]

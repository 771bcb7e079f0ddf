"""Request bodies the benches post: orders (plain and licensed) and licence applications.

Every order gets a fresh erp_order_id, because a repeated one returns the first order.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

NEODYMIUM_MAGNET = {"Nd": 0.3, "Fe": 0.65}  # light rare earths: not controlled
DYSPROSIUM_OXIDE = {"Dy": 0.8, "O": 0.2}  # controlled, not military-use: fast-track eligible
EXPORTER = {"id": "exp-bench", "name": "Baotou Export Co"}
CONSIGNEE = {"name": "Bench Motors GmbH", "country": "DE"}


def ship_date(days: int = 30) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


def _item(composition: dict[str, float], kg: float) -> dict[str, Any]:
    return {
        "line": 1,
        "description": "rare-earth material",
        "hs_code": "850511",
        "form": "oxide",
        "composition": composition,
        "quantity_kg": kg,
    }


def order(license_id: str | None = None, kg: float = 1.0) -> dict[str, Any]:
    """A Nd magnet order (decided in the request), or a Dy oxide order against `license_id`."""
    body: dict[str, Any] = {
        "erp_order_id": f"ERP-{uuid.uuid4().hex}",
        "exporter": EXPORTER,
        "consignee": CONSIGNEE,
        "end_user": CONSIGNEE,
        "end_use": {"category": "automotive", "description": "electric vehicle traction motors"},
        "destination": "DE",
        "ship_date": ship_date(),
        "items": [_item(NEODYMIUM_MAGNET if license_id is None else DYSPROSIUM_OXIDE, kg)],
    }
    if license_id is not None:
        body["license_id"] = license_id
    return body


def application(applicant_id: str, kg: float = 100.0) -> dict[str, Any]:
    """A fast-track eligible application: civilian maker, Dy oxide, automotive end use."""
    return {
        "applicant": {
            "id": applicant_id,
            "name": "Baotou Rare Earth",
            "country": "CN",
            "military_manufacturer": False,
        },
        "exporter": EXPORTER,
        "consignee": CONSIGNEE,
        "end_user": CONSIGNEE,
        "end_use": {"category": "automotive", "description": "traction motors"},
        "destination": "DE",
        "items": [{**_item(DYSPROSIUM_OXIDE, kg), "hs_code": "284690"}],
    }

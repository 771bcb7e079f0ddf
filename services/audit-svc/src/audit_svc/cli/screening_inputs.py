"""Turns logged event data into screening-svc's pure domain values, independently of its service.

An auditor's recomputation should not trust the service's own translation code.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from lodestone_contracts.canonical import canonical_bytes
from lodestone_contracts.catalog import load_catalog
from screening_svc.domain.matching import ListedParty
from screening_svc.domain.model import Application, EndUse, Item, MaterialCatalog, Order, Party


class ListIntegrityError(ValueError):
    """A list version whose content does not hash to its version id."""


def _party(data: dict[str, Any]) -> Party:
    return Party(data["name"], data.get("country"), data.get("address"))


def _items(items: list[dict[str, Any]]) -> tuple[Item, ...]:
    return tuple(
        Item(
            line=int(i["line"]),
            description=i["description"],
            hs_code=i["hs_code"],
            form=i["form"],
            composition={k: float(v) for k, v in i["composition"].items()},
            quantity_kg=float(i["quantity_kg"]),
        )
        for i in items
    )


def _end_use(data: dict[str, Any]) -> EndUse:
    return EndUse(data["category"], data["description"])


def order_from_data(data: dict[str, Any]) -> Order:
    return Order(
        order_id=data["order_id"],
        exporter_id=data["exporter"]["id"],
        exporter_name=data["exporter"]["name"],
        consignee=_party(data["consignee"]),
        end_user=_party(data["end_user"]),
        end_use=_end_use(data["end_use"]),
        destination=data["destination"],
        ship_date=date.fromisoformat(data["ship_date"]),
        license_id=data.get("license_id"),
        items=_items(data["items"]),
    )


def application_from_data(data: dict[str, Any]) -> Application:
    return Application(
        application_id=data["application_id"],
        applicant_military_manufacturer=bool(data["applicant"]["military_manufacturer"]),
        consignee=_party(data["consignee"]),
        end_user=_party(data["end_user"]),
        end_use=_end_use(data["end_use"]),
        destination=data["destination"],
        items=_items(data["items"]),
    )


def catalog_for(ruleset_version: str) -> MaterialCatalog:
    catalog = load_catalog(ruleset_version)
    return MaterialCatalog(catalog.controlled, catalog.military_use, catalog.threshold)


def parties_from_list(text: bytes, version: str) -> tuple[ListedParty, ...]:
    """A list version's parties, after checking the content is the one the version names."""
    document = json.loads(text)
    if hashlib.sha256(canonical_bytes(document)).hexdigest() != version:
        raise ListIntegrityError(f"list content does not hash to version {version}")
    list_id = str(document["list_id"])
    return tuple(
        ListedParty(list_id, e["id"], e["name"], tuple(e["aliases"]), e.get("country"))
        for e in document["entries"]
    )

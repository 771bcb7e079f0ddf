"""Translates between contract models (events, requests) and the pure screening domain.

Key rule: a domain Decision and its event form carry the same reasons in the same order, so a
recomputed decision serialises to the same bytes as the recorded one (bar `decided_at`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from lodestone_contracts.catalog import load_catalog
from lodestone_contracts.events.application import ApplicationSubmitted
from lodestone_contracts.events.order import OrderLine, OrderReceived
from lodestone_contracts.shapes import DecisionData, ItemData, PartyData, ReasonData
from screening_svc.domain.model import (
    Application,
    Decision,
    EndUse,
    Item,
    MaterialCatalog,
    Order,
    Party,
    Reason,
)


def material_catalog(version: str) -> MaterialCatalog:
    """The rule set's element catalog, as the domain takes it."""
    catalog = load_catalog(version)
    return MaterialCatalog(catalog.controlled, catalog.military_use, catalog.threshold)


def _party(party: PartyData) -> Party:
    return Party(party.name, party.country, party.address)


def _items(items: Sequence[ItemData]) -> tuple[Item, ...]:
    return tuple(
        Item(
            line=i.line,
            description=i.description,
            hs_code=i.hs_code,
            form=i.form.value,
            composition=dict(i.composition),
            quantity_kg=i.quantity_kg,
        )
        for i in items
    )


def order_from_received(received: OrderReceived) -> Order:
    return Order(
        order_id=received.order_id,
        exporter_id=received.exporter.id,
        exporter_name=received.exporter.name,
        consignee=_party(received.consignee),
        end_user=_party(received.end_user),
        end_use=EndUse(received.end_use.category.value, received.end_use.description),
        destination=received.destination,
        ship_date=received.ship_date,
        license_id=received.license_id,
        items=_items(received.items),
    )


def application_from_submitted(submitted: ApplicationSubmitted) -> Application:
    return Application(
        application_id=submitted.application_id,
        applicant_military_manufacturer=submitted.applicant.military_manufacturer,
        consignee=_party(submitted.consignee),
        end_user=_party(submitted.end_user),
        end_use=EndUse(submitted.end_use.category.value, submitted.end_use.description),
        destination=submitted.destination,
        items=_items(submitted.items),
    )


def decision_data(decision: Decision, decided_at: datetime) -> DecisionData:
    return DecisionData.model_validate({**decision.to_dict(), "decided_at": decided_at})


def decision_from_data(data: DecisionData) -> Decision:
    return Decision.from_dict(data.model_dump(mode="json", exclude_none=True))


def reasons_from_data(reasons: Sequence[ReasonData]) -> list[Reason]:
    return [Reason.from_dict(r.model_dump(mode="json", exclude_none=True)) for r in reasons]


def order_lines(lines: Sequence[dict[str, Any]]) -> list[OrderLine]:
    return [OrderLine.model_validate(line) for line in lines]


def comparable(decision: dict[str, Any]) -> dict[str, Any]:
    """A decision document without its timestamp: what a recomputation must reproduce."""
    return {k: v for k, v in decision.items() if k != "decided_at"}

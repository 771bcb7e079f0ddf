"""`order.*` event data (screening-svc owns the order aggregate; subject = order_id)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from lodestone_contracts.events.data import EventData, Record
from lodestone_contracts.shapes import (
    CountryCode,
    DecisionData,
    ElementSymbol,
    EndUseData,
    ExporterData,
    Form,
    ItemDataList,
    NonEmpty,
    PartyData,
    QuantityKg,
)

LicenseCheck = Literal["none", "check", "reserve"]


class OrderLine(Record):
    """An order item as license-svc sees it: its form, controlled elements and quantity."""

    line: int = Field(ge=1)
    form: Form
    elements: list[ElementSymbol]
    quantity_kg: QuantityKg


class OrderReceived(EventData):
    event_type = "order.received"

    order_id: NonEmpty
    erp_order_id: NonEmpty
    exporter: ExporterData
    consignee: PartyData
    end_user: PartyData
    end_use: EndUseData
    destination: CountryCode
    ship_date: date
    license_id: str | None = None
    items: ItemDataList
    received_by: NonEmpty


class OrderScreened(EventData):
    """Party, end-use and material findings; repeats when a list publish re-screens the order."""

    event_type = "order.screened"

    order_id: NonEmpty
    screening: DecisionData
    license_id: str | None = None
    license_check: LicenseCheck
    lines: list[OrderLine]


class OrderDecided(EventData):
    """The final decision: screening and licence findings together."""

    order_id: NonEmpty
    decision: DecisionData
    license_id: str | None = None


class OrderCleared(OrderDecided):
    event_type = "order.cleared"


class OrderHeld(OrderDecided):
    event_type = "order.held"


class OrderBlocked(OrderDecided):
    event_type = "order.blocked"


class OrderReleaseRequested(EventData):
    event_type = "order.release_requested"

    order_id: NonEmpty
    reviewer: NonEmpty
    justification: str = Field(min_length=10)
    license_id: NonEmpty


class OrderReviewed(EventData):
    """A reviewer's verdict on a HELD order."""

    order_id: NonEmpty
    reviewer: NonEmpty
    justification: str = Field(min_length=10)


class OrderReleased(OrderReviewed):
    event_type = "order.released"


class OrderRejected(OrderReviewed):
    event_type = "order.rejected"


ORDER_EVENTS: tuple[type[EventData], ...] = (
    OrderReceived,
    OrderScreened,
    OrderCleared,
    OrderHeld,
    OrderBlocked,
    OrderReleaseRequested,
    OrderReleased,
    OrderRejected,
)

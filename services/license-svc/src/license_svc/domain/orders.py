"""An order as the licence checks see it: parties, ship date and its controlled lines."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from license_svc.domain.parties import Party


@dataclass(frozen=True)
class OrderLine:
    """One order item; `elements` are its controlled elements, empty when it needs no licence."""

    order_line: int
    form: str
    elements: frozenset[str]
    military_elements: frozenset[str]
    quantity_kg: Decimal

    @property
    def controlled(self) -> bool:
        return bool(self.elements)


@dataclass(frozen=True)
class OrderCheck:
    """A request to check an order against a licence, and to reserve its quantities if asked."""

    order_id: str
    license_id: str
    exporter_id: str
    consignee: Party
    end_user: Party
    destination: str
    ship_date: date
    lines: tuple[OrderLine, ...]
    reserve: bool

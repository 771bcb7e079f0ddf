"""Licence aggregate folded from its facts: validity, parties, lines and what orders drew down.

Remaining quantities are exact Decimal kilograms and never go below zero.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from license_svc.domain.errors import InvalidState
from license_svc.domain.lanes import Lane
from license_svc.domain.materials import Item, Materials
from license_svc.domain.parties import Party
from license_svc.domain.quantities import ZERO_KG
from license_svc.domain.reasons import Reason
from license_svc.domain.validity import valid_until


class LicenseStatus(StrEnum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"
    EXHAUSTED = "EXHAUSTED"


@dataclass(frozen=True)
class LicenseTerms:
    """What the approved application fixes: kind (its lane), holder (applicant id) and parties."""

    application_id: str
    kind: Lane
    holder: str
    exporter_id: str
    consignee: Party
    end_user: Party
    destination: str


@dataclass(frozen=True)
class LicenseLine:
    line: int
    form: str
    elements: frozenset[str]
    quantity_kg: Decimal


@dataclass(frozen=True)
class Reservation:
    license_line: int
    order_line: int
    quantity_kg: Decimal


@dataclass(frozen=True)
class Remaining:
    line: int
    remaining_kg: Decimal


@dataclass(frozen=True)
class Issued:
    license_id: str
    terms: LicenseTerms
    lines: tuple[LicenseLine, ...]
    valid_from: date
    valid_until: date


@dataclass(frozen=True)
class QuantityReserved:
    order_id: str
    reservations: tuple[Reservation, ...]
    remaining: tuple[Remaining, ...]


@dataclass(frozen=True)
class QuantityChecked:
    order_id: str


@dataclass(frozen=True)
class QuantityRejected:
    order_id: str
    reserve: bool
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Revoked:
    reason: str
    revoked_by: str


@dataclass(frozen=True)
class Suspended:
    reason: str
    party_role: str
    list_id: str
    entry_id: str
    score: float


LicenseFact = Issued | QuantityReserved | QuantityChecked | QuantityRejected | Revoked | Suspended


@dataclass(frozen=True)
class LineState:
    line: int
    form: str
    elements: frozenset[str]
    quantity_kg: Decimal
    remaining_kg: Decimal

    def covers(self, form: str, elements: frozenset[str]) -> bool:
        return self.form == form and elements <= self.elements


@dataclass(frozen=True)
class LicenseState:
    license_id: str
    terms: LicenseTerms
    valid_from: date
    valid_until: date
    lines: tuple[LineState, ...]
    reservations: Mapping[str, tuple[Reservation, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    revoked: Revoked | None = None
    suspended: Suspended | None = None
    version: int = 1

    @property
    def exhausted(self) -> bool:
        return bool(self.lines) and all(line.remaining_kg == ZERO_KG for line in self.lines)

    @property
    def status(self) -> LicenseStatus:
        """The recorded status; EXPIRED needs a date, see status_on."""
        if self.revoked is not None:
            return LicenseStatus.REVOKED
        if self.suspended is not None:
            return LicenseStatus.SUSPENDED
        if self.exhausted:
            return LicenseStatus.EXHAUSTED
        return LicenseStatus.ACTIVE

    def status_on(self, today: date) -> LicenseStatus:
        """An otherwise ACTIVE licence is EXPIRED after its last valid day."""
        status = self.status
        if status is LicenseStatus.ACTIVE and today > self.valid_until:
            return LicenseStatus.EXPIRED
        return status


def license_lines(items: Iterable[Item], materials: Materials) -> tuple[LicenseLine, ...]:
    """Only controlled items need a licence, so only they become licence lines."""
    lines = []
    for item in items:
        elements = materials.controlled_elements(item.composition)
        if elements:
            lines.append(LicenseLine(item.line, item.form, elements, item.quantity_kg))
    return tuple(lines)


def issue_license(
    license_id: str, terms: LicenseTerms, lines: Sequence[LicenseLine], issue_date: date
) -> list[LicenseFact]:
    """Issue for six calendar months from the issue date."""
    numbers = [line.line for line in lines]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"licence line numbers repeat: {numbers}")
    if any(line.quantity_kg <= ZERO_KG for line in lines):
        raise ValueError("every licence line needs a positive quantity")
    return [Issued(license_id, terms, tuple(lines), issue_date, valid_until(issue_date))]


def revoke(state: LicenseState, reason: str, revoked_by: str) -> list[LicenseFact]:
    if state.revoked is not None:
        raise InvalidState(f"licence {state.license_id} is already revoked")
    return [Revoked(reason, revoked_by)]


def suspend(
    state: LicenseState, reason: str, party_role: str, list_id: str, entry_id: str, score: float
) -> list[LicenseFact]:
    """Only an ACTIVE licence is suspended; for any other a repeated flag changes nothing."""
    if state.status is not LicenseStatus.ACTIVE:
        return []
    return [Suspended(reason, party_role, list_id, entry_id, score)]

"""`license.*` event data (license-svc owns the licence aggregate; subject = license_id).

`license.party_flagged` is the one written by screening-svc, after a list publish re-screens.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from lodestone_contracts.events.data import EventData, Record
from lodestone_contracts.shapes import (
    ApplicantData,
    CountryCode,
    ElementSymbol,
    ExporterData,
    Form,
    Lane,
    NonEmpty,
    PartyData,
    QuantityKg,
    ReasonData,
    Score,
)

PartyRole = Literal["consignee", "end_user"]


class LicenseLine(Record):
    """What a licence covers: this form, these controlled elements, up to this many kilograms."""

    line: int = Field(ge=1)
    form: Form
    elements: list[ElementSymbol]
    quantity_kg: QuantityKg


class Reservation(Record):
    license_line: int = Field(ge=1)
    order_line: int = Field(ge=1)
    quantity_kg: QuantityKg


class Remaining(Record):
    line: int = Field(ge=1)
    remaining_kg: float = Field(ge=0.0, allow_inf_nan=False)


class LicenseIssued(EventData):
    """`valid_until` is `valid_from` plus six calendar months."""

    event_type = "license.issued"

    license_id: NonEmpty
    application_id: NonEmpty
    kind: Lane
    holder: ApplicantData
    exporter: ExporterData
    consignee: PartyData
    end_user: PartyData
    destination: CountryCode
    valid_from: date
    valid_until: date
    lines: list[LicenseLine] = Field(min_length=1)


class LicenseQuantityReserved(EventData):
    event_type = "license.quantity_reserved"

    license_id: NonEmpty
    order_id: NonEmpty
    reservations: list[Reservation]
    remaining: list[Remaining]


class LicenseQuantityChecked(EventData):
    """A HELD order's licence check passed; nothing was reserved."""

    event_type = "license.quantity_checked"

    license_id: NonEmpty
    order_id: NonEmpty


class LicenseQuantityRejected(EventData):
    event_type = "license.quantity_rejected"

    license_id: NonEmpty
    order_id: NonEmpty
    reserve: bool
    reasons: list[ReasonData]


class LicenseRevoked(EventData):
    event_type = "license.revoked"

    license_id: NonEmpty
    reason: NonEmpty
    revoked_by: NonEmpty


class LicensePartyFlagged(EventData):
    event_type = "license.party_flagged"

    license_id: NonEmpty
    party_role: PartyRole
    party_name: NonEmpty
    list_id: NonEmpty
    list_version: NonEmpty
    entry_id: NonEmpty
    score: Score


class LicenseSuspended(EventData):
    event_type = "license.suspended"

    license_id: NonEmpty
    reason: NonEmpty
    party_role: PartyRole
    list_id: NonEmpty
    entry_id: NonEmpty
    score: Score


LICENSE_EVENTS: tuple[type[EventData], ...] = (
    LicenseIssued,
    LicenseQuantityReserved,
    LicenseQuantityChecked,
    LicenseQuantityRejected,
    LicenseRevoked,
    LicensePartyFlagged,
    LicenseSuspended,
)

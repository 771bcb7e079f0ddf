"""Translates between contract events and the pure domain's facts, both ways.

Tolerant reader: event types a fold does not know are skipped; quantities cross as Decimal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from license_svc.domain import application as app
from license_svc.domain import license as lic
from license_svc.domain.lanes import Lane
from license_svc.domain.materials import Materials
from license_svc.domain.parties import Party
from license_svc.domain.quantities import kilograms
from license_svc.domain.reasons import Reason
from lodestone_contracts import catalog
from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events import EventData
from lodestone_contracts.events.license import (
    LicenseQuantityChecked,
    LicenseQuantityRejected,
    LicenseQuantityReserved,
    LicenseRevoked,
    LicenseSuspended,
    Remaining,
    Reservation,
)
from lodestone_contracts.shapes import ReasonData
from lodestone_runtime.store import StoredEvent


def materials(version: str = catalog.DEFAULT_VERSION) -> Materials:
    """The domain's view of a catalog version: controlled and military-use elements."""
    loaded = catalog.load_catalog(version)
    return Materials(loaded.controlled, loaded.military_use, loaded.threshold)


def party(data: dict[str, Any]) -> Party:
    return Party(str(data["name"]), str(data["country"]))


def _application_fact(event: CloudEvent) -> app.ApplicationFact | None:
    data = event.data
    match event.type:
        case "application.submitted":
            return app.Submitted(data["application_id"], Lane(data["lane"]))
        case "application.review_started":
            return app.ReviewStarted(Lane(data["lane"]))
        case "application.approval_recorded":
            return app.ApprovalRecorded(
                data["reviewer"], app.ReviewDecision(data["decision"]), data["justification"]
            )
        case "application.approved":
            return app.Approved(data["license_id"])
        case "application.rejected":
            return app.Rejected(data["reason"])
    return None


def application_facts(stream: Iterable[StoredEvent]) -> list[app.ApplicationFact]:
    facts = (_application_fact(stored.event) for stored in stream)
    return [fact for fact in facts if fact is not None]


def _issued(data: dict[str, Any]) -> lic.Issued:
    terms = lic.LicenseTerms(
        application_id=data["application_id"],
        kind=Lane(data["kind"]),
        holder=data["holder"]["id"],
        exporter_id=data["exporter"]["id"],
        consignee=party(data["consignee"]),
        end_user=party(data["end_user"]),
        destination=data["destination"],
    )
    lines = tuple(
        lic.LicenseLine(
            ln["line"], ln["form"], frozenset(ln["elements"]), kilograms(ln["quantity_kg"])
        )
        for ln in data["lines"]
    )
    return lic.Issued(
        data["license_id"],
        terms,
        lines,
        date.fromisoformat(data["valid_from"]),
        date.fromisoformat(data["valid_until"]),
    )


def _reserved(data: dict[str, Any]) -> lic.QuantityReserved:
    reservations = tuple(
        lic.Reservation(r["license_line"], r["order_line"], kilograms(r["quantity_kg"]))
        for r in data["reservations"]
    )
    remaining = tuple(
        lic.Remaining(r["line"], kilograms(r["remaining_kg"])) for r in data["remaining"]
    )
    return lic.QuantityReserved(data["order_id"], reservations, remaining)


def _license_fact(event: CloudEvent) -> lic.LicenseFact | None:
    data = event.data
    match event.type:
        case "license.issued":
            return _issued(data)
        case "license.quantity_reserved":
            return _reserved(data)
        case "license.quantity_checked":
            return lic.QuantityChecked(data["order_id"])
        case "license.quantity_rejected":
            return lic.QuantityRejected(data["order_id"], bool(data["reserve"]), ())
        case "license.revoked":
            return lic.Revoked(data["reason"], data["revoked_by"])
        case "license.suspended":
            return lic.Suspended(
                data["reason"], data["party_role"], data["list_id"], data["entry_id"], data["score"]
            )
    return None


def license_facts(stream: Iterable[StoredEvent]) -> list[lic.LicenseFact]:
    facts = (_license_fact(stored.event) for stored in stream)
    return [fact for fact in facts if fact is not None]


def reason_data(reason: Reason) -> ReasonData:
    return ReasonData(code=str(reason.code), message=reason.message, item_line=reason.item_line)


def reason_codes(reasons: Sequence[ReasonData]) -> list[str]:
    return [reason.code for reason in reasons]


def _reserved_data(license_id: str, fact: lic.QuantityReserved) -> LicenseQuantityReserved:
    return LicenseQuantityReserved(
        license_id=license_id,
        order_id=fact.order_id,
        reservations=[
            Reservation(
                license_line=r.license_line,
                order_line=r.order_line,
                quantity_kg=float(r.quantity_kg),
            )
            for r in fact.reservations
        ],
        remaining=[
            Remaining(line=r.line, remaining_kg=float(r.remaining_kg)) for r in fact.remaining
        ],
    )


def license_event(license_id: str, fact: lic.LicenseFact) -> EventData:
    """Event data of a licence fact after issue (issue needs names the fact does not carry)."""
    match fact:
        case lic.QuantityReserved():
            return _reserved_data(license_id, fact)
        case lic.QuantityChecked():
            return LicenseQuantityChecked(license_id=license_id, order_id=fact.order_id)
        case lic.QuantityRejected():
            return LicenseQuantityRejected(
                license_id=license_id,
                order_id=fact.order_id,
                reserve=fact.reserve,
                reasons=[reason_data(r) for r in fact.reasons],
            )
        case lic.Revoked():
            return LicenseRevoked(
                license_id=license_id, reason=fact.reason, revoked_by=fact.revoked_by
            )
        case lic.Suspended():
            return LicenseSuspended.model_validate(
                {
                    "license_id": license_id,
                    "reason": fact.reason,
                    "party_role": fact.party_role,
                    "list_id": fact.list_id,
                    "entry_id": fact.entry_id,
                    "score": fact.score,
                }
            )
    raise ValueError(f"no event for licence fact {fact!r}")

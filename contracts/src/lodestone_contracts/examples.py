"""Example data of every event type: the AsyncAPI message examples, and builders for tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from lodestone_contracts.events import EventData
from lodestone_contracts.events.application import (
    ApplicationApprovalRecorded,
    ApplicationApproved,
    ApplicationRejected,
    ApplicationReviewStarted,
    ApplicationScreened,
    ApplicationSubmitted,
)
from lodestone_contracts.events.green_channel import GreenChannelGranted, GreenChannelRevoked
from lodestone_contracts.events.license import (
    LicenseIssued,
    LicenseLine,
    LicensePartyFlagged,
    LicenseQuantityChecked,
    LicenseQuantityRejected,
    LicenseQuantityReserved,
    LicenseRevoked,
    LicenseSuspended,
    Remaining,
    Reservation,
)
from lodestone_contracts.events.order import (
    OrderBlocked,
    OrderCleared,
    OrderHeld,
    OrderLine,
    OrderReceived,
    OrderRejected,
    OrderReleased,
    OrderReleaseRequested,
    OrderScreened,
)
from lodestone_contracts.events.restricted_list import RestrictedListPublished
from lodestone_contracts.shapes import (
    ApplicantData,
    DecisionData,
    EndUseCategory,
    EndUseData,
    ExporterData,
    Form,
    ItemData,
    Lane,
    Outcome,
    PartyData,
    ReasonData,
)

NOW = datetime(2025, 6, 2, 9, 30, 0, 123456, tzinfo=UTC)


def item_json(line: int = 1, **overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "line": line,
        "description": "SmCo magnet blocks",
        "hs_code": "850511",
        "form": "magnet",
        "composition": {"Sm": 0.25, "Co": 0.5},
        "quantity_kg": 120.5,
    }
    return item | overrides


def party(name: str = "Müller Magnete GmbH", country: str = "DE") -> PartyData:
    return PartyData(name=name, country=country, address="Hauptstraße 1, 80331 München")


def exporter() -> ExporterData:
    return ExporterData(id="exp-1", name="Baotou Rare Earth Export Co")


def applicant() -> ApplicantData:
    return ApplicantData(id="app-1", name="Acme Magnets", country="CN", military_manufacturer=False)


def end_use() -> EndUseData:
    return EndUseData(category=EndUseCategory.AUTOMOTIVE, description="EV traction motors")


def item(line: int = 1) -> ItemData:
    return ItemData.model_validate(item_json(line))


def reason() -> ReasonData:
    return ReasonData(
        code="POSSIBLE_PARTY_MATCH",
        message="close to an SDN entry",
        score=0.87,
        party="consignee",
        list_id="ofac",
        entry_id="36",
    )


def decision(outcome: Outcome = Outcome.HELD) -> DecisionData:
    return DecisionData(
        outcome=outcome,
        reasons=[reason()],
        ruleset_version="2025.06",
        list_versions={"ofac": "ab" * 32},
        decided_at=NOW,
    )


def _order_events() -> list[EventData]:
    lines = [OrderLine(line=1, form=Form.MAGNET, elements=["Sm"], quantity_kg=120.5)]
    review = {"order_id": "ord-1", "reviewer": "rev-1", "justification": "Checked the end user."}
    return [
        OrderReceived(
            order_id="ord-1",
            erp_order_id="ERP-77",
            exporter=exporter(),
            consignee=party(),
            end_user=party("Tōkyō Denki 株式会社", "JP"),
            end_use=end_use(),
            destination="JP",
            ship_date=date(2025, 7, 1),
            license_id="lic-1",
            items=[item(1), item(2)],
            received_by="erp-sap",
        ),
        OrderScreened(
            order_id="ord-1",
            screening=decision(),
            license_id="lic-1",
            license_check="check",
            lines=lines,
        ),
        OrderCleared(order_id="ord-1", decision=decision(Outcome.CLEARED), license_id="lic-1"),
        OrderHeld(order_id="ord-1", decision=decision(Outcome.HELD)),
        OrderBlocked(order_id="ord-1", decision=decision(Outcome.BLOCKED)),
        OrderReleaseRequested(**review, license_id="lic-1"),
        OrderReleased(**review),
        OrderRejected(**review),
    ]


def _application_events() -> list[EventData]:
    app = {"application_id": "apl-1"}
    return [
        ApplicationSubmitted(
            **app,
            applicant=applicant(),
            exporter=exporter(),
            consignee=party(),
            end_user=party(),
            end_use=end_use(),
            destination="DE",
            items=[item()],
            lane=Lane.FULL_REVIEW,
            submitted_by="applicant-7",
        ),
        ApplicationScreened(**app, lane=Lane.FULL_REVIEW, screening=decision()),
        ApplicationReviewStarted(**app, lane=Lane.FULL_REVIEW),
        ApplicationApprovalRecorded(
            **app,
            reviewer="rev-1",
            decision="approve",
            justification="Civil automotive use, verified.",
        ),
        ApplicationApproved(**app, license_id="lic-1"),
        ApplicationRejected(**app, reason="screening blocked", reasons=[reason()]),
    ]


def license_issued(license_id: str = "lic-1") -> LicenseIssued:
    return LicenseIssued(
        license_id=license_id,
        application_id="apl-1",
        kind=Lane.FAST_TRACK,
        holder=applicant(),
        exporter=exporter(),
        consignee=party(),
        end_user=party(),
        destination="DE",
        valid_from=date(2025, 8, 31),
        valid_until=date(2026, 2, 28),
        lines=[LicenseLine(line=1, form=Form.OXIDE, elements=["Dy", "Tb"], quantity_kg=1000)],
    )


def _license_events() -> list[EventData]:
    lic = {"license_id": "lic-1"}
    return [
        license_issued(),
        LicenseQuantityReserved(
            **lic,
            order_id="ord-1",
            reservations=[Reservation(license_line=1, order_line=1, quantity_kg=100)],
            remaining=[Remaining(line=1, remaining_kg=900)],
        ),
        LicenseQuantityChecked(**lic, order_id="ord-1"),
        LicenseQuantityRejected(**lic, order_id="ord-1", reserve=True, reasons=[reason()]),
        LicenseRevoked(**lic, reason="end user diverted goods", revoked_by="rev-2"),
        LicensePartyFlagged(
            **lic,
            party_role="end_user",
            party_name="Tōkyō Denki",
            list_id="ofac",
            list_version="cd" * 32,
            entry_id="36",
            score=0.97,
        ),
        LicenseSuspended(
            **lic,
            reason="end user now restricted",
            party_role="end_user",
            list_id="ofac",
            entry_id="36",
            score=0.97,
        ),
    ]


def example_events() -> list[EventData]:
    """One valid data model of every registered event type."""
    return [
        *_order_events(),
        *_application_events(),
        *_license_events(),
        RestrictedListPublished(
            list_id="ofac",
            name="OFAC SDN",
            version="ab" * 32,
            entry_count=18000,
            published_by="admin-1",
            source_format="ofac-sdn",
        ),
        GreenChannelGranted(applicant_id="app-1", granted_by="admin-1", note="audited 2025"),
        GreenChannelRevoked(applicant_id="app-1", revoked_by="admin-1"),
    ]

"""Small builders for licence tests: sensible defaults, override only what a test is about."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from license_svc.domain.application import ApplicationState, fold, submit
from license_svc.domain.lanes import Lane
from license_svc.domain.license import (
    LicenseFact,
    LicenseLine,
    LicenseState,
    LicenseTerms,
    issue_license,
)
from license_svc.domain.license_fold import fold as fold_license
from license_svc.domain.materials import Materials
from license_svc.domain.orders import OrderCheck, OrderLine
from license_svc.domain.parties import Party

ISSUED_ON = date(2025, 1, 15)
SHIP_ON = date(2025, 3, 1)
TODAY = date(2025, 2, 1)

MATERIALS = Materials(
    controlled=frozenset({"Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"}),
    military_use=frozenset({"Sm"}),
)


def kg(value: str | int) -> Decimal:
    return Decimal(value)


def application(lane: Lane = Lane.FULL_REVIEW, application_id: str = "app-1") -> ApplicationState:
    return fold(submit(application_id, lane))


def terms(kind: Lane = Lane.FAST_TRACK, **overrides: Any) -> LicenseTerms:
    default = LicenseTerms(
        application_id="app-1",
        kind=kind,
        holder="applicant-1",
        exporter_id="exp-1",
        consignee=Party("Magnet Works GmbH", "DE"),
        end_user=Party("Motor Plant AG", "DE"),
        destination="DE",
    )
    return replace(default, **overrides)


def dy_oxide_line(line: int = 1, quantity: str = "1000") -> LicenseLine:
    return LicenseLine(line, "oxide", frozenset({"Dy"}), kg(quantity))


def smco_magnet_line(line: int = 2, quantity: str = "500") -> LicenseLine:
    return LicenseLine(line, "magnet", frozenset({"Sm"}), kg(quantity))


def issued(
    *lines: LicenseLine, kind: Lane = Lane.FAST_TRACK, issue_date: date = ISSUED_ON
) -> list[LicenseFact]:
    return issue_license("lic-1", terms(kind), lines or (dy_oxide_line(),), issue_date)


def license_state(
    *lines: LicenseLine, kind: Lane = Lane.FAST_TRACK, later: list[LicenseFact] | None = None
) -> LicenseState:
    return fold_license([*issued(*lines, kind=kind), *(later or [])])


def dy_oxide(order_line: int = 1, quantity: str = "100") -> OrderLine:
    return OrderLine(order_line, "oxide", frozenset({"Dy"}), frozenset(), kg(quantity))


def smco_magnet(order_line: int = 1, quantity: str = "10") -> OrderLine:
    return OrderLine(order_line, "magnet", frozenset({"Sm"}), frozenset({"Sm"}), kg(quantity))


def nd_magnet(order_line: int = 1, quantity: str = "10") -> OrderLine:
    return OrderLine(order_line, "magnet", frozenset(), frozenset(), kg(quantity))


def order(*lines: OrderLine, reserve: bool = True, **overrides: Any) -> OrderCheck:
    default = OrderCheck(
        order_id="ord-1",
        license_id="lic-1",
        exporter_id="exp-1",
        consignee=Party("Magnet Works GmbH", "DE"),
        end_user=Party("Motor Plant AG", "DE"),
        destination="DE",
        ship_date=SHIP_ON,
        lines=lines or (dy_oxide(),),
        reserve=reserve,
    )
    return replace(default, **overrides)

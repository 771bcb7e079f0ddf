"""Read models of license-svc, folded from events in the transaction that appends or consumes them.

They serve the GETs only (commands fold their aggregate streams); `order_terms` keeps the order
facts screening-svc published, which the licence checks need and order.screened does not repeat.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import Column, MetaData, String, Table, Text, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from lodestone_contracts.envelope import CloudEvent

metadata = MetaData()

applications = Table(
    "application_view",
    metadata,
    Column("application_id", String(100), primary_key=True),
    Column("applicant_id", String(200), nullable=False),
    Column("submitted_by", String(200), nullable=False),
    Column("lane", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("screening", Text, nullable=True),
    Column("approvals", Text, nullable=False),
    Column("license_id", String(100), nullable=True),
    Column("reason", Text, nullable=True),
    Column("submitted_at", String(40), nullable=False),
)

licenses = Table(
    "license_view",
    metadata,
    Column("license_id", String(100), primary_key=True),
    Column("application_id", String(100), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("document", Text, nullable=False),
    Column("lines", Text, nullable=False),
    Column("valid_until", String(10), nullable=False),
)

green_channel = Table(
    "green_channel_view",
    metadata,
    Column("applicant_id", String(200), primary_key=True),
    Column("granted_by", String(200), nullable=False),
    Column("granted_at", String(40), nullable=False),
    Column("note", Text, nullable=True),
)

order_terms = Table(
    "order_terms",
    metadata,
    Column("order_id", String(100), primary_key=True),
    Column("document", Text, nullable=False),
    Column("lines", Text, nullable=False),
)

# Built once: each licensed order runs these (building a statement costs SQLAlchemy more
# than SQLite takes to run it; see the runtime's eventstore).
# (An UPDATE's SET takes the names of its columns: a key's parameter needs another name.)
_BY_LICENCE = licenses.c.license_id == bindparam("by_license_id")
_LICENCE_LINES = select(licenses.c.lines, licenses.c.status).where(_BY_LICENCE)
_SET_LICENCE_LINES = update(licenses).where(_BY_LICENCE)
_BY_ORDER = order_terms.c.order_id == bindparam("by_order_id")
_DROP_TERMS = delete(order_terms).where(_BY_ORDER)
_INSERT_TERMS = order_terms.insert()
_SET_TERM_LINES = update(order_terms).where(_BY_ORDER)
_FIND_TERMS = select(order_terms).where(_BY_ORDER)

_LICENSE_DOCUMENT = ("holder", "exporter", "consignee", "end_user", "destination", "valid_from")


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


async def _submitted(conn: AsyncConnection, event: CloudEvent) -> None:
    data = event.data
    await conn.execute(
        applications.insert().values(
            application_id=data["application_id"],
            applicant_id=data["applicant"]["id"],
            submitted_by=data["submitted_by"],
            lane=data["lane"],
            status="SUBMITTED",
            approvals="[]",
            submitted_at=event.time,
        )
    )


async def _set_application(conn: AsyncConnection, event: CloudEvent, **values: Any) -> None:
    key = applications.c.application_id == event.data["application_id"]
    await conn.execute(update(applications).where(key).values(**values))


async def _screened(conn: AsyncConnection, event: CloudEvent) -> None:
    await _set_application(conn, event, screening=dumps(event.data["screening"]))


async def _review_started(conn: AsyncConnection, event: CloudEvent) -> None:
    await _set_application(conn, event, status="UNDER_REVIEW")


async def _approval_recorded(conn: AsyncConnection, event: CloudEvent) -> None:
    key = applications.c.application_id == event.data["application_id"]
    found = (await conn.execute(select(applications.c.approvals).where(key))).scalar()
    approval = {k: event.data[k] for k in ("reviewer", "decision", "justification")}
    approvals = [*json.loads(found or "[]"), {**approval, "recorded_at": event.time}]
    await conn.execute(update(applications).where(key).values(approvals=dumps(approvals)))


async def _approved(conn: AsyncConnection, event: CloudEvent) -> None:
    await _set_application(conn, event, status="APPROVED", license_id=event.data["license_id"])


async def _rejected(conn: AsyncConnection, event: CloudEvent) -> None:
    await _set_application(conn, event, status="REJECTED", reason=event.data["reason"])


async def _issued(conn: AsyncConnection, event: CloudEvent) -> None:
    data = event.data
    lines = [{**line, "remaining_kg": line["quantity_kg"]} for line in data["lines"]]
    await conn.execute(
        licenses.insert().values(
            license_id=data["license_id"],
            application_id=data["application_id"],
            kind=data["kind"],
            status="ACTIVE",
            document=dumps({k: data[k] for k in (*_LICENSE_DOCUMENT, "valid_until")}),
            lines=dumps(lines),
            valid_until=data["valid_until"],
        )
    )


async def _reserved(conn: AsyncConnection, event: CloudEvent) -> None:
    key = {"by_license_id": event.data["license_id"]}
    row = (await conn.execute(_LICENCE_LINES, key)).first()
    if row is None:
        return
    remaining = {r["line"]: r["remaining_kg"] for r in event.data["remaining"]}
    lines = [
        {**line, "remaining_kg": remaining.get(line["line"], line["remaining_kg"])}
        for line in json.loads(row.lines)
    ]
    exhausted = all(line["remaining_kg"] == 0 for line in lines)
    status = "EXHAUSTED" if row.status == "ACTIVE" and exhausted else row.status
    await conn.execute(_SET_LICENCE_LINES, {**key, "lines": dumps(lines), "status": status})


async def _revoked(conn: AsyncConnection, event: CloudEvent) -> None:
    key = licenses.c.license_id == event.data["license_id"]
    await conn.execute(update(licenses).where(key).values(status="REVOKED"))


async def _suspended(conn: AsyncConnection, event: CloudEvent) -> None:
    key = (licenses.c.license_id == event.data["license_id"]) & (licenses.c.status != "REVOKED")
    await conn.execute(update(licenses).where(key).values(status="SUSPENDED"))


async def _granted(conn: AsyncConnection, event: CloudEvent) -> None:
    data = event.data
    key = green_channel.c.applicant_id == data["applicant_id"]
    await conn.execute(delete(green_channel).where(key))
    await conn.execute(
        green_channel.insert().values(
            applicant_id=data["applicant_id"],
            granted_by=data["granted_by"],
            granted_at=event.time,
            note=data.get("note"),
        )
    )


async def _green_revoked(conn: AsyncConnection, event: CloudEvent) -> None:
    key = green_channel.c.applicant_id == event.data["applicant_id"]
    await conn.execute(delete(green_channel).where(key))


async def record_order_terms(
    conn: AsyncConnection, order_id: str, document: dict[str, Any], lines: list[dict[str, Any]]
) -> None:
    await conn.execute(_DROP_TERMS, {"by_order_id": order_id})
    row = {"order_id": order_id, "document": dumps(document), "lines": dumps(lines)}
    await conn.execute(_INSERT_TERMS, row)


async def record_order_lines(conn: AsyncConnection, order_id: str, lines: list[Any]) -> None:
    await conn.execute(_SET_TERM_LINES, {"by_order_id": order_id, "lines": dumps(lines)})


async def find_order_terms(
    conn: AsyncConnection, order_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    row = (await conn.execute(_FIND_TERMS, {"by_order_id": order_id})).first()
    if row is None:
        return None
    return json.loads(row.document), json.loads(row.lines)


_PROJECTORS: dict[str, Callable[[AsyncConnection, CloudEvent], Awaitable[None]]] = {
    "application.submitted": _submitted,
    "application.screened": _screened,
    "application.review_started": _review_started,
    "application.approval_recorded": _approval_recorded,
    "application.approved": _approved,
    "application.rejected": _rejected,
    "license.issued": _issued,
    "license.quantity_reserved": _reserved,
    "license.revoked": _revoked,
    "license.suspended": _suspended,
    "green_channel.granted": _granted,
    "green_channel.revoked": _green_revoked,
}


async def project(conn: AsyncConnection, event: CloudEvent) -> None:
    """Fold one event into the read models; types without a read model change nothing."""
    projector = _PROJECTORS.get(event.type)
    if projector is not None:
        await projector(conn, event)

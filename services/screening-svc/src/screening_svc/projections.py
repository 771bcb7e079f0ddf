"""Read models of screening-svc: orders, licences seen on the licence topic, list versions.

Key rule: order rows change only in the transaction that appends the order event they fold.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    select,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from lodestone_contracts.envelope import CloudEvent

metadata = MetaData()

orders = Table(
    "screening_orders",
    metadata,
    Column("order_id", String(100), primary_key=True),
    # Store position of order.received: a stable queue order and an opaque cursor.
    Column("position", BigInteger, nullable=False),
    Column("exporter_id", String(200), nullable=False),
    Column("erp_order_id", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("received_at", String(40), nullable=False),
    Column("document", Text, nullable=False),
    Column("screening", Text),
    Column("license_check", String(10)),
    Column("decision", Text),
    Column("review", Text),
    Column("release_requested", Boolean, nullable=False, default=False),
    Column("license_reserved", Boolean, nullable=False, default=False),
    Column("license_reasons", Text, nullable=False, default="[]"),
    UniqueConstraint("exporter_id", "erp_order_id", name="uq_screening_orders_erp"),
    Index("ix_screening_orders_status_position", "status", "position"),
)

licenses = Table(
    "screening_licenses",
    metadata,
    Column("license_id", String(200), primary_key=True),
    Column("status", String(20), nullable=False),
    Column("consignee", Text, nullable=False),
    Column("end_user", Text, nullable=False),
    Column("valid_until", String(10), nullable=False),
)

restricted_lists = Table(
    "restricted_lists",
    metadata,
    Column("list_id", String(200), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("version", String(64), nullable=False),
    Column("entry_count", Integer, nullable=False),
    Column("source_format", String(20), nullable=False),
    Column("published_by", String(200), nullable=False),
    Column("published_at", String(40), nullable=False),
)

# Immutable, content-addressed: a row is written once and never changed.
list_versions = Table(
    "list_versions",
    metadata,
    Column("list_id", String(200), primary_key=True),
    Column("version", String(64), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("canonical", Text, nullable=False),
    Column("entry_count", Integer, nullable=False),
    Column("published_at", String(40), nullable=False),
)

_FINAL_STATUS = {
    "order.cleared": "CLEARED",
    "order.held": "HELD",
    "order.blocked": "BLOCKED",
    "order.released": "RELEASED",
    "order.rejected": "REJECTED",
}


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


async def project_order(
    conn: AsyncConnection, events: Sequence[CloudEvent], positions: Sequence[int]
) -> None:
    """Fold one order's freshly appended events into its row: one write, not one per event.

    The changes are absolute column values, so merging them in order equals applying them one
    by one; an append that starts the stream carries order.received first.
    """
    row: dict[str, Any] | None = None
    change: dict[str, Any] = {}
    for event, position in zip(events, positions, strict=True):
        if event.type == "order.received":
            row = _received_row(event, position)
        else:
            (change if row is None else row).update(_order_change(event))
    if row is not None:
        await conn.execute(_INSERT_ORDER, row)
    if change:
        order_id = str(events[0].data["order_id"])
        await conn.execute(_UPDATE_ORDER, {**change, "by_order_id": order_id})


def _received_row(event: CloudEvent, position: int) -> dict[str, Any]:
    data = event.data
    return {
        "order_id": str(data["order_id"]),
        "position": position,
        "exporter_id": data["exporter"]["id"],
        "erp_order_id": data["erp_order_id"],
        "status": "PENDING",
        "received_at": event.time,
        "document": _dumps(data),
        "release_requested": False,
        "license_reserved": False,
        "license_reasons": "[]",
    }


async def received_at(conn: AsyncConnection, order_id: str) -> str | None:
    found = (await conn.execute(_RECEIVED_AT, {"order_id": order_id})).scalar()
    return None if found is None else str(found)


def _order_change(event: CloudEvent) -> dict[str, Any]:
    data = event.data
    if event.type == "order.screened":
        return {"screening": _dumps(data["screening"]), "license_check": data["license_check"]}
    if event.type == "order.release_requested":
        return {"release_requested": True, "review": _dumps(_review(event, "release_requested"))}
    change: dict[str, Any] = {"status": _FINAL_STATUS[event.type], "release_requested": False}
    if "decision" in data:
        change["decision"] = _dumps(data["decision"])
    if event.type in ("order.released", "order.rejected"):
        change["review"] = _dumps(_review(event, event.type.removeprefix("order.")))
    return change


def _review(event: CloudEvent, action: str) -> dict[str, Any]:
    return {
        "action": action,
        "reviewer": event.data["reviewer"],
        "justification": event.data["justification"],
        "at": event.time,
    }


async def record_license_answer(
    conn: AsyncConnection, order_id: str, *, reserved: bool, reasons: list[dict[str, Any]]
) -> None:
    """License-svc's answer for an order: whether it holds a reservation, and its findings."""
    values: dict[str, Any] = {"license_reasons": _dumps(reasons)}
    if reserved:
        values["license_reserved"] = True
    await conn.execute(_UPDATE_ORDER, {**values, "by_order_id": order_id})


# Built once: every order request runs these (see the runtime's eventstore on why).
_ORDER_ROW = select(orders).where(orders.c.order_id == bindparam("order_id"))
_ORDER_BY_ERP = select(orders.c.order_id).where(
    orders.c.exporter_id == bindparam("exporter_id"),
    orders.c.erp_order_id == bindparam("erp_order_id"),
)
_RECEIVED_AT = select(orders.c.received_at).where(orders.c.order_id == bindparam("order_id"))
_INSERT_ORDER = orders.insert()
# SET takes the columns named in the parameters; the key's parameter needs another name.
_UPDATE_ORDER = orders.update().where(orders.c.order_id == bindparam("by_order_id"))


async def order_row(conn: AsyncConnection, order_id: str) -> Any:
    return (await conn.execute(_ORDER_ROW, {"order_id": order_id})).first()


async def order_by_erp(conn: AsyncConnection, exporter_id: str, erp_order_id: str) -> str | None:
    params = {"exporter_id": exporter_id, "erp_order_id": erp_order_id}
    found = (await conn.execute(_ORDER_BY_ERP, params)).scalar()
    return None if found is None else str(found)


async def project_license(conn: AsyncConnection, event: CloudEvent) -> None:
    """Keep what re-screening needs of each licence: status, parties, validity."""
    data = event.data
    license_id = str(data["license_id"])
    if event.type == "license.issued":
        known = (
            await conn.execute(
                select(licenses.c.license_id).where(licenses.c.license_id == license_id)
            )
        ).first()
        if known is None:
            await conn.execute(
                licenses.insert(),
                {
                    "license_id": license_id,
                    "status": "ACTIVE",
                    "consignee": _dumps(data["consignee"]),
                    "end_user": _dumps(data["end_user"]),
                    "valid_until": data["valid_until"],
                },
            )
        return
    status = {"license.revoked": "REVOKED", "license.suspended": "SUSPENDED"}[event.type]
    await conn.execute(
        licenses.update().where(licenses.c.license_id == license_id).values(status=status)
    )

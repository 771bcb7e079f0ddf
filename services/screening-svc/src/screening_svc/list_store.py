"""Stored restricted lists: immutable, content-addressed versions and each list's current one.

Key rule: a version row is inserted once and never changed; publishing moves only the pointer.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from screening_svc.projections import list_versions, restricted_lists


async def current(conn: AsyncConnection, list_id: str) -> Any:
    query = select(restricted_lists).where(restricted_lists.c.list_id == list_id)
    return (await conn.execute(query)).first()


async def all_current(conn: AsyncConnection) -> list[Any]:
    query = select(restricted_lists).order_by(restricted_lists.c.list_id)
    return list((await conn.execute(query)).all())


async def current_versions(conn: AsyncConnection) -> dict[str, str]:
    rows = await conn.execute(select(restricted_lists.c.list_id, restricted_lists.c.version))
    return {str(r.list_id): str(r.version) for r in rows}


async def save_version(conn: AsyncConnection, row: dict[str, Any]) -> bool:
    """Insert a version unless its content is already stored; True when it was new."""
    found = (
        await conn.execute(
            select(list_versions.c.version).where(
                list_versions.c.list_id == row["list_id"], list_versions.c.version == row["version"]
            )
        )
    ).first()
    if found is not None:
        return False
    await conn.execute(list_versions.insert(), row)
    return True


async def point_to(conn: AsyncConnection, row: dict[str, Any]) -> None:
    """Make `row` (list_id, name, version, entry_count, source_format, ...) the current version."""
    table = restricted_lists
    updated = await conn.execute(
        table.update().where(table.c.list_id == row["list_id"]).values(**row)
    )
    if updated.rowcount == 0:
        await conn.execute(table.insert(), row)


async def canonical(conn: AsyncConnection, list_id: str, version: str) -> str | None:
    query = select(list_versions.c.canonical).where(
        list_versions.c.list_id == list_id, list_versions.c.version == version
    )
    found = (await conn.execute(query)).scalar()
    return None if found is None else str(found)


async def versions_of(conn: AsyncConnection, list_id: str) -> list[dict[str, Any]]:
    query = (
        select(list_versions.c.version, list_versions.c.entry_count, list_versions.c.published_at)
        .where(list_versions.c.list_id == list_id)
        .order_by(list_versions.c.published_at, list_versions.c.version)
    )
    return [dict(r._mapping) for r in await conn.execute(query)]

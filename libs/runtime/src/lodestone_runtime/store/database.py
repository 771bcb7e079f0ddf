"""Engines for the two supported stores: SQLite (WAL, the embedded default) and PostgreSQL.

SQLite writes go through one connection that opens with BEGIN IMMEDIATE, so a write
transaction holds the database lock from its first statement; readers use WAL snapshots.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

from lodestone_runtime.store.inline_sqlite import inline_creator

_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Engines:
    """A writer and a reader engine; on PostgreSQL both are the same pool."""

    writer: AsyncEngine
    reader: AsyncEngine
    dialect: str

    async def dispose(self) -> None:
        await self.writer.dispose()
        if self.reader is not self.writer:
            await self.reader.dispose()


def normalise_url(url: str) -> str:
    """Accept plain postgresql:// and sqlite:/// URLs and pick the async drivers."""
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.split(":///", 1)[1]
    return url


def _sqlite_engine(url: str, *, immediate: bool, pool_size: int, synced: bool) -> AsyncEngine:
    path = make_url(url).database or ""
    engine = create_async_engine(
        url,
        poolclass=AsyncAdaptedQueuePool,
        pool_size=pool_size,
        max_overflow=0,
        # A request queued this long for the single writer is answered 503 (store busy).
        pool_timeout=10,
        async_creator=inline_creator(path, timeout=60),
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Transaction control belongs to the "begin" event below: the connection was opened
        # with isolation_level=None (see inline_sqlite), so sqlite3 issues no BEGIN of its own.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL fsyncs every commit; NORMAL (WAL) survives any process crash and fsyncs at
        # checkpoints, so only a power loss can undo the last commits.
        cursor.execute(f"PRAGMA synchronous={'FULL' if synced else 'NORMAL'}")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def create_engines(url: str, schema: str | None = None, *, synced: bool = True) -> Engines:
    """Build the engines for a store URL; `schema` isolates a PostgreSQL store (tests, tenants)."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        writer = _sqlite_engine(url, immediate=True, pool_size=1, synced=synced)
        reader = _sqlite_engine(url, immediate=False, pool_size=4, synced=synced)
        return Engines(writer=writer, reader=reader, dialect="sqlite")
    connect_args: dict[str, Any] = {}
    if schema:
        if not _SCHEMA_NAME.match(schema):
            raise ValueError(f"invalid schema name {schema!r}")
        connect_args["server_settings"] = {"search_path": schema}
    engine = create_async_engine(url, pool_size=10, max_overflow=5, connect_args=connect_args)
    return Engines(writer=engine, reader=engine, dialect="postgresql")


async def ensure_schema(url: str, schema: str) -> None:
    """Create a PostgreSQL schema if missing (before the search_path engines connect)."""
    if not _SCHEMA_NAME.match(schema):
        raise ValueError(f"invalid schema name {schema!r}")
    engine = create_async_engine(normalise_url(url))
    try:
        async with engine.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    finally:
        await engine.dispose()

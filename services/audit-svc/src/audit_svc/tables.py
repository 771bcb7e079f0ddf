"""The audit log's tables: leaves in seq order, perfect Merkle nodes, signed checkpoints.

All three are append-only; `install_append_only` makes the database itself refuse
UPDATE and DELETE (and TRUNCATE on PostgreSQL).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, LargeBinary, MetaData, String, Table, Text, text
from sqlalchemy.ext.asyncio import AsyncEngine

metadata = MetaData()

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("event_id", String(100), nullable=False, unique=True),
    Column("type", String(100), nullable=False, index=True),
    Column("subject", String(200), nullable=False, index=True),
    Column("leaf_hash", LargeBinary(32), nullable=False),
    Column("body", Text, nullable=False),  # RFC 8785 canonical JSON of the CloudEvent
)

audit_nodes = Table(
    "audit_nodes",
    metadata,
    Column("level", Integer, primary_key=True, autoincrement=False),
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", LargeBinary(32), nullable=False),
)

audit_checkpoints = Table(
    "audit_checkpoints",
    metadata,
    Column("tree_size", BigInteger, primary_key=True, autoincrement=False),
    Column("root_hash", LargeBinary(32), nullable=False),
    Column("note", Text, nullable=False),
)

APPEND_ONLY = ("audit_log", "audit_nodes", "audit_checkpoints")

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION lodestone_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql
"""


def _sqlite_statements(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: {op} on {table} refused'); END"
        for op in ("UPDATE", "DELETE")
    ]


def _pg_statements(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION lodestone_append_only()",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION lodestone_append_only()",
    ]


async def install_append_only(engine: AsyncEngine, dialect: str) -> None:
    async with engine.begin() as conn:
        if dialect == "postgresql":
            # One creator at a time: concurrent CREATE OR REPLACE FUNCTION calls can collide.
            await conn.execute(text("SELECT pg_advisory_xact_lock(727400002)"))
            await conn.execute(text(_PG_FUNCTION))
        for table in APPEND_ONLY:
            statements = (
                _pg_statements(table) if dialect == "postgresql" else _sqlite_statements(table)
            )
            for statement in statements:
                await conn.execute(text(statement))

"""The audit log's use cases: ingest events exactly once in one total order, read, prove.

Key rule: a batch's leaves and Merkle nodes commit in the ingesting transaction; the
frontier is re-read from the store for every batch, so a rollback leaves nothing stale.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from audit_svc.domain.frontier import Frontier, append_leaves
from audit_svc.domain.merkle import (
    NodeKey,
    consistency_proof_from_nodes,
    consistency_proof_keys,
    inclusion_proof_from_nodes,
    inclusion_proof_keys,
    leaf_hash,
    root_from_nodes,
    root_keys,
)
from audit_svc.tables import audit_log, audit_nodes
from lodestone_contracts.envelope import CloudEvent
from lodestone_runtime.store import EventStore, Transaction


@dataclass(frozen=True)
class LogEntry:
    seq: int
    leaf_hash: str
    body: str  # canonical JSON of the event

    def as_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "leaf_hash": self.leaf_hash, "event": json.loads(self.body)}

    def export_line(self) -> str:
        """The RFC 8785 form of {event, leaf_hash, seq}: verifiers hash the event bytes as sent."""
        return f'{{"event":{self.body},"leaf_hash":"{self.leaf_hash}","seq":{self.seq}}}'


class ProofRangeError(ValueError):
    """A proof asked about a tree size or leaf the log does not hold."""


async def _tree_size(conn: AsyncConnection) -> int:
    top = (await conn.execute(select(func.max(audit_log.c.seq)))).scalar()
    return 0 if top is None else int(top) + 1


async def _nodes(conn: AsyncConnection, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
    unique = list(dict.fromkeys(keys))
    found: dict[NodeKey, bytes] = {}
    level, idx = audit_nodes.c.level, audit_nodes.c.idx
    for start in range(0, len(unique), 100):
        chunk = unique[start : start + 100]
        # OR of key equalities, not a row-value IN: SQLite scans the whole table for the
        # latter (measured: the ingest's cost grew with the log) and seeks the key for this.
        wanted = or_(*(and_(level == lv, idx == ix) for lv, ix in chunk))
        rows = await conn.execute(select(audit_nodes).where(wanted))
        found.update({(int(r.level), int(r.idx)): bytes(r.hash) for r in rows})
    return found


def _entry(row: Any) -> LogEntry:
    return LogEntry(seq=int(row.seq), leaf_hash=bytes(row.leaf_hash).hex(), body=str(row.body))


class AuditLog:
    def __init__(self, store: EventStore) -> None:
        self._store = store

    async def ingest(self, tx: Transaction, events: list[CloudEvent]) -> int:
        """Append new events (the inbox already dropped repeats); returns the new tree size."""
        size = await _tree_size(tx.conn)
        frontier = Frontier.from_nodes(size, await _nodes(tx.conn, Frontier.keys_for(size)))
        if not events:
            return size
        bodies = [event.canonical() for event in events]
        leaves = [leaf_hash(body) for body in bodies]
        rows = [
            {
                "seq": size + offset,
                "event_id": event.id,
                "type": event.type,
                "subject": event.subject,
                "leaf_hash": leaf,
                "body": body.decode(),
            }
            for offset, (event, body, leaf) in enumerate(zip(events, bodies, leaves, strict=True))
        ]
        frontier, written = append_leaves(frontier, leaves)
        await tx.conn.execute(audit_log.insert(), rows)
        await tx.conn.execute(
            audit_nodes.insert(), [{"level": k[0], "idx": k[1], "hash": h} for k, h in written]
        )
        return frontier.size

    async def size_and_root(self) -> tuple[int, bytes]:
        async with self._store.reading() as conn:
            size = await _tree_size(conn)
            return size, root_from_nodes(size, await _nodes(conn, root_keys(size)))

    async def events(
        self, after: int, limit: int, type_: str | None = None, subject: str | None = None
    ) -> list[LogEntry]:
        query = select(audit_log).where(audit_log.c.seq > after)
        if type_:
            query = query.where(audit_log.c.type == type_)
        if subject:
            query = query.where(audit_log.c.subject == subject)
        async with self._store.reading() as conn:
            rows = await conn.execute(query.order_by(audit_log.c.seq).limit(limit))
            return [_entry(r) for r in rows]

    async def event(self, seq: int) -> LogEntry | None:
        async with self._store.reading() as conn:
            row = (await conn.execute(select(audit_log).where(audit_log.c.seq == seq))).first()
        return _entry(row) if row else None

    async def export(self, after: int, page: int = 2000) -> AsyncIterator[str]:
        while True:
            entries = await self.events(after, page)
            for entry in entries:
                yield entry.export_line() + "\n"
            if len(entries) < page:
                return
            after = entries[-1].seq

    async def inclusion_proof(self, seq: int, tree_size: int) -> list[bytes]:
        async with self._store.reading() as conn:
            size = await _tree_size(conn)
            if not 0 <= seq < tree_size <= size:
                raise ProofRangeError(f"need 0 <= seq < tree_size <= {size}")
            nodes = await _nodes(conn, inclusion_proof_keys(seq, tree_size))
        return inclusion_proof_from_nodes(seq, tree_size, nodes)

    async def consistency_proof(self, first: int, second: int) -> list[bytes]:
        async with self._store.reading() as conn:
            size = await _tree_size(conn)
            if not 0 <= first <= second <= size:
                raise ProofRangeError(f"need 0 <= first <= second <= {size}")
            nodes = await _nodes(conn, consistency_proof_keys(first, second))
        return consistency_proof_from_nodes(first, second, nodes)

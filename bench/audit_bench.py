"""Audit figures: durable ingest, export verification and state rebuild, beside bare sha256."""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from audit_svc.checkpoints import Checkpointer, Signer
from audit_svc.cli.state import state_at
from audit_svc.cli.verify import verify_export
from audit_svc.service import AuditLog
from audit_svc.tables import install_append_only, metadata
from lodestone_contracts.envelope import CloudEvent, new_event
from lodestone_runtime.store import EventStore


def sample_events(count: int) -> list[CloudEvent]:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        new_event(
            type="license.quantity_reserved",
            subject=f"lic-{i % 200}",
            data={
                "license_id": f"lic-{i % 200}",
                "order_id": f"order-{i}",
                "reservations": [{"license_line": 1, "order_line": 1, "quantity_kg": 10.5}],
                "remaining": [{"line": 1, "remaining_kg": 1000 - (i % 90)}],
            },
            source="license-svc",
            sequence=1 + i // 200,
            now=now,
            event_id=f"evt-{i:08d}",
        )
        for i in range(count)
    ]


def bare_leaf_hash_rate(bodies: list[bytes]) -> float:
    started = time.perf_counter()
    for body in bodies:
        hashlib.sha256(b"\x00" + body).digest()
    return len(bodies) / (time.perf_counter() - started)


async def _ingest(path: Path, events: list[CloudEvent], batch: int) -> tuple[float, EventStore]:
    store = await EventStore.open(f"sqlite+aiosqlite:///{path}", extra=[metadata])
    await install_append_only(store.engines.writer, store.dialect)
    audit = AuditLog(store)
    started = time.perf_counter()
    for start in range(0, len(events), batch):
        async with store.transaction() as tx:  # synchronous=FULL: durable at commit
            await audit.ingest(tx, events[start : start + batch])
    return len(events) / (time.perf_counter() - started), store


def _state_rebuild_rate(entries: list[dict[str, Any]], count: int) -> float:
    """Entries per second through state_at, every subject rebuilt once; grouping is timed too."""
    started = time.perf_counter()
    by_subject: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        by_subject[entry["event"]["subject"]].append(entry)
    for subject_entries in by_subject.values():
        state_at(subject_entries, count)
    return len(entries) / (time.perf_counter() - started)


async def _run(count: int) -> dict[str, Any]:
    events = sample_events(count)
    bodies = [e.canonical() for e in events]
    with tempfile.TemporaryDirectory() as tmp:
        ingest_rate, store = await _ingest(Path(tmp) / "audit.db", events, batch=500)
        audit = AuditLog(store)
        signer = Signer("lodestone.bench/audit", bytes(range(32)))
        checkpoint = await Checkpointer(store, audit, signer).checkpoint_now()
        lines = [line async for line in audit.export(after=-1)]
        entries = [e.as_json() for e in await audit.events(-1, count)]
        await store.close()
    started = time.perf_counter()
    report = verify_export(lines, checkpoint, signer.public_key_document())
    verify_rate = count / (time.perf_counter() - started)
    assert report.ok, report.failures
    state_rate = _state_rebuild_rate(entries, count)
    bare = bare_leaf_hash_rate(bodies)
    return {
        "events": count,
        "bare_sha256_leaf_hash_per_s": round(bare),
        "durable_ingest_per_s": round(ingest_rate),
        "verify_per_s": round(verify_rate),
        "state_rebuild_per_s": round(state_rate),
        "ingest_vs_bare": round(ingest_rate / bare, 4),
        "verify_vs_bare": round(verify_rate / bare, 4),
        "goals": {"durable_ingest_per_s": 10_000, "verify_per_s": 100_000},
    }


def run(count: int = 50_000) -> dict[str, Any]:
    return asyncio.run(_run(count))


if __name__ == "__main__":
    print(run())

"""The audit log on real SQLite and PostgreSQL stores: order, proofs, append-only, export."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from audit_svc.checkpoints import Checkpointer, Signer
from audit_svc.cli.verify import verify_export
from audit_svc.domain.merkle import leaf_hash
from audit_svc.service import AuditLog, ProofRangeError
from audit_svc.tables import install_append_only, metadata
from lodestone_contracts.envelope import CloudEvent, new_event
from lodestone_runtime.store import EventStore

sys.path.insert(0, str(Path(__file__).parents[1] / "domain"))
from rfc9162_reference import naive_mth, verify_consistency, verify_inclusion


def granted(i: int) -> CloudEvent:
    return new_event(
        type="green_channel.granted",
        subject=f"applicant-{i}",
        data={"applicant_id": f"applicant-{i}", "granted_by": "admin-1", "note": f"né {i}"},
        source="license-svc",
        sequence=1,
        now=datetime(2026, 1, 1, tzinfo=UTC),
        event_id=f"event-{i}",
    )


async def open_log(target: tuple[str, str | None]) -> tuple[EventStore, AuditLog]:
    url, schema = target
    store = await EventStore.open(url, schema_name=schema, extra=[metadata])
    await install_append_only(store.engines.writer, store.dialect)
    return store, AuditLog(store)


async def ingest(store: EventStore, audit: AuditLog, events: list[CloudEvent]) -> None:
    async with store.transaction() as tx:
        await audit.ingest(tx, events)


async def test_batches_get_dense_seqs_and_every_proof_verifies(
    store_target: tuple[str, str | None],
) -> None:
    store, audit = await open_log(store_target)
    try:
        events = [granted(i) for i in range(37)]
        for start in range(0, 37, 10):
            await ingest(store, audit, events[start : start + 10])
        entries = await audit.events(after=-1, limit=1000)
        assert [e.seq for e in entries] == list(range(37))
        leaves = [leaf_hash(e.canonical()) for e in events]
        size, root = await audit.size_and_root()
        assert (size, root) == (37, naive_mth(leaves))
        for n in (1, 5, 16, 37):
            sub_root = naive_mth(leaves[:n])
            for m in range(n):
                proof = await audit.inclusion_proof(m, n)
                assert verify_inclusion(m, n, leaves[m], proof, sub_root)
            for first in range(1, n + 1):
                proof = await audit.consistency_proof(first, n)
                assert verify_consistency(first, n, naive_mth(leaves[:first]), sub_root, proof)
        with pytest.raises(ProofRangeError):
            await audit.inclusion_proof(37, 37)
    finally:
        await store.close()


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET type = 'x'", "DELETE FROM audit_log"])
async def test_the_database_refuses_updates_and_deletes_of_events(
    store_target: tuple[str, str | None], statement: str
) -> None:
    store, audit = await open_log(store_target)
    try:
        await ingest(store, audit, [granted(1)])
        with pytest.raises(Exception, match="append-only"):
            async with store.transaction() as tx:
                await tx.conn.execute(text(statement))
        assert len(await audit.events(-1, 10)) == 1
    finally:
        await store.close()


async def test_an_export_with_its_signed_checkpoint_verifies_end_to_end(tmp_path: Path) -> None:
    store, audit = await open_log((f"sqlite+aiosqlite:///{tmp_path / 'a.db'}", None))
    signer = Signer("lodestone.test/audit", bytes(range(32)))
    try:
        await ingest(store, audit, [granted(i) for i in range(25)])
        checkpoint = await Checkpointer(store, audit, signer).checkpoint_now()
        lines = [line async for line in audit.export(after=-1, page=7)]
        report = verify_export(lines, checkpoint, signer.public_key_document())
        assert report.ok, report.failures
        assert report.tree_size == 25
        tampered = [*lines]
        tampered[11] = tampered[11].replace("admin-1", "admin-2")
        failed = verify_export(tampered, checkpoint, signer.public_key_document())
        assert not failed.ok
        assert failed.first_failing_seq == 11
    finally:
        await store.close()

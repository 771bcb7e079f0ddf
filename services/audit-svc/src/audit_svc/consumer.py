"""Subscribes the audit log to every event topic; each batch is ingested in one transaction."""

from __future__ import annotations

from audit_svc.service import AuditLog
from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.topics import ALL_TOPICS
from lodestone_runtime.consumer import Subscription
from lodestone_runtime.store import Transaction


def subscriptions(audit: AuditLog) -> list[Subscription]:
    async def ingest(tx: Transaction, events: list[CloudEvent]) -> None:
        await audit.ingest(tx, events)

    # One fsync per transaction: large batches are what make the durable ingest fast, and
    # no request waits on the audit log, so its fetches wait long enough to fill them.
    return [
        Subscription(
            group="audit-svc",
            topics=ALL_TOPICS,
            batch_handler=ingest,
            max_batch=1000,
            bulk=True,
        )
    ]

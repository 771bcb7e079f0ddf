"""Recomputes recorded order screenings from their inputs: order.received, the rule set and the
stored list versions each decision names.

Key rule: a recomputation builds its index exactly as the live service does (from canonical
versions), so an unchanged rule set reproduces the recorded decision byte for byte.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

from lodestone_contracts.canonical import canonical_bytes
from lodestone_contracts.events.order import OrderReceived
from lodestone_runtime.store import EventStore
from screening_svc import list_store
from screening_svc.domain.rules import decide_order
from screening_svc.screener import ListParties, Screener, build_snapshot, parties_from_canonical
from screening_svc.streams import order_stream
from screening_svc.translation import comparable, order_from_received


@dataclass(frozen=True)
class Recomputation:
    position: int
    recorded: bytes
    recomputed: bytes

    @property
    def same(self) -> bool:
        return self.recorded == self.recomputed


async def _lists(store: EventStore, versions: dict[str, str]) -> dict[str, tuple[str, ListParties]]:
    found: dict[str, tuple[str, ListParties]] = {}
    async with store.reading() as conn:
        for list_id, version in versions.items():
            text = await list_store.canonical(conn, list_id, version)
            if text is None:
                raise LookupError(f"list {list_id} version {version} is not stored")
            found[list_id] = (version, parties_from_canonical(json.loads(text)))
    return found


async def recompute_order(
    store: EventStore, screener: Screener, order_id: str
) -> list[Recomputation]:
    """Every order.screened of the order, recorded and recomputed (without `decided_at`)."""
    stream = await store.read_stream(order_stream(order_id))
    received = OrderReceived.model_validate(stream[0].event.data)
    order = order_from_received(received)
    results = []
    for stored in stream:
        if stored.event.type != "order.screened":
            continue
        recorded = stored.event.data["screening"]
        lists = await _lists(store, dict(recorded["list_versions"]))
        snapshot = await asyncio.to_thread(build_snapshot, lists)
        decision = decide_order(order, screener.context(snapshot))
        results.append(
            Recomputation(
                position=stored.position,
                recorded=canonical_bytes(comparable(recorded)),
                recomputed=canonical_bytes(decision.to_dict()),
            )
        )
    return results

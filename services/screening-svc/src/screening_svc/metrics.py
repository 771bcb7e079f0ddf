"""Business metrics of screening-svc: decisions by outcome, decision latency, list versions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from prometheus_client import Counter, Gauge, Histogram

from lodestone_contracts.envelope import CloudEvent

FINAL_TYPES = {"order.cleared": "CLEARED", "order.held": "HELD", "order.blocked": "BLOCKED"}
OBSERVED_TYPES = frozenset({*FINAL_TYPES, "order.released", "order.rejected"})

ORDERS_DECIDED = Counter(
    "lodestone_orders_decided_total", "Final order decisions by outcome", ["outcome"]
)
ORDERS_REVIEWED = Counter(
    "lodestone_orders_reviewed_total", "Reviewer verdicts on held orders", ["verdict"]
)
DECISION_LATENCY = Histogram(
    "lodestone_order_decision_seconds",
    "From order.received to its final decision",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
LIST_VERSION = Gauge(
    "lodestone_restricted_list_version_info",
    "1 for the list version in use (label version = SHA-256 of its canonical form)",
    ["list_id", "version"],
)
LIST_ENTRIES = Gauge("lodestone_restricted_list_entries", "Entries in use per list", ["list_id"])
_current: dict[str, str] = {}
for _outcome in FINAL_TYPES.values():
    ORDERS_DECIDED.labels(outcome=_outcome)


def observe_order_event(event: CloudEvent, received_at: str | None) -> None:
    """Called after the event's transaction committed."""
    if event.type in ("order.released", "order.rejected"):
        ORDERS_REVIEWED.labels(verdict=event.type.split(".")[1]).inc()
    outcome = FINAL_TYPES.get(event.type)
    if outcome is None:
        return
    ORDERS_DECIDED.labels(outcome=outcome).inc()
    if received_at:
        elapsed = _parse(event.time) - _parse(received_at)
        DECISION_LATENCY.observe(max(0.0, elapsed.total_seconds()))


def _parse(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


def observe_lists(versions: Mapping[str, str], entries: Mapping[str, int]) -> None:
    for list_id, version in versions.items():
        previous = _current.get(list_id)
        if previous and previous != version:
            LIST_VERSION.remove(list_id, previous)
        LIST_VERSION.labels(list_id=list_id, version=version).set(1)
        LIST_ENTRIES.labels(list_id=list_id).set(entries.get(list_id, 0))
        _current[list_id] = version

"""Invariants the fault suite checks once a faulted system is quiet again.

Key rule: every check reads the system from outside (HTTP, the audit export, the stores' files
read-only, the DLQ topics) and names the order, licence, event or seq that breaks it.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from lodestone_system import RunningSystem

from lodestone_contracts.topics import ALL_TOPICS, dlq_for

FINAL_TYPES = ("order.cleared", "order.held", "order.blocked")
FINAL_STATUSES = ("CLEARED", "HELD", "BLOCKED")
EVENT_STORES = ("screening.db", "license.db")  # audit-svc appends no events of its own
ANSWER_TYPES = (
    "license.quantity_reserved",
    "license.quantity_checked",
    "license.quantity_rejected",
)


@dataclass(frozen=True)
class AuditLog:
    entries: list[dict[str, Any]]  # {seq, leaf_hash, event} in seq order

    def of_type(self, *types: str) -> list[dict[str, Any]]:
        return [e["event"] for e in self.entries if e["event"]["type"] in types]


def orders_by_status(system: RunningSystem, status: str) -> list[dict[str, Any]]:
    """Every order in `status`, through the paged review queue."""
    found: list[dict[str, Any]] = []
    cursor: str | None = None
    with system.client("screening-svc", "admin") as http:
        for _page in range(1000):
            params: dict[str, Any] = {"status": status, "limit": 200}
            if cursor:
                params["cursor"] = cursor
            page = http.get("/v1/orders", params=params)
            assert page.status_code == 200, page.text
            found += page.json()["orders"]
            if (cursor := page.json()["next_cursor"]) is None:
                return found
    raise AssertionError(f"more than 1000 pages of {status} orders")


def _tree_size(system: RunningSystem) -> int:
    with system.client("audit-svc", "auditor") as http:
        checkpoint = http.get("/v1/audit/checkpoint")
    assert checkpoint.status_code == 200, checkpoint.text
    return int(checkpoint.json()["tree_size"])


def _stored_events(system: RunningSystem, store: str) -> list[tuple[int, str, str]]:
    """(position, event id, type) of every event in a service's SQLite store, read-only."""
    with sqlite3.connect(f"file:{system.root / store}?mode=ro", uri=True) as db:
        return list(db.execute("SELECT position, event_id, type FROM events ORDER BY position"))


def _produced(system: RunningSystem) -> int:
    return sum(len(_stored_events(system, store)) for store in EVENT_STORES)


def wait_quiescent(system: RunningSystem, within: float = 120) -> str | None:
    """Poll until no order is PENDING and the audit tree holds as many events as the services
    stored, twice in a row; returns None then, or what was still off when `within` ran out."""
    deadline = time.monotonic() + within
    settled = 0
    while time.monotonic() < deadline:
        pending = orders_by_status(system, "PENDING")
        size, produced = _tree_size(system), _produced(system)
        settled = settled + 1 if not pending and size >= produced else 0
        if settled == 2:
            return None
        time.sleep(1.0)
    pending_ids = [o["order_id"] for o in orders_by_status(system, "PENDING")][:10]
    return (
        f"not quiet after {within}s: audit tree size {_tree_size(system)}, "
        f"{_produced(system)} events stored, pending orders {pending_ids}"
    )


def read_audit_log(system: RunningSystem) -> AuditLog:
    with system.client("audit-svc", "auditor") as http:
        response = http.get("/v1/audit/export", timeout=120)
    assert response.status_code == 200, response.text
    return AuditLog([json.loads(line) for line in response.text.splitlines() if line])


def check_audit_log_is_dense_and_once(log: AuditLog) -> None:
    for expected, entry in enumerate(log.entries):
        assert entry["seq"] == expected, f"audit seq {entry['seq']} where {expected} belongs"
    ids = Counter(e["event"]["id"] for e in log.entries)
    twice = {i: n for i, n in ids.items() if n > 1}
    assert not twice, f"event ids held more than once in the audit log: {list(twice.items())[:5]}"


def check_audit_cli_verifies(system: RunningSystem) -> int:
    """`lodestone-audit verify --url` must exit 0 on the live log; returns the exit code."""
    command = [
        sys.executable,
        "-m",
        "audit_svc.cli.main",
        "verify",
        "--url",
        system.url("audit-svc"),
    ]
    result = subprocess.run(
        [*command, "--token", system.token("auditor")],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, f"lodestone-audit verify failed:\n{result.stdout}{result.stderr}"
    return result.returncode


def check_every_stored_event_reached_the_log(system: RunningSystem, log: AuditLog) -> None:
    """Every event screening-svc and license-svc appended is in the audit log (none lost)."""
    logged = {e["event"]["id"] for e in log.entries}
    for store in EVENT_STORES:
        rows = _stored_events(system, store)
        missing = [(pos, eid, kind) for pos, eid, kind in rows if eid not in logged]
        assert not missing, (
            f"{store}: {len(missing)} events never reached audit, e.g. {missing[:3]}"
        )


def orders_by_id(system: RunningSystem) -> dict[str, dict[str, Any]]:
    """Every order the screening read model holds, final or not."""
    statuses = (*FINAL_STATUSES, "PENDING")
    return {o["order_id"]: o for s in statuses for o in orders_by_status(system, s)}


def check_one_final_decision_each(
    accepted: list[str], orders: dict[str, dict[str, Any]], log: AuditLog
) -> None:
    """Each accepted order is final (GET) and each order subject has exactly one final event."""
    undecided = [o for o in accepted if orders.get(o, {}).get("status") not in FINAL_STATUSES]
    assert not undecided, f"{len(undecided)} accepted orders not final, e.g. {undecided[:5]}"
    finals: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for entry in log.entries:
        event = entry["event"]
        if event["type"] in FINAL_TYPES:
            finals[event["subject"]].append((entry["seq"], event["type"]))
    received = {e["subject"] for e in log.of_type("order.received")}
    for order_id in sorted(received | set(accepted)):
        found = finals.get(order_id, [])
        assert len(found) == 1, f"order {order_id}: final events (seq, type) {found}, want one"
        status = orders.get(order_id, {}).get("status", "missing")
        assert found[0][1] == f"order.{status.lower()}", (
            f"order {order_id}: GET says {status}, audit seq {found[0][0]} says {found[0][1]}"
        )


def _reserved_kg(log: AuditLog, licence: str) -> dict[str, float]:
    """order id -> kg license-svc reserved for it on `licence`, from the audit log."""
    return {
        e["data"]["order_id"]: sum(r["quantity_kg"] for r in e["data"]["reservations"])
        for e in log.of_type("license.quantity_reserved")
        if e["subject"] == licence
    }


def check_licence_quantities(
    system: RunningSystem, licences: list[str], orders: dict[str, dict[str, Any]], log: AuditLog
) -> None:
    """remaining == issued - kg of CLEARED orders == issued - kg reserved; one answer per order."""
    answers = Counter(e["data"]["order_id"] for e in log.of_type(*ANSWER_TYPES))
    repeated = {o: n for o, n in answers.items() if n > 1}
    assert not repeated, f"orders answered by license-svc more than once: {repeated}"
    for licence in licences:
        with system.client("license-svc", "admin") as http:
            view = http.get(f"/v1/licenses/{licence}").json()
        issued = sum(line["quantity_kg"] for line in view["lines"])
        remaining = sum(line["remaining_kg"] for line in view["lines"])
        cleared = {
            o["order_id"]: sum(item["quantity_kg"] for item in o["items"])
            for o in orders.values()
            if o["license_id"] == licence and o["status"] == "CLEARED"
        }
        reserved = _reserved_kg(log, licence)
        assert remaining >= 0, f"licence {licence}: remaining {remaining} kg is negative"
        assert abs(remaining - (issued - sum(cleared.values()))) < 1e-6, (
            f"licence {licence}: remaining {remaining} kg, issued {issued} kg, "
            f"{len(cleared)} CLEARED orders drew {sum(cleared.values())} kg"
        )
        unreserved, uncleared = set(cleared) - set(reserved), set(reserved) - set(cleared)
        assert not unreserved, f"licence {licence}: CLEARED, not reserved: {sorted(unreserved)}"
        assert not uncleared, f"licence {licence}: reserved, not CLEARED: {sorted(uncleared)}"
        assert abs(sum(reserved.values()) - (issued - remaining)) < 1e-6, licence


async def _dead_letters(bootstrap: str) -> dict[str, int]:
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await reader.start()
    try:
        counts = {}
        await reader.topics()  # loads the metadata partitions_for_topic reads
        for topic in ALL_TOPICS:
            parts = reader.partitions_for_topic(dlq_for(topic)) or set()
            ends = await reader.end_offsets([TopicPartition(dlq_for(topic), p) for p in parts])
            counts[dlq_for(topic)] = sum(ends.values())
        return counts
    finally:
        await reader.stop()


def dead_letter_counts(system: RunningSystem) -> dict[str, int]:
    return asyncio.run(_dead_letters(system.broker.bootstrap))

"""`lodestone-audit state --at` rebuilds an order and a licence as they stood at chosen seqs."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

from lodestone_system import RunningSystem
from screening_http_builders import decided, issue_licence, licensed_order

CLI = [sys.executable, "-m", "audit_svc.cli.main"]


def logged(system: RunningSystem, subject: str, wanted: str) -> list[dict[str, Any]]:
    """The subject's log entries once an event of type `wanted` is among them."""
    deadline = time.monotonic() + 30
    with system.client("audit-svc", "auditor") as http:
        while time.monotonic() < deadline:
            events: list[dict[str, Any]] = http.get(f"/v1/audit/subjects/{subject}/events").json()[
                "events"
            ]
            if any(e["event"]["type"] == wanted for e in events):
                return events
            time.sleep(0.2)
    raise AssertionError(f"{wanted} of {subject} never reached the audit log")


def state_at(system: RunningSystem, seq: int, subject: str) -> dict[str, Any]:
    result = subprocess.run(
        [
            *(*CLI, "state", "--at", str(seq), subject),
            *("--url", system.url("audit-svc"), "--token", system.token("auditor")),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    state: dict[str, Any] = json.loads(result.stdout)
    return state


def seq_of(entries: list[dict[str, Any]], event_type: str) -> int:
    return next(int(e["seq"]) for e in entries if e["event"]["type"] == event_type)


def test_an_order_is_pending_at_receipt_and_cleared_at_its_decision(system: RunningSystem) -> None:
    license_id = issue_licence(system, kg=300.0)
    with system.client("screening-svc", "erp", "erp-state") as erp:
        order = decided(erp, licensed_order(license_id, kg=120.0))
    assert order["status"] == "CLEARED"
    entries = logged(system, order["order_id"], "order.cleared")
    at_receipt = state_at(system, seq_of(entries, "order.received"), order["order_id"])
    assert at_receipt["status"] == "PENDING"
    assert "decision" not in at_receipt
    at_decision = state_at(system, seq_of(entries, "order.cleared"), order["order_id"])
    assert at_decision["status"] == "CLEARED"
    assert at_decision["decision"]["outcome"] == "CLEARED"


def test_a_licence_shows_its_remaining_quantity_before_and_after_a_reservation(
    system: RunningSystem,
) -> None:
    license_id = issue_licence(system, kg=300.0)
    with system.client("screening-svc", "erp", "erp-state") as erp:
        assert decided(erp, licensed_order(license_id, kg=100.0))["status"] == "CLEARED"
    entries = logged(system, license_id, "license.quantity_reserved")
    issued = state_at(system, seq_of(entries, "license.issued"), license_id)
    assert issued["status"] == "ACTIVE"
    assert [line["remaining_kg"] for line in issued["lines"]] == [300.0]
    reserved = state_at(system, seq_of(entries, "license.quantity_reserved"), license_id)
    assert [line["remaining_kg"] for line in reserved["lines"]] == [200.0]

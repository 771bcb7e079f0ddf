"""`lodestone-audit rederive` recomputes every screening decision in the log, byte for byte."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from lodestone_system import RunningSystem
from screening_http_builders import SAMARIUM_COBALT, SYSTEM_LIST, order_body

CLI = [sys.executable, "-m", "audit_svc.cli.main"]


def decide_some_orders(system: RunningSystem) -> list[str]:
    with system.client("screening-svc", "admin") as admin:
        assert admin.put("/v1/lists/rederive-list", json=SYSTEM_LIST).status_code == 200
    bodies = [
        order_body(),
        order_body(consignee="Quartzline Rare Metals Trading Co Ltd"),
        order_body(category="other", description="radar guidance parts"),
        order_body(SAMARIUM_COBALT),
    ]
    ids = []
    with system.client("screening-svc", "erp") as erp:
        for body in bodies:
            response = erp.post("/v1/orders", json=body, params={"wait": 5})
            assert response.status_code in (200, 202), response.text
            ids.append(response.json()["order_id"])
    return ids


def wait_for_orders_in_audit(system: RunningSystem, order_ids: list[str]) -> None:
    deadline = time.monotonic() + 30
    with system.client("audit-svc", "auditor") as http:
        while time.monotonic() < deadline:
            types = [
                {
                    e["event"]["type"]
                    for e in http.get(f"/v1/audit/subjects/{o}/events").json()["events"]
                }
                for o in order_ids
            ]
            if all("order.screened" in t for t in types):
                return
            time.sleep(0.2)
    raise AssertionError("orders did not reach the audit log")


def rederive(system: RunningSystem, *extra: str) -> subprocess.CompletedProcess[str]:
    urls = ["--url", system.url("audit-svc"), "--screening-url", system.url("screening-svc")]
    return subprocess.run(
        [*CLI, "rederive", *urls, "--token", system.token("auditor"), "--json", *extra],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_rederive_reproduces_every_decision_and_reports_a_changed_rule(
    system: RunningSystem,
) -> None:
    wait_for_orders_in_audit(system, decide_some_orders(system))
    same = rederive(system)
    assert same.returncode == 0, same.stdout + same.stderr
    report = json.loads(same.stdout)
    assert report["checked"] >= 4
    assert report["differences"] == []

    changed = rederive(system, "--drop-rule", "end_use_review_rule")
    assert changed.returncode == 1, changed.stdout + changed.stderr
    differences = json.loads(changed.stdout)["differences"]
    assert differences
    assert all(
        any(r["code"] == "END_USE_REVIEW" for r in d["recorded"]["reasons"]) for d in differences
    )

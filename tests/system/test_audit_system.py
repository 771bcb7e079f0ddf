"""The audit log over a running system: every event once, verifiable, replayable by state."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

from lodestone_system import RunningSystem

CLI = [sys.executable, "-m", "audit_svc.cli.main"]


def grant_green_channel(system: RunningSystem, count: int) -> list[str]:
    applicants = [f"audit-{uuid.uuid4().hex[:8]}" for _ in range(count)]
    with system.client("license-svc", "admin") as http:
        for applicant in applicants:
            assert http.put(f"/v1/green-channel/{applicant}", json={}).status_code in (200, 201)
    return applicants


def wait_for_subjects(system: RunningSystem, subjects: list[str], within: float = 30) -> int:
    deadline = time.monotonic() + within
    with system.client("audit-svc", "auditor") as http:
        while time.monotonic() < deadline:
            found = [
                s for s in subjects if http.get(f"/v1/audit/subjects/{s}/events").json()["events"]
            ]
            if len(found) == len(subjects):
                return int(http.get("/v1/audit/checkpoint").json()["tree_size"])
            time.sleep(0.2)
    raise AssertionError("events did not reach the audit log")


def test_events_reach_the_log_once_with_dense_seqs(system: RunningSystem) -> None:
    subjects = grant_green_channel(system, 5)
    wait_for_subjects(system, subjects)
    with system.client("audit-svc", "auditor") as http:
        events = http.get("/v1/audit/events", params={"limit": 1000}).json()["events"]
    assert [e["seq"] for e in events] == list(range(len(events)))
    ids = [e["event"]["id"] for e in events]
    assert len(ids) == len(set(ids))


def test_lodestone_audit_verify_passes_on_the_live_log(system: RunningSystem) -> None:
    wait_for_subjects(system, grant_green_channel(system, 3))
    result = subprocess.run(
        [*CLI, "verify", "--url", system.url("audit-svc"), "--token", system.token("auditor")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout


def test_a_tampered_export_fails_verify_and_names_the_seq(
    system: RunningSystem, tmp_path: Path
) -> None:
    wait_for_subjects(system, grant_green_channel(system, 3))
    with system.client("audit-svc", "auditor") as http:
        checkpoint = http.get("/v1/audit/checkpoint").json()
        key = http.get("/v1/audit/public-key").json()
        lines = http.get("/v1/audit/export").text.rstrip("\n").split("\n")
    (tmp_path / "cp.json").write_text(json.dumps(checkpoint))
    (tmp_path / "key.json").write_text(json.dumps(key))
    target = min(2, len(lines) - 1)
    entry = json.loads(lines[target])
    entry["event"]["subject"] = "someone-else"
    lines[target] = json.dumps(entry)
    (tmp_path / "export.ndjson").write_text("\n".join(lines) + "\n")
    args = ["--checkpoint", str(tmp_path / "cp.json"), "--public-key", str(tmp_path / "key.json")]
    result = subprocess.run(
        [*CLI, "verify", "--file", str(tmp_path / "export.ndjson"), *args, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)["first_failing_seq"] == target


def test_state_at_rebuilds_a_subject_as_it_stood(system: RunningSystem) -> None:
    [applicant] = grant_green_channel(system, 1)
    with system.client("license-svc", "admin") as http:
        assert http.delete(f"/v1/green-channel/{applicant}").status_code in (200, 204)
    wait_for_subjects(system, [applicant])
    with system.client("audit-svc", "auditor") as http:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            events = http.get(f"/v1/audit/subjects/{applicant}/events").json()["events"]
            if len(events) == 2:
                break
            time.sleep(0.2)
    assert [e["event"]["type"] for e in events] == [
        "green_channel.granted",
        "green_channel.revoked",
    ]
    for entry, status in zip(events, ["GRANTED", "REVOKED"], strict=True):
        result = subprocess.run(
            [
                *CLI,
                *("state", "--at", str(entry["seq"]), applicant),
                *("--url", system.url("audit-svc"), "--token", system.token("auditor")),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["status"] == status

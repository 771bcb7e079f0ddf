"""The system-test harness (tests/lodestone_system.py) for the benches, plus licence issue.

Each bench section starts its own system in a fresh folder and stops it when done.
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from lodestone_system import RunningSystem, running_system  # noqa: E402

from bench import bodies  # noqa: E402

__all__ = ["REPO", "RunningSystem", "issue_licence", "running_system"]


def issue_licence(system: RunningSystem, kg: float) -> str:
    """A fast-track licence for the bench's exporter, consignee and Dy oxide; its id."""
    applicant = f"applicant-{uuid.uuid4().hex[:8]}"
    with system.client("license-svc", "applicant", applicant) as http:
        response = http.post("/v1/applications", json=bodies.application(applicant, kg))
        response.raise_for_status()
        application_id = response.json()["application_id"]
        deadline = time.monotonic() + 60
        while (found := http.get(f"/v1/applications/{application_id}").json())["status"] != (
            "APPROVED"
        ):
            if time.monotonic() > deadline or found["status"] == "REJECTED":
                raise RuntimeError(f"licence application not approved: {found}")
            time.sleep(0.05)
    return str(found["license_id"])

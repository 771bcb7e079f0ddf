"""Restricted lists: the SDN files published through the API, beside parsing them in-process."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from bench.goals import goal, ratio
from bench.harness import REPO, running_system
from screening_svc.domain.government_lists import parse_ofac_sdn

LISTS = REPO / "../shared/data/lists"
DAYS = ("2024-04-26", "2024-05-03")


def _parse_seconds(body: bytes) -> tuple[float, int]:
    started = time.perf_counter()
    entries = parse_ofac_sdn(body.decode("utf-8"))
    return time.perf_counter() - started, len(entries)


def run(root: Path | None = None) -> dict[str, Any]:
    figures: dict[str, Any] = {"files": {}}
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_system(root or Path(tmp) / "lists") as system,
        system.client("screening-svc", "admin") as admin,
    ):
        for day in DAYS:
            body = (LISTS / f"ofac_sdn_csv_{day}.csv").read_bytes()
            parse_s, entries = _parse_seconds(body)
            started = time.perf_counter()
            response = admin.put(
                "/v1/lists/ofac-sdn",
                params={"format": "ofac-sdn"},
                content=body,
                headers={"content-type": "text/csv"},
                timeout=120,
            )
            api_s = time.perf_counter() - started
            response.raise_for_status()
            figures["files"][day] = {
                "entries": entries,
                "bytes": len(body),
                "api_publish_s": round(api_s, 3),
                "parse_only_s": round(parse_s, 3),
                "api_vs_parse": round(ratio(api_s, parse_s), 2),
            }
    later = figures["files"][DAYS[-1]]
    figures["goals"] = [
        goal("2024-05-03 SDN through the API", later["api_publish_s"], "<=", 10, "s")
    ]
    return figures

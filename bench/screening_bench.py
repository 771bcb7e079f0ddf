"""Party screening: per-name latency against a 100k-name list, indexed vs brute force.

Wraps screening_svc.evaluation.latency.main(), which also measures recall and false positives.
"""

from __future__ import annotations

from typing import Any

from bench.goals import goal, ratio
from screening_svc.evaluation import latency


def run() -> dict[str, Any]:
    figures: dict[str, Any] = dict(latency.main())
    figures["speedup_p99"] = ratio(figures["brute_p99_ms"], figures["indexed_p99_ms"])
    figures["goals"] = [
        goal("indexed p99 per name", figures["indexed_p99_ms"], "<=", 1.0, "ms"),
        goal("brute force / indexed at p50", figures["speedup_p50"], ">=", 100, "x"),
        goal("brute force / indexed at p99", figures["speedup_p99"], ">=", 100, "x"),
    ]
    return figures

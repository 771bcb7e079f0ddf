"""Goal records: a figure, the target it is held to, and whether this run met it."""

from __future__ import annotations

import math
from typing import Any


def goal(
    name: str, value: float, op: str, target: float, unit: str = "", caveat: str = ""
) -> dict[str, Any]:
    """`op` is ">=" or "<="; a NaN value (nothing measured) or a caveat never meets the goal."""
    held = value >= target if op == ">=" else value <= target
    met = not math.isnan(value) and held and not caveat
    return {
        "goal": name,
        "value": value,
        "op": op,
        "target": target,
        "unit": unit,
        "met": met,
        "caveat": caveat,
    }


def ratio(value: float, baseline: float) -> float:
    return value / baseline if baseline and not math.isnan(baseline) else math.nan

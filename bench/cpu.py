"""CPU seconds spent by each process of a run: where the capacity of the 2 cores goes.

Throughput on this machine is bound by CPU shared by the load generator, the services and the
broker, so every level reports CPU milliseconds per decided order for each process.
"""

from __future__ import annotations

import os

import psutil


def _seconds(process: psutil.Process) -> float:
    try:
        total = sum(process.cpu_times()[:2])
        children = process.children(recursive=True)
        return total + sum(sum(child.cpu_times()[:2]) for child in children)
    except psutil.Error:  # gone (a fault bench killed it): counts as nothing more
        return 0.0


class CpuMeter:
    """CPU seconds of named processes; the generator is this process itself (no children)."""

    def __init__(self, pids: dict[str, int]) -> None:
        self._processes = {name: psutil.Process(pid) for name, pid in pids.items()}
        self._own = psutil.Process(os.getpid())

    def read(self) -> dict[str, float]:
        found = {name: _seconds(p) for name, p in self._processes.items()}
        found["load generator"] = sum(self._own.cpu_times()[:2])
        return found

    @staticmethod
    def per_item_ms(
        before: dict[str, float], after: dict[str, float], items: int
    ) -> dict[str, float]:
        """CPU ms per item for each process (and their total) between two readings."""
        if items <= 0:
            return {}
        spent = {name: (after[name] - before[name]) * 1000 / items for name in before}
        return {**spent, "total": sum(spent.values())}

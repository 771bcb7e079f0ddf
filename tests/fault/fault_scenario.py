"""One faulted load from start to quiet: licences, seeded orders, faults at seeded progress points.

Key rule: the scenario only gathers what happened (accepted orders, faults, the audit log, the
orders' read model); the tests assert on it, so each broken invariant fails its own test.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fault_checks import AuditLog, orders_by_id, read_audit_log, wait_quiescent
from fault_load import FaultInjector, LoadResult, issue_licence, plan_orders, post_load
from lodestone_system import RunningSystem


@dataclass(frozen=True)
class FaultedRun:
    system: RunningSystem
    load: LoadResult
    licences: list[str]
    faults: list[tuple[str, int, float]]  # (what, orders done when it fired, seconds it took)
    log: AuditLog
    orders: dict[str, dict[str, Any]]
    unquiet: str | None  # why the system never went quiet, or None
    seconds: dict[str, float]  # load, quiet: wall time of each phase

    @property
    def accepted(self) -> list[str]:
        return sorted(self.load.accepted.values())


@dataclass(frozen=True)
class Plan:
    seed: int
    orders: int
    licence_kg: int
    thresholds: list[int]  # fire fault i once this many orders are done
    fault: Callable[[RunningSystem, int], str]  # fires fault i, names what it did


def run_faulted_load(system: RunningSystem, plan: Plan) -> FaultedRun:
    rng = random.Random(plan.seed)
    licences = [issue_licence(system, plan.licence_kg) for _ in range(2)]
    planned = plan_orders(rng, plan.orders, licences)
    load = LoadResult()
    faults: list[tuple[str, int, float]] = []

    def fire(i: int) -> None:
        time.sleep(rng.uniform(0, 0.5))  # not exactly at the threshold: between requests
        done, started = load.done(), time.monotonic()
        what = plan.fault(system, i)
        faults.append((what, done, time.monotonic() - started))

    injector = FaultInjector(load.done, plan.thresholds, fire)
    started = time.monotonic()
    injector.start()
    post_load(system, planned, result=load)
    injector.finish()
    loaded = time.monotonic()
    unquiet = wait_quiescent(system)
    seconds = {"load": loaded - started, "quiet": time.monotonic() - loaded}
    log, orders = read_audit_log(system), orders_by_id(system)
    print(f"faulted load: {seconds}, faults (what, orders done, seconds) {faults}")  # on failure
    return FaultedRun(system, load, licences, faults, log, orders, unquiet, seconds)

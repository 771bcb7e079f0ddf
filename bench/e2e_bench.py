"""End to end: orders/s and POST→decision latency at fixed offered loads and at saturation.

Two mixes on the real system (Nd orders decided in the request; Dy orders through license-svc's
reservation) beside the bare FastAPI floor and a Kafka round trip measured in the same run.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from bench import baselines, bodies, load
from bench.cpu import CpuMeter
from bench.goals import goal, ratio
from bench.harness import issue_licence, running_system

DECIDED = frozenset({"CLEARED", "HELD", "BLOCKED"})
MAX_IN_FLIGHT = 200
SETTLE_MS = 250  # a probe answered this fast means the previous level's work has drained


@dataclass(frozen=True)
class Plan:
    levels: tuple[int, ...] = (100, 300, 1000)
    duration_s: float = 8.0
    workers: int = 32

    @classmethod
    def quick(cls) -> Plan:
        return cls(levels=(100, 300), duration_s=3.0, workers=16)


class OrderPoster:
    """Posts an order with ?wait=10; success is a 200 carrying a decided order."""

    def __init__(self, body: Callable[[], dict[str, Any]], path: str = "/v1/orders?wait=10"):
        self.body, self.path = body, path
        self.statuses: Counter[str] = Counter()

    async def __call__(self, http: aiohttp.ClientSession) -> bool:
        async with http.post(self.path, json=self.body()) as response:
            # 202 PENDING: no decision within the wait; 5xx would be text, so no JSON is read
            ok = response.status == 200
            status = str((await response.json()).get("status")) if ok else "-"
        self.statuses[f"{response.status}/{status}"] += 1
        return ok and status in DECIDED


async def _settle(http: aiohttp.ClientSession, post: OrderPoster, limit_s: float = 60) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        started = time.perf_counter()
        if await post(http) and (time.perf_counter() - started) * 1000 < SETTLE_MS:
            return
        await asyncio.sleep(0.2)


async def _sweep(
    url: str, token: str | None, post: OrderPoster, plan: Plan, cpu: CpuMeter
) -> list[Any]:
    levels: list[Any] = []

    async def measured(run: Awaitable[load.LevelResult]) -> None:
        post.statuses.clear()
        before = cpu.read()
        result = await run
        statuses = dict(post.statuses)
        # The CPU of work a level queued is the level's: it is done once a probe answers fast.
        await _settle(http, post)
        spent = CpuMeter.per_item_ms(before, cpu.read(), result.completed)
        levels.append({**result.as_dict(), "statuses": statuses, "cpu_ms": spent})

    async with load.client(url, token, MAX_IN_FLIGHT) as http:
        for _ in range(20):  # warm-up: connections, caches, consumer groups
            await post(http)
        await _settle(http, post)
        for rate in plan.levels:
            await measured(load.open_loop(http, post, rate, plan.duration_s, MAX_IN_FLIGHT))
        await measured(load.saturate(http, post, plan.workers, plan.duration_s))
    return levels


def _bare(plan: Plan) -> list[Any]:
    with baselines.bare_server() as (url, pid):
        post = OrderPoster(bodies.order, "/v1/orders")
        return asyncio.run(_sweep(url, None, post, plan, CpuMeter({"bare app": pid})))


def _system(root: Path, plan: Plan) -> dict[str, Any]:
    with running_system(root) as system:
        licence = issue_licence(system, kg=5_000_000)
        url, token = system.url("screening-svc"), system.token("erp", "erp-bench")
        cpu = CpuMeter({**system.pids(), "broker": system.broker.pid})
        return {
            "license_id": licence,
            "uncontrolled": asyncio.run(_sweep(url, token, OrderPoster(bodies.order), plan, cpu)),
            "controlled": asyncio.run(
                _sweep(url, token, OrderPoster(lambda: bodies.order(licence)), plan, cpu)
            ),
            "kafka_roundtrip": baselines.kafka_roundtrip(system.broker.bootstrap),
        }


def _at(levels: list[Any], offered: float | None) -> dict[str, Any]:
    return next(level for level in levels if level["offered_per_s"] == offered)


def _goals(bare: list[Any], mixes: dict[str, Any]) -> list[dict[str, Any]]:
    floor = _at(bare, None)["throughput_per_s"]
    found = []
    for mix in ("uncontrolled", "controlled"):
        saturation = _at(mixes[mix], None)["throughput_per_s"]
        found.append(goal(f"{mix}: saturation / bare floor", ratio(saturation, floor), ">=", 0.5))
        if any(level["offered_per_s"] == 300 for level in mixes[mix]):
            level = _at(mixes[mix], 300)
            lost = level["failed"] + level["dropped"]
            # The p99 of successes says nothing when many requests never got their decision.
            total = lost + level["completed"]
            caveat = f"{lost} of {total} undecided" if lost > total / 100 else ""
            p99 = level["p99_ms"]
            found.append(goal(f"{mix}: p99 at 300 orders/s", p99, "<=", 50, "ms", caveat))
    return found


def run(root: Path, quick: bool = False) -> dict[str, Any]:
    plan = Plan.quick() if quick else Plan()
    bare = _bare(plan)
    mixes = _system(root / "e2e", plan)
    return {
        "plan": {**plan.__dict__, "levels": list(plan.levels), "max_in_flight": MAX_IN_FLIGHT},
        "bare": bare,
        **mixes,
        "bare_floor_per_s": _at(bare, None)["throughput_per_s"],
        "cores": os.cpu_count(),
        "goals": _goals(bare, mixes),
    }

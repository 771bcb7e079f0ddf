"""Green channel: decision latency of green applications while a fast-track backlog drains.

The backlog is queued in Kafka (screening-svc is down while it is posted, as in the system
test), then drains while green applications arrive at intervals spread over the drain.

Baseline: the same latency on the idle system, in the same run. Latency runs from the POST
to the first GET (polled every 20 ms) that shows APPROVED.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench import bodies, load
from bench.goals import goal, ratio
from bench.harness import RunningSystem, running_system

POLL_S = 0.02
GREEN, BACKLOG = "green-bench", "backlog-bench"
SCREENING = "screening-svc"
SAMPLE = 100  # backlog ids watched to tell how far the drain has come


@dataclass
class Drain:
    sample: list[str]
    approved: set[str] = field(default_factory=set)
    history: list[tuple[float, float]] = field(default_factory=list)  # (time, fraction done)
    drained_at: float | None = None
    started: asyncio.Event = field(default_factory=asyncio.Event)  # a first sample decided

    def fraction(self) -> float:
        return len(self.approved) / len(self.sample)

    def rate(self) -> float:
        """Fraction of the backlog decided per second, over the last ~5 s watched."""
        if len(self.history) < 2:
            return 0.0
        now, done = self.history[-1]
        then, before = next(h for h in self.history if h[0] >= now - 5)
        return (done - before) / (now - then) if now > then else 0.0


async def _decision_ms(http: httpx.AsyncClient, limit_s: float = 120) -> tuple[float, str]:
    started = time.perf_counter()
    response = await http.post("/v1/applications", json=bodies.application(GREEN))
    response.raise_for_status()
    application_id, lane = response.json()["application_id"], response.json()["lane"]
    while (time.perf_counter() - started) < limit_s:
        found = (await http.get(f"/v1/applications/{application_id}")).json()
        if found["status"] in ("APPROVED", "REJECTED", "UNDER_REVIEW"):
            return (time.perf_counter() - started) * 1000, f"{lane}/{found['status']}"
        await asyncio.sleep(POLL_S)
    return float("inf"), f"{lane}/TIMEOUT"


async def _submit_backlog(http: httpx.AsyncClient, count: int, workers: int = 32) -> list[str]:
    ids: list[str] = [""] * count
    cursor = iter(range(count))

    async def worker() -> None:
        for i in cursor:
            response = await http.post("/v1/applications", json=bodies.application(BACKLOG))
            response.raise_for_status()
            ids[i] = response.json()["application_id"]

    await asyncio.gather(*(worker() for _ in range(workers)))
    return ids


async def _watch(http: httpx.AsyncClient, drain: Drain, deadline: float) -> None:
    while drain.drained_at is None and time.monotonic() < deadline:
        for application_id in set(drain.sample) - drain.approved:
            found = (await http.get(f"/v1/applications/{application_id}")).json()
            if found["status"] == "APPROVED":
                drain.approved.add(application_id)
        drain.history.append((time.monotonic(), drain.fraction()))
        if drain.fraction() > 0:
            drain.started.set()
        if drain.fraction() == 1.0:
            drain.drained_at = time.monotonic()
        await asyncio.sleep(0.5)
    drain.started.set()  # out of time: let the greens go anyway


async def _green_during(green: httpx.AsyncClient, drain: Drain, count: int) -> list[dict[str, Any]]:
    # Greens go in once the backlog is draining: until screening-svc's consumer groups have
    # joined (~5 s after it is ready, measured), nothing is consumed, the backlog included.
    await drain.started.wait()
    await asyncio.sleep(3)  # two watch rounds: a first drain rate
    rate = drain.rate()
    remaining = (1 - drain.fraction()) / rate if rate > 0 else 60.0
    # Spread over the first half of the estimated drain: the drain speeds up as it goes.
    spacing = min(10.0, max(0.2, remaining / 2 / (count + 1)))

    async def one(delay: float) -> dict[str, Any]:
        await asyncio.sleep(delay)
        latency, outcome = await _decision_ms(green)
        during = drain.drained_at is None
        return {"latency_ms": latency, "outcome": outcome, "during_drain": during}

    return list(await asyncio.gather(*(one(i * spacing) for i in range(count))))


def _client(base_url: str, token: str, connections: int) -> httpx.AsyncClient:
    # httpx is fine here: this bench measures decisions in hundreds of ms, not the client.
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.AsyncClient(base_url=base_url, headers=headers, limits=limits, timeout=30)


def _clients(system: RunningSystem) -> tuple[httpx.AsyncClient, ...]:
    url = system.url("license-svc")
    return (
        _client(url, system.token("applicant", GREEN), 8),
        _client(url, system.token("applicant", BACKLOG), 32),
        _client(url, system.token("admin", "admin-bench"), 4),
    )


async def _measure(system: RunningSystem, backlog: int, greens: int) -> dict[str, Any]:
    green, backlog_http, admin = _clients(system)
    async with green, backlog_http, admin:
        (await admin.put(f"/v1/green-channel/{GREEN}", json={})).raise_for_status()
        await _decision_ms(green)  # warm-up: consumer groups joined, connections open
        idle = [await _decision_ms(green) for _ in range(greens)]
        # A real backlog: with screening-svc up it screens as fast as applications arrive, so
        # it is down while they are posted and all of them wait in Kafka when it comes back.
        system.kill(SCREENING)
        started = time.monotonic()
        ids = await _submit_backlog(backlog_http, backlog)
        submitted_s = time.monotonic() - started
        system.start(SCREENING)
        await asyncio.to_thread(system.wait_ready, [SCREENING])
        started = time.monotonic()  # the drain starts now
        drain = Drain(sample=ids[:: max(1, backlog // SAMPLE)][-SAMPLE:] + ids[-1:])
        watching = asyncio.create_task(_watch(admin, drain, time.monotonic() + 900))
        during = await _green_during(green, drain, greens)
        await watching
    drained_s = (drain.drained_at or time.monotonic()) - started
    return {
        "idle": [{"latency_ms": ms, "outcome": outcome} for ms, outcome in idle],
        "during": during,
        "backlog": backlog,
        "backlog_submit_s": submitted_s,
        "backlog_submit_per_s": backlog / submitted_s,
        "backlog_drained": drain.drained_at is not None,
        "backlog_drain_s": drained_s,
        "backlog_decided_per_s": backlog * drain.fraction() / drained_s,
    }


def _summary(found: dict[str, Any]) -> dict[str, Any]:
    idle = [g["latency_ms"] for g in found["idle"]]
    during = [g["latency_ms"] for g in found["during"] if g["during_drain"]]
    every = [g["latency_ms"] for g in found["during"]]
    p99_during = load.percentile(during, 99)
    p99_idle = load.percentile(idle, 99)
    return {
        "idle_p50_ms": load.percentile(idle, 50),
        "idle_p99_ms": p99_idle,
        "during_drain_count": len(during),
        "during_drain_p50_ms": load.percentile(during, 50),
        "during_drain_p99_ms": p99_during,
        "all_green_p99_ms": load.percentile(every, 99),
        "p99_vs_idle": ratio(p99_during, p99_idle),
        "goals": [goal("green p99 while the backlog drains", p99_during, "<=", 2000, "ms")],
    }


def run(root: Path, backlog: int = 20_000, quick: bool = False) -> dict[str, Any]:
    greens = 8 if quick else 20
    with running_system(root / "green") as system:
        found = asyncio.run(_measure(system, backlog, greens))
    return {**found, **_summary(found)}

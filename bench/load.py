"""Load generation: open-loop arrivals at a fixed rate, and a closed loop for saturation.

Open loop: latency runs from the scheduled arrival, and an arrival that finds `max_in_flight`
requests outstanding is dropped (counted), so a slow server never slows the generator down.

The generator is aiohttp, not httpx: measured against the bare FastAPI app on this 2-core
machine, 32 closed-loop httpx senders (200-connection pool) peaked at ~150 requests/s with the
client's core saturated, while aiohttp reached ~3,000/s at ~0.3 ms of client CPU per request.
With httpx the "bare floor" measured the client, not the server, and the client took the CPU
the services needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import math
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import aiohttp

# One request; True when the answer is the success the bench waits for.
Send = Callable[[aiohttp.ClientSession], Awaitable[bool]]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    failed: int = 0
    dropped: int = 0
    in_flight: int = 0

    async def measure(self, send: Send, client: aiohttp.ClientSession, started: float) -> None:
        self.in_flight += 1
        try:
            ok = await send(client)
        except (aiohttp.ClientError, TimeoutError):
            ok = False
        finally:
            self.in_flight -= 1
        if ok:
            self.latencies_ms.append((time.perf_counter() - started) * 1000)
        else:
            self.failed += 1


@dataclass(frozen=True)
class LevelResult:
    offered_per_s: float | None  # None: saturation (closed loop)
    elapsed_s: float
    completed: int
    failed: int
    dropped: int
    throughput_per_s: float
    p50_ms: float
    p99_ms: float
    max_ms: float

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def _result(tally: Tally, offered: float | None, elapsed: float) -> LevelResult:
    done = tally.latencies_ms
    return LevelResult(
        offered_per_s=offered,
        elapsed_s=elapsed,
        completed=len(done),
        failed=tally.failed,
        dropped=tally.dropped,
        throughput_per_s=len(done) / elapsed,
        p50_ms=percentile(done, 50),
        p99_ms=percentile(done, 99),
        max_ms=max(done, default=math.nan),
    )


def client(base_url: str, token: str | None, connections: int) -> aiohttp.ClientSession:
    """A keep-alive session of at most `connections` connections (call inside a running loop)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return aiohttp.ClientSession(
        base_url,
        headers=headers,
        connector=aiohttp.TCPConnector(limit=connections),
        timeout=aiohttp.ClientTimeout(total=30),
    )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic GC in the generator during a level: its full passes (~50 ms, measured) would
    show up as the system's latency. Reference counting still frees what the level drops."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


async def open_loop(
    http: aiohttp.ClientSession, send: Send, rate: float, duration: float, max_in_flight: int
) -> LevelResult:
    """`rate` arrivals per second for `duration` seconds, each measured from its scheduled time."""
    with _collector_paused():
        return await _open_loop(http, send, rate, duration, max_in_flight)


async def _open_loop(
    http: aiohttp.ClientSession, send: Send, rate: float, duration: float, max_in_flight: int
) -> LevelResult:
    tally = Tally()
    tasks: set[asyncio.Task[None]] = set()
    start = time.perf_counter()
    for i in range(int(rate * duration)):
        scheduled = start + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if tally.in_flight >= max_in_flight:
            tally.dropped += 1
            continue
        task = asyncio.create_task(tally.measure(send, http, scheduled))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.gather(*tasks)
    return _result(tally, rate, time.perf_counter() - start)


async def saturate(
    http: aiohttp.ClientSession, send: Send, workers: int, duration: float
) -> LevelResult:
    """`workers` concurrent senders, each posting again as soon as its answer arrives."""
    with _collector_paused():
        return await _saturate(http, send, workers, duration)


async def _saturate(
    http: aiohttp.ClientSession, send: Send, workers: int, duration: float
) -> LevelResult:
    tally = Tally()
    start = time.perf_counter()
    end = start + duration

    async def worker() -> None:
        while (now := time.perf_counter()) < end:
            await tally.measure(send, http, now)

    await asyncio.gather(*(worker() for _ in range(workers)))
    return _result(tally, None, time.perf_counter() - start)

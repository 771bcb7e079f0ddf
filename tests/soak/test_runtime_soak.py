"""Soak: steady traffic through store → relay → embedded broker → consumer for 20 minutes.

Not part of `make test` (marker `soak`; run with `make soak`). Passes when consumer lag and
produce→consume p99 stay flat from the first minute to the last.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lodestone_contracts.envelope import CloudEvent, new_event
from lodestone_contracts.topics import GREEN_CHANNEL_TOPIC
from lodestone_runtime.broker import EmbeddedBroker
from lodestone_runtime.consumer import EventConsumer, Subscription
from lodestone_runtime.epoch import BrokerEpoch
from lodestone_runtime.kafka import KafkaConfig
from lodestone_runtime.relay import OutboxRelay
from lodestone_runtime.store import EventStore, Transaction

MINUTES = float(os.environ.get("LODESTONE_SOAK_MINUTES", "20"))
RATE = float(os.environ.get("LODESTONE_SOAK_RATE", "50"))  # events per second


def stamped(i: int) -> CloudEvent:
    return new_event(
        type="green_channel.granted",
        subject=f"soak-{i % 5000}",
        data={"applicant_id": f"soak-{i}", "granted_by": "soak", "note": str(time.time())},
        source="soak",
        sequence=1,
        now=datetime.now(UTC),
    )


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) >= 100 else max(values)


@pytest.mark.soak
async def test_lag_and_latency_stay_flat_for_the_whole_soak(
    kafka_ready: EmbeddedBroker, tmp_path: Path
) -> None:
    config = KafkaConfig(bootstrap=kafka_ready.bootstrap)
    source = await EventStore.open(f"sqlite+aiosqlite:///{tmp_path / 'source.db'}")
    sink = await EventStore.open(f"sqlite+aiosqlite:///{tmp_path / 'sink.db'}")
    producer = config.producer("soak")
    await producer.start()
    latencies: dict[int, list[float]] = {}
    lags: dict[int, list[int]] = {}
    started = time.monotonic()
    produced = 0
    consumed = 0

    async def record(_tx: Transaction, event: CloudEvent) -> None:
        nonlocal consumed
        consumed += 1
        minute = int((time.monotonic() - started) // 60)
        latencies.setdefault(minute, []).append(time.time() - float(event.data["note"]))

    consumer = EventConsumer(
        sink, config, producer, Subscription("soak", (GREEN_CHANNEL_TOPIC,), record)
    )
    relay = OutboxRelay(source, producer)
    epoch = BrokerEpoch(config)
    epoch.subscribe(relay.on_epoch)
    await epoch.check()
    tasks = [asyncio.create_task(consumer.run()), asyncio.create_task(relay.run())]
    try:
        # Warm up: the consumer group joins before the clock starts, so minute 0 is steady state.
        async with source.transaction() as tx:
            await tx.append("soak-warmup", 0, [stamped(-1)])
        while consumed == 0:  # noqa: ASYNC110 - polling a counter the consumer task bumps
            await asyncio.sleep(0.05)
        consumed, latencies = 0, {}
        started = time.monotonic()
        while time.monotonic() - started < MINUTES * 60:
            tick = time.monotonic()
            for _ in range(int(RATE / 10)):
                async with source.transaction() as tx:
                    await tx.append(f"soak-{produced}", 0, [stamped(produced)])
                produced += 1
            minute = int((time.monotonic() - started) // 60)
            lags.setdefault(minute, []).append(produced - consumed)
            await asyncio.sleep(max(0.0, 0.1 - (time.monotonic() - tick)))
        deadline = time.monotonic() + 60
        while consumed < produced and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await epoch.close()
        await producer.stop()
        await source.close()
        await sink.close()
    report = {
        m: {"p99_ms": round(p99(v) * 1000, 1), "max_lag": max(lags.get(m, [0]))}
        for m, v in sorted(latencies.items())
    }
    Path(os.environ.get("LODESTONE_SOAK_REPORT", tmp_path / "soak.json")).write_text(  # noqa: ASYNC240
        json.dumps({"rate": RATE, "minutes": MINUTES, "per_minute": report}, indent=1)
    )
    print(json.dumps(report))
    assert consumed == produced
    minutes = sorted(report)
    first, last = report[minutes[0]], report[minutes[-2] if len(minutes) > 2 else minutes[-1]]
    # Flat: the last full minute is no worse than twice the first (plus a 20 ms noise floor).
    assert last["p99_ms"] <= 2 * first["p99_ms"] + 20, report
    assert last["max_lag"] <= 2 * first["max_lag"] + RATE, report

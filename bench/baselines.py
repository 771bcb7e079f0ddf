"""Baselines measured in the same run: a bare FastAPI endpoint and a Kafka round trip.

The bare endpoint runs under uvicorn exactly as the services do, so its saturation throughput
with the same load generator is the floor no service of ours can beat on this machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from fastapi import FastAPI

from bench.load import percentile
from lodestone_runtime.broker import free_port
from lodestone_runtime.kafka import KafkaConfig, ensure_topics

REPO = Path(__file__).resolve().parent.parent


bare_app = FastAPI()


@bare_app.post("/v1/orders")
async def bare_order(body: dict[str, Any]) -> dict[str, Any]:
    return {"order_id": str(uuid.uuid4()), "status": "CLEARED", "lines": len(body["items"])}


@contextlib.contextmanager
def bare_server() -> Iterator[tuple[str, int]]:
    """The bare app under uvicorn in a subprocess on a free port; yields its URL and pid."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "bench.baselines:bare_app", "--port", str(port)]
    command += ["--log-level", "warning", "--no-access-log"]
    process = subprocess.Popen(command, cwd=REPO)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + "/openapi.json", timeout=1).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise TimeoutError("bare app did not start")
            time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _collect(
    consumer: AIOKafkaConsumer, sent: dict[int, float], received: list[float], count: int
) -> None:
    while len(received) < count:
        batches = await consumer.getmany(timeout_ms=200)
        now = time.perf_counter()
        for records in batches.values():
            for record in records:
                received.append((now - sent[int(record.value)]) * 1000)


async def _kafka_roundtrip(bootstrap: str, rate: float, duration: float) -> dict[str, Any]:
    config = KafkaConfig(bootstrap=bootstrap)  # the services' linger and fetch wait
    topic = f"bench.roundtrip.{uuid.uuid4().hex[:8]}"  # fresh: read from its first offset
    await ensure_topics(config, [topic])
    producer, consumer = config.producer("bench-roundtrip"), config.reader()
    await producer.start()
    await consumer.start()
    try:
        consumer.assign([TopicPartition(topic, p) for p in range(config.partitions)])
        count = int(rate * duration)
        sent: dict[int, float] = {}
        received: list[float] = []
        collecting = asyncio.create_task(_collect(consumer, sent, received, count))
        start = time.perf_counter()
        for i in range(count):
            await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
            sent[i] = time.perf_counter()
            await producer.send(topic, str(i).encode(), key=str(i).encode())
        await asyncio.wait_for(collecting, timeout=30)
    finally:
        await consumer.stop()
        await producer.stop()
    return {
        "rate_per_s": rate,
        "messages": count,
        "p50_ms": round(percentile(received, 50), 3),
        "p99_ms": round(percentile(received, 99), 3),
    }


def kafka_roundtrip(bootstrap: str, rate: float = 200, duration: float = 8) -> dict[str, Any]:
    """aiokafka produce→consume latency on a broker, paced like the services' traffic."""
    return asyncio.run(_kafka_roundtrip(bootstrap, rate, duration))

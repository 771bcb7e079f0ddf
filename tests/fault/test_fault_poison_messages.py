"""Poison on every topic: undecodable bytes, an unknown event type and invalid data, on every
partition, land in `<topic>.dlq` with error headers, and every consumer keeps going behind them.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from fault_checks import (
    check_audit_cli_verifies,
    check_audit_log_is_dense_and_once,
    check_every_stored_event_reached_the_log,
    read_audit_log,
    wait_quiescent,
)
from fault_load import issue_licence, order_body
from lodestone_system import RunningSystem, running_system

from lodestone_contracts.envelope import new_event
from lodestone_contracts.kafka_codec import encode
from lodestone_contracts.topics import ALL_TOPICS, PARTITIONS, dlq_for

pytestmark = pytest.mark.fault
# kind -> the error_type header the consumers must give it
POISON = {
    "undecodable": "UndecodableEvent",
    "unknown-type": "EventDataError",
    "invalid-data": "EventDataError",
}
REAL_TYPE = {  # a type each topic really carries, for the invalid-data poison
    "lodestone.order": "order.received",
    "lodestone.application": "application.submitted",
    "lodestone.application.green": "application.submitted",
    "lodestone.license": "license.issued",
    "lodestone.restricted_list": "restricted_list.published",
    "lodestone.green_channel": "green_channel.granted",
}
Headers = list[tuple[str, bytes]]


@dataclass(frozen=True)
class DeadLetter:
    key: str
    error: str
    error_type: str


def poison_record(topic: str, kind: str, key: str) -> tuple[bytes, Headers]:
    """(value, headers) of one poison record; the subject doubles as the record key."""
    if kind == "undecodable":
        return b"\xff\xfe{not json", [("ce_type", b"\xff\xfe"), ("ce_id", key.encode())]
    event_type = "order.exploded" if kind == "unknown-type" else REAL_TYPE[topic]
    event = new_event(
        type=event_type,
        subject=key,
        data={"unexpected": True},
        source="fault-suite",
        sequence=1,
        now=datetime.now(UTC),
    )
    _key, value, headers = encode(event)
    return value, headers


async def _produce_poison(bootstrap: str) -> list[tuple[str, str]]:
    """Every kind on every partition of every topic, ahead of anything posted later."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    sent = []
    try:
        for topic in ALL_TOPICS:
            for partition in range(PARTITIONS):
                for kind in POISON:
                    key = f"poison-{kind}-{partition}"
                    value, headers = poison_record(topic, kind, key)
                    await producer.send_and_wait(
                        topic, value, key=key.encode(), partition=partition, headers=headers
                    )
                    sent.append((topic, key))
    finally:
        await producer.stop()
    return sent


async def _read_dlq(bootstrap: str, topic: str) -> list[DeadLetter]:
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await reader.start()
    try:
        parts = [TopicPartition(dlq_for(topic), p) for p in range(PARTITIONS)]
        reader.assign(parts)
        await reader.seek_to_beginning(*parts)
        ends = await reader.end_offsets(parts)
        found: list[DeadLetter] = []
        while any(
            position < ends[tp]
            for tp, position in zip(parts, [await reader.position(tp) for tp in parts], strict=True)
        ):
            for records in (await reader.getmany(timeout_ms=1000)).values():
                for record in records:
                    headers = dict(record.headers or ())
                    found.append(
                        DeadLetter(
                            (record.key or b"").decode(),
                            headers.get("error", b"").decode(),
                            headers.get("error_type", b"").decode(),
                        )
                    )
        return found
    finally:
        await reader.stop()


def read_dead_letters(system: RunningSystem) -> dict[str, list[DeadLetter]]:
    async def read_all() -> dict[str, list[DeadLetter]]:
        return {t: await _read_dlq(system.broker.bootstrap, t) for t in ALL_TOPICS}

    return asyncio.run(read_all())


def _settled(letters: dict[str, list[DeadLetter]]) -> bool:
    """Every poison key is in its topic's DLQ, as often as every other key of that topic."""
    wanted = len(POISON) * PARTITIONS
    copies = [Counter(d.key for d in found) for found in letters.values()]
    return all(len(c) == wanted and len(set(c.values())) == 1 for c in copies)


def wait_for_dead_letters(system: RunningSystem, within: float = 60) -> dict[str, list[DeadLetter]]:
    """Poll until every consuming group dead-lettered every poison record (or time runs out)."""
    deadline = time.monotonic() + within
    letters = read_dead_letters(system)
    while not _settled(letters) and time.monotonic() < deadline:
        time.sleep(1.0)
        letters = read_dead_letters(system)
    return letters


@dataclass(frozen=True)
class Aftermath:
    system: RunningSystem
    letters: dict[str, list[DeadLetter]]
    green_licence: dict[str, Any]  # GET /v1/licenses of a green-channel application's licence
    fast_licence: str
    order: dict[str, Any]  # a controlled order against fast_licence, after ?wait=10


def _normal_traffic(system: RunningSystem) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """Traffic on every topic, posted after the poison: each must still be consumed and decided."""
    applicant = f"green-{uuid.uuid4().hex[:8]}"
    with system.client("license-svc", "admin") as admin:
        assert admin.put(f"/v1/green-channel/{applicant}", json={}).status_code == 200
    green = issue_licence(system, 100, applicant=applicant)
    fast = issue_licence(system, 100)
    with system.client("license-svc", "admin") as admin:
        green_view = admin.get(f"/v1/licenses/{green}").json()
    entries = [{"id": "p-1", "name": "POISONED PEN TRADING", "aliases": [], "country": "RU"}]
    with system.client("screening-svc", "admin") as admin:
        published = admin.put("/v1/lists/fault-list", json={"name": "Fault", "entries": entries})
        assert published.status_code == 200, published.text
    with system.client("screening-svc", "erp", "erp-poison") as erp:
        posted = erp.post("/v1/orders?wait=10", json=order_body("POISON-1", "controlled", 5, fast))
        assert posted.status_code == 200, posted.text
    return green_view, fast, posted.json()


@pytest.fixture(scope="module")
def aftermath(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Aftermath]:
    with running_system(tmp_path_factory.mktemp("fault-poison")) as system:
        asyncio.run(_produce_poison(system.broker.bootstrap))
        green, fast, order = _normal_traffic(system)
        assert wait_quiescent(system) is None
        letters = wait_for_dead_letters(system)
        yield Aftermath(system, letters, green, fast, order)


def test_every_poison_record_lands_in_its_topics_dlq_with_error_headers(
    aftermath: Aftermath,
) -> None:
    for topic, letters in aftermath.letters.items():
        for letter in letters:
            kind = letter.key.rsplit("-", 1)[0].removeprefix("poison-")
            assert letter.error, f"{dlq_for(topic)}: {letter.key} has no error header"
            assert letter.error_type == POISON[kind], f"{dlq_for(topic)}: {letter}"


def test_each_consuming_group_dead_letters_all_the_poison_it_read(aftermath: Aftermath) -> None:
    for topic, letters in aftermath.letters.items():
        copies = Counter(letter.key for letter in letters)

        assert len(copies) == len(POISON) * PARTITIONS, f"{topic}: {sorted(copies)}"
        assert len(set(copies.values())) == 1, f"{topic}: uneven copies per group {copies}"


def test_consumers_keep_deciding_after_the_poison(aftermath: Aftermath) -> None:
    assert aftermath.green_licence["kind"] == "GREEN_CHANNEL", aftermath.green_licence
    assert aftermath.order["status"] == "CLEARED", aftermath.order
    assert aftermath.order["license_id"] == aftermath.fast_licence


def test_no_poison_reaches_the_audit_log_and_everything_else_does(aftermath: Aftermath) -> None:
    log = read_audit_log(aftermath.system)
    check_audit_log_is_dense_and_once(log)
    check_every_stored_event_reached_the_log(aftermath.system, log)
    subjects = defaultdict(set)
    for entry in log.entries:
        subjects[entry["event"]["type"].partition(".")[0]].add(entry["event"]["subject"])

    assert not [s for found in subjects.values() for s in found if s.startswith("poison-")]
    assert "fault-list" in subjects["restricted_list"], sorted(subjects["restricted_list"])
    assert check_audit_cli_verifies(aftermath.system) == 0

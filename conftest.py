"""Fixtures every test tier shares: real PostgreSQL schemas, SQLite files, the embedded broker.

A session that skipped any test fails: a skipped test is not a passing one.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_URL = os.environ.get("LODESTONE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_admin_execute(sql: str) -> None:
    import asyncpg  # imported lazily: pure domain tests need no driver

    async def run() -> None:
        conn = await asyncpg.connect(PG_URL)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run())


@pytest.fixture
def pg_schema() -> Iterator[str]:
    """A fresh PostgreSQL schema for one test, dropped afterwards."""
    name = "t_" + uuid.uuid4().hex[:20]
    yield name
    _pg_admin_execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@pytest.fixture(params=["sqlite", "postgres"])
def store_target(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[str, str | None]]:
    """(url, schema) for each supported store: the contract suites run on both."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'store.db'}", None
        return
    name = "t_" + uuid.uuid4().hex[:20]
    yield PG_URL, name
    _pg_admin_execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[object]:
    """A fresh embedded broker on a free port, stopped after the test."""
    from lodestone_runtime.broker import EmbeddedBroker, free_port

    instance = EmbeddedBroker(free_port(), log_path=tmp_path / "broker.log")
    instance.start()
    yield instance
    instance.stop()


@pytest.fixture
async def kafka_ready(broker: object) -> object:
    """The broker with every Lodestone topic created."""
    from lodestone_runtime.broker import EmbeddedBroker
    from lodestone_runtime.epoch import BrokerEpoch
    from lodestone_runtime.kafka import KafkaConfig

    assert isinstance(broker, EmbeddedBroker)
    epoch = BrokerEpoch(KafkaConfig(bootstrap=broker.bootstrap))
    try:
        await epoch.establish()
    finally:
        await epoch.close()
    return broker


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and os.environ.get("LODESTONE_ALLOW_SKIPS") != "1":
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter:
            reporter.write_line(f"FAILED: {skipped} test(s) skipped; skips are not allowed")

"""Fixtures of screening-svc service tests: a real SQLite store and the use cases on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from screening_service_builders import FixedClock, ScreeningHarness

from lodestone_runtime.store import EventStore
from screening_svc import projections
from screening_svc.service import build_services
from screening_svc.settings import Settings


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[ScreeningHarness]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'screening.db'}"
    store = await EventStore.open(url, extra=[projections.metadata])
    clock = FixedClock()
    services = build_services(store, clock, Settings(data_dir=tmp_path))
    try:
        yield ScreeningHarness(store, clock, services)
    finally:
        await store.close()

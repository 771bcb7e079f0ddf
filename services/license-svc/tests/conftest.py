"""Use-case tests of license-svc run against a real SQLite store in a temporary folder."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from license_service_builders import open_store

from lodestone_runtime.store import EventStore


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[EventStore]:
    opened = await open_store(tmp_path)
    yield opened
    await opened.close()

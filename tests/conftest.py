"""System-test fixtures: one running system per session on SQLite; PostgreSQL systems on demand."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lodestone_system import RunningSystem, running_system


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSystem]:
    with running_system(tmp_path_factory.mktemp("system")) as running:
        yield running

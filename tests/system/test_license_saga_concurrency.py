"""Racing orders never overdraw a licence, on SQLite and PostgreSQL, even across a kill -9.

50 orders of 100 kg race for a 1,000 kg licence: exactly 10 clear, the licence is EXHAUSTED.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from collections.abc import Iterator

import pytest
from license_saga_http_builders import (
    LICENSE,
    SCREENING,
    Json,
    codes,
    final_orders,
    issue_licence,
    licence,
    order_body,
    post_all,
)
from lodestone_system import RunningSystem, running_system
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from lodestone_runtime.store.database import normalise_url

# The root conftest's default; conftest modules are not importable by name.
PG_URL = os.environ.get("LODESTONE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")

ORDERS = 50
ORDER_KG = 100.0
REFUSED = {"LICENSE_QUANTITY_EXCEEDED", "LICENSE_NOT_ACTIVE"}


async def _drop_schemas(schemas: list[str]) -> None:
    engine = create_async_engine(normalise_url(PG_URL))
    try:
        async with engine.begin() as conn:
            for schema in schemas:
                await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def pg_system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSystem]:
    schemas: list[str] = []
    try:
        with running_system(tmp_path_factory.mktemp("pg-system"), pg_url=PG_URL) as running:
            schemas = list(running.schemas.values())
            yield running
    finally:
        asyncio.run(_drop_schemas(schemas))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(
    request: pytest.FixtureRequest, system: RunningSystem, pg_system: RunningSystem
) -> RunningSystem:
    return system if request.param == "sqlite" else pg_system


def _race(system: RunningSystem, license_id: str, count: int) -> list[str]:
    bodies = [order_body(license_id, ORDER_KG) for _ in range(count)]
    accepted = asyncio.run(post_all(system, SCREENING, "erp", "/v1/orders", bodies, width=count))
    return [str(a["order_id"]) for a in accepted]


def _assert_exactly_ten_cleared(system: RunningSystem, orders: list[Json], license_id: str) -> None:
    outcomes = Counter(order["status"] for order in orders)
    assert outcomes == Counter({"CLEARED": 10, "BLOCKED": ORDERS - 10}), outcomes
    for order in orders:
        if order["status"] == "BLOCKED":
            assert codes(order), order["decision"]
            assert codes(order) <= REFUSED, order["decision"]
    shown = licence(system, license_id)
    assert shown["status"] == "EXHAUSTED"
    assert [line["remaining_kg"] for line in shown["lines"]] == [0.0]


def test_fifty_racing_orders_clear_exactly_the_licensed_quantity(any_store: RunningSystem) -> None:
    license_id = issue_licence(any_store)["license_id"]

    order_ids = _race(any_store, license_id, ORDERS)
    orders = final_orders(any_store, order_ids)

    _assert_exactly_ten_cleared(any_store, orders, license_id)


def test_killing_license_svc_mid_race_changes_no_outcome(any_store: RunningSystem) -> None:
    license_id = issue_licence(any_store)["license_id"]

    first = _race(any_store, license_id, ORDERS // 2)
    # kill -9 while license-svc is answering the first half; the second half queues meanwhile.
    any_store.kill(LICENSE)
    second = _race(any_store, license_id, ORDERS - ORDERS // 2)
    any_store.start(LICENSE)
    any_store.wait_ready([LICENSE])
    orders = final_orders(any_store, first + second, timeout=90)

    _assert_exactly_ten_cleared(any_store, orders, license_id)

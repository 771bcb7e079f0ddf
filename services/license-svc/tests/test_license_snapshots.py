"""A licence caught up from its in-process snapshot equals one folded from its whole stream."""

from __future__ import annotations

import pytest
from license_service_builders import order_received, order_screened, services
from test_license_order_answers import deliver, issued_licence

from license_svc import licenses
from license_svc.domain.license_fold import fold
from license_svc.facts import license_facts
from lodestone_runtime.store import EventStore


async def test_snapshot_catch_up_matches_a_full_fold(store: EventStore) -> None:
    svc = services(store)
    license_id = await issued_licence(store, svc, kg=1000)
    for n in range(6):
        order = f"ord-snap-{n}"
        await deliver(
            store,
            svc,
            order_received(order, license_id),
            order_screened(order, license_id, "reserve", (1, "oxide", ["Dy"], 100.0)),
        )
    async with store.transaction() as tx:
        cached, version = await licenses.load_license(tx, license_id)
    full = fold(license_facts(await store.read_stream(f"license-{license_id}")))
    assert cached == full
    assert version == full.version
    assert cached is not None
    assert [line.remaining_kg for line in cached.lines] == [400]


async def test_a_snapshot_whose_last_event_changed_is_ignored(store: EventStore) -> None:
    svc = services(store)
    license_id = await issued_licence(store, svc, kg=500)
    async with store.transaction() as tx:
        state, version = await licenses.load_license(tx, license_id)
    key = next(k for k in licenses._SNAPSHOTS if k[1] == license_id)
    assert state is not None
    licenses._SNAPSHOTS[key] = (state, version, "an-event-that-rolled-back")
    async with store.transaction() as tx:
        again, _ = await licenses.load_license(tx, license_id)
    assert again == fold(license_facts(await store.read_stream(f"license-{license_id}")))
    assert licenses._SNAPSHOTS[key][2] != "an-event-that-rolled-back"


@pytest.fixture(autouse=True)
def _fresh_snapshots() -> None:
    licenses._SNAPSHOTS.clear()

"""Any past decision can be computed again, byte for byte, from its recorded inputs."""

from __future__ import annotations

from screening_service_builders import SDN, ScreeningHarness, order_request

from lodestone_contracts.envelope import CloudEvent
from screening_svc.rederivation import recompute_order


async def test_a_recorded_screening_recomputes_to_the_same_bytes(
    harness: ScreeningHarness,
) -> None:
    await harness.publish("sdn", SDN)
    await harness.publish("un", [{"id": "7001", "name": "SHANDONG HUAXIN MAGNET", "aliases": []}])
    placed = await harness.services.orders.place(
        order_request(consignee="Banco Nacional de Kuba SA", category="nuclear"), "erp", None
    )

    results = await recompute_order(harness.store, harness.services.screener, placed.order_id)

    assert len(results) == 1
    assert results[0].same
    assert (
        b"RESTRICTED_PARTY" in results[0].recorded or b"POSSIBLE_PARTY_MATCH" in results[0].recorded
    )


async def test_a_re_screening_recomputes_from_the_versions_it_named_not_the_latest(
    harness: ScreeningHarness,
) -> None:
    await harness.publish("sdn", SDN)
    placed = await harness.services.orders.place(order_request(category="nuclear"), "erp", None)
    await harness.publish("sdn", SDN[:1])
    published: CloudEvent = (await harness.store.read_stream("list-sdn"))[-1].event
    await harness.handle(harness.services.rescreening.rescreen, published)

    results = await recompute_order(harness.store, harness.services.screener, placed.order_id)

    assert [r.same for r in results] == [True, True]
    assert results[0].recorded != results[1].recorded

"""The embedded broker restarts empty in the middle of a load: services notice the new broker
epoch, re-publish their stores and re-read their topics; no accepted order or event is lost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from fault_checks import (
    check_audit_cli_verifies,
    check_audit_log_is_dense_and_once,
    check_every_stored_event_reached_the_log,
    check_licence_quantities,
    check_one_final_decision_each,
    dead_letter_counts,
)
from fault_scenario import FaultedRun, Plan, run_faulted_load
from lodestone_system import RunningSystem, running_system

pytestmark = pytest.mark.fault
SEED = 20250612
ORDERS = 500
LICENCE_KG = 1000  # two licences, below what the controlled orders ask for: the last ones race


def _restart_broker(system: RunningSystem, _i: int) -> str:
    system.broker.restart()
    return "broker"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultedRun]:
    plan = Plan(SEED, ORDERS, LICENCE_KG, [ORDERS * 3 // 10, ORDERS * 6 // 10], _restart_broker)
    with running_system(tmp_path_factory.mktemp("fault-broker")) as system:
        yield run_faulted_load(system, plan)


def test_the_whole_load_is_accepted_across_two_empty_broker_restarts(run: FaultedRun) -> None:
    assert not run.load.failed, f"orders never accepted: {list(run.load.failed.items())[:5]}"
    assert len(run.load.accepted) == ORDERS
    assert [what for what, _done, _took in run.faults] == ["broker", "broker"]


def test_the_system_goes_quiet_after_the_broker_restarts(run: FaultedRun) -> None:
    assert run.unquiet is None, run.unquiet


def test_every_accepted_order_has_exactly_one_final_decision(run: FaultedRun) -> None:
    check_one_final_decision_each(run.accepted, run.orders, run.log)
    statuses = Counter(run.orders[order_id]["status"] for order_id in run.accepted)

    assert set(statuses) == {"CLEARED", "HELD", "BLOCKED"}, statuses


def test_licence_quantities_add_up_and_never_go_negative(run: FaultedRun) -> None:
    check_licence_quantities(run.system, run.licences, run.orders, run.log)
    cleared = [o for o in run.orders.values() if o["status"] == "CLEARED" and o["license_id"]]

    assert cleared, "no controlled order cleared: the saga never ran"


def test_the_audit_log_is_dense_and_holds_each_event_once(run: FaultedRun) -> None:
    check_audit_log_is_dense_and_once(run.log)

    assert len(run.log.entries) > ORDERS * 3


def test_every_event_the_services_stored_reached_the_audit_log(run: FaultedRun) -> None:
    check_every_stored_event_reached_the_log(run.system, run.log)
    dead = dead_letter_counts(run.system)

    assert not any(dead.values()), f"events were dead-lettered after the restarts: {dead}"


def test_lodestone_audit_verify_passes_after_the_broker_forgot_everything(
    run: FaultedRun,
) -> None:
    assert check_audit_cli_verifies(run.system) == 0

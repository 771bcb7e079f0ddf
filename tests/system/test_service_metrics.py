"""Business and runtime metrics appear on /metrics after traffic has gone through the system."""

from __future__ import annotations

import time

from lodestone_system import RunningSystem
from screening_http_builders import SYSTEM_LIST, order_body


def metrics_of(system: RunningSystem, service: str) -> str:
    with system.client(service) as http:
        return http.get("/metrics").text


def test_decisions_lag_dlq_checkpoint_and_list_metrics_are_exposed(system: RunningSystem) -> None:
    with system.client("screening-svc", "admin") as admin:
        assert admin.put("/v1/lists/metrics-list", json=SYSTEM_LIST).status_code == 200
    with system.client("screening-svc", "erp") as erp:
        assert erp.post("/v1/orders", json=order_body(), params={"wait": 5}).status_code == 200
    deadline = time.monotonic() + 20
    while "lodestone_audit_tree_size" not in metrics_of(system, "audit-svc"):
        assert time.monotonic() < deadline, "audit checkpoint metrics never appeared"
        time.sleep(0.2)
    screening = metrics_of(system, "screening-svc")
    assert 'lodestone_orders_decided_total{outcome="CLEARED"}' in screening
    assert "lodestone_order_decision_seconds_bucket" in screening
    assert 'lodestone_restricted_list_version_info{list_id="metrics-list"' in screening
    assert 'lodestone_events_appended_total{type="order.received"}' in screening
    for service in ("screening-svc", "license-svc", "audit-svc"):
        text = metrics_of(system, service)
        assert "lodestone_outbox_lag_events" in text, service
        assert "lodestone_consumer_lag_records{" in text, service
        assert "lodestone_dlq_messages_total{" in text, service
    assert "lodestone_audit_checkpoint_age_seconds" in metrics_of(system, "audit-svc")

"""Every service answers health, readiness, metrics, OpenAPI and auth the same way."""

from __future__ import annotations

import pytest
from lodestone_system import SERVICES, RunningSystem


@pytest.mark.parametrize("service", list(SERVICES))
def test_health_readiness_metrics_and_openapi_need_no_token(
    system: RunningSystem, service: str
) -> None:
    with system.client(service) as http:
        assert http.get("/healthz").status_code == 200
        assert http.get("/readyz").status_code == 200
        metrics = http.get("/metrics")
        assert metrics.status_code == 200
        assert "lodestone_outbox_lag_events" in metrics.text
        assert http.get("/openapi.json").json()["info"]["title"] == service
        assert http.get("/docs").status_code == 200

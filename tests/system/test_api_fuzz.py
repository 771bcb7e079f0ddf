"""schemathesis against each service's own OpenAPI: no 5xx, every error a problem document.

Generated requests carry a token with every role, so authorisation never hides a handler.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from lodestone_system import RunningSystem

from lodestone_runtime.auth import mint_token

ALL_ROLES = ["erp", "applicant", "reviewer", "admin", "auditor"]
EXAMPLES_PER_OPERATION = 100
MIN_REQUESTS_PER_SERVICE = 500


def check_response(response: Any, case: Any) -> None:
    where = (case.method, case.formatted_path, response.status_code, response.text[:300])
    assert response.status_code < 500, where
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])[0]
        assert content_type.startswith("application/problem+json"), where
        assert {"type", "title", "status", "detail"} <= response.json().keys(), where


@pytest.mark.parametrize("service", ["screening-svc", "license-svc", "audit-svc"])
def test_generated_requests_get_no_5xx_and_problem_documents(
    system: RunningSystem, service: str
) -> None:
    schema = schemathesis.openapi.from_url(system.url(service) + "/openapi.json")
    token = mint_token(system.secret, f"fuzz-{service}", ALL_ROLES)
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    per_operation = max(EXAMPLES_PER_OPERATION, MIN_REQUESTS_PER_SERVICE // len(operations) + 1)
    sent = 0

    for operation in operations:

        @settings(
            max_examples=per_operation,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        @given(case=operation.as_strategy())
        def exercise(case: Any) -> None:
            nonlocal sent
            response = case.call(base_url=system.url(service), headers=headers, timeout=30)
            sent += 1
            check_response(response, case)

        exercise()
    assert sent >= MIN_REQUESTS_PER_SERVICE

"""Every endpoint × every role, plus no token, forged, expired and wrong-issuer tokens."""

from __future__ import annotations

import time

import jwt
import pytest
from lodestone_system import RunningSystem

ROLES = ("erp", "applicant", "reviewer", "admin", "auditor")
STAFF = {"reviewer", "auditor", "admin"}

# (service, method, path, roles allowed) exactly as SPEC §4-§6 name them.
ENDPOINTS: list[tuple[str, str, str, set[str]]] = [
    ("screening-svc", "POST", "/v1/orders", {"erp"}),
    ("screening-svc", "GET", "/v1/orders/o-unknown", {"erp"} | STAFF),
    ("screening-svc", "GET", "/v1/orders?status=HELD", {"reviewer", "admin"}),
    ("screening-svc", "POST", "/v1/orders/o-unknown/release", {"reviewer"}),
    ("screening-svc", "POST", "/v1/orders/o-unknown/reject", {"reviewer"}),
    ("screening-svc", "PUT", "/v1/lists/l-matrix", {"admin"}),
    ("screening-svc", "GET", "/v1/lists", STAFF),
    ("screening-svc", "GET", "/v1/lists/l-unknown", STAFF),
    ("screening-svc", "POST", "/v1/parties/screen", {"erp", "reviewer", "admin"}),
    ("license-svc", "POST", "/v1/applications", {"applicant"}),
    ("license-svc", "GET", "/v1/applications/a-unknown", {"applicant"} | STAFF),
    ("license-svc", "POST", "/v1/applications/a-unknown/approvals", {"reviewer"}),
    ("license-svc", "GET", "/v1/licenses/l-unknown", {"applicant", "erp"} | STAFF),
    ("license-svc", "POST", "/v1/licenses/l-unknown/revoke", {"reviewer", "admin"}),
    ("license-svc", "PUT", "/v1/green-channel/matrix-applicant", {"admin"}),
    ("license-svc", "DELETE", "/v1/green-channel/matrix-unknown", {"admin"}),
    ("license-svc", "GET", "/v1/green-channel", STAFF),
    ("audit-svc", "GET", "/v1/audit/events", {"auditor", "admin"}),
    ("audit-svc", "GET", "/v1/audit/events/0", {"auditor", "admin"}),
    ("audit-svc", "GET", "/v1/audit/subjects/x/events", {"auditor", "admin"}),
    ("audit-svc", "GET", "/v1/audit/checkpoint", {"auditor", "admin"}),
    ("audit-svc", "GET", "/v1/audit/public-key", {"auditor", "admin"}),
    ("audit-svc", "GET", "/v1/audit/proofs/inclusion?seq=0&tree_size=1", {"auditor", "admin"}),
    ("audit-svc", "GET", "/v1/audit/proofs/consistency?first=0&second=0", {"auditor", "admin"}),
    ("audit-svc", "GET", "/v1/audit/export", {"auditor", "admin"}),
]


def bad_tokens(system: RunningSystem) -> dict[str, str | None]:
    now = int(time.time())
    claims = {"sub": "mallory", "roles": list(ROLES), "iss": "lodestone", "exp": now + 600}
    return {
        "none": None,
        "forged": jwt.encode(claims, "not-the-secret-" + "x" * 32, algorithm="HS256"),
        "expired": jwt.encode({**claims, "exp": now - 10}, system.secret, algorithm="HS256"),
        "wrong-issuer": jwt.encode(
            {**claims, "iss": "elsewhere"}, system.secret, algorithm="HS256"
        ),
        "not-a-jwt": "garbage.token.here",
    }


@pytest.mark.parametrize(("service", "method", "path", "allowed"), ENDPOINTS)
def test_each_role_is_allowed_or_refused_as_the_spec_says(
    system: RunningSystem, service: str, method: str, path: str, allowed: set[str]
) -> None:
    for role in ROLES:
        with system.client(service, role) as http:
            response = http.request(method, path, json={})
        if role in allowed:
            assert response.status_code not in (401, 403), (role, response.text)
        else:
            assert response.status_code == 403, (role, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(("service", "method", "path", "allowed"), ENDPOINTS)
def test_missing_or_bad_tokens_get_401_with_a_bearer_challenge(
    system: RunningSystem, service: str, method: str, path: str, allowed: set[str]
) -> None:
    for label, token in bad_tokens(system).items():
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with system.client(service) as http:
            response = http.request(method, path, json={}, headers=headers)
        assert response.status_code == 401, (label, response.text)
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["status"] == 401

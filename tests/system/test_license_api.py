"""license-svc over real HTTP: intake, green channel, roles and unknown ids (SPEC §5)."""

from __future__ import annotations

import uuid
from typing import Any

from lodestone_system import RunningSystem

LICENSE = "license-svc"


def application_body(applicant_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "applicant": {
            "id": applicant_id,
            "name": "Acme Magnets",
            "country": "CN",
            "military_manufacturer": False,
        },
        "exporter": {"id": "exp-1", "name": "Baotou Export Co"},
        "consignee": {"name": "Magnet Works GmbH", "country": "DE"},
        "end_user": {"name": "Motor Plant AG", "country": "DE"},
        "end_use": {"category": "automotive", "description": "EV traction motors"},
        "destination": "DE",
        "items": [
            {
                "line": 1,
                "description": "dysprosium oxide",
                "hs_code": "284690",
                "form": "oxide",
                "composition": {"Dy": 0.87, "O": 0.13},
                "quantity_kg": 1000,
            }
        ],
    }
    return body | overrides


def fresh_applicant() -> str:
    return f"applicant-{uuid.uuid4().hex[:8]}"


def test_application_is_accepted_with_its_lane_and_location(system: RunningSystem) -> None:
    with system.client(LICENSE, "applicant", "applicant-a") as http:
        accepted = http.post("/v1/applications", json=application_body(fresh_applicant()))
        assert accepted.status_code == 202
        body = accepted.json()
        assert (body["status"], body["lane"]) == ("SUBMITTED", "FAST_TRACK")
        assert accepted.headers["location"] == f"/v1/applications/{body['application_id']}"
        shown = http.get(accepted.headers["location"]).json()
    assert shown["application_id"] == body["application_id"]
    assert shown["lane"] == "FAST_TRACK"
    assert shown["status"] in {"SUBMITTED", "APPROVED", "UNDER_REVIEW", "REJECTED"}


def test_green_channel_applicant_is_put_in_the_green_lane(system: RunningSystem) -> None:
    applicant = fresh_applicant()
    with system.client(LICENSE, "admin") as admin:
        assert (
            admin.put(f"/v1/green-channel/{applicant}", json={"note": "audited"}).status_code == 200
        )
    with system.client(LICENSE, "applicant") as http:
        accepted = http.post("/v1/applications", json=application_body(applicant))
    assert accepted.json()["lane"] == "GREEN_CHANNEL"


def test_green_channel_can_be_granted_listed_and_revoked(system: RunningSystem) -> None:
    applicant = fresh_applicant()
    with system.client(LICENSE, "admin", "admin-1") as admin:
        granted = admin.put(f"/v1/green-channel/{applicant}")
        assert granted.json()["granted_by"] == "admin-1"
        with system.client(LICENSE, "reviewer") as reviewer:
            listed = reviewer.get("/v1/green-channel").json()["applicants"]
            assert applicant in [a["applicant_id"] for a in listed]
        assert admin.delete(f"/v1/green-channel/{applicant}").status_code == 204
        assert admin.delete(f"/v1/green-channel/{applicant}").status_code == 404
        listed = admin.get("/v1/green-channel").json()["applicants"]
    assert applicant not in [a["applicant_id"] for a in listed]


def test_idempotency_key_replays_the_first_application(system: RunningSystem) -> None:
    body = application_body(fresh_applicant())
    headers = {"Idempotency-Key": uuid.uuid4().hex}
    with system.client(LICENSE, "applicant") as http:
        first = http.post("/v1/applications", json=body, headers=headers)
        again = http.post("/v1/applications", json=body, headers=headers)
        other = http.post(
            "/v1/applications", json=application_body(fresh_applicant()), headers=headers
        )
    assert again.status_code == 202
    assert again.json() == first.json()
    assert other.status_code == 409


def test_roles_are_enforced(system: RunningSystem) -> None:
    with system.client(LICENSE) as anonymous:
        unauthorised = anonymous.get("/v1/green-channel")
    with system.client(LICENSE, "erp") as erp:
        forbidden_post = erp.post("/v1/applications", json=application_body(fresh_applicant()))
        forbidden_list = erp.get("/v1/green-channel")
    with system.client(LICENSE, "reviewer") as reviewer:
        forbidden_grant = reviewer.put("/v1/green-channel/someone")
    assert unauthorised.status_code == 401
    assert unauthorised.headers["www-authenticate"] == "Bearer"
    assert [forbidden_post.status_code, forbidden_list.status_code] == [403, 403]
    assert forbidden_grant.status_code == 403


def test_unknown_ids_are_not_found(system: RunningSystem) -> None:
    with system.client(LICENSE, "reviewer") as http:
        responses = [
            http.get("/v1/applications/nope"),
            http.get("/v1/licenses/nope"),
            http.post("/v1/licenses/nope/revoke", json={"reason": "diverted goods"}),
            http.post(
                "/v1/applications/nope/approvals",
                json={"decision": "approve", "justification": "looks fine to me"},
            ),
        ]
    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert responses[0].headers["content-type"] == "application/problem+json"


def test_approval_outside_review_conflicts_and_short_justification_is_invalid(
    system: RunningSystem,
) -> None:
    with system.client(LICENSE, "applicant") as applicant:
        accepted = applicant.post("/v1/applications", json=application_body(fresh_applicant()))
    path = f"{accepted.headers['location']}/approvals"
    with system.client(LICENSE, "reviewer") as reviewer:
        conflict = reviewer.post(path, json={"decision": "approve", "justification": "a" * 12})
        invalid = reviewer.post(path, json={"decision": "approve", "justification": "short"})
    assert conflict.status_code == 409
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["field"] == "justification"


def test_application_without_controlled_items_is_refused(system: RunningSystem) -> None:
    item = application_body("x")["items"][0] | {"composition": {"Nd": 0.3, "Fe": 0.6}}
    with system.client(LICENSE, "applicant") as http:
        refused = http.post("/v1/applications", json=application_body("x", items=[item]))
    assert refused.status_code == 422

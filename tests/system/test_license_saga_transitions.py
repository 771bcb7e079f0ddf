"""Every application status and lane over real HTTP (SPEC §5): routing, four-eyes, every 409.

Fast-track issuing for orders is in test_screening_license_saga_api.py; these tests cover the
application side: which lane, which status, which licence, and which commands conflict.
"""

from __future__ import annotations

from datetime import date

import pytest
from license_saga_http_builders import (
    SAMARIUM_COBALT,
    SCREENING,
    application,
    application_body,
    approved_by_two,
    decide,
    fresh,
    issue_licence,
    item,
    licence,
    settled,
    submit,
)
from lodestone_system import RunningSystem


def _six_months_after(day: date) -> date:
    """Independent of license-svc: same day six months on, else that month's last day."""
    month = day.month + 6
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _under_review(system: RunningSystem) -> str:
    accepted = submit(system, application_body(fresh("applicant"), military_manufacturer=True))
    assert settled(system, accepted["application_id"])["status"] == "UNDER_REVIEW"
    return str(accepted["application_id"])


def test_fast_track_application_is_approved_with_a_six_month_licence(
    system: RunningSystem,
) -> None:
    applicant = fresh("applicant")
    accepted = submit(system, application_body(applicant))
    approved = settled(system, accepted["application_id"])
    issued = licence(system, approved["license_id"])

    assert (accepted["status"], accepted["lane"]) == ("SUBMITTED", "FAST_TRACK")
    assert (approved["status"], approved["screening"]["outcome"]) == ("APPROVED", "CLEARED")
    assert (issued["kind"], issued["status"], issued["holder"]["id"]) == (
        "FAST_TRACK",
        "ACTIVE",
        applicant,
    )
    assert issued["application_id"] == accepted["application_id"]
    valid_from = date.fromisoformat(issued["valid_from"])
    assert date.fromisoformat(issued["valid_until"]) == _six_months_after(valid_from)
    assert issued["lines"] == [
        {
            "line": 1,
            "form": "oxide",
            "elements": ["Dy"],
            "quantity_kg": 1000.0,
            "remaining_kg": 1000.0,
        }
    ]


def test_green_channel_application_is_approved_with_a_green_licence(system: RunningSystem) -> None:
    applicant = fresh("applicant")
    with system.client("license-svc", "admin") as admin:
        assert admin.put(f"/v1/green-channel/{applicant}").status_code == 200

    issued = issue_licence(system, application_body(applicant))

    assert (issued["kind"], issued["status"]) == ("GREEN_CHANNEL", "ACTIVE")


def test_green_channel_applicant_with_a_military_link_goes_to_full_review(
    system: RunningSystem,
) -> None:
    applicant = fresh("applicant")
    with system.client("license-svc", "admin") as admin:
        assert admin.put(f"/v1/green-channel/{applicant}").status_code == 200

    accepted = submit(system, application_body(applicant, items=[item(SAMARIUM_COBALT)]))

    assert accepted["lane"] == "FULL_REVIEW"
    assert settled(system, accepted["application_id"])["status"] == "UNDER_REVIEW"


@pytest.mark.parametrize(
    ("category", "manufacturer", "composition", "screening"),
    [
        ("automotive", True, None, "CLEARED"),
        ("automotive", False, SAMARIUM_COBALT, "CLEARED"),
        ("nuclear", False, None, "HELD"),
        ("aerospace_civil", False, None, "HELD"),
        ("other", False, None, "HELD"),
    ],
    ids=["military-manufacturer", "samarium", "nuclear", "aerospace-civil", "other"],
)
def test_application_outside_the_fast_track_waits_for_full_review(
    system: RunningSystem,
    category: str,
    manufacturer: bool,
    composition: dict[str, float] | None,
    screening: str,
) -> None:
    body = application_body(
        fresh("applicant"),
        category=category,
        military_manufacturer=manufacturer,
        items=[item(composition)],
    )
    accepted = submit(system, body)
    routed = settled(system, accepted["application_id"])

    assert accepted["lane"] == "FULL_REVIEW"
    assert (routed["status"], routed["screening"]["outcome"]) == ("UNDER_REVIEW", screening)
    assert routed["license_id"] is None


def test_two_different_reviewers_approve_and_a_full_review_licence_is_issued(
    system: RunningSystem,
) -> None:
    application_id = _under_review(system)

    first = decide(system, application_id, "reviewer-ana", "approve")
    still = application(system, application_id)
    second = decide(system, application_id, "reviewer-ben", "approve")
    approved = second.json()

    assert first.status_code == 200
    assert (still["status"], still["license_id"]) == ("UNDER_REVIEW", None)
    assert second.status_code == 200
    assert approved["status"] == "APPROVED"
    assert [a["reviewer"] for a in approved["approvals"]] == ["reviewer-ana", "reviewer-ben"]
    assert licence(system, approved["license_id"])["kind"] == "FULL_REVIEW"


def test_one_denial_rejects_even_after_an_approval(system: RunningSystem) -> None:
    application_id = _under_review(system)

    assert decide(system, application_id, "reviewer-ana", "approve").status_code == 200
    denied = decide(system, application_id, "reviewer-ben", "deny")

    assert denied.status_code == 200
    assert (denied.json()["status"], denied.json()["license_id"]) == ("REJECTED", None)
    assert "reviewer-ben" in denied.json()["reason"]


def test_the_same_reviewer_cannot_approve_twice(system: RunningSystem) -> None:
    application_id = _under_review(system)

    assert decide(system, application_id, "reviewer-ana", "approve").status_code == 200
    again = decide(system, application_id, "reviewer-ana", "approve")

    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    assert application(system, application_id)["status"] == "UNDER_REVIEW"


@pytest.mark.parametrize("closing", ["approve", "deny"])
def test_decisions_after_the_review_closed_conflict(system: RunningSystem, closing: str) -> None:
    application_id = _under_review(system)
    assert decide(system, application_id, "reviewer-ana", "approve").status_code == 200
    assert decide(system, application_id, "reviewer-ben", closing).status_code == 200

    late = decide(system, application_id, "reviewer-cho", "approve")

    assert late.status_code == 409
    assert len(application(system, application_id)["approvals"]) == 2


def test_decision_on_an_approved_fast_track_application_conflicts(system: RunningSystem) -> None:
    accepted = submit(system, application_body(fresh("applicant")))
    assert settled(system, accepted["application_id"])["status"] == "APPROVED"

    assert decide(system, accepted["application_id"], "reviewer-ana", "deny").status_code == 409


def test_military_end_use_application_is_rejected_by_screening(system: RunningSystem) -> None:
    accepted = submit(system, application_body(fresh("applicant"), category="defense"))
    rejected = settled(system, accepted["application_id"])

    assert accepted["lane"] == "FULL_REVIEW"
    assert (rejected["status"], rejected["license_id"]) == ("REJECTED", None)
    assert "MILITARY_END_USE" in rejected["reason"]


def test_application_naming_a_listed_party_is_rejected(system: RunningSystem) -> None:
    list_id = fresh("saga-list")
    entry = {"id": "e-1", "name": "Zorvath Hypersonic Dynamics", "aliases": [], "country": "RU"}
    with system.client(SCREENING, "admin") as admin:
        published = admin.put(f"/v1/lists/{list_id}", json={"name": list_id, "entries": [entry]})
        assert published.status_code == 200, published.text
    listed = {"name": "Zorvath Hypersonic Dynamics", "country": "RU"}

    accepted = submit(system, application_body(fresh("applicant"), end_user=listed))
    rejected = settled(system, accepted["application_id"])

    assert accepted["lane"] == "FAST_TRACK"
    assert (rejected["status"], rejected["screening"]["outcome"]) == ("REJECTED", "BLOCKED")
    reasons = rejected["screening"]["reasons"]
    assert [(r["code"], r["list_id"], r["entry_id"]) for r in reasons] == [
        ("RESTRICTED_PARTY", list_id, "e-1")
    ]


def test_a_licence_cannot_be_revoked_twice(system: RunningSystem) -> None:
    issued = issue_licence(system)
    path = f"/v1/licenses/{issued['license_id']}/revoke"
    with system.client("license-svc", "reviewer", "reviewer-ana") as reviewer:
        first = reviewer.post(path, json={"reason": "goods diverted"})
        second = reviewer.post(path, json={"reason": "goods diverted again"})

    assert (first.status_code, first.json()["status"]) == (200, "REVOKED")
    assert second.status_code == 409
    assert licence(system, issued["license_id"])["status"] == "REVOKED"


def test_full_review_samarium_licence_is_issued_after_four_eyes(system: RunningSystem) -> None:
    body = application_body(fresh("applicant"), items=[item(SAMARIUM_COBALT, form="magnet")])

    issued = approved_by_two(system, body)

    assert (issued["kind"], issued["status"]) == ("FULL_REVIEW", "ACTIVE")
    assert issued["lines"][0]["elements"] == ["Sm"]

"""Green channel priority (SPEC §5): a green application posted behind 5,000 fast-track ones is
decided while most of that backlog is still undecided.

The backlog is queued for real: screening-svc is down while the 5,000 and then the green
application are posted, so every one of them waits in Kafka when it comes back (audit-svc,
which decides nothing, stays down to leave the CPU to the two that do). The test then
asserts an order of decisions, not a duration: applications posted before the green one are
still SUBMITTED after it is APPROVED, so they are decided after it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from license_saga_http_builders import (
    LICENSE,
    SCREENING,
    application_body,
    fresh,
    poll,
    post_all,
    submit,
)
from lodestone_system import RunningSystem, running_system

AUDIT = "audit-svc"
BACKLOG = 5000
SAMPLE_EVERY = 25


@pytest.fixture(scope="module")
def quiet_system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSystem]:
    """A system of its own: the backlog must not slow the session's other tests down."""
    with running_system(tmp_path_factory.mktemp("green-priority")) as running:
        yield running


def _queue_backlog(system: RunningSystem) -> list[str]:
    bodies = [application_body(f"fast-{n}") for n in range(BACKLOG)]
    accepted = asyncio.run(
        post_all(system, LICENSE, "applicant", "/v1/applications", bodies, width=32)
    )
    assert {a["lane"] for a in accepted} == {"FAST_TRACK"}
    return [str(a["application_id"]) for a in accepted]


def _undecided(system: RunningSystem, application_ids: list[str]) -> list[str]:
    """Those still SUBMITTED, read all at once: the backlog keeps draining while we look."""

    async def statuses() -> list[str]:
        token = system.token("reviewer", "reviewer-saga-reader")
        async with httpx.AsyncClient(
            base_url=system.url(LICENSE),
            headers={"Authorization": f"Bearer {token}"},
            limits=httpx.Limits(max_connections=32),
            timeout=30,
        ) as http:
            found = await asyncio.gather(
                *(http.get(f"/v1/applications/{i}") for i in application_ids)
            )
        return [str(r.json()["status"]) for r in found]

    found = asyncio.run(statuses())
    return [i for i, status in zip(application_ids, found, strict=True) if status == "SUBMITTED"]


def test_green_application_posted_last_is_decided_ahead_of_the_fast_track_backlog(
    quiet_system: RunningSystem,
) -> None:
    green = fresh("green-applicant")
    with quiet_system.client(LICENSE, "admin") as admin:
        assert admin.put(f"/v1/green-channel/{green}").status_code == 200
    quiet_system.kill(SCREENING)
    quiet_system.kill(AUDIT)
    backlog = _queue_backlog(quiet_system)
    accepted = submit(quiet_system, application_body(green))
    quiet_system.start(SCREENING)  # polled at once: the drain begins as soon as it is up

    with quiet_system.client(LICENSE, "reviewer", "reviewer-saga-reader") as http:
        decided = poll(
            lambda: http.get(f"/v1/applications/{accepted['application_id']}").json(),
            lambda a: a["status"] != "SUBMITTED",
            timeout=120,
        )
    sample = backlog[::SAMPLE_EVERY]
    later = _undecided(quiet_system, sample)

    assert accepted["lane"] == "GREEN_CHANNEL"
    assert decided["status"] == "APPROVED", decided
    # Each of these was posted before the green application and is decided after it.
    assert len(later) >= len(sample) // 2, f"only {len(later)} of {len(sample)} still queued"

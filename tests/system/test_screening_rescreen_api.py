"""Publishing the 2024-05-03 SDN after the 2024-04-26 one re-screens held orders and licences.

Parties named only in the later file are cleared (or held for another reason) before it is
published; afterwards the held order is blocked and the licence suspended.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from lodestone_system import RunningSystem, running_system
from screening_http_builders import decided, issue_licence, order_body

from screening_svc.domain.government_lists import parse_ofac_sdn

LISTS = Path(__file__).resolve().parents[2] / "../shared/data/lists"
LIST_ID = "ofac-sdn-rescreen"


def publish(admin: httpx.Client, day: str) -> None:
    response = admin.put(
        f"/v1/lists/{LIST_ID}",
        params={"format": "ofac-sdn"},
        content=(LISTS / f"ofac_sdn_csv_{day}.csv").read_bytes(),
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 200, response.text


def added_names() -> list[tuple[str, str | None]]:
    """Entities in the 2024-05-03 file that the 2024-04-26 file does not have."""
    before = {e.id for e in parse_ofac_sdn((LISTS / "ofac_sdn_csv_2024-04-26.csv").read_text())}
    after = parse_ofac_sdn((LISTS / "ofac_sdn_csv_2024-05-03.csv").read_text())
    return [(e.name, e.country) for e in after if e.id not in before and len(e.name) > 12]


def clear_now(http: httpx.Client, names: list[tuple[str, str | None]], count: int) -> list[str]:
    """The first `count` added names that nothing matches yet."""
    found = []
    for name, country in names:
        party = {"name": name, "country": country} if country else {"name": name}
        result = http.post("/v1/parties/screen", json={"parties": [party]}).json()["results"][0]
        if result["outcome"] == "CLEAR":
            found.append(name)
        if len(found) == count:
            return found
    raise AssertionError("not enough newly listed names to test with")


def wait_for(check: Any, what: str, within: float = 60) -> Any:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(what)


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSystem]:
    """A system of its own: the session's may already hold the later SDN file."""
    with running_system(tmp_path_factory.mktemp("rescreen")) as running:
        yield running


def test_the_later_sdn_file_blocks_a_held_order_and_suspends_a_licence(
    system: RunningSystem,
) -> None:
    with system.client("screening-svc", "admin") as admin:
        publish(admin, "2024-04-26")
        held_party, licensed_party = clear_now(admin, added_names(), 2)
    with system.client("screening-svc", "erp", "erp-rescreen") as erp:
        held = decided(
            erp,
            order_body(consignee=held_party, category="other", description="general supplies"),
        )
    assert held["status"] == "HELD"
    license_id = issue_licence(system, kg=100.0, consignee=licensed_party)

    with system.client("screening-svc", "admin") as admin:
        publish(admin, "2024-05-03")

    with system.client("screening-svc", "reviewer") as reviewer:
        blocked = wait_for(
            lambda: (
                (o := reviewer.get(f"/v1/orders/{held['order_id']}").json())["status"] == "BLOCKED"
                and o
            ),
            "the held order was not blocked by the re-screen",
        )
    assert "RESTRICTED_PARTY" in [r["code"] for r in blocked["decision"]["reasons"]]
    with system.client("license-svc", "reviewer") as reviewer:
        wait_for(
            lambda: reviewer.get(f"/v1/licenses/{license_id}").json()["status"] == "SUSPENDED",
            "the licence was not suspended by the re-screen",
        )

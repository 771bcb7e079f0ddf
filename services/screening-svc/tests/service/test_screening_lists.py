"""Restricted lists: content-addressed versions, government formats, the index kept current."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from screening_service_builders import SDN, FixedClock, ScreeningHarness

from lodestone_runtime.problems import ProblemError
from screening_svc.service import build_services
from screening_svc.settings import Settings

LISTS = Path(__file__).resolve().parents[4] / "../shared/data/lists"


async def test_a_version_is_the_sha256_of_the_canonical_form(harness: ScreeningHarness) -> None:
    published = await harness.publish("sdn", SDN)

    canonical = await harness.services.lists.version("sdn", published["version"])

    assert hashlib.sha256(canonical.encode()).hexdigest() == published["version"]
    assert published["entry_count"] == 2


async def test_republishing_identical_content_appends_nothing(harness: ScreeningHarness) -> None:
    first = await harness.publish("sdn", SDN)
    again = await harness.publish("sdn", list(reversed(SDN)))

    assert again["version"] == first["version"]
    assert len(await harness.store.read_stream("list-sdn")) == 1


async def test_every_version_stays_retrievable(harness: ScreeningHarness) -> None:
    first = await harness.publish("sdn", SDN)
    second = await harness.publish("sdn", SDN[:1])

    described = await harness.services.lists.describe("sdn")

    assert described["version"] == second["version"]
    assert {v["version"] for v in described["versions"]} == {first["version"], second["version"]}


async def test_csv_lists_are_read_with_semicolon_aliases(harness: ScreeningHarness) -> None:
    body = b"id,name,aliases,country\n1,Shandong Huaxin Magnet,Huaxin Magnet;SHM,CN\n"

    published = await harness.services.lists.publish("local", body, "text/csv", None, None, "a")

    assert published["entry_count"] == 1
    assert harness.services.screener.snapshot.list_versions["local"] == published["version"]


async def test_a_malformed_list_is_a_validation_error(harness: ScreeningHarness) -> None:
    with pytest.raises(ProblemError) as raised:
        await harness.services.lists.publish(
            "x", b'{"entries": 3}', "application/json", None, None, "a"
        )
    assert raised.value.status == 422


async def test_the_2024_05_03_sdn_csv_publishes_whole(harness: ScreeningHarness) -> None:
    # Its load time is a goal measured in `make bench`, not asserted here.
    body = (LISTS / "ofac_sdn_csv_2024-05-03.csv").read_bytes()

    published = await harness.services.lists.publish("sdn", body, "text/csv", "ofac-sdn", None, "a")

    assert published["entry_count"] > 10_000


async def test_a_restarted_service_rebuilds_its_index_from_stored_versions(
    harness: ScreeningHarness, tmp_path: Path
) -> None:
    published = await harness.publish("sdn", SDN)
    restarted = build_services(harness.store, FixedClock(), Settings(data_dir=tmp_path))

    await restarted.lists.sync()

    assert restarted.screener.snapshot.list_versions == {"sdn": published["version"]}
    assert len(restarted.screener.snapshot.index) == 2

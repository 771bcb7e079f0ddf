"""Restricted lists over HTTP: the real OFAC SDN files, versions, party screening on demand."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from lodestone_system import RunningSystem

LISTS = Path(__file__).resolve().parents[2] / "../shared/data/lists"


@pytest.mark.parametrize("day", ["2024-04-26", "2024-05-03"])
def test_an_ofac_sdn_file_publishes_through_the_api(system: RunningSystem, day: str) -> None:
    body = (LISTS / f"ofac_sdn_csv_{day}.csv").read_bytes()
    with system.client("screening-svc", "admin") as admin:
        response = admin.put(
            "/v1/lists/ofac-sdn",
            params={"format": "ofac-sdn"},
            content=body,
            headers={"content-type": "text/csv"},
        )
        published = response.json()
        canonical = admin.get(f"/v1/lists/ofac-sdn/versions/{published['version']}").content

    assert response.status_code == 200, response.text
    assert published["entry_count"] > 10_000
    assert hashlib.sha256(canonical).hexdigest() == published["version"]


def test_published_lists_and_their_versions_are_listed(system: RunningSystem) -> None:
    with system.client("screening-svc", "auditor") as auditor:
        lists = auditor.get("/v1/lists").json()["lists"]
        sdn = auditor.get("/v1/lists/ofac-sdn").json()

    assert "ofac-sdn" in [entry["list_id"] for entry in lists]
    assert sdn["source_format"] == "ofac-sdn"
    assert len(sdn["versions"]) >= 1


def test_party_screening_finds_a_listed_bank_and_clears_a_stranger(system: RunningSystem) -> None:
    with system.client("screening-svc", "reviewer") as reviewer:
        answer = reviewer.post(
            "/v1/parties/screen",
            json={
                "parties": [
                    {"name": "Banco Nacional de Cuba", "country": "CU"},
                    {"name": "Zyxwv Lighting Partners"},
                ]
            },
        ).json()

    bank, stranger = answer["results"]
    assert bank["outcome"] == "BLOCK"
    assert bank["matches"][0]["list_id"] == "ofac-sdn"
    assert len(bank["matches"]) <= 5
    assert stranger == {"name": "Zyxwv Lighting Partners", "outcome": "CLEAR", "matches": []}
    assert "ofac-sdn" in answer["list_versions"]


def test_only_list_routes_take_bodies_over_one_mebibyte(system: RunningSystem) -> None:
    with system.client("screening-svc", "erp") as erp:
        response = erp.post(
            "/v1/orders",
            content=b"x" * (1024 * 1024 + 1),
            headers={"content-type": "application/json"},
        )

    assert response.status_code == 413

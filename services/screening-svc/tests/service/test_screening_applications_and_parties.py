"""Application screening for license-svc and party screening on demand."""

from __future__ import annotations

from datetime import UTC, datetime

from screening_service_builders import SAMARIUM_COBALT, SDN, ScreeningHarness

from lodestone_contracts.events import build_event
from lodestone_contracts.events.application import ApplicationSubmitted
from screening_svc.parties import ScreenPartiesRequest


def submitted(
    lane: str = "GREEN_CHANNEL", consignee: str = "Acme Motors GmbH"
) -> ApplicationSubmitted:
    return ApplicationSubmitted.model_validate(
        {
            "application_id": "app-1",
            "applicant": {
                "id": "a-1",
                "name": "Baotou",
                "country": "CN",
                "military_manufacturer": False,
            },
            "exporter": {"id": "exp-1", "name": "Baotou Export Co"},
            "consignee": {"name": consignee, "country": "DE"},
            "end_user": {"name": consignee, "country": "DE"},
            "end_use": {"category": "automotive", "description": "traction motors"},
            "destination": "DE",
            "items": [
                {
                    "line": 1,
                    "description": "SmCo",
                    "hs_code": "850511",
                    "form": "magnet",
                    "composition": SAMARIUM_COBALT,
                    "quantity_kg": 5,
                }
            ],
            "lane": lane,
            "submitted_by": "applicant-1",
        }
    )


async def test_an_application_is_screened_without_the_material_rule_and_keeps_its_lane(
    harness: ScreeningHarness,
) -> None:
    trigger = build_event(
        submitted(),
        subject="app-1",
        source="license-svc",
        sequence=1,
        now=datetime(2025, 6, 2, tzinfo=UTC),
    )

    await harness.handle(harness.services.applications.screen, trigger)

    [stored] = await harness.store.read_stream("application-screening-app-1")
    assert stored.event.type == "application.screened"
    assert stored.event.data["lane"] == "GREEN_CHANNEL"
    assert stored.event.data["screening"]["outcome"] == "CLEARED"
    assert stored.event.causationid == trigger.id


async def test_an_application_to_a_listed_consignee_is_blocked(harness: ScreeningHarness) -> None:
    await harness.publish("sdn", SDN)
    trigger = build_event(
        submitted("FAST_TRACK", "Banco Nacional de Cuba"),
        subject="app-1",
        source="license-svc",
        sequence=1,
        now=datetime(2025, 6, 2, tzinfo=UTC),
    )

    await harness.handle(harness.services.applications.screen, trigger)

    [stored] = await harness.store.read_stream("application-screening-app-1")
    assert stored.event.data["screening"]["outcome"] == "BLOCKED"


async def test_party_screening_names_block_review_and_clear(harness: ScreeningHarness) -> None:
    published = await harness.publish("sdn", SDN)
    request = ScreenPartiesRequest.model_validate(
        {"parties": [{"name": "Rosoboronexport", "country": "RU"}, {"name": "Acme Motors GmbH"}]}
    )

    answer = await harness.services.parties.screen(request)

    assert [r.outcome for r in answer.results] == ["BLOCK", "CLEAR"]
    assert answer.results[0].matches[0].entry_id == "900"
    assert answer.results[1].matches == []
    assert answer.list_versions == {"sdn": published["version"]}

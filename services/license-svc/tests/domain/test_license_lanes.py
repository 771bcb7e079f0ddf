"""Lane assignment follows SPEC §5: fast-track only without any military link."""

import pytest
from license_builders import MATERIALS

from license_svc.domain.lanes import Lane, assign_lane, is_fast_track_eligible, lane_for_items
from license_svc.domain.materials import Item

CIVIL = ["automotive", "electronics", "industrial", "medical", "energy", "research", "consumer"]
NOT_FAST = ["defense", "military", "weapons", "nuclear", "aerospace_civil", "other"]


@pytest.mark.parametrize("category", CIVIL)
def test_civil_application_without_military_link_is_fast_track(category: str) -> None:
    assert assign_lane(False, frozenset(), category, on_green_channel=False) is Lane.FAST_TRACK


@pytest.mark.parametrize("category", CIVIL)
def test_green_channel_applicant_with_eligible_application_takes_green_channel(
    category: str,
) -> None:
    assert assign_lane(False, False, category, on_green_channel=True) is Lane.GREEN_CHANNEL


@pytest.mark.parametrize("category", NOT_FAST)
@pytest.mark.parametrize("green", [True, False])
def test_sensitive_end_use_goes_to_full_review_even_on_green_channel(
    category: str, green: bool
) -> None:
    assert assign_lane(False, False, category, on_green_channel=green) is Lane.FULL_REVIEW


@pytest.mark.parametrize("green", [True, False])
def test_military_manufacturer_goes_to_full_review(green: bool) -> None:
    assert assign_lane(True, False, "automotive", on_green_channel=green) is Lane.FULL_REVIEW


@pytest.mark.parametrize("military", [True, frozenset({"Sm"})])
@pytest.mark.parametrize("green", [True, False])
def test_military_use_element_goes_to_full_review(
    military: bool | frozenset[str], green: bool
) -> None:
    assert assign_lane(False, military, "electronics", on_green_channel=green) is Lane.FULL_REVIEW


def test_lane_values_are_the_spec_strings() -> None:
    assert [lane.value for lane in Lane] == ["GREEN_CHANNEL", "FAST_TRACK", "FULL_REVIEW"]
    assert assign_lane(False, False, "energy", False) == "FAST_TRACK"


def test_eligibility_needs_every_condition() -> None:
    assert is_fast_track_eligible(False, frozenset(), "medical")
    assert not is_fast_track_eligible(False, frozenset(), "other")


def test_samarium_cobalt_magnet_application_goes_to_full_review() -> None:
    items = [
        Item.of(1, "oxide", {"Dy": 0.8, "O": 0.2}, 100),
        Item.of(2, "magnet", {"Sm": 0.25, "Co": 0.75}, 10),
    ]
    assert lane_for_items(False, items, "automotive", True, MATERIALS) is Lane.FULL_REVIEW


def test_samarium_trace_below_threshold_keeps_the_fast_track() -> None:
    items = [Item.of(1, "magnet", {"Sm": 0.0009, "Nd": 0.3, "Fe": 0.6}, 10)]
    assert lane_for_items(False, items, "automotive", False, MATERIALS) is Lane.FAST_TRACK


def test_application_without_items_is_judged_on_applicant_and_end_use() -> None:
    assert lane_for_items(False, [], "consumer", True, MATERIALS) is Lane.GREEN_CHANNEL

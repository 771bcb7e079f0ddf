"""Which lane an application takes (SPEC §5): fast-track only without any military link."""

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from enum import StrEnum

from license_svc.domain.materials import Item, Materials


class Lane(StrEnum):
    GREEN_CHANNEL = "GREEN_CHANNEL"
    FAST_TRACK = "FAST_TRACK"
    FULL_REVIEW = "FULL_REVIEW"


FAST_LANES = frozenset({Lane.GREEN_CHANNEL, Lane.FAST_TRACK})
NOT_FAST_TRACK_CATEGORIES = frozenset(
    {"defense", "military", "weapons", "nuclear", "aerospace_civil", "other"}
)


def is_fast_track_eligible(
    applicant_military_manufacturer: bool,
    items_military_elements: bool | AbstractSet[str],
    end_use_category: str,
) -> bool:
    has_military_element = bool(items_military_elements)
    return not (
        applicant_military_manufacturer
        or has_military_element
        or end_use_category in NOT_FAST_TRACK_CATEGORIES
    )


def assign_lane(
    applicant_military_manufacturer: bool,
    items_military_elements: bool | AbstractSet[str],
    end_use_category: str,
    on_green_channel: bool,
) -> Lane:
    """The green channel only speeds up applications that are fast-track eligible anyway."""
    if not is_fast_track_eligible(
        applicant_military_manufacturer, items_military_elements, end_use_category
    ):
        return Lane.FULL_REVIEW
    return Lane.GREEN_CHANNEL if on_green_channel else Lane.FAST_TRACK


def lane_for_items(
    applicant_military_manufacturer: bool,
    items: Iterable[Item],
    end_use_category: str,
    on_green_channel: bool,
    materials: Materials,
) -> Lane:
    military = frozenset().union(*(materials.military_elements(i.composition) for i in items))
    return assign_lane(
        applicant_military_manufacturer, military, end_use_category, on_green_channel
    )

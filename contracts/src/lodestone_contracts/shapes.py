"""SPEC §3 shared shapes. `*Data` models are tolerant (events); subclasses forbid extras (HTTP).

Event data reuses the tolerant forms so that an additive field never breaks an older reader.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from lodestone_contracts.countries import is_country_code
from lodestone_contracts.elements import KNOWN_SYMBOLS

MAX_ITEMS = 500
MAX_QUANTITY_KG = 10_000_000
COMPOSITION_TOLERANCE = 1e-9


class Form(StrEnum):
    METAL = "metal"
    ALLOY = "alloy"
    OXIDE = "oxide"
    COMPOUND = "compound"
    MAGNET = "magnet"
    TARGET = "target"


class EndUseCategory(StrEnum):
    AUTOMOTIVE = "automotive"
    ELECTRONICS = "electronics"
    INDUSTRIAL = "industrial"
    MEDICAL = "medical"
    ENERGY = "energy"
    RESEARCH = "research"
    CONSUMER = "consumer"
    AEROSPACE_CIVIL = "aerospace_civil"
    NUCLEAR = "nuclear"
    DEFENSE = "defense"
    MILITARY = "military"
    WEAPONS = "weapons"
    OTHER = "other"


class Outcome(StrEnum):
    CLEARED = "CLEARED"
    HELD = "HELD"
    BLOCKED = "BLOCKED"


class Lane(StrEnum):
    GREEN_CHANNEL = "GREEN_CHANNEL"
    FAST_TRACK = "FAST_TRACK"
    FULL_REVIEW = "FULL_REVIEW"


class _Tolerant(BaseModel):
    """Frozen, and ignores unknown fields: the form shapes take inside event data."""

    model_config = ConfigDict(frozen=True, extra="ignore")


def _check_country(code: str) -> str:
    if not is_country_code(code):
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code (uppercase)")
    return code


CountryCode = Annotated[
    str,
    Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2, uppercase"),
    AfterValidator(_check_country),
]


def _check_symbol(symbol: str) -> str:
    if symbol not in KNOWN_SYMBOLS:
        raise ValueError(f"unknown element symbol: {symbol!r}")
    return symbol


ElementSymbol = Annotated[str, AfterValidator(_check_symbol)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
QuantityKg = Annotated[float, Field(gt=0.0, le=MAX_QUANTITY_KG, allow_inf_nan=False)]
Score = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
NonEmpty = Annotated[str, Field(min_length=1)]


class PartyData(_Tolerant):
    name: str = Field(min_length=1, max_length=300)
    country: CountryCode
    address: str | None = Field(default=None, max_length=2000)


class EndUseData(_Tolerant):
    category: EndUseCategory
    description: str = Field(min_length=1, max_length=2000)


def check_composition(composition: dict[str, float]) -> dict[str, float]:
    """Known element symbols only, and the fractions may not add up to more than the whole."""
    unknown = sorted(symbol for symbol in composition if symbol not in KNOWN_SYMBOLS)
    if unknown:
        raise ValueError(f"unknown element symbol(s): {', '.join(unknown)}")
    total = math.fsum(composition.values())
    if total > 1.0 + COMPOSITION_TOLERANCE:
        raise ValueError(f"composition fractions sum to {total!r}, more than 1")
    return composition


class ItemData(_Tolerant):
    line: int = Field(ge=1)
    description: str = Field(min_length=1, max_length=2000)
    hs_code: str = Field(pattern=r"^[0-9]{6,10}$")
    form: Form
    composition: Annotated[dict[str, Fraction], AfterValidator(check_composition)]
    quantity_kg: QuantityKg


_Lined = TypeVar("_Lined", bound=ItemData)


def check_unique_lines(items: Sequence[_Lined]) -> Sequence[_Lined]:
    """Line numbers identify items (licence lines, reasons): two items may not share one."""
    seen: set[int] = set()
    duplicates: set[int] = set()
    for item in items:
        (duplicates if item.line in seen else seen).add(item.line)
    if duplicates:
        raise ValueError(
            f"duplicate item line number(s): {', '.join(map(str, sorted(duplicates)))}"
        )
    return items


class ExporterData(_Tolerant):
    id: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=300)


class ApplicantData(_Tolerant):
    id: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=300)
    country: CountryCode
    military_manufacturer: bool


class ReasonData(_Tolerant):
    code: NonEmpty
    message: str
    item_line: int | None = Field(default=None, ge=1)
    party: str | None = None
    score: Score | None = None
    list_id: str | None = None
    entry_id: str | None = None


class DecisionData(_Tolerant):
    outcome: Outcome
    reasons: list[ReasonData]
    ruleset_version: NonEmpty
    list_versions: dict[str, str] = Field(default_factory=dict)
    decided_at: AwareDatetime


class Party(PartyData):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EndUse(EndUseData):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Item(ItemData):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Exporter(ExporterData):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Applicant(ApplicantData):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Reason(ReasonData):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Decision(DecisionData):
    model_config = ConfigDict(frozen=True, extra="forbid")


ItemList = Annotated[
    list[Item],
    Field(min_length=1, max_length=MAX_ITEMS),
    AfterValidator(check_unique_lines),
]
"""The `items` field of a request: 1..500 items with unique line numbers."""

ItemDataList = Annotated[list[ItemData], Field(min_length=1), AfterValidator(check_unique_lines)]
"""The `items` field of an event: unique lines; the request limit is not re-imposed on readers."""

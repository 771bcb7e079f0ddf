"""Which elements of an item are controlled or military-use: fraction at or above the threshold."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from license_svc.domain.quantities import kilograms

CONTROL_THRESHOLD = 0.001


@dataclass(frozen=True)
class Materials:
    """The element catalog of one rule set: controlled symbols and their military-use subset."""

    controlled: frozenset[str]
    military_use: frozenset[str]
    threshold: float = CONTROL_THRESHOLD

    def __post_init__(self) -> None:
        if not self.military_use <= self.controlled:
            raise ValueError("military-use elements must be controlled elements")

    def controlled_elements(self, composition: Mapping[str, float]) -> frozenset[str]:
        return frozenset(
            symbol
            for symbol, fraction in composition.items()
            if symbol in self.controlled and fraction >= self.threshold
        )

    def military_elements(self, composition: Mapping[str, float]) -> frozenset[str]:
        return self.controlled_elements(composition) & self.military_use


@dataclass(frozen=True)
class Item:
    """One line of an application or order as the domain needs it."""

    line: int
    form: str
    composition: Mapping[str, float]
    quantity_kg: Decimal

    @classmethod
    def of(
        cls, line: int, form: str, composition: Mapping[str, float], quantity_kg: float | str
    ) -> "Item":
        return cls(line, form, dict(composition), kilograms(quantity_kg))

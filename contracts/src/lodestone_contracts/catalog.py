"""The element/form catalog of a rule set version: which elements are controlled or military-use.

Data, not code: each version is a JSON file in `catalog/`, read through importlib.resources.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

DEFAULT_VERSION = "2025.06"


@dataclass(frozen=True)
class Catalog:
    """An element counts for an item when its mass fraction is at least `threshold`."""

    version: str
    threshold: float
    controlled: frozenset[str]
    military_use: frozenset[str]
    forms: tuple[str, ...]
    elements: frozenset[str]

    def controlled_elements(self, composition: Mapping[str, float]) -> tuple[str, ...]:
        """Controlled elements present at or above the threshold, sorted by symbol."""
        return tuple(
            sorted(
                symbol
                for symbol, fraction in composition.items()
                if symbol in self.controlled and fraction >= self.threshold
            )
        )

    def is_controlled(self, composition: Mapping[str, float]) -> bool:
        return bool(self.controlled_elements(composition))

    def military_elements(self, composition: Mapping[str, float]) -> tuple[str, ...]:
        """Military-use elements present at or above the threshold, sorted by symbol."""
        return tuple(s for s in self.controlled_elements(composition) if s in self.military_use)


def available_versions() -> tuple[str, ...]:
    """Every catalog version shipped with this package, oldest first."""
    folder = resources.files("lodestone_contracts") / "catalog"
    names = (entry.name for entry in folder.iterdir() if entry.name.endswith(".json"))
    return tuple(sorted(name.removesuffix(".json") for name in names))


@cache
def load_catalog(version: str = DEFAULT_VERSION) -> Catalog:
    """Read and check one catalog version; raises LookupError for a version that is not shipped."""
    if version not in available_versions():
        raise LookupError(f"no catalog version {version!r}")
    resource = resources.files("lodestone_contracts") / "catalog" / f"{version}.json"
    return _catalog_from(json.loads(resource.read_text(encoding="utf-8")))


def _catalog_from(doc: dict[str, Any]) -> Catalog:
    catalog = Catalog(
        version=str(doc["version"]),
        threshold=float(doc["threshold"]),
        controlled=frozenset(doc["controlled"]),
        military_use=frozenset(doc["military_use"]),
        forms=tuple(doc["forms"]),
        elements=frozenset(doc["elements"]),
    )
    if not catalog.military_use <= catalog.controlled <= catalog.elements:
        raise ValueError(f"catalog {catalog.version}: military-use ⊆ controlled ⊆ elements broken")
    if not 0.0 < catalog.threshold <= 1.0:
        raise ValueError(f"catalog {catalog.version}: threshold {catalog.threshold} out of (0, 1]")
    return catalog

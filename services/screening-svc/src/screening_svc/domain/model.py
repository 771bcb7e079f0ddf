"""Screening domain model: orders, applications, findings and decisions.

Frozen values only; a Decision serialises to the same bytes for the same inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


class Outcome:
    CLEARED = "CLEARED"
    HELD = "HELD"
    BLOCKED = "BLOCKED"


SEVERITY: Mapping[str, int] = {Outcome.CLEARED: 0, Outcome.HELD: 1, Outcome.BLOCKED: 2}


def most_severe(outcomes: Iterable[str]) -> str:
    """BLOCKED > HELD > CLEARED; nothing found means CLEARED."""
    return max(outcomes, key=SEVERITY.__getitem__, default=Outcome.CLEARED)


@dataclass(frozen=True)
class Party:
    name: str
    country: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class EndUse:
    category: str
    description: str


@dataclass(frozen=True)
class Item:
    line: int
    description: str
    hs_code: str
    form: str
    composition: Mapping[str, float]
    quantity_kg: float


@dataclass(frozen=True)
class Order:
    order_id: str
    exporter_id: str
    exporter_name: str
    consignee: Party
    end_user: Party
    end_use: EndUse
    destination: str
    ship_date: date
    license_id: str | None
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Application:
    application_id: str
    applicant_military_manufacturer: bool
    consignee: Party
    end_user: Party
    end_use: EndUse
    destination: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class MaterialCatalog:
    """Which elements are controlled or military-use; an element counts at >= threshold."""

    controlled: frozenset[str]
    military_use: frozenset[str]
    threshold: float = 0.001

    def controlled_elements(self, item: Item) -> tuple[str, ...]:
        return self._present(item, self.controlled)

    def military_elements(self, item: Item) -> tuple[str, ...]:
        return self._present(item, self.military_use)

    def _present(self, item: Item, elements: frozenset[str]) -> tuple[str, ...]:
        return tuple(
            sorted(e for e, f in item.composition.items() if e in elements and f >= self.threshold)
        )


DEFAULT_CATALOG = MaterialCatalog(
    controlled=frozenset({"Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"}),
    military_use=frozenset({"Sm"}),
)

_REASON_FIELDS = ("code", "message", "item_line", "party", "score", "list_id", "entry_id")


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    item_line: int | None = None
    party: str | None = None
    score: float | None = None
    list_id: str | None = None
    entry_id: str | None = None

    def outcome(self) -> str:
        return REASON_OUTCOMES.get(self.code, Outcome.BLOCKED)

    def to_dict(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in _REASON_FIELDS}
        return {k: v for k, v in values.items() if v is not None}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reason:
        score = data.get("score")
        line = data.get("item_line")
        return cls(
            code=str(data["code"]),
            message=str(data["message"]),
            item_line=None if line is None else int(line),
            party=data.get("party"),
            score=None if score is None else float(score),
            list_id=data.get("list_id"),
            entry_id=data.get("entry_id"),
        )


# Unknown codes (e.g. from a newer license-svc) count as BLOCKED: fail closed.
REASON_OUTCOMES: Mapping[str, str] = {
    "RESTRICTED_PARTY": Outcome.BLOCKED,
    "POSSIBLE_PARTY_MATCH": Outcome.HELD,
    "MILITARY_END_USE": Outcome.BLOCKED,
    "END_USE_REVIEW": Outcome.HELD,
    "MILITARY_USE_MATERIAL": Outcome.BLOCKED,
    "LICENSE_REQUIRED": Outcome.BLOCKED,
    "LICENSE_NOT_FOUND": Outcome.BLOCKED,
    "LICENSE_NOT_ACTIVE": Outcome.BLOCKED,
    "LICENSE_OUTSIDE_VALIDITY": Outcome.BLOCKED,
    "LICENSE_MISMATCH": Outcome.BLOCKED,
    "LICENSE_QUANTITY_EXCEEDED": Outcome.BLOCKED,
}


@dataclass(frozen=True)
class Decision:
    outcome: str
    reasons: tuple[Reason, ...]
    ruleset_version: str
    list_versions: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_findings(
        cls,
        findings: Iterable[Reason],
        ruleset: str,
        list_versions: Mapping[str, str] | None = None,
    ) -> Decision:
        """The most severe finding wins; every finding is kept, in rule order."""
        reasons = tuple(findings)
        return cls(
            outcome=most_severe(r.outcome() for r in reasons),
            reasons=reasons,
            ruleset_version=ruleset,
            list_versions=dict(sorted((list_versions or {}).items())),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "reasons": [r.to_dict() for r in self.reasons],
            "ruleset_version": self.ruleset_version,
            "list_versions": dict(sorted(self.list_versions.items())),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Decision:
        return cls(
            outcome=str(data["outcome"]),
            reasons=tuple(Reason.from_dict(r) for r in data.get("reasons", ())),
            ruleset_version=str(data["ruleset_version"]),
            list_versions=dict(sorted(data.get("list_versions", {}).items())),
        )

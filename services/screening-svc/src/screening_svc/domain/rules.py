"""Ruleset 2025.06: every rule runs on an order or application; every finding is a Reason.

Pure and deterministic: reasons come in rule order, parties in role order, items by line.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from screening_svc.domain.end_use import MILITARY_CATEGORIES, REVIEW_CATEGORIES, military_words
from screening_svc.domain.matching import (
    DEFAULT_BLOCK_THRESHOLD,
    DEFAULT_REVIEW_THRESHOLD,
    PartyIndex,
)
from screening_svc.domain.model import (
    DEFAULT_CATALOG,
    Application,
    Decision,
    EndUse,
    Item,
    MaterialCatalog,
    Order,
    Party,
    Reason,
    most_severe,
)

RULESET_VERSION = "2025.06"


@dataclass(frozen=True)
class ScreeningContext:
    index: PartyIndex
    list_versions: Mapping[str, str] = field(default_factory=dict)
    catalog: MaterialCatalog = DEFAULT_CATALOG
    block_threshold: float = DEFAULT_BLOCK_THRESHOLD
    review_threshold: float = DEFAULT_REVIEW_THRESHOLD
    ruleset_version: str = RULESET_VERSION


class Screenable(Protocol):
    @property
    def consignee(self) -> Party: ...
    @property
    def end_user(self) -> Party: ...
    @property
    def end_use(self) -> EndUse: ...
    @property
    def items(self) -> Sequence[Item]: ...


def party_rule(subject: Screenable, ctx: ScreeningContext) -> list[Reason]:
    """RESTRICTED_PARTY at or above block, POSSIBLE_PARTY_MATCH in the review band."""
    findings = []
    for role, party in (("consignee", subject.consignee), ("end_user", subject.end_user)):
        matches = ctx.index.search(party.name, party.country, 1, ctx.review_threshold)
        if not matches:
            continue
        best = matches[0]
        blocked = best.score >= ctx.block_threshold
        what = "matches restricted party" if blocked else "may match restricted party"
        findings.append(
            Reason(
                code="RESTRICTED_PARTY" if blocked else "POSSIBLE_PARTY_MATCH",
                message=f"{role} {party.name!r} {what} {best.name!r} "
                f"(as {best.matched_name!r}) on list {best.list_id}",
                party=role,
                score=best.score,
                list_id=best.list_id,
                entry_id=best.entry_id,
            )
        )
    return findings


def military_end_use_rule(subject: Screenable, ctx: ScreeningContext) -> list[Reason]:
    category = subject.end_use.category
    if category not in MILITARY_CATEGORIES:
        return []
    return [Reason("MILITARY_END_USE", f"end-use category {category!r} is military")]


def end_use_review_rule(subject: Screenable, ctx: ScreeningContext) -> list[Reason]:
    category = subject.end_use.category
    words = military_words(subject.end_use.description)
    causes = [f"category {category!r} needs review"] if category in REVIEW_CATEGORIES else []
    if words:
        causes.append(f"description names a military use: {', '.join(words)}")
    return [Reason("END_USE_REVIEW", "; ".join(causes))] if causes else []


def license_required_rule(order: Order, ctx: ScreeningContext) -> list[Reason]:
    if order.license_id is not None:
        return []
    return [
        Reason(
            "LICENSE_REQUIRED",
            f"line {item.line} holds controlled {', '.join(found)} and the order names no licence",
            item_line=item.line,
        )
        for item in _by_line(order.items)
        if (found := ctx.catalog.controlled_elements(item))
    ]


def military_use_material_rule(order: Order, ctx: ScreeningContext) -> list[Reason]:
    """Without a licence this blocks; with one, license-svc decides whether it covers it."""
    if order.license_id is not None:
        return []
    return [
        Reason(
            "MILITARY_USE_MATERIAL",
            f"line {item.line} holds military-use {', '.join(found)} and no licence covers it",
            item_line=item.line,
        )
        for item in _by_line(order.items)
        if (found := ctx.catalog.military_elements(item))
    ]


def _by_line(items: Iterable[Item]) -> list[Item]:
    return sorted(items, key=lambda item: item.line)


Rule = Callable[[Any, ScreeningContext], list[Reason]]

RULES: list[Rule] = [
    party_rule,
    military_end_use_rule,
    end_use_review_rule,
    military_use_material_rule,
    license_required_rule,
]
APPLICATION_RULES: list[Rule] = [party_rule, military_end_use_rule, end_use_review_rule]


def decide_order(order: Order, ctx: ScreeningContext) -> Decision:
    """Run every rule; the most severe finding wins, all findings are kept."""
    findings = [f for rule in RULES for f in rule(order, ctx)]
    return Decision.from_findings(findings, ctx.ruleset_version, ctx.list_versions)


def decide_application(app: Application, ctx: ScreeningContext) -> Decision:
    """Order rules minus licence rules and MILITARY_USE_MATERIAL (that picks the lane)."""
    findings = [f for rule in APPLICATION_RULES for f in rule(app, ctx)]
    return Decision.from_findings(findings, ctx.ruleset_version, ctx.list_versions)


def order_license_lines(order: Order, catalog: MaterialCatalog) -> list[dict[str, Any]]:
    """The controlled lines license-svc checks and reserves, by line."""
    return [
        {
            "line": item.line,
            "form": item.form,
            "elements": list(found),
            "quantity_kg": item.quantity_kg,
        }
        for item in _by_line(order.items)
        if (found := catalog.controlled_elements(item))
    ]


def combine(screening: Decision, license_reasons: Iterable[Reason]) -> Decision:
    """Final decision: screening reasons first, then licence reasons in a fixed order."""
    extra = sorted(
        license_reasons,
        key=lambda r: (r.item_line or 0, r.code, r.message, r.entry_id or ""),
    )
    reasons = (*screening.reasons, *extra)
    return Decision(
        outcome=most_severe([screening.outcome, *(r.outcome() for r in extra)]),
        reasons=reasons,
        ruleset_version=screening.ruleset_version,
        list_versions=screening.list_versions,
    )

"""Recomputes every recorded screening decision from the log and reports each difference.

Inputs per decision: the subject's received/submitted event, the rule set version and the
list versions the decision names (fetched by version and checked against their hashes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from audit_svc.cli.screening_inputs import (
    application_from_data,
    catalog_for,
    order_from_data,
    parties_from_list,
)
from lodestone_contracts.canonical import canonical_bytes
from screening_svc.domain.matching import PartyIndex
from screening_svc.domain.model import Decision
from screening_svc.domain.rules import APPLICATION_RULES, RULES, Rule, ScreeningContext

ListFetcher = Callable[[str, str], bytes]  # (list_id, version) -> canonical JSON bytes
SCREENED = {"order.screened": "order.received", "application.screened": "application.submitted"}


@dataclass(frozen=True)
class Difference:
    seq: int
    subject: str
    event_type: str
    recorded: dict[str, Any]
    recomputed: dict[str, Any]


@dataclass
class RederiveReport:
    checked: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


@dataclass
class Rederiver:
    fetch_list: ListFetcher
    block_threshold: float
    review_threshold: float
    rules: Sequence[Rule] = tuple(RULES)
    application_rules: Sequence[Rule] = tuple(APPLICATION_RULES)
    _indexes: dict[tuple[tuple[str, str], ...], PartyIndex] = field(default_factory=dict)

    def _index(self, versions: dict[str, str]) -> PartyIndex:
        key = tuple(sorted(versions.items()))
        if key not in self._indexes:
            parties = [
                p for lid, ver in key for p in parties_from_list(self.fetch_list(lid, ver), ver)
            ]
            self._indexes[key] = PartyIndex(parties)
        return self._indexes[key]

    def recompute(
        self, event_type: str, inputs: dict[str, Any], recorded: dict[str, Any]
    ) -> Decision:
        versions = dict(recorded["list_versions"])
        ctx = ScreeningContext(
            index=self._index(versions),
            list_versions=versions,
            catalog=catalog_for(recorded["ruleset_version"]),
            block_threshold=self.block_threshold,
            review_threshold=self.review_threshold,
            ruleset_version=recorded["ruleset_version"],
        )
        if event_type == "order.screened":
            subject: Any = order_from_data(inputs)
            rules = self.rules
        else:
            subject = application_from_data(inputs)
            rules = self.application_rules
        findings = [finding for rule in rules for finding in rule(subject, ctx)]
        return Decision.from_findings(findings, ctx.ruleset_version, ctx.list_versions)

    def run(self, entries: Iterable[dict[str, Any]]) -> RederiveReport:
        """`entries` are log entries ({seq, event}) in seq order."""
        inputs: dict[str, dict[str, Any]] = {}
        report = RederiveReport()
        for entry in entries:
            event = entry["event"]
            kind = event["type"]
            if kind in SCREENED.values():
                inputs[f"{kind}/{event['subject']}"] = event["data"]
                continue
            if kind not in SCREENED:
                continue
            source = inputs.get(f"{SCREENED[kind]}/{event['subject']}")
            recorded = {k: v for k, v in event["data"]["screening"].items() if k != "decided_at"}
            report.checked += 1
            if source is None:
                report.differences.append(
                    Difference(
                        int(entry["seq"]),
                        event["subject"],
                        kind,
                        recorded,
                        {"missing": SCREENED[kind]},
                    )
                )
                continue
            recomputed = self.recompute(kind, source, recorded).to_dict()
            if canonical_bytes(recomputed) != canonical_bytes(recorded):
                report.differences.append(
                    Difference(int(entry["seq"]), event["subject"], kind, recorded, recomputed)
                )
        return report

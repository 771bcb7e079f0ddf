"""Party screening on demand: the same index and thresholds as the order rules.

Key rule: every party of one request is screened against one snapshot, named in list_versions.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from lodestone_contracts.shapes import CountryCode
from screening_svc.screener import Screener, Snapshot

MAX_MATCHES = 5


class PartyQuery(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=300)
    country: CountryCode | None = None


class ScreenPartiesRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    parties: list[PartyQuery] = Field(min_length=1, max_length=100)


class PartyMatch(BaseModel):
    list_id: str
    entry_id: str
    name: str
    matched_name: str
    score: float


class PartyResult(BaseModel):
    name: str
    outcome: Literal["CLEAR", "REVIEW", "BLOCK"]
    matches: list[PartyMatch]


class ScreenPartiesResponse(BaseModel):
    results: list[PartyResult]
    list_versions: dict[str, str]


class PartyScreening:
    def __init__(self, screener: Screener) -> None:
        self._screener = screener

    async def screen(self, request: ScreenPartiesRequest) -> ScreenPartiesResponse:
        snapshot = self._screener.snapshot
        results = await asyncio.to_thread(self._screen_all, request, snapshot)
        return ScreenPartiesResponse(results=results, list_versions=dict(snapshot.list_versions))

    def _screen_all(self, request: ScreenPartiesRequest, snapshot: Snapshot) -> list[PartyResult]:
        return [self._screen_one(party, snapshot) for party in request.parties]

    def _screen_one(self, party: PartyQuery, snapshot: Snapshot) -> PartyResult:
        screener = self._screener
        found = snapshot.index.search(
            party.name, party.country, MAX_MATCHES, screener.review_threshold
        )
        outcome: Literal["CLEAR", "REVIEW", "BLOCK"] = "CLEAR"
        if found:
            outcome = "BLOCK" if found[0].score >= screener.block_threshold else "REVIEW"
        matches: list[dict[str, Any]] = [
            {
                "list_id": m.list_id,
                "entry_id": m.entry_id,
                "name": m.name,
                "matched_name": m.matched_name,
                "score": m.score,
            }
            for m in found
        ]
        return PartyResult.model_validate(
            {"name": party.name, "outcome": outcome, "matches": matches}
        )

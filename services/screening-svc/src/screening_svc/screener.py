"""The live screening context: one PartyIndex over the latest version of every list.

Key rule: a snapshot (index and the list versions it holds) is swapped whole, so a decision
never mixes lists, and it names exactly the versions its index was built from.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lodestone_runtime.heap import freeze_long_lived
from screening_svc import metrics
from screening_svc.domain.matching import ListedParty, Match, PartyIndex
from screening_svc.domain.model import MaterialCatalog
from screening_svc.domain.rules import ScreeningContext

ListParties = tuple[ListedParty, ...]


@dataclass(frozen=True)
class Snapshot:
    index: PartyIndex
    list_versions: Mapping[str, str] = field(default_factory=dict)
    lists: Mapping[str, ListParties] = field(default_factory=dict)


def parties_from_canonical(document: Mapping[str, Any]) -> ListParties:
    """A stored canonical list as the index takes it (aliases in canonical, sorted order)."""
    list_id = str(document["list_id"])
    return tuple(
        ListedParty(list_id, e["id"], e["name"], tuple(e["aliases"]), e.get("country"))
        for e in document["entries"]
    )


def build_snapshot(lists: Mapping[str, tuple[str, ListParties]]) -> Snapshot:
    """CPU-bound: callers run it off the event loop."""
    ordered = dict(sorted(lists.items()))
    index = PartyIndex(p for _version, parties in ordered.values() for p in parties)
    return Snapshot(
        index=index,
        list_versions={list_id: version for list_id, (version, _p) in ordered.items()},
        lists={list_id: parties for list_id, (_v, parties) in ordered.items()},
    )


class Screener:
    """Holds the current snapshot and the rule configuration every decision uses."""

    def __init__(self, catalog: MaterialCatalog, block: float, review: float) -> None:
        self.catalog = catalog
        self.block_threshold = block
        self.review_threshold = review
        self._snapshot = Snapshot(index=PartyIndex(()))
        self._lock = asyncio.Lock()

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def context(self, snapshot: Snapshot | None = None) -> ScreeningContext:
        used = snapshot or self._snapshot
        return self.context_for(used.index, used.list_versions)

    def context_for(self, index: PartyIndex, list_versions: Mapping[str, str]) -> ScreeningContext:
        return ScreeningContext(
            index=index,
            list_versions=dict(list_versions),
            catalog=self.catalog,
            block_threshold=self.block_threshold,
            review_threshold=self.review_threshold,
        )

    async def install(self, changes: Mapping[str, tuple[str, ListParties]]) -> Snapshot:
        """Swap in new versions of some lists; the index is rebuilt off the event loop."""
        async with self._lock:
            current = self._snapshot
            merged = {
                list_id: (current.list_versions[list_id], parties)
                for list_id, parties in current.lists.items()
            }
            merged.update(changes)
            self._snapshot = await asyncio.to_thread(build_snapshot, merged)
            freeze_long_lived()  # the new index lives until the next publish
            counts = {list_id: len(parties) for list_id, parties in self._snapshot.lists.items()}
            metrics.observe_lists(self._snapshot.list_versions, counts)
            return self._snapshot

    def search(self, name: str, country: str | None, limit: int) -> tuple[list[Match], Snapshot]:
        snapshot = self._snapshot
        found = snapshot.index.search(name, country, limit, self.review_threshold)
        return found, snapshot

"""Candidate selection for party matching: the names sharing the most query weight.

Key rule: the top names by a Dice-like overlap with the query's blocks, without reading
whole postings: set work runs in C, and names met by one word only (or by plentiful words
only) are read from postings pre-sorted by their ranking order.
"""

import heapq
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

# At 30 the real-list evaluation keeps its recall, alone and among 100k synthetic entries.
CANDIDATE_CAP = 30
COMMON_POSTINGS = 2000
# Only this many of the scarcest query words (and glued pairs) bring names in; a long
# query's others only add weight, as ten distinctive words already find the entry.
BLOCKING_WORDS = 10
# Two words each held by more names than this bring a name in only with a scarcer word.
SCARCE_POSTINGS = 500


@dataclass(frozen=True, slots=True)
class Group:
    """A query word's blocking hits: its idf and the token ids of its close spellings."""

    idf: float
    tids: tuple[int, ...]
    size: int


class Postings:
    """Names per token id, as sets and in ranking order (lightest name first)."""

    def __init__(self, postings: Sequence[Sequence[int]], name_weights: Sequence[float]) -> None:
        self.sets = [frozenset(p) for p in postings]
        self.weights = name_weights
        order = name_weights.__getitem__
        # Among names sharing one query word only, the lightest rank first, so a posting
        # is read from its head only as long as its names can still make the cut.
        self.ordered = [
            tuple(sorted(p, key=lambda nid: (order(nid), nid))) if len(p) > 1 else tuple(p)
            for p in postings
        ]

    def names(self, group: Group) -> frozenset[int]:
        first, *rest = (self.sets[tid] for tid in group.tids)
        return first.union(*rest) if rest else first

    def among(self, group: Group, names: Iterable[int]) -> set[int]:
        """Which of names hold the group's word, found by set operations."""
        held: set[int] = set()
        for tid in group.tids:
            held.update(self.sets[tid].intersection(names))
        return held


class _Best:
    """The CANDIDATE_CAP smallest (key, name id) pairs offered, kept as a max-heap."""

    def __init__(self, pairs: Iterable[tuple[float, int]] = ()) -> None:
        self.heap = [(-key, -nid) for key, nid in heapq.nsmallest(CANDIDATE_CAP, pairs)]
        heapq.heapify(self.heap)

    def offer(self, key: float, nid: int) -> bool:
        """Keep the pair if it is among the best so far; False once it is not."""
        if len(self.heap) < CANDIDATE_CAP:
            heapq.heappush(self.heap, (-key, -nid))
            return True
        worst_key, worst_nid = self.heap[0]
        if (key, nid) < (-worst_key, -worst_nid):
            heapq.heapreplace(self.heap, (-key, -nid))
            return True
        return False

    def names(self) -> list[int]:
        return [-nid for _, nid in sorted(self.heap, reverse=True)]


def select(postings: Postings, groups: Sequence[Group]) -> list[int]:
    """The CANDIDATE_CAP names with the highest share of weight, ties by lower id.

    Dice-like share: shared weight over query plus name weight, so "abdellah" ranks the
    alias "ABDELLAH" above "ABU ABDELLAH AL-..." when the cap cuts. Words held by over
    COMMON_POSTINGS names, or beyond the BLOCKING_WORDS scarcest, never bring a name in on
    their own, only add to names brought in by rarer words (or, when all words are common,
    by the two rarest).
    """
    scarce_first = sorted(groups, key=lambda g: g.size)
    rare = [g for g in scarce_first[:BLOCKING_WORDS] if g.size <= COMMON_POSTINGS]
    common = scarce_first[len(rare) :]
    query_weight = sum(g.idf for g in groups)
    weights = postings.weights
    several = _shared(postings, rare, common) if rare else _common_only(postings, common)
    best = _Best((-shared / (query_weight + weights[nid]), nid) for nid, shared in several.items())
    _offer_singles(postings, rare, query_weight, best, several)
    return best.names()


def _offer_singles(
    postings: Postings,
    rare: Sequence[Group],
    query_weight: float,
    best: _Best,
    skip: Container[int],
) -> None:
    """Offer every name not in skip by its share of one rare word, best word first.

    The lightest rank first, so a posting is read only while its names can make the cut.
    """
    weights = postings.weights
    for group in sorted(rare, key=lambda g: -g.idf):
        for tid in group.tids:
            for nid in postings.ordered[tid]:
                if nid not in skip and not best.offer(
                    -group.idf / (query_weight + weights[nid]), nid
                ):
                    break


def _shared(postings: Postings, rare: Sequence[Group], common: Sequence[Group]) -> dict[int, float]:
    """Names holding more than one rare query word, one of them a scarce one, with the
    weight shared (common words included). Set operations find them in C; only they are
    visited one by one.

    A name holding one rare word is ranked on it alone: common words would add little
    weight, and visiting every such name (most hold "al" or "bank") is the slow tail. So
    is visiting every name holding two plentiful words ("abd" and "abd al", "hong" and
    "kong"): those are ranked on their best word alone unless a scarce word joins them.
    """
    scarce = [g for g in rare if g.size <= SCARCE_POSTINGS] or rare
    pool: set[int] = set()
    several: set[int] = set()
    for group in scarce:
        names = postings.names(group)
        several.update(names.intersection(pool))
        pool.update(names)
    for group in rare:
        if group.size > SCARCE_POSTINGS and scarce is not rare:
            several.update(postings.among(group, pool))
    shared = dict.fromkeys(several, 0.0)
    for group in (*rare, *common):
        for nid in postings.among(group, several):
            shared[nid] += group.idf
    return shared


def _common_only(postings: Postings, common: Sequence[Group]) -> dict[int, float]:
    """Only common words: a candidate must hold the two rarest."""
    if not common:
        return {}
    pool: Iterable[int] = postings.names(common[0])
    if len(common) > 1:
        pool = postings.among(common[1], pool)
    shared = dict.fromkeys(sorted(pool)[: CANDIDATE_CAP * 4], 0.0)
    for group in common:
        for nid in postings.among(group, shared):
            shared[nid] += group.idf
    return shared

"""Party matching: an index over every name and alias of restricted-list entries.

Candidates come from token blocking (exact, one-edit and 3-gram spellings); only a capped
number is scored. Results are deterministic: ties break on list id, then entry id.
"""

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from screening_svc.domain.blocking import CANDIDATE_CAP, Group, Postings, select
from screening_svc.domain.normalise import sound_key, tokens
from screening_svc.domain.scoring import (
    COUNTRY_BONUS,
    IndexedName,
    QueryScorer,
    country_adjusted,
)
from screening_svc.domain.vocabulary import Vocabulary

DEFAULT_BLOCK_THRESHOLD = 0.92
DEFAULT_REVIEW_THRESHOLD = 0.80
# Below this many raw points a candidate cannot reach min_score even with the country bonus
# and rounding, so its whole-string similarities are not computed.
_FLOOR_MARGIN = COUNTRY_BONUS + 0.001


def _keys(name: str) -> tuple[str, ...]:
    return tuple(sound_key(t) for t in tokens(name))


@dataclass(frozen=True)
class ListedParty:
    """One restricted-list entry as the index sees it."""

    list_id: str
    entry_id: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None


@dataclass(frozen=True)
class Match:
    list_id: str
    entry_id: str
    name: str
    matched_name: str
    score: float


class PartyIndex:
    """Searchable names of many entries; immutable once built."""

    def __init__(self, parties: Iterable[ListedParty]) -> None:
        self.parties: list[ListedParty] = sorted(parties, key=lambda p: (p.list_id, p.entry_id))
        self.vocabulary = Vocabulary()
        found: list[tuple[int, str, tuple[str, ...]]] = []
        postings: list[list[int]] = []
        for pid, party in enumerate(self.parties):
            self._add(pid, party, found, postings)
        count = max(1, len(found))
        self._idf = [math.log(1.0 + count / len(p)) for p in postings]
        self._unknown_idf = math.log(1.0 + count)
        self._names = [self._indexed(pid, raw, words) for pid, raw, words in found]
        self._texts = [name.text for name in self._names]
        self._postings = Postings(postings, [name.total for name in self._names])

    def __len__(self) -> int:
        return len(self.parties)

    def _add(
        self,
        pid: int,
        party: ListedParty,
        found: list[tuple[int, str, tuple[str, ...]]],
        postings: list[list[int]],
    ) -> None:
        seen: set[str] = set()
        intern = self.vocabulary.intern
        for raw in (party.name, *party.aliases):
            words = _keys(raw)
            text = " ".join(words)
            if not text or text in seen:
                continue
            seen.add(text)
            nid = len(found)
            found.append((pid, raw, words))
            # Adjacent pairs are indexed glued, so "sino bright" finds "sinobright".
            singles = set(words)
            for key in sorted(singles | {a + b for a, b in itertools.pairwise(words)}):
                tid = intern(key, key in singles)
                if tid == len(postings):
                    postings.append([])
                postings[tid].append(nid)

    def _indexed(self, pid: int, raw: str, words: tuple[str, ...]) -> IndexedName:
        weights = tuple(map(self.weight, words))
        pairs = tuple(a + b for a, b in itertools.pairwise(words))
        text, compact = " ".join(words), "".join(words)
        return IndexedName(pid, raw, words, weights, sum(weights), text, compact, pairs)

    def weight(self, token: str) -> float:
        tid = self.vocabulary.ids.get(token)
        return self._unknown_idf if tid is None else self._idf[tid]

    def search(
        self,
        name: str,
        country: str | None = None,
        limit: int = 5,
        min_score: float = DEFAULT_REVIEW_THRESHOLD,
    ) -> list[Match]:
        """Best match per entry, best first, only those scoring at least min_score."""
        query = _keys(name)
        if not query:
            return []
        return self._rank(query, country, self._candidates(query), limit, min_score)

    def _rank(
        self,
        query: Sequence[str],
        country: str | None,
        names: Sequence[int],
        limit: int,
        min_score: float,
    ) -> list[Match]:
        scorer = QueryScorer(query, self.weight)
        candidates = [self._names[nid] for nid in names]
        scorer.prepare(candidates)
        floor = min_score - _FLOOR_MARGIN
        best: dict[int, tuple[float, int]] = {}
        for nid, name in zip(names, candidates, strict=True):
            raw = scorer.score(name, floor)
            entry_country = self.parties[name.party].country
            score = round(country_adjusted(raw, country, entry_country), 4)
            if score >= min_score and score > best.get(name.party, (-1.0, 0))[0]:
                best[name.party] = (score, nid)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
        return [self._match(pid, nid, score) for pid, (score, nid) in ranked[:limit]]

    def _match(self, pid: int, nid: int, score: float) -> Match:
        party = self.parties[pid]
        return Match(party.list_id, party.entry_id, party.name, self._names[nid].raw, score)

    def _groups(self, query: Sequence[str]) -> list[Group]:
        """Per query word (and glued pair): its idf and the tokens of close spelling."""
        words = list(dict.fromkeys([*query, *(a + b for a, b in itertools.pairwise(query))]))
        groups = []
        sets = self._postings.sets
        for word in words:
            hits = self.vocabulary.lookup(word) if word in query else self._exact(word)
            if not hits:
                continue
            idf = max(self._idf[tid] * sim for tid, sim in hits)
            tids = tuple(tid for tid, _ in hits)
            groups.append(Group(idf, tids, sum(len(sets[tid]) for tid in tids)))
        groups.sort(key=lambda g: (g.size, -g.idf))
        return groups

    def _exact(self, word: str) -> list[tuple[int, float]]:
        tid = self.vocabulary.ids.get(word)
        return [] if tid is None else [(tid, 1.0)]

    def _candidates(self, query: Sequence[str]) -> list[int]:
        return select(self._postings, self._groups(query))

    def brute_force_search(
        self,
        name: str,
        country: str | None = None,
        limit: int = 5,
        min_score: float = DEFAULT_REVIEW_THRESHOLD,
    ) -> list[Match]:
        """Baseline: rapidfuzz over every indexed name, then the same final scoring."""
        query = _keys(name)
        if not query:
            return []
        hits = process.extract(
            " ".join(query), self._texts, scorer=fuzz.token_set_ratio, limit=CANDIDATE_CAP * 4
        )
        return self._rank(query, country, [nid for _, _, nid in hits], limit, min_score)


def brute_force_search(
    index: PartyIndex,
    name: str,
    country: str | None = None,
    limit: int = 5,
    min_score: float = DEFAULT_REVIEW_THRESHOLD,
) -> list[Match]:
    """Module-level alias of PartyIndex.brute_force_search, for benchmarks."""
    return index.brute_force_search(name, country, limit, min_score)

"""Party matching: an index over every name and alias of restricted-list entries.

Candidates come from token blocking (exact, one-edit and 3-gram spellings); only a capped
number is scored. Results are deterministic: ties break on list id, then entry id.
"""

import heapq
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from screening_svc.domain.normalise import sound_key, tokens
from screening_svc.domain.scoring import country_adjusted, name_similarity
from screening_svc.domain.vocabulary import Vocabulary

DEFAULT_BLOCK_THRESHOLD = 0.92
DEFAULT_REVIEW_THRESHOLD = 0.80
CANDIDATE_CAP = 40
COMMON_POSTINGS = 2000


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
        self.parties: list[ListedParty] = []
        self.vocabulary = Vocabulary()
        self._name_party: list[int] = []
        self._name_text: list[str] = []
        self._name_tokens: list[tuple[str, ...]] = []
        postings: list[set[int]] = []
        for party in sorted(parties, key=lambda p: (p.list_id, p.entry_id)):
            self._add(party, postings)
        self._postings = [frozenset(p) for p in postings]
        count = max(1, len(self._name_text))
        self._idf = [math.log(1.0 + count / len(p)) for p in self._postings]
        self._unknown_idf = math.log(1.0 + count)
        self._name_weight = [sum(map(self.weight, words)) for words in self._name_tokens]

    def __len__(self) -> int:
        return len(self.parties)

    def _add(self, party: ListedParty, postings: list[set[int]]) -> None:
        pid = len(self.parties)
        self.parties.append(party)
        seen: set[str] = set()
        for raw in (party.name, *party.aliases):
            words = _keys(raw)
            text = " ".join(words)
            if not text or text in seen:
                continue
            seen.add(text)
            nid = len(self._name_text)
            self._name_party.append(pid)
            self._name_text.append(raw)
            self._name_tokens.append(words)
            # Adjacent pairs are indexed glued, so "sino bright" finds "sinobright".
            keys = set(words) | {a + b for a, b in itertools.pairwise(words)}
            for key in sorted(keys):
                tid = self.vocabulary.intern(key)
                if tid == len(postings):
                    postings.append(set())
                postings[tid].add(nid)

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
        names: Iterable[int],
        limit: int,
        min_score: float,
    ) -> list[Match]:
        best: dict[int, tuple[float, int]] = {}
        for nid in names:
            pid = self._name_party[nid]
            raw = name_similarity(query, self._name_tokens[nid], self.weight)
            score = round(country_adjusted(raw, country, self.parties[pid].country), 4)
            if score >= min_score and score > best.get(pid, (-1.0, 0))[0]:
                best[pid] = (score, nid)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
        return [self._match(pid, nid, score) for pid, (score, nid) in ranked[:limit]]

    def _match(self, pid: int, nid: int, score: float) -> Match:
        party = self.parties[pid]
        return Match(party.list_id, party.entry_id, party.name, self._name_text[nid], score)

    def _groups(self, query: Sequence[str]) -> list[tuple[float, frozenset[int]]]:
        """Per query word (and glued pair): its idf and the names holding a close spelling."""
        words = list(dict.fromkeys([*query, *(a + b for a, b in itertools.pairwise(query))]))
        groups = []
        for word in words:
            hits = self.vocabulary.lookup(word) if word in query else self._exact(word)
            if not hits:
                continue
            names = frozenset().union(*(self._postings[tid] for tid, _ in hits))
            groups.append((max(self._idf[tid] * sim for tid, sim in hits), names))
        groups.sort(key=lambda g: (len(g[1]), -g[0]))
        return groups

    def _exact(self, word: str) -> list[tuple[int, float]]:
        tid = self.vocabulary.ids.get(word)
        return [] if tid is None else [(tid, 1.0)]

    def _candidates(self, query: Sequence[str]) -> list[int]:
        groups = self._groups(query)
        rare = [g for g in groups if len(g[1]) <= COMMON_POSTINGS]
        common = [g for g in groups if len(g[1]) > COMMON_POSTINGS]
        scores: dict[int, float] = {}
        for idf, names in rare:
            for nid in names:
                scores[nid] = scores.get(nid, 0.0) + idf
        if not scores and common:
            # Only common words: a candidate must hold all of the two rarest.
            pool = common[0][1] & common[1][1] if len(common) > 1 else common[0][1]
            scores = dict.fromkeys(sorted(pool)[: CANDIDATE_CAP * 4], 0.0)
        for idf, names in common:
            for nid in scores:
                if nid in names:
                    scores[nid] += idf
        # Dice-like: shared weight over the candidate's own weight, so "abdellah" ranks the
        # alias "ABDELLAH" above "ABU ABDELLAH AL-..." when the cap cuts.
        query_weight = sum(idf for idf, _ in groups)
        return heapq.nsmallest(
            CANDIDATE_CAP,
            scores,
            key=lambda nid: (-scores[nid] / (query_weight + self._name_weight[nid]), nid),
        )

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
        texts = [" ".join(t) for t in self._name_tokens]
        hits = process.extract(
            " ".join(query), texts, scorer=fuzz.token_set_ratio, limit=CANDIDATE_CAP * 4
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

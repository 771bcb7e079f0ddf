"""Similarity of two normalised names in 0..1, robust to word order, typos and extra words.

Distinctive words weigh more than common ones, so sharing only "trading" or "bank" with an
entry never makes a match, while a missing distinctive word costs most of the score.
"""

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

TOKEN_MATCH_FLOOR = 0.7
ENTRY_SHARE = 0.5
COUNTRY_BONUS = 0.03
COUNTRY_PENALTY = 0.06

Weight = Callable[[str], float]
Similarity = Callable[[str, str], float]


def token_similarity(a: str, b: str) -> float:
    # A swap of neighbours costs 2 of 2 * len: "anug" is 0.75 from "aung". This ratio is
    # never below OSA's normalised similarity (an OSA script of d edits is an indel script
    # of at most 2d - length difference), so OSA need not be computed as well.
    return fuzz.ratio(a, b) / 100.0


def align(
    query: Sequence[str], candidate: Sequence[str], similar: Similarity = token_similarity
) -> tuple[list[float], list[float]]:
    """One-to-one word alignment: each word's similarity to the word it is paired with.

    Equal words pair first, then the closest remaining pairs; a word is used once, so
    "smart marin" does not cover "martin" twice.
    """
    q_sim, c_sim = [0.0] * len(query), [0.0] * len(candidate)
    free_c = list(range(len(candidate)))
    free_q = []
    for i, word in enumerate(query):
        j = next((j for j in free_c if candidate[j] == word), None)
        if j is None:
            free_q.append(i)
        else:
            q_sim[i] = c_sim[j] = 1.0
            free_c.remove(j)
    pairs = sorted(
        ((similar(query[i], candidate[j]), i, j) for i in free_q for j in free_c),
        reverse=True,
    )
    for similarity, i, j in pairs:
        if similarity < TOKEN_MATCH_FLOOR:
            break
        if q_sim[i] == 0.0 and c_sim[j] == 0.0:
            q_sim[i] = c_sim[j] = similarity
    return q_sim, c_sim


def coverage(words: Sequence[str], similarity: Sequence[float], weight: Weight) -> float:
    """Weighted share of words that found a partner, by how close the partner is."""
    weights = [weight(w) for w in words]
    total = sum(weights)
    return sum(w * s for w, s in zip(weights, similarity, strict=True)) / total if total else 0.0


def glue(words: Sequence[str], other: Sequence[str]) -> list[str]:
    """Join adjacent words that the other name writes as one ("sino bright" / "sinobright")."""
    known = frozenset(other)
    glued: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and words[i] + words[i + 1] in known:
            glued.append(words[i] + words[i + 1])
            i += 2
        else:
            glued.append(words[i])
            i += 1
    return glued


def name_similarity(query: Sequence[str], candidate: Sequence[str], weight: Weight) -> float:
    """Combine whole-name and word-level evidence, both ways round."""
    query_text, candidate_text = " ".join(query), " ".join(candidate)
    if query_text == candidate_text:
        return 1.0
    query = glue(query, candidate)
    candidate = glue(candidate, query)
    q_sim, c_sim = align(query, candidate)
    words = ENTRY_SHARE * coverage(candidate, c_sim, weight) + (1.0 - ENTRY_SHARE) * coverage(
        query, q_sim, weight
    )
    whole = fuzz.token_sort_ratio(query_text, candidate_text) / 100.0
    compact = fuzz.ratio("".join(query), "".join(candidate)) / 100.0
    # Whole-string similarity may lift the word score only a little: two names that differ
    # in one distinctive word can still share most of their characters.
    return max(words, min(max(whole, compact), words + 0.1))


def country_adjusted(score: float, query_country: str | None, entry_country: str | None) -> float:
    """Same country is small evidence for, a different one small evidence against."""
    if query_country and entry_country:
        same = query_country.upper() == entry_country.upper()
        score = score + COUNTRY_BONUS if same else score - COUNTRY_PENALTY
    return min(1.0, max(0.0, score))


@dataclass(frozen=True, slots=True)
class IndexedName:
    """One indexed name, with everything scoring needs precomputed at build."""

    party: int
    raw: str
    words: tuple[str, ...]
    weights: tuple[float, ...]
    total: float
    text: str
    compact: str
    pairs: tuple[str, ...]


class QueryScorer:
    """name_similarity of one query against many indexed names, in bulk.

    Word similarities come from one rapidfuzz pass per query word over the candidates'
    distinct words (pairs below TOKEN_MATCH_FLOOR never align, so they are not kept).
    Names that glue words with the query take the reference path.
    """

    def __init__(self, words: Sequence[str], weight: Weight) -> None:
        self.words = tuple(words)
        self.weight = weight
        self.weights = tuple(weight(w) for w in self.words)
        self.total = sum(self.weights)
        self.text = " ".join(self.words)
        self.compact = "".join(self.words)
        self.word_set = frozenset(self.words)
        self.pairs = frozenset(a + b for a, b in zip(self.words, self.words[1:], strict=False))
        self._partners: dict[str, list[tuple[float, int]]] = {}

    def prepare(self, names: Iterable[IndexedName]) -> None:
        """Find, for every word of these names, the query words it may align with."""
        fresh = list({w for name in names for w in name.words} - self._partners.keys())
        partners = self._partners
        for word in fresh:
            partners[word] = []
        cutoff = TOKEN_MATCH_FLOOR * 100.0
        for i, query_word in enumerate(self.words):
            close = process.extract(
                query_word, fresh, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            )
            for word, score, _ in close:
                partners[word].append((score / 100.0, i))

    def align(self, words: Sequence[str]) -> tuple[list[float], list[float]]:
        """Same as align(query, words): equal words are the only pairs at 1.0, so they
        still pair first, and the rest pair closest first."""
        partners = self._partners
        pairs = [(sim, i, j) for j, word in enumerate(words) for sim, i in partners[word]]
        pairs.sort(reverse=True)
        q_sim, c_sim = [0.0] * len(self.words), [0.0] * len(words)
        for sim, i, j in pairs:
            if q_sim[i] == 0.0 and c_sim[j] == 0.0:
                q_sim[i] = c_sim[j] = sim
        return q_sim, c_sim

    def score(self, name: IndexedName, floor: float = 0.0) -> float:
        """The name's similarity; when it is surely below floor, a value below floor.
        The name must have been prepared."""
        if self.text == name.text:
            return 1.0
        if not (self.pairs.isdisjoint(name.words) and self.word_set.isdisjoint(name.pairs)):
            return name_similarity(self.words, name.words, self.weight)
        q_sim, c_sim = self.align(name.words)
        entry: float = sum(map(operator.mul, name.weights, c_sim)) / name.total
        query: float = sum(map(operator.mul, self.weights, q_sim)) / self.total
        words = ENTRY_SHARE * entry + (1.0 - ENTRY_SHARE) * query
        if words + 0.1 < floor:
            return words
        whole = fuzz.token_sort_ratio(self.text, name.text) / 100.0
        compact = fuzz.ratio(self.compact, name.compact) / 100.0
        return max(words, min(max(whole, compact), words + 0.1))

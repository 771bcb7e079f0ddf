"""Token vocabulary of a party index, with typo-tolerant token lookup.

A query token finds vocabulary tokens one edit away (deletion neighbourhoods) and, failing
that, tokens sharing most character 3-grams; every hit carries its similarity in 0..1.
"""

from operator import itemgetter

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

MIN_FUZZY_LENGTH = 4
TRIGRAM_MIN_SIMILARITY = 0.75
TRIGRAM_MAX_HITS = 4


def _deletions(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def _trigrams(token: str) -> set[str]:
    padded = f"^{token}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Vocabulary:
    """Interns tokens as ids; finds close spellings of the tokens interned as fuzzy."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.tokens: list[str] = []
        self._fuzzy: set[int] = set()
        self._neighbours: dict[str, list[int]] = {}
        self._trigrams: dict[str, list[int]] = {}

    def intern(self, token: str, fuzzy: bool = True) -> int:
        """The token's id. Only fuzzy tokens are found by close spellings: glued word pairs
        are looked up exactly, and indexing their spellings would dominate build time."""
        tid = self.ids.get(token)
        if tid is None:
            tid = len(self.tokens)
            self.ids[token] = tid
            self.tokens.append(token)
        if fuzzy and len(token) >= MIN_FUZZY_LENGTH and tid not in self._fuzzy:
            self._fuzzy.add(tid)
            for variant in _deletions(token) | {token}:
                self._neighbours.setdefault(variant, []).append(tid)
            for gram in _trigrams(token):
                self._trigrams.setdefault(gram, []).append(tid)
        return tid

    def lookup(self, token: str) -> list[tuple[int, float]]:
        """Vocabulary ids close to token, with similarity; the exact token first."""
        exact = self.ids.get(token)
        hits = [] if exact is None else [(exact, 1.0)]
        if len(token) < MIN_FUZZY_LENGTH:
            return hits
        close = self._one_edit(token, exact)
        if not hits and not close:
            close = self._shared_trigrams(token)
        return hits + close

    def _one_edit(self, token: str, exact: int | None) -> list[tuple[int, float]]:
        found: set[int] = set()
        neighbours = self._neighbours
        for variant in _deletions(token) | {token}:
            found.update(neighbours.get(variant, ()))
        found.discard(-1 if exact is None else exact)
        hits = []
        for tid in sorted(found):
            other = self.tokens[tid]
            if OSA.distance(token, other, score_cutoff=1) <= 1:
                hits.append((tid, fuzz.ratio(token, other) / 100.0))
        return hits

    def _shared_trigrams(self, token: str) -> list[tuple[int, float]]:
        """Tokens sharing at least half the 3-grams and close by ratio, best first.

        A token sharing `needed` of the query's grams holds one of any len - needed + 1
        of them, so only the postings of the rarest ones are read (prefix filtering).
        """
        grams = _trigrams(token)
        needed = max(2, len(grams) // 2)
        postings = sorted((self._trigrams.get(g, ()) for g in grams), key=len)
        pool = list(set().union(*postings[: len(grams) - needed + 1]))
        if not pool:
            return []
        # itemgetter reads the pool's spellings in C; one spelling comes back bare.
        words = itemgetter(*pool)(self.tokens) if len(pool) > 1 else (self.tokens[pool[0]],)
        cutoff = TRIGRAM_MIN_SIMILARITY * 100.0
        close = process.extract(token, words, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        hits = [
            (pool[i], score / 100.0)
            for word, score, i in close
            if len(grams & _trigrams(word)) >= needed
        ]
        hits.sort(key=lambda hit: (-hit[1], hit[0]))
        return hits[:TRIGRAM_MAX_HITS]

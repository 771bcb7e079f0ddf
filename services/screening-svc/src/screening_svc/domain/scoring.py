"""Similarity of two normalised names in 0..1, robust to word order, typos and extra words.

Distinctive words weigh more than common ones, so sharing only "trading" or "bank" with an
entry never makes a match, while a missing distinctive word costs most of the score.
"""

from collections.abc import Callable, Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

TOKEN_MATCH_FLOOR = 0.7
ENTRY_SHARE = 0.5
COUNTRY_BONUS = 0.03
COUNTRY_PENALTY = 0.06

Weight = Callable[[str], float]


def token_similarity(a: str, b: str) -> float:
    # OSA counts a swap of neighbours as one edit: "anug" is one slip from "aung".
    return max(fuzz.ratio(a, b) / 100.0, OSA.normalized_similarity(a, b))


def align(query: Sequence[str], candidate: Sequence[str]) -> tuple[list[float], list[float]]:
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
        ((token_similarity(query[i], candidate[j]), i, j) for i in free_q for j in free_c),
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

"""Labelled evaluation cases built from real lists with a fixed seed, and their scoring.

Positives are variants of real names (or their aliases) labelled with the entry; negatives
are similar-looking names that no entry carries, checked against every indexed name.
"""

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz, process

from screening_svc.domain.entries import RestrictedEntry, RestrictedList
from screening_svc.domain.matching import DEFAULT_REVIEW_THRESHOLD, PartyIndex
from screening_svc.domain.normalise import normalise, tokens
from screening_svc.evaluation.variants import VARIANTS

_WORDS = "global metals trading industrial technology import export engineering materials"
_MORE = "resources logistics holding group international electronics energy solutions"
_REST = "systems development investment supply services chemical mining magnetics precision"
_BUSINESS_WORDS = f"{_WORDS} {_MORE} {_REST}".split()
_LEGAL_FORMS = ("LLC", "Ltd", "Co., Ltd.", "GmbH", "Inc.", "JSC", "S.A.", "Limited", "OOO")


@dataclass(frozen=True)
class Case:
    query: str
    country: str | None
    expected: tuple[str, str] | None
    kind: str


class NameGuard:
    """Knows every indexed name, to keep negatives from being real names or supersets of one."""

    def __init__(self, lists: Iterable[RestrictedList]) -> None:
        self.token_sets: set[frozenset[str]] = set()
        self.texts: list[str] = []
        for restricted in lists:
            for e in restricted.entries:
                for name in (e.name, *e.aliases):
                    words = tokens(name)
                    self.token_sets.add(frozenset(words))
                    self.texts.append(" ".join(sorted(words)))

    def is_clear(self, name: str) -> bool:
        words = sorted(set(tokens(name)))
        subsets = (frozenset(c) for n in range(1, len(words) + 1) for c in combinations(words, n))
        if any(s in self.token_sets for s in subsets):
            return False
        text = " ".join(words)
        near = process.extractOne(text, self.texts, scorer=fuzz.ratio, score_cutoff=75)
        # A name whose words nearly all appear in a listed name is ambiguous, not negative.
        held = process.extractOne(text, self.texts, scorer=fuzz.token_set_ratio, score_cutoff=90)
        return near is None and held is None


def positive_cases(lists: Sequence[RestrictedList], count: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    pool = [(rl.list_id, e) for rl in lists for e in rl.entries if len(normalise(e.name)) >= 6]
    cases = []
    for list_id, e in rng.sample(pool, count):
        kind = rng.choice([*(v.__name__ for v in VARIANTS), "alias"])
        source = rng.choice(e.aliases) if kind == "alias" and e.aliases else e.name
        variant = next((v for v in VARIANTS if v.__name__ == kind), None)
        query = variant(source, rng) if variant else source
        cases.append(Case(query, e.country, (list_id, e.id), kind))
    return cases


def _one_shared_token(entries: Sequence[RestrictedEntry], rng: random.Random) -> str:
    kept = rng.choice(tokens(rng.choice(entries).name))
    others = [rng.choice(_BUSINESS_WORDS) for _ in range(rng.randint(1, 2))]
    return " ".join([kept.title(), *others]).title()


def _invented_company(rng: random.Random) -> str:
    words = rng.sample(_BUSINESS_WORDS, rng.randint(2, 3))
    return f"{' '.join(words).title()} {rng.choice(_LEGAL_FORMS)}"


def _mixed_person(entries: Sequence[RestrictedEntry], rng: random.Random) -> str:
    first = tokens(rng.choice(entries).name)[-1]
    last = tokens(rng.choice(entries).name)[0]
    return f"{first} {last}".title()


def negative_cases(
    lists: Sequence[RestrictedList], other_names: Sequence[str], count: int, seed: int
) -> list[Case]:
    rng = random.Random(seed)
    guard = NameGuard(lists)
    entries = [e for rl in lists for e in rl.entries]
    makers = {
        "shared_token": lambda: _one_shared_token(entries, rng),
        "invented_company": lambda: _invented_company(rng),
        "mixed_person": lambda: _mixed_person(entries, rng),
        "other_list": lambda: rng.choice(other_names),
    }
    cases: list[Case] = []
    seen: set[str] = set()
    while len(cases) < count:
        kind = rng.choice(sorted(makers))
        query = makers[kind]()
        if normalise(query) in seen or not guard.is_clear(query):
            continue
        seen.add(normalise(query))
        cases.append(Case(query, None, None, kind))
    return cases


def evaluate(
    index: PartyIndex, cases: Iterable[Case], review_threshold: float = DEFAULT_REVIEW_THRESHOLD
) -> dict[str, float]:
    """Recall of positives (right entry at >= review) and false-positive rate of negatives."""
    found = n_pos = false_positives = n_neg = 0
    for case in cases:
        matches = index.search(case.query, case.country, 5, review_threshold)
        if case.expected is None:
            n_neg += 1
            false_positives += bool(matches)
        else:
            n_pos += 1
            found += any((m.list_id, m.entry_id) == case.expected for m in matches)
    return {
        "recall": found / n_pos if n_pos else 1.0,
        "false_positive_rate": false_positives / n_neg if n_neg else 0.0,
        "n_pos": n_pos,
        "n_neg": n_neg,
    }

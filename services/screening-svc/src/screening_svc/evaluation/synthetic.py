"""A seeded synthetic restricted list of any size, names built from real list tokens.

For benchmarks only: realistic token frequencies and lengths, no real identities added.
"""

import random
from collections.abc import Sequence

from screening_svc.domain.entries import RestrictedEntry, RestrictedList

_LEGAL = ("LLC", "LTD", "CO., LTD.", "JSC", "GMBH", "S.A.", "INC.", "OOO", "")
_COUNTRIES = ("RU", "IR", "CN", "KP", "SY", "AE", "TR", "BY", "VE", "CU", "HK", "IN", None)


def synthetic_list(
    seed_names: Sequence[str], size: int = 100_000, seed: int = 20250601
) -> RestrictedList:
    """size entries; about a third persons ("LAST, First Middle"), a third with an alias."""
    rng = random.Random(seed)
    words = sorted({w for name in seed_names for w in name.replace(",", " ").split() if w})
    entries = []
    for number in range(size):
        if rng.random() < 0.35:
            first, last = rng.sample(words, 2)
            name = f"{last.upper()}, {first.title()} {rng.choice(words).title()}"
        else:
            picked = rng.sample(words, rng.randint(1, 4))
            name = f"{' '.join(picked).upper()} {rng.choice(_LEGAL)}".strip()
        aliases = (" ".join(rng.sample(words, 2)).upper(),) if rng.random() < 0.33 else ()
        entries.append(RestrictedEntry(f"SYN-{number:06d}", name, aliases, rng.choice(_COUNTRIES)))
    return RestrictedList("synthetic", f"Synthetic {size}", tuple(entries))

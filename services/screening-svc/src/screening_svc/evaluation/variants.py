"""Ways a real name gets written differently: typos, word order, legal forms, Cyrillic.

Every function takes a seeded random.Random, so an evaluation set is reproducible.
"""

import random
import re

_LEGAL_SUFFIXES = ("LLC", "Ltd.", "Co., Ltd.", "Inc.", "GmbH", "JSC", "OOO", "S.A.", "Limited")
_LEGAL_SUFFIX = re.compile(
    r"[,\s]+(?:co\.?,? ?ltd\.?|llc|ltd\.?|inc\.?|jsc|s\.a\.?|limited)$", re.I
)

_CYRILLIC_PAIRS = (
    ("sh", "ш"),
    ("ch", "ч"),
    ("kh", "х"),
    ("zh", "ж"),
    ("ts", "ц"),
    ("ya", "я"),
    ("yu", "ю"),
)
_CYRILLIC = dict(zip("abcdefghijklmnopqrstuvwxyz", "абкдефгхийклмнопкрстувв?йз", strict=True))
_CYRILLIC["x"] = "кс"
_CYRILLIC["j"] = "дж"


def swap_chars(name: str, rng: random.Random) -> str:
    spots = [i for i in range(len(name) - 1) if name[i].isalpha() and name[i + 1].isalpha()]
    if not spots:
        return name
    i = rng.choice(spots)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def drop_char(name: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(name) if c.isalpha()]
    i = rng.choice(spots)
    return name[:i] + name[i + 1 :]


def insert_char(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(name))
    return name[:i] + rng.choice("aeiourstnl") + name[i:]


def reorder_words(name: str, rng: random.Random) -> str:
    words = name.replace(",", " ").split()
    rotated = words[1:] + words[:1]
    return " ".join(rotated if len(words) > 1 else words)


def toggle_legal_form(name: str, rng: random.Random) -> str:
    stripped = _LEGAL_SUFFIX.sub("", name)
    return stripped if stripped != name else f"{name} {rng.choice(_LEGAL_SUFFIXES)}"


def change_punctuation(name: str, rng: random.Random) -> str:
    changed = name.replace("-", " ").replace(",", "").replace(".", "")
    return changed if changed != name else name.replace(" ", "-", 1)


def cyrillic(name: str, rng: random.Random) -> str:
    """The name as a Russian writer might render it, letter by letter."""
    text = name.lower()
    for latin, letter in _CYRILLIC_PAIRS:
        text = text.replace(latin, letter)
    return "".join(_CYRILLIC.get(c, c) for c in text)


TYPOS = (swap_chars, drop_char, insert_char)
VARIANTS = (*TYPOS, reorder_words, toggle_legal_form, change_punctuation, cyrillic)

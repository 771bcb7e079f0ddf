"""Name normalisation for party matching: one Latin, lower-case, punctuation-free form.

Idempotent: normalise(normalise(x)) == normalise(x).
"""

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

_LEGAL_FORM_WORDS = """
    inc incorporated corp corporation co company cos companies ltd limited llc lllp gmbh mbh
    kg ohg ug jsc ojsc pjsc cjsc ooo zao oao ao pao tov sa sas sarl srl spa bv nv ag plc pte pty
    pvt private kk ab oy oyj as asa aps llp lp lc sl sc sae sal saog qsc wll fze fzco fzc fzllc
    bhd sdn tbk ltda eireli cia kft zrt doo dd ad ead sro spzoo sp zoo aktiengesellschaft
"""
LEGAL_FORMS: frozenset[str] = frozenset(_LEGAL_FORM_WORDS.split())
_PHRASES = (
    "open joint stock company|closed joint stock company|public joint stock company"
    "|private joint stock company|joint stock company|limited liability company"
    "|limited liability partnership|federal state unitary enterprise|state unitary enterprise"
    "|public limited company|sociedad anonima|societe anonyme|sa de cv|de cv|s de rl"
)
_LEGAL_PHRASES: tuple[tuple[str, ...], ...] = tuple(tuple(p.split()) for p in _PHRASES.split("|"))
_LONGEST_PHRASE = max(len(p) for p in _LEGAL_PHRASES)
_PHRASE_STARTS = frozenset(p[0] for p in _LEGAL_PHRASES)

_SEPARATORS = re.compile(r"[^0-9a-z]+")
# Dots and apostrophes join: "S.A." is "sa", "O'Brien" is "obrien".
_JOINERS = re.compile(r"[.'`]")


def fold(text: str) -> str:
    """Latin, lower-case, accent-free text; dots and apostrophes removed."""
    if text.isascii():
        # Most list names are ASCII, for which decomposing and transliterating change nothing.
        return _JOINERS.sub("", text.lower())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _JOINERS.sub("", anyascii(stripped).casefold())


def tokens(name: str) -> list[str]:
    """Latin, lower-case word tokens of a name, legal-form words removed.

    A name made only of legal-form words keeps them, so it never normalises to nothing.
    """
    words = [w for w in _SEPARATORS.split(fold(name)) if w]
    kept = _without_phrases(words)
    while (shorter := _without_phrases(kept)) != kept:
        kept = shorter
    kept = [w for w in kept if w not in LEGAL_FORMS]
    return kept or words


def _without_phrases(words: list[str]) -> list[str]:
    if _PHRASE_STARTS.isdisjoint(words):
        return words
    kept: list[str] = []
    i = 0
    while i < len(words):
        size = next(
            (n for n in range(_LONGEST_PHRASE, 1, -1) if tuple(words[i : i + n]) in _LEGAL_PHRASES),
            1,
        )
        if size == 1:
            kept.append(words[i])
        i += size
    return kept


_SOUNDS = (
    ("dzh", "j"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("y", "i"),
)
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)
def sound_key(token: str) -> str:
    """A spelling-insensitive key: transliteration variants (kh/h, c/k, w/v, y/i, doubled
    letters) of one name get the same key. Short tokens are kept: "NPP" is not "NNP"."""
    if len(token) < 4:
        return token
    for written, sound in _SOUNDS:
        token = token.replace(written, sound)
    return _DOUBLED.sub(r"\1", token)


def normalise(name: str) -> str:
    """The normalised name: tokens joined by single spaces."""
    return " ".join(tokens(name))

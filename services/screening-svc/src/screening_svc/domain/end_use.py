"""End-use vocabulary: which categories block or need review, and military words in text.

Words match whole ("armory" is not "armor", "guidance counsellor" still is "guidance":
a false hold is cheap, a missed weapon is not), ignoring case and accents.
"""

import re

from screening_svc.domain.normalise import fold

MILITARY_CATEGORIES = frozenset({"defense", "military", "weapons"})
REVIEW_CATEGORIES = frozenset({"nuclear", "aerospace_civil", "other"})

_MILITARY_WORDS = (
    r"missiles?|fighters?|fighter jets?|warheads?|munitions?|weapons?|weaponry|military"
    r"|defen[cs]e|radars?|guidance|armou?r|armou?red|drones?|uavs?|ucavs?|torpedo(?:es)?"
    r"|artillery|ammunition|ordnance|ballistic|bombs?|warships?|combat|hypersonic"
    r"|interceptors?|destroyers?"
)
_MILITARY_TEXT = re.compile(rf"\b(?:{_MILITARY_WORDS})\b")


def military_words(description: str) -> list[str]:
    """The military-use words a description names, sorted and without repeats."""
    return sorted(set(_MILITARY_TEXT.findall(fold(description))))

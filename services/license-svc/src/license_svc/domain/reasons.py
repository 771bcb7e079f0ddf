"""Findings of the licence checks; every rule reports its own, none stops the others."""

from dataclasses import dataclass
from enum import StrEnum


class ReasonCode(StrEnum):
    LICENSE_NOT_FOUND = "LICENSE_NOT_FOUND"
    LICENSE_NOT_ACTIVE = "LICENSE_NOT_ACTIVE"
    LICENSE_OUTSIDE_VALIDITY = "LICENSE_OUTSIDE_VALIDITY"
    LICENSE_MISMATCH = "LICENSE_MISMATCH"
    MILITARY_USE_MATERIAL = "MILITARY_USE_MATERIAL"
    LICENSE_QUANTITY_EXCEEDED = "LICENSE_QUANTITY_EXCEEDED"


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    message: str
    item_line: int | None = None

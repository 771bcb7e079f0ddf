"""Folds licence facts into LicenseState; one mutable pass per fold keeps long streams linear."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from license_svc.domain.errors import InvalidState
from license_svc.domain.license import (
    Issued,
    LicenseFact,
    LicenseState,
    LineState,
    QuantityChecked,
    QuantityRejected,
    QuantityReserved,
    Reservation,
    Revoked,
    Suspended,
)


@dataclass
class _Fold:
    opening: LicenseState
    remaining: dict[int, Decimal]
    reservations: dict[str, tuple[Reservation, ...]]
    revoked: Revoked | None
    suspended: Suspended | None
    version: int

    @classmethod
    def start(cls, state: LicenseState) -> "_Fold":
        remaining = {line.line: line.remaining_kg for line in state.lines}
        reservations = dict(state.reservations)
        return cls(state, remaining, reservations, state.revoked, state.suspended, state.version)

    def apply(self, fact: LicenseFact) -> None:
        self.version += 1
        match fact:
            case Issued():
                raise InvalidState(f"licence {self.opening.license_id} was already issued")
            case QuantityReserved():
                self._reserve(fact)
            case Revoked():
                self.revoked = fact
            case Suspended():
                self.suspended = fact
            case QuantityChecked() | QuantityRejected():
                pass

    def _reserve(self, fact: QuantityReserved) -> None:
        for reservation in fact.reservations:
            left = self.remaining[reservation.license_line] - reservation.quantity_kg
            if left < 0:
                raise InvalidState(
                    f"order {fact.order_id} overdraws line {reservation.license_line}"
                )
            self.remaining[reservation.license_line] = left
        self.reservations[fact.order_id] = fact.reservations

    def state(self) -> LicenseState:
        lines = tuple(
            LineState(ln.line, ln.form, ln.elements, ln.quantity_kg, self.remaining[ln.line])
            for ln in self.opening.lines
        )
        return LicenseState(
            license_id=self.opening.license_id,
            terms=self.opening.terms,
            valid_from=self.opening.valid_from,
            valid_until=self.opening.valid_until,
            lines=lines,
            reservations=MappingProxyType(self.reservations),
            revoked=self.revoked,
            suspended=self.suspended,
            version=self.version,
        )


def _opened(fact: LicenseFact) -> LicenseState:
    if not isinstance(fact, Issued):
        raise InvalidState("a licence stream opens with Issued")
    lines = tuple(
        LineState(ln.line, ln.form, ln.elements, ln.quantity_kg, ln.quantity_kg)
        for ln in fact.lines
    )
    return LicenseState(fact.license_id, fact.terms, fact.valid_from, fact.valid_until, lines)


def fold(facts: Iterable[LicenseFact], state: LicenseState | None = None) -> LicenseState:
    """Rebuild (or advance) a licence; a stream must open with Issued."""
    pending = iter(facts)
    if state is None:
        first = next(pending, None)
        if first is None:
            raise InvalidState("a licence stream opens with Issued")
        state = _opened(first)
    folding = _Fold.start(state)
    for fact in pending:
        folding.apply(fact)
    return folding.state()

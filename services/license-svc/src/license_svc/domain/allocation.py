"""Deterministic allocation of order lines to the licence lines that cover them.

Order lines with fewer covering licence lines go first; each fills its covering lines in line
order, splitting across them, and takes nothing unless it can take all it needs.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from license_svc.domain.license import LineState, Reservation
from license_svc.domain.orders import OrderLine


@dataclass(frozen=True)
class Shortfall:
    order_line: int
    needed_kg: Decimal
    available_kg: Decimal


@dataclass(frozen=True)
class Allocation:
    reservations: tuple[Reservation, ...]
    shortfalls: tuple[Shortfall, ...]
    remaining: Mapping[int, Decimal]


def covering_lines(lines: Sequence[LineState], order_line: OrderLine) -> list[LineState]:
    covering = [ln for ln in lines if ln.covers(order_line.form, order_line.elements)]
    return sorted(covering, key=lambda ln: ln.line)


def allocate(lines: Sequence[LineState], order_lines: Sequence[OrderLine]) -> Allocation:
    """Uncontrolled and uncovered order lines draw nothing: no licence needed, or a mismatch."""
    remaining = {ln.line: ln.remaining_kg for ln in lines}
    candidates = {ol.order_line: covering_lines(lines, ol) for ol in order_lines if ol.controlled}
    queue = sorted(
        (ol for ol in order_lines if candidates.get(ol.order_line)),
        key=lambda ol: (len(candidates[ol.order_line]), ol.order_line),
    )
    reservations: list[Reservation] = []
    shortfalls: list[Shortfall] = []
    for order_line in queue:
        covering = [ln.line for ln in candidates[order_line.order_line]]
        available = sum((remaining[n] for n in covering), Decimal(0))
        if available < order_line.quantity_kg:
            shortfalls.append(Shortfall(order_line.order_line, order_line.quantity_kg, available))
            continue
        reservations.extend(_draw(remaining, covering, order_line))
    reservations.sort(key=lambda r: (r.order_line, r.license_line))
    return Allocation(tuple(reservations), tuple(shortfalls), remaining)


def _draw(
    remaining: dict[int, Decimal], covering: list[int], order_line: OrderLine
) -> list[Reservation]:
    need = order_line.quantity_kg
    drawn = []
    for number in covering:
        take = min(remaining[number], need)
        if take > 0:
            remaining[number] -= take
            need -= take
            drawn.append(Reservation(number, order_line.order_line, take))
    return drawn

"""Kilogram quantities as Decimal, so that drawing a licence down never drifts like floats do."""

from decimal import Decimal, InvalidOperation

ZERO_KG = Decimal(0)


def kilograms(value: Decimal | int | float | str) -> Decimal:
    """Convert a quantity to exact kilograms; floats go through their shortest repr, not binary."""
    try:
        kg = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"not a quantity: {value!r}") from exc
    if not kg.is_finite() or kg < 0:
        raise ValueError(f"quantity must be finite and not negative: {value!r}")
    return kg

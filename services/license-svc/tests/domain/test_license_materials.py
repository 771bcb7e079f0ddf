"""Controlled and military-use elements are found by fraction against the catalog threshold."""

from decimal import Decimal

import pytest
from license_builders import MATERIALS

from license_svc.domain.materials import Item, Materials
from license_svc.domain.quantities import kilograms


def test_element_at_exactly_the_threshold_is_controlled() -> None:
    assert MATERIALS.controlled_elements({"Dy": 0.001, "Fe": 0.999}) == {"Dy"}


def test_element_below_the_threshold_is_not_controlled() -> None:
    assert MATERIALS.controlled_elements({"Dy": 0.000999, "Fe": 0.99}) == frozenset()


def test_light_rare_earths_are_not_controlled() -> None:
    assert MATERIALS.controlled_elements({"Nd": 0.3, "Pr": 0.05, "La": 0.1}) == frozenset()


def test_samarium_is_the_military_use_element_of_a_smco_magnet() -> None:
    smco = {"Sm": 0.25, "Co": 0.7, "Gd": 0.05}
    assert MATERIALS.controlled_elements(smco) == {"Sm", "Gd"}
    assert MATERIALS.military_elements(smco) == {"Sm"}


def test_military_use_trace_below_threshold_is_not_military() -> None:
    assert MATERIALS.military_elements({"Sm": 0.0001, "Dy": 0.5}) == frozenset()


def test_catalog_refuses_a_military_element_that_is_not_controlled() -> None:
    with pytest.raises(ValueError, match="military-use"):
        Materials(controlled=frozenset({"Dy"}), military_use=frozenset({"Sm"}))


def test_item_quantities_become_exact_kilograms() -> None:
    assert Item.of(1, "oxide", {"Dy": 1.0}, 0.1).quantity_kg == Decimal("0.1")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.1, Decimal("0.1")), (3, Decimal(3)), ("2.50", Decimal("2.50")), (Decimal(7), Decimal(7))],
)
def test_kilograms_are_exact(value: float | int | str | Decimal, expected: Decimal) -> None:
    assert kilograms(value) == expected


@pytest.mark.parametrize("value", [-1, "nan", float("inf"), "ten"])
def test_kilograms_refuse_negative_or_non_finite_values(value: float | int | str) -> None:
    with pytest.raises(ValueError, match="quantity"):
        kilograms(value)

"""The 2025.06 element catalog: controlled elements, military use and the 0.1 % threshold."""

from __future__ import annotations

import pytest

from lodestone_contracts.catalog import available_versions, load_catalog
from lodestone_contracts.elements import ELEMENT_SYMBOLS
from lodestone_contracts.shapes import Form


def test_element_at_exactly_the_threshold_is_controlled() -> None:
    assert load_catalog().is_controlled({"Dy": 0.001, "Fe": 0.9})


def test_element_just_below_the_threshold_is_not_controlled() -> None:
    assert not load_catalog().is_controlled({"Dy": 0.00099, "Fe": 0.9})


def test_light_rare_earths_are_not_controlled() -> None:
    assert not load_catalog().is_controlled({"Nd": 0.3, "Pr": 0.05, "La": 0.1, "Ce": 0.1})


def test_controlled_elements_are_sorted_and_filtered_by_threshold() -> None:
    composition = {"Y": 0.01, "Tb": 0.002, "Gd": 0.0005, "Nd": 0.2}
    assert load_catalog().controlled_elements(composition) == ("Tb", "Y")


def test_samarium_is_the_only_military_use_element() -> None:
    catalog = load_catalog("2025.06")
    assert catalog.military_elements({"Sm": 0.3, "Dy": 0.1}) == ("Sm",)
    assert catalog.military_elements({"Sm": 0.0009}) == ()
    assert catalog.military_use == frozenset({"Sm"})


def test_catalog_lists_the_seven_controlled_elements() -> None:
    catalog = load_catalog()
    assert catalog.controlled == frozenset({"Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"})
    assert catalog.threshold == 0.001
    assert catalog.version == "2025.06"


def test_catalog_knows_every_element_and_form() -> None:
    catalog = load_catalog()
    assert catalog.elements == frozenset(ELEMENT_SYMBOLS)
    assert catalog.forms == tuple(form.value for form in Form)


def test_unknown_catalog_version_is_a_lookup_error() -> None:
    assert "2025.06" in available_versions()
    with pytest.raises(LookupError):
        load_catalog("1999.01")

"""Validation of the SPEC §3 shapes at the HTTP edge (strict) and in events (tolerant)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from lodestone_contracts.examples import item_json
from lodestone_contracts.shapes import (
    EndUse,
    EndUseCategory,
    Item,
    ItemData,
    ItemList,
    Party,
    PartyData,
)


class ItemsRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    items: ItemList


def items_request(count: int) -> dict[str, Any]:
    return {"items": [item_json(line) for line in range(1, count + 1)]}


def error_text(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(exc.value)


def test_valid_item_keeps_its_composition() -> None:
    item = Item.model_validate(item_json())
    assert item.composition == {"Sm": 0.25, "Co": 0.5}
    assert item.form == "magnet"


def test_unknown_element_symbol_is_rejected() -> None:
    with pytest.raises(ValidationError) as exc:
        Item.model_validate(item_json(composition={"Sm": 0.1, "Xx": 0.1}))
    assert "unknown element symbol(s): Xx" in error_text(exc)


def test_lowercase_element_symbol_is_unknown() -> None:
    with pytest.raises(ValidationError, match="unknown element symbol"):
        Item.model_validate(item_json(composition={"sm": 0.1}))


def test_composition_summing_over_one_is_rejected() -> None:
    with pytest.raises(ValidationError) as exc:
        Item.model_validate(item_json(composition={"Sm": 0.6, "Co": 0.41}))
    assert "more than 1" in error_text(exc)


def test_composition_sum_within_float_tolerance_is_accepted() -> None:
    item = Item.model_validate(item_json(composition={"Sm": 0.1, "Co": 0.2, "Fe": 0.7 + 5e-10}))
    assert set(item.composition) == {"Sm", "Co", "Fe"}


@pytest.mark.parametrize("fraction", [-0.01, 1.01, float("nan")])
def test_fraction_outside_zero_to_one_is_rejected(fraction: float) -> None:
    with pytest.raises(ValidationError):
        Item.model_validate(item_json(composition={"Sm": fraction}))


@pytest.mark.parametrize("hs_code", ["85051", "85051112345", "8505ab", 850511])
def test_hs_code_must_be_six_to_ten_digits(hs_code: object) -> None:
    with pytest.raises(ValidationError):
        Item.model_validate(item_json(hs_code=hs_code))


@pytest.mark.parametrize("quantity", [0, -1, 10_000_000.001])
def test_quantity_outside_limits_is_rejected(quantity: float) -> None:
    with pytest.raises(ValidationError):
        Item.model_validate(item_json(quantity_kg=quantity))


def test_quantity_at_the_upper_limit_is_accepted() -> None:
    assert Item.model_validate(item_json(quantity_kg=10_000_000)).quantity_kg == 10_000_000


def test_unknown_form_is_rejected() -> None:
    with pytest.raises(ValidationError):
        Item.model_validate(item_json(form="powder"))


def test_duplicate_line_numbers_are_rejected() -> None:
    body = {"items": [item_json(1), item_json(2), item_json(2)]}
    with pytest.raises(ValidationError) as exc:
        ItemsRequest.model_validate(body)
    assert "duplicate item line number(s): 2" in error_text(exc)


def test_five_hundred_items_are_accepted() -> None:
    assert len(ItemsRequest.model_validate(items_request(500)).items) == 500


def test_five_hundred_and_one_items_are_rejected() -> None:
    with pytest.raises(ValidationError, match="at most 500"):
        ItemsRequest.model_validate(items_request(501))


def test_empty_item_list_is_rejected() -> None:
    with pytest.raises(ValidationError):
        ItemsRequest.model_validate({"items": []})


@pytest.mark.parametrize("country", ["de", "XX", "DEU", "", "UK"])
def test_party_country_must_be_an_uppercase_iso_code(country: str) -> None:
    with pytest.raises(ValidationError):
        Party.model_validate({"name": "Acme", "country": country})


@pytest.mark.parametrize("name", ["", "x" * 301])
def test_party_name_length_is_limited(name: str) -> None:
    with pytest.raises(ValidationError):
        Party.model_validate({"name": name, "country": "DE"})


def test_edge_shapes_forbid_unknown_fields() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Item.model_validate(item_json(colour="grey"))


def test_event_shapes_ignore_unknown_fields() -> None:
    party = PartyData.model_validate({"name": "Acme", "country": "FR", "vat": "FR123"})
    assert party.model_dump(exclude_none=True) == {"name": "Acme", "country": "FR"}
    assert ItemData.model_validate(item_json(colour="grey")).line == 1


def test_edge_shape_instances_are_accepted_where_event_shapes_are_expected() -> None:
    strict = Party(name="Acme", country="US")
    assert PartyData.model_validate(strict.model_dump()) == PartyData(name="Acme", country="US")


def test_end_use_has_the_thirteen_categories_of_the_spec() -> None:
    assert len(EndUseCategory) == 13
    with pytest.raises(ValidationError):
        EndUse.model_validate({"category": "space", "description": "satellites"})


def test_shapes_are_frozen() -> None:
    party = Party(name="Acme", country="US")
    with pytest.raises(ValidationError, match="frozen"):
        party.name = "Other"  # type: ignore[misc]

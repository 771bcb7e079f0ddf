from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from screening_svc.domain.lists import (
    ListFormatError,
    RestrictedList,
    parse_csl,
    parse_csv,
    parse_json_payload,
    parse_ofac_sdn,
    parse_un_xml,
)

LISTS = Path(__file__).resolve().parents[4] / "../shared/data/lists"


def test_ofac_sdn_file_parses_with_aliases_from_remarks() -> None:
    entries = parse_ofac_sdn((LISTS / "ofac_sdn_csv_2024-04-26.csv").read_text(encoding="utf-8"))
    by_id = {e.id: e for e in entries}
    assert 14_000 < len(entries) < 16_000
    assert by_id["306"].aliases == ("BNC",)
    assert by_id["3754"].aliases == ("ABU-'UMAR",)
    assert sum(1 for e in entries if e.country) > 4_000


def test_legacy_sdn_main_file_parses_too() -> None:
    text = (LISTS / "ofac_sdn_legacy_csv_2021-07-07" / "sdn.csv").read_text(encoding="utf-8")
    assert len(parse_ofac_sdn(text)) == 8_976


def test_un_xml_has_individuals_entities_and_original_script_aliases() -> None:
    entries = parse_un_xml((LISTS / "un_consolidated_2026-02-27.xml").read_bytes())
    saddam = next(e for e in entries if e.name == "SADDAM HUSSEIN AL-TIKRITI")
    assert 950 < len(entries) < 1_100
    assert "صدام حسين التكريتي" in saddam.aliases
    assert saddam.country == "IQ"


@pytest.mark.parametrize(
    ("name", "count"), [("csl_sample_2019-12-03.csv", 110), ("csl_sample_2025-06-25.csv", 13)]
)
def test_csl_files_of_both_layouts_parse(name: str, count: int) -> None:
    entries = parse_csl((LISTS / name).read_text(encoding="utf-8"))
    assert len(entries) == count
    assert all(e.id and e.name for e in entries)


def test_csl_country_comes_from_the_address() -> None:
    entries = parse_csl((LISTS / "csl_sample_2025-06-25.csv").read_text(encoding="utf-8"))
    assert next(e for e in entries if e.name == "Atlas Sanatgaran").country == "AM"


def test_simple_csv_splits_aliases() -> None:
    entries = parse_csv("id,name,aliases,country\n1,Acme Ltd,Acme;ACME Trading,CN\n")
    assert (entries[0].aliases, entries[0].country) == (("Acme", "ACME Trading"), "CN")


def test_json_payload_parses() -> None:
    payload = {"name": "x", "entries": [{"id": "1", "name": "Acme", "aliases": ["A"]}]}
    assert parse_json_payload(payload)[0].aliases == ("A",)


@pytest.mark.parametrize(
    "parse",
    [
        lambda: parse_ofac_sdn("not,an,sdn,file\n"),
        lambda: parse_un_xml(b"<CONSOLIDATED_LIST><broken>"),
        lambda: parse_csv("name\nAcme\n"),
        lambda: parse_csl("a,b\n1,2\n"),
        lambda: parse_json_payload(
            {"entries": [{"id": "1", "name": "A"}, {"id": "1", "name": "B"}]}
        ),
    ],
)
def test_malformed_input_raises_list_format_error(parse: Callable[[], Any]) -> None:
    with pytest.raises(ListFormatError):
        parse()


def test_canonical_form_ignores_entry_and_alias_order() -> None:
    a = parse_csv("id,name,aliases,country\n2,B,y;x,\n1,A,,CN\n")
    b = parse_csv("id,name,aliases,country\n1,A,,CN\n2,B,x;y,\n")
    first, second = RestrictedList("l", "L", tuple(a)), RestrictedList("l", "L", tuple(b))
    assert first.canonical_form() == second.canonical_form()
    assert [e["id"] for e in first.canonical_form()["entries"]] == ["1", "2"]

"""Parsers for lists as governments publish them: OFAC SDN.CSV, US CSL CSV, UN XML.

Pure: text or bytes in, entries out. Countries become ISO alpha-2 where recognisable.
"""

import csv
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping

from screening_svc.domain.countries import country_code
from screening_svc.domain.entries import ListFormatError, RestrictedEntry, entry

_SDN_COLUMNS = 12
_SDN_NULL = "-0-"
# The closing quote is followed by ';', '.', ',' or the end, so "ABU-'UMAR" stays whole.
_SDN_ALIAS = re.compile(r"\b[afn]\.k\.a\.,? '(.+?)'(?=[;.,)]|\s*$)")
_SDN_COUNTRY = re.compile(r"\b(?:nationality|citizen|Nationality of Registration) ([^;.]+)")


def _sdn_value(raw: str) -> str | None:
    value = raw.strip()
    return None if value in ("", _SDN_NULL) else value


def _sdn_country(remarks: str) -> str | None:
    for found in _SDN_COUNTRY.finditer(remarks):
        code = country_code(found.group(1))
        if code:
            return code
    return None


def parse_ofac_sdn(text: str) -> list[RestrictedEntry]:
    """OFAC SDN.CSV (header-less; '-0-' is null): aliases and country from the remarks."""
    entries: dict[str, RestrictedEntry] = {}
    rows = csv.reader(io.StringIO(text.replace("\x1a", "").lstrip("\ufeff")))
    try:
        for number, row in enumerate(rows, start=1):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != _SDN_COLUMNS or not row[0].strip().isdigit():
                raise ListFormatError(
                    f"SDN.CSV line {number}: expected {_SDN_COLUMNS} columns starting with "
                    f"ent_num, got {len(row)}"
                )
            values = [_sdn_value(cell) for cell in row]
            remarks = values[11] or ""
            programs = (values[3] or "").strip("[] ").split("] [")
            found = entry(
                row[0].strip(),
                values[1] or "",
                _SDN_ALIAS.findall(remarks),
                _sdn_country(remarks),
                (),
                programs,
            )
            entries.setdefault(found.id, found)
    except csv.Error as error:
        raise ListFormatError(f"SDN.CSV is not valid CSV: {error}") from error
    if not entries:
        raise ListFormatError("SDN.CSV holds no entries")
    return list(entries.values())


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _csl_country(row: Mapping[str, str | None]) -> str | None:
    for address in _split(row.get("addresses")):
        code = country_code(address.rsplit(",", 1)[-1])
        if code:
            return code
    for column in ("country", "nationalities", "citizenships"):
        for value in _split(row.get(column)):
            code = country_code(value)
            if code:
                return code
    return None


def _csl_id(row: Mapping[str, str | None]) -> str:
    for column in ("id", "_id"):
        value = (row.get(column) or "").strip()
        if value:
            return value
    key = f"{row.get('source') or ''}\n{row.get('name') or ''}".encode()
    return hashlib.sha256(key).hexdigest()[:24]


def parse_csl(text: str) -> list[RestrictedEntry]:
    """US Consolidated Screening List CSV, 2019 layout or 2025 layout (leading `_id`)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not {"name", "source"} <= set(reader.fieldnames or []):
        raise ListFormatError(f"CSL header must hold source and name; got {reader.fieldnames}")
    merged: dict[str, RestrictedEntry] = {}
    try:
        for row in reader:
            if not (row.get("name") or "").strip():
                raise ListFormatError(f"CSL line {reader.line_num}: empty name")
            found = entry(
                _csl_id(row),
                row["name"],
                _split(row.get("alt_names")),
                _csl_country(row),
                _split(row.get("addresses")),
                [*_split(row.get("programs")), (row.get("source") or "").strip()],
            )
            known = merged.get(found.id)
            merged[found.id] = found if known is None else _merge(known, found)
    except csv.Error as error:
        raise ListFormatError(f"CSL line {reader.line_num}: {error}") from error
    return list(merged.values())


def _merge(first: RestrictedEntry, second: RestrictedEntry) -> RestrictedEntry:
    return entry(
        first.id,
        first.name,
        [*first.aliases, second.name, *second.aliases],
        first.country or second.country,
        [*first.addresses, *second.addresses],
        [*first.programs, *second.programs],
    )


def _text(node: ET.Element, path: str) -> str:
    return " ".join((node.findtext(path) or "").split())


def _texts(node: ET.Element, path: str) -> list[str]:
    return [" ".join((e.text or "").split()) for e in node.findall(path) if (e.text or "").strip()]


def _un_address(node: ET.Element) -> str:
    parts = (_text(node, tag) for tag in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY"))
    return ", ".join(p for p in parts if p)


def _un_entry(node: ET.Element, kind: str) -> RestrictedEntry:
    parts = (_text(node, tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"))
    name = " ".join(p for p in parts if p)
    entry_id = _text(node, "DATAID") or _text(node, "REFERENCE_NUMBER")
    aliases = [*_texts(node, "NAME_ORIGINAL_SCRIPT"), *_texts(node, f"{kind}_ALIAS/ALIAS_NAME")]
    addresses = [a for a in (_un_address(n) for n in node.findall(f"{kind}_ADDRESS")) if a]
    countries: Iterable[str] = (
        *_texts(node, "NATIONALITY/VALUE"),
        *_texts(node, f"{kind}_ADDRESS/COUNTRY"),
    )
    country = next((c for c in map(country_code, countries) if c), None)
    programs = [p for p in (_text(node, "UN_LIST_TYPE"), _text(node, "REFERENCE_NUMBER")) if p]
    if not name or not entry_id:
        raise ListFormatError(f"UN {kind} {entry_id or '?'} has no name or DATAID")
    return entry(entry_id, name, aliases, country, addresses, programs)


def parse_un_xml(data: bytes) -> list[RestrictedEntry]:
    """UN Security Council consolidated list: individuals and entities, with aliases."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise ListFormatError(f"UN list is not well-formed XML: {error}") from error
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFormatError(f"UN list root must be CONSOLIDATED_LIST, got {root.tag}")
    entries = [_un_entry(n, "INDIVIDUAL") for n in root.iterfind("INDIVIDUALS/INDIVIDUAL")]
    entries += [_un_entry(n, "ENTITY") for n in root.iterfind("ENTITIES/ENTITY")]
    return entries

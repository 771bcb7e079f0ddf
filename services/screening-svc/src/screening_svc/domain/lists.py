"""Restricted lists: the model and every input format a list can be published in.

Parsers are pure: text or bytes in, entries out; malformed input raises ListFormatError.
"""

import csv
import io
from collections.abc import Mapping
from typing import Any

from screening_svc.domain.entries import ListFormatError, RestrictedEntry, RestrictedList, entry
from screening_svc.domain.government_lists import parse_csl, parse_ofac_sdn, parse_un_xml

__all__ = [
    "ListFormatError",
    "RestrictedEntry",
    "RestrictedList",
    "check_unique_ids",
    "parse_csl",
    "parse_csv",
    "parse_json_payload",
    "parse_ofac_sdn",
    "parse_un_xml",
]


def check_unique_ids(entries: list[RestrictedEntry]) -> list[RestrictedEntry]:
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:
            raise ListFormatError(f"duplicate entry id {e.id!r}")
        seen.add(e.id)
    return entries


def _strings(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ListFormatError(f"{where} must be a list of strings")
    return value


def _json_entry(raw: Any, position: int) -> RestrictedEntry:
    where = f"entries[{position}]"
    if not isinstance(raw, Mapping):
        raise ListFormatError(f"{where} must be an object")
    entry_id, name, country = raw.get("id"), raw.get("name"), raw.get("country")
    if not isinstance(entry_id, str | int) or not isinstance(name, str):
        raise ListFormatError(f"{where} needs a string id and name")
    if country is not None and not isinstance(country, str):
        raise ListFormatError(f"{where}.country must be a string")
    return entry(
        str(entry_id),
        name,
        _strings(raw.get("aliases"), f"{where}.aliases"),
        country,
        _strings(raw.get("addresses"), f"{where}.addresses"),
        _strings(raw.get("programs"), f"{where}.programs"),
    )


def parse_json_payload(payload: Mapping[str, Any]) -> list[RestrictedEntry]:
    """Entries of a `{name, entries: [{id, name, aliases, country?, ...}]}` document."""
    raw_entries = payload.get("entries")
    if not isinstance(raw_entries, list):
        raise ListFormatError("payload needs an 'entries' list")
    return check_unique_ids([_json_entry(raw, i) for i, raw in enumerate(raw_entries)])


def parse_csv(text: str) -> list[RestrictedEntry]:
    """Entries of a CSV with header `id,name,aliases,country`; aliases separated by ';'."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not {"id", "name"} <= set(header):
        raise ListFormatError(f"CSV header must hold id,name,aliases,country; got {header}")
    reader.fieldnames = header
    entries = []
    try:
        for row in reader:
            aliases = (row.get("aliases") or "").split(";")
            entries.append(
                entry(row.get("id") or "", row.get("name") or "", aliases, row.get("country"))
            )
    except csv.Error as error:
        raise ListFormatError(f"CSV line {reader.line_num}: {error}") from error
    return check_unique_ids(entries)

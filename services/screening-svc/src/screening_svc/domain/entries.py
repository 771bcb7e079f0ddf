"""Restricted-list entries and lists, with the canonical form their version hash is taken of.

Canonical form is order-independent: entries sorted by id, aliases/addresses/programs sorted.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from screening_svc.domain.matching import ListedParty


class ListFormatError(ValueError):
    """A restricted list could not be read; the message says where and why."""


@dataclass(frozen=True)
class RestrictedEntry:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    addresses: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()

    def canonical_form(self) -> dict[str, Any]:
        form: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "aliases": sorted(set(self.aliases)),
            "addresses": sorted(set(self.addresses)),
            "programs": sorted(set(self.programs)),
        }
        if self.country is not None:
            form["country"] = self.country
        return form


def entry(
    entry_id: str,
    name: str,
    aliases: Iterable[str] = (),
    country: str | None = None,
    addresses: Iterable[str] = (),
    programs: Iterable[str] = (),
) -> RestrictedEntry:
    """An entry with whitespace trimmed, empty values and duplicates dropped, order kept."""
    name = " ".join(name.split())

    def clean(values: Iterable[str]) -> tuple[str, ...]:
        kept = (" ".join(v.split()) for v in values)
        return tuple(dict.fromkeys(v for v in kept if v and v != name))

    if not entry_id.strip() or not name:
        raise ListFormatError(f"entry {entry_id!r} needs an id and a name")
    return RestrictedEntry(
        id=entry_id.strip(),
        name=name,
        aliases=clean(aliases),
        country=(country or "").strip() or None,
        addresses=clean(addresses),
        programs=clean(programs),
    )


@dataclass(frozen=True)
class RestrictedList:
    list_id: str
    name: str
    entries: tuple[RestrictedEntry, ...]

    def canonical_form(self) -> dict[str, Any]:
        """JSON-compatible and order-independent; the service hashes its RFC 8785 bytes."""
        ordered = sorted(self.entries, key=lambda e: e.id)
        return {
            "list_id": self.list_id,
            "name": self.name,
            "entries": [e.canonical_form() for e in ordered],
        }

    def parties(self) -> list[ListedParty]:
        """The entries as the party index takes them."""
        return [ListedParty(self.list_id, e.id, e.name, e.aliases, e.country) for e in self.entries]

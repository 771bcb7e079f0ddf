"""Parties on licences and orders; they match on normalised name (case, spacing) and country."""

from dataclasses import dataclass


def normalised_name(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class Party:
    name: str
    country: str

    def matches(self, other: "Party") -> bool:
        return (
            normalised_name(self.name) == normalised_name(other.name)
            and self.country.strip().upper() == other.country.strip().upper()
        )

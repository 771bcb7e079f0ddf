"""`restricted_list.*` event data (screening-svc; subject = list_id). Versions are immutable."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from lodestone_contracts.events.data import EventData
from lodestone_contracts.shapes import NonEmpty

SourceFormat = Literal["json", "csv", "ofac-sdn", "csl", "un-xml"]


class RestrictedListPublished(EventData):
    """`version` is the SHA-256 (lowercase hex) of the list's canonical form."""

    event_type = "restricted_list.published"

    list_id: NonEmpty
    name: NonEmpty
    version: str = Field(pattern=r"^[0-9a-f]{64}$")
    entry_count: int = Field(ge=0)
    published_by: NonEmpty
    source_format: SourceFormat


RESTRICTED_LIST_EVENTS: tuple[type[EventData], ...] = (RestrictedListPublished,)

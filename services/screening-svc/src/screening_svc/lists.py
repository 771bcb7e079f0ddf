"""Publishing restricted lists and keeping the in-memory index on their current versions.

Key rule: a version is the SHA-256 of the list's RFC 8785 canonical form; the index is built
from that canonical form only, so a past decision can be recomputed from the stored version.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from lodestone_contracts.canonical import canonical_bytes
from lodestone_contracts.envelope import format_time
from lodestone_contracts.events.restricted_list import RestrictedListPublished
from lodestone_runtime.origin import Origin
from lodestone_runtime.problems import ProblemError
from lodestone_runtime.store import EventStore, Transaction
from screening_svc import list_store
from screening_svc.domain.lists import RestrictedList
from screening_svc.list_uploads import Upload, read_upload
from screening_svc.screener import ListParties, Screener, parties_from_canonical
from screening_svc.streams import Clock, append, list_stream


@dataclass(frozen=True)
class Prepared:
    """An upload in canonical form, hashed, with the parties the index will hold."""

    list_id: str
    name: str
    version: str
    canonical: str
    entry_count: int
    source_format: str
    parties: ListParties


def prepare(list_id: str, upload: Upload) -> Prepared:
    """CPU-bound: canonical form, hash and index parties of a parsed list."""
    document = RestrictedList(list_id, upload.name, tuple(upload.entries)).canonical_form()
    raw = canonical_bytes(document)
    return Prepared(
        list_id=list_id,
        name=upload.name,
        version=hashlib.sha256(raw).hexdigest(),
        canonical=raw.decode("utf-8"),
        entry_count=len(document["entries"]),
        source_format=upload.source_format,
        parties=parties_from_canonical(document),
    )


def _load(canonical: str) -> ListParties:
    return parties_from_canonical(json.loads(canonical))


class ListService:
    def __init__(self, store: EventStore, now: Clock, screener: Screener) -> None:
        self._store = store
        self._now = now
        self._screener = screener
        self._publishing = asyncio.Lock()
        self._syncing = asyncio.Lock()

    async def publish(
        self,
        list_id: str,
        body: bytes,
        content_type: str,
        fmt: str | None,
        name: str | None,
        publisher: str,
    ) -> dict[str, Any]:
        """Store a new version (or find the identical one) and make it the current one."""
        upload = await asyncio.to_thread(read_upload, list_id, body, content_type, fmt, name)
        prepared = await asyncio.to_thread(prepare, list_id, upload)
        async with self._publishing:
            await self._store.write(lambda tx: self._record(tx, prepared, publisher))
            await self.sync({list_id: (prepared.version, prepared.parties)})
        return {
            "list_id": list_id,
            "version": prepared.version,
            "entry_count": prepared.entry_count,
        }

    async def _record(self, tx: Transaction, prepared: Prepared, publisher: str) -> bool:
        """False when this content is already the current version: nothing is appended."""
        now = self._now()
        found = await list_store.current(tx.conn, prepared.list_id)
        if found is not None and found.version == prepared.version:
            return False
        published = {"entry_count": prepared.entry_count, "published_at": format_time(now)}
        common = {"list_id": prepared.list_id, "name": prepared.name, "version": prepared.version}
        await list_store.save_version(
            tx.conn, {**common, **published, "canonical": prepared.canonical}
        )
        await list_store.point_to(
            tx.conn,
            {
                **common,
                **published,
                "source_format": prepared.source_format,
                "published_by": publisher,
            },
        )
        event = RestrictedListPublished.model_validate(
            {
                **common,
                "entry_count": prepared.entry_count,
                "published_by": publisher,
                "source_format": prepared.source_format,
            }
        )
        stream = list_stream(prepared.list_id)
        await append(tx, stream, prepared.list_id, [event], now=now, origin=Origin.of_request())
        return True

    async def sync(self, known: dict[str, tuple[str, ListParties]] | None = None) -> None:
        """Bring the index to the current version of every stored list (start, publish, poll)."""
        async with self._syncing:
            async with self._store.reading() as conn:
                wanted = await list_store.current_versions(conn)
                held = self._screener.snapshot.list_versions
                stale = {k: v for k, v in wanted.items() if held.get(k) != v}
                changes: dict[str, tuple[str, ListParties]] = {}
                for list_id, version in stale.items():
                    hint = (known or {}).get(list_id)
                    if hint is not None and hint[0] == version:
                        changes[list_id] = hint
                        continue
                    text = await list_store.canonical(conn, list_id, version)
                    assert text is not None, "a current version is always stored"
                    changes[list_id] = (version, await asyncio.to_thread(_load, text))
            if changes:
                await self._screener.install(changes)

    async def lists(self) -> dict[str, Any]:
        async with self._store.reading() as conn:
            rows = await list_store.all_current(conn)
        return {"lists": [dict(r._mapping) for r in rows]}

    async def describe(self, list_id: str) -> dict[str, Any]:
        async with self._store.reading() as conn:
            row = await list_store.current(conn, list_id)
            if row is None:
                raise ProblemError(404, f"no restricted list {list_id}")
            versions = await list_store.versions_of(conn, list_id)
        return {**dict(row._mapping), "versions": versions}

    async def version(self, list_id: str, version: str) -> str:
        """The canonical JSON of a stored version: its SHA-256 is the version itself."""
        async with self._store.reading() as conn:
            text = await list_store.canonical(conn, list_id, version)
        if text is None:
            raise ProblemError(404, f"no version {version} of restricted list {list_id}")
        return text

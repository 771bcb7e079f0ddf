"""Reads the audit API for the CLI: checkpoint, public key, export lines and subject events."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx


def _ndjson_lines(chunks: Iterator[bytes]) -> Iterator[str]:
    """Split on "\n" only: canonical JSON keeps U+2028, U+0085 etc. literal, and httpx's
    iter_lines (like str.splitlines) would cut a line there."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        *complete, pending = pending.split(b"\n")
        for line in complete:
            yield line.decode("utf-8")
    if pending:
        yield pending.decode("utf-8")


class AuditApi:
    def __init__(self, url: str, token: str, timeout: float = 60.0) -> None:
        self._client = httpx.Client(
            base_url=url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}"},
            timeout=timeout,
        )

    def close(self) -> None:
        self._client.close()

    def get_json(self, path: str, **params: Any) -> Any:
        response = self._client.get(path, params=params)
        response.raise_for_status()
        return response.json()

    def checkpoint(self) -> dict[str, Any]:
        document: dict[str, Any] = self.get_json("/v1/audit/checkpoint")
        return document

    def public_key(self) -> dict[str, Any]:
        document: dict[str, Any] = self.get_json("/v1/audit/public-key")
        return document

    @contextmanager
    def export_lines(self, after: int = -1) -> Iterator[Iterator[str]]:
        with self._client.stream("GET", "/v1/audit/export", params={"after": after}) as response:
            response.raise_for_status()
            yield _ndjson_lines(response.iter_bytes())

    def subject_events(self, subject: str) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        after = -1
        while True:
            page = self.get_json(f"/v1/audit/subjects/{subject}/events", after=after, limit=1000)
            events.extend(page["events"])
            if len(page["events"]) < 1000:
                return events
            after = page["next_after"]

    def all_events(self, event_type: str | None = None) -> Iterator[dict[str, Any]]:
        after = -1
        while True:
            params: dict[str, Any] = {"after": after, "limit": 1000}
            if event_type:
                params["type"] = event_type
            page = self.get_json("/v1/audit/events", **params)
            yield from page["events"]
            if len(page["events"]) < 1000:
                return
            after = page["next_after"]

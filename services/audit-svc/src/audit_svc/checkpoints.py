"""Signed checkpoints: at least one a second while events arrive, each consistent with the last.

The Ed25519 key is generated once into the data folder unless a setting provides it.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prometheus_client import Gauge
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from audit_svc.domain.checkpoint import (
    compute_key_id,
    public_key_of,
    sign_checkpoint,
    verifier_key,
)
from audit_svc.service import AuditLog
from audit_svc.tables import audit_checkpoints
from lodestone_runtime.store import EventStore

log = logging.getLogger(__name__)
CHECKPOINT_AGE = Gauge(
    "lodestone_audit_checkpoint_age_seconds", "Seconds since the last checkpoint"
)
TREE_SIZE = Gauge("lodestone_audit_tree_size", "Events in the audit log")


def load_or_create_key(configured_hex: str | None, data_dir: Path) -> bytes:
    if configured_hex:
        key = bytes.fromhex(configured_hex)
        if len(key) != 32:
            raise ValueError("the audit signing key must be 32 bytes of hex (an Ed25519 seed)")
        return key
    path = data_dir / "audit_signing_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_hex(32))
        tmp.chmod(0o600)
        tmp.rename(path)
    return bytes.fromhex(path.read_text().strip())


@dataclass(frozen=True)
class Signer:
    origin: str
    private_key: bytes

    @property
    def public_key(self) -> bytes:
        return public_key_of(self.private_key)

    @property
    def key_id(self) -> str:
        return compute_key_id(self.origin, self.public_key).hex()

    def public_key_document(self) -> dict[str, str]:
        return {
            "key_id": self.key_id,
            "algorithm": "ed25519",
            "public_key": self.public_key.hex(),
            "vkey": verifier_key(self.origin, self.public_key),
        }


def checkpoint_document(origin: str, tree_size: int, root: bytes, note: str) -> dict[str, Any]:
    signature_line = note.rstrip("\n").rsplit("\n", 1)[-1]
    blob = signature_line.rsplit(" ", 1)[-1]
    return {
        "origin": origin,
        "tree_size": tree_size,
        "root_hash": root.hex(),
        "signature": blob,
        "key_id": base64.b64decode(blob)[:4].hex(),
        "note": note,
    }


class Checkpointer:
    def __init__(self, store: EventStore, audit: AuditLog, signer: Signer) -> None:
        self._store = store
        self._audit = audit
        self._signer = signer
        self._last_at = time.monotonic()

    async def latest(self) -> dict[str, Any] | None:
        async with self._store.reading() as conn:
            row = (
                await conn.execute(
                    select(audit_checkpoints)
                    .order_by(audit_checkpoints.c.tree_size.desc())
                    .limit(1)
                )
            ).first()
        if row is None:
            return None
        return checkpoint_document(
            self._signer.origin, int(row.tree_size), bytes(row.root_hash), str(row.note)
        )

    async def checkpoint_now(self) -> dict[str, Any]:
        """Sign the current tree unless the latest checkpoint already covers it."""
        size, root = await self._audit.size_and_root()
        latest = await self.latest()
        if latest is not None and latest["tree_size"] >= size:
            return latest
        note = sign_checkpoint(
            self._signer.origin, size, root, self._signer.private_key, self._signer.origin
        )
        try:
            async with self._store.transaction() as tx:
                await tx.conn.execute(
                    audit_checkpoints.insert(), {"tree_size": size, "root_hash": root, "note": note}
                )
        except IntegrityError:
            # A concurrent caller (the loop or another GET) signed this very tree size first.
            signed = await self.latest()
            if signed is None:
                raise
            return signed
        self._last_at = time.monotonic()
        TREE_SIZE.set(size)
        return checkpoint_document(self._signer.origin, size, root, note)

    async def run(self, interval: float = 0.5) -> None:
        while True:
            try:
                await self.checkpoint_now()
            except Exception as exc:
                log.warning("checkpoint failed: %s", exc)
            CHECKPOINT_AGE.set(time.monotonic() - self._last_at)
            await asyncio.sleep(interval)

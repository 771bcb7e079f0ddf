"""Builders of export files, checkpoint and public-key documents as audit-svc serves them."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import rfc8785

from audit_svc.domain.checkpoint import parse_note, public_key_of, sign_checkpoint, verifier_key
from audit_svc.domain.frontier import Frontier, extend
from audit_svc.domain.merkle import leaf_hash

ORIGIN = "lodestone.example/audit"
KEY_NAME = "lodestone-audit"


def private_key(seed: int = 1) -> bytes:
    return hashlib.sha256(f"audit key {seed}".encode()).digest()


def event(seq: int) -> dict[str, Any]:
    order_id = f"ord-{seq // 3}"
    return {
        "specversion": "1.0",
        "id": f"00000000-0000-4000-8000-{seq:012d}",
        "source": "screening-svc",
        "type": "order.screened",
        "subject": order_id,
        "time": f"2025-03-01T10:00:{seq % 60:02d}.000000Z",
        "datacontenttype": "application/json",
        "dataschema": "https://lodestone.example/schemas/events/order.screened.json",
        "correlationid": f"corr-{seq}",
        "causationid": f"cause-{seq}",
        "sequence": seq % 3 + 1,
        "data": {
            "order_id": order_id,
            "license_check": "reserve",
            "lines": [{"line": 1, "form": "oxide", "elements": ["Dy"], "quantity_kg": 12.5}],
            "consignee": {"name": "Société Générale d'Aimants", "country": "FR"},
        },
    }


def export_line(seq: int, body: dict[str, Any], claimed: bytes | None = None) -> str:
    """The line as the server writes it: the RFC 8785 form of {seq, leaf_hash, event}."""
    canonical = rfc8785.dumps(body)
    leaf = claimed or leaf_hash(canonical)
    return rfc8785.dumps({"seq": seq, "leaf_hash": leaf.hex(), "event": body}).decode() + "\n"


def export_lines(count: int) -> list[str]:
    return [export_line(seq, event(seq)) for seq in range(count)]


def root_of(lines: list[str]) -> bytes:
    leaves = [bytes.fromhex(json.loads(line)["leaf_hash"]) for line in lines]
    return extend(Frontier(), leaves).root()


def checkpoint_document(size: int, root: bytes, seed: int = 1) -> dict[str, Any]:
    note = sign_checkpoint(ORIGIN, size, root, private_key(seed), KEY_NAME)
    signature = parse_note(note).signatures[0]
    return {
        "origin": ORIGIN,
        "tree_size": size,
        "root_hash": root.hex(),
        "signature": base64.b64encode(signature.key_id + signature.signature).decode(),
        "key_id": signature.key_id.hex(),
        "note": note,
    }


def checkpoint_for(lines: list[str], seed: int = 1) -> dict[str, Any]:
    return checkpoint_document(len(lines), root_of(lines), seed)


def public_key_document(seed: int = 1) -> dict[str, Any]:
    public = public_key_of(private_key(seed))
    vkey = verifier_key(KEY_NAME, public)
    return {
        "key_id": vkey.split("+")[1],
        "algorithm": "ed25519",
        "public_key": public.hex(),
        "vkey": vkey,
    }

"""Verifies an audit export against signed checkpoints: every leaf, dense seq, roots, signatures.

Trust comes only from the public key: checkpoint fields count only as far as the signed note says.
"""

from __future__ import annotations

import binascii
from base64 import b64encode
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from audit_svc.cli.export_lines import LineError, read_line
from audit_svc.cli.report import VerifyReport
from audit_svc.domain.checkpoint import (
    Checkpoint,
    NoteError,
    parse_note,
    parse_verifier_key,
    verify_note,
)
from audit_svc.domain.frontier import Frontier, extend

_BATCH = 4096


@dataclass(frozen=True)
class SignedTarget:
    """A verified checkpoint the export's prefix of `tree_size` leaves must reproduce."""

    label: str
    checkpoint: Checkpoint


def load_verifier_key(public_key: Mapping[str, Any]) -> str:
    """The vkey of a GET /v1/audit/public-key document, checked against its other fields."""
    if public_key.get("algorithm") != "ed25519":
        raise NoteError("public key algorithm is not ed25519")
    vkey = public_key.get("vkey")
    if not isinstance(vkey, str):
        raise NoteError("public key document has no vkey")
    key = parse_verifier_key(vkey)
    try:
        raw = bytes.fromhex(str(public_key.get("public_key")))
    except ValueError as error:
        raise NoteError("public_key is not hex") from error
    if raw != key.public_key:
        raise NoteError("public_key differs from the key inside vkey")
    if str(public_key.get("key_id", "")).lower() != key.key_id.hex():
        raise NoteError("key_id differs from the key id inside vkey")
    return vkey


def verify_checkpoint_document(document: Mapping[str, Any], vkey: str) -> Checkpoint:
    """The signed checkpoint of a GET /v1/audit/checkpoint document; its fields must match."""
    note = document.get("note")
    if not isinstance(note, str):
        raise NoteError("checkpoint document has no note")
    signed = verify_note(note, vkey)
    try:
        root = bytes.fromhex(str(document.get("root_hash")))
    except (ValueError, binascii.Error) as error:
        raise NoteError("checkpoint root_hash is not hex") from error
    claimed = (document.get("origin"), document.get("tree_size"), root)
    if claimed != (signed.origin, signed.tree_size, signed.root_hash):
        raise NoteError("checkpoint fields differ from its signed note")
    _check_signature_fields(document, note, vkey)
    return signed


def _check_signature_fields(document: Mapping[str, Any], note: str, vkey: str) -> None:
    """key_id is the hex key id; signature is base64 of (key id ||) the Ed25519 signature."""
    key = parse_verifier_key(vkey)
    if str(document.get("key_id", "")).lower() != key.key_id.hex():
        raise NoteError("checkpoint key_id is not the public key's id")
    ours = [s for s in parse_note(note).signatures if s.key_id == key.key_id]
    accepted = {s.encoded() for s in ours} | {b64encode(s.signature).decode() for s in ours}
    if document.get("signature") not in accepted:
        raise NoteError("checkpoint signature field differs from the note's signature")


class _ExportCheck:
    """Streams records once: dense seq, leaf hashes, and the root at every checkpoint's size."""

    def __init__(self, report: VerifyReport, targets: Sequence[SignedTarget], strict: bool):
        self.report = report
        self.strict = strict
        self.frontier = Frontier()
        self.pending: list[bytes] = []
        self.expected_seq = 0
        self.targets = sorted(targets, key=lambda target: target.checkpoint.tree_size)
        self._check_due_targets()

    def feed(self, line: str) -> None:
        if not line.strip():
            return
        position = self.report.events
        try:
            record = read_line(line, strict=self.strict)
        except LineError as error:
            self.report.fail(position, "malformed", f"line for seq {position}: {error}")
            record = None
        self.report.events += 1
        if record is None:
            self.expected_seq += 1
        else:
            self._check_record(record.seq, record.claimed_leaf, record.leaf)
        self.pending.append(record.leaf if record else b"\x00" * 32)
        if len(self.pending) >= _BATCH or self._target_due(self.report.events):
            self._flush()

    def _check_record(self, seq: int, claimed_leaf: str, leaf: bytes) -> None:
        if seq != self.expected_seq:
            self.report.fail(
                self.expected_seq, "sequence", f"expected seq {self.expected_seq}, found {seq}"
            )
        if leaf.hex() != claimed_leaf:
            self.report.fail(seq, "leaf_hash", f"seq {seq}: event does not hash to its leaf_hash")
        self.expected_seq = seq + 1

    def _target_due(self, size: int) -> bool:
        return bool(self.targets) and self.targets[0].checkpoint.tree_size == size

    def _flush(self) -> None:
        self.frontier = extend(self.frontier, self.pending)
        self.pending = []
        self._check_due_targets()

    def _check_due_targets(self) -> None:
        while self._target_due(self.frontier.size):
            target = self.targets.pop(0)
            if self.frontier.root() != target.checkpoint.root_hash:
                self.report.fail(
                    None,
                    "root",
                    f"{target.label}: the root of seq 0..{self.frontier.size - 1} differs"
                    " from the signed root",
                )

    def finish(self) -> None:
        self._flush()
        for target in self.targets:
            size = target.checkpoint.tree_size
            self.report.fail(
                self.report.events,
                "truncated",
                f"{target.label} covers {size} events but the export ends at"
                f" seq {self.report.events - 1}",
            )


def _signed_targets(
    report: VerifyReport,
    checkpoint: Mapping[str, Any],
    public_key: Mapping[str, Any],
    earlier: Sequence[Mapping[str, Any]],
) -> list[SignedTarget]:
    try:
        vkey = load_verifier_key(public_key)
    except NoteError as error:
        report.fail(None, "public_key", str(error))
        return []
    targets: list[SignedTarget] = []
    documents = [("checkpoint", checkpoint)]
    documents += [(f"earlier checkpoint {i}", doc) for i, doc in enumerate(earlier)]
    for label, document in documents:
        try:
            targets.append(SignedTarget(label, verify_checkpoint_document(document, vkey)))
        except NoteError as error:
            report.fail(None, "signature", f"{label}: {error}")
    return targets


def _check_order(report: VerifyReport, targets: list[SignedTarget]) -> None:
    latest = next((t for t in targets if t.label == "checkpoint"), None)
    if latest is None:
        return
    report.tree_size = latest.checkpoint.tree_size
    report.root_hash = latest.checkpoint.root_hash.hex()
    for target in targets:
        if target.checkpoint.origin != latest.checkpoint.origin:
            report.fail(None, "consistency", f"{target.label} is for another log origin")
        if target.checkpoint.tree_size > latest.checkpoint.tree_size:
            report.fail(None, "consistency", f"{target.label} is larger than the checkpoint")


def verify_export(
    lines: Iterable[str],
    checkpoint: Mapping[str, Any],
    public_key: Mapping[str, Any],
    earlier: Sequence[Mapping[str, Any]] = (),
    *,
    strict_canonical: bool = False,
) -> VerifyReport:
    """Check every line of an NDJSON export against the checkpoint and the earlier ones."""
    report = VerifyReport()
    targets = _signed_targets(report, checkpoint, public_key, earlier)
    _check_order(report, targets)
    report.checkpoints_checked = len(targets)
    check = _ExportCheck(report, targets, strict_canonical)
    for line in lines:
        check.feed(line)
    check.finish()
    return report

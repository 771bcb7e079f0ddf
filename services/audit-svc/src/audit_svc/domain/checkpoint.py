"""C2SP tlog-checkpoint bodies inside C2SP signed notes, signed with Ed25519.

A note verifies only through a signature line whose key name and key id match the verifier key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519 = 0x01
SIGNATURE_PREFIX = "\u2014 "
_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_KEY_NAME = re.compile(r"[^\s+]+")


class NoteError(ValueError):
    """The note is malformed, or no signature from the expected key verifies."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    tree_size: int
    root_hash: bytes

    def body(self) -> str:
        root = base64.b64encode(self.root_hash).decode()
        return f"{self.origin}\n{self.tree_size}\n{root}\n"


@dataclass(frozen=True)
class NoteSignature:
    key_name: str
    key_id: bytes
    signature: bytes

    def encoded(self) -> str:
        """base64(key id || signature): the last field of the signature line."""
        return base64.b64encode(self.key_id + self.signature).decode()


@dataclass(frozen=True)
class Note:
    text: str
    signatures: tuple[NoteSignature, ...]


@dataclass(frozen=True)
class VerifierKey:
    name: str
    key_id: bytes
    public_key: bytes


def _b64decode(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as error:
        raise NoteError(f"{what} is not base64") from error


def compute_key_id(key_name: str, public_key: bytes) -> bytes:
    """First 4 bytes of SHA-256(key name || 0x0A || 0x01 || public key)."""
    return hashlib.sha256(key_name.encode() + b"\n" + bytes([ED25519]) + public_key).digest()[:4]


def public_key_of(private_key: bytes) -> bytes:
    """The 32 raw public key bytes of a 32-byte Ed25519 private key (seed)."""
    public = Ed25519PrivateKey.from_private_bytes(private_key).public_key()
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _check_key_name(key_name: str) -> None:
    if not _KEY_NAME.fullmatch(key_name):
        raise NoteError(f"key name {key_name!r} is empty or holds whitespace or '+'")


def verifier_key(key_name: str, public_key: bytes) -> str:
    """The C2SP verifier key string: <name>+<hex key id>+<base64(0x01 || public key)>."""
    _check_key_name(key_name)
    encoded = base64.b64encode(bytes([ED25519]) + public_key).decode()
    return f"{key_name}+{compute_key_id(key_name, public_key).hex()}+{encoded}"


def parse_verifier_key(vkey: str) -> VerifierKey:
    """Parse a verifier key and check that its key id belongs to its name and public key."""
    parts = vkey.split("+", 2)  # base64 may itself hold "+"
    if len(parts) != 3 or not _KEY_NAME.fullmatch(parts[0]):
        raise NoteError("verifier key is not <name>+<key id>+<key>")
    name, key_id_hex, encoded = parts
    key = _b64decode(encoded, "verifier key")
    if len(key) != 33 or key[0] != ED25519:
        raise NoteError("verifier key is not an Ed25519 key")
    if compute_key_id(name, key[1:]).hex() != key_id_hex.lower():
        raise NoteError("verifier key id does not match its name and key")
    return VerifierKey(name, bytes.fromhex(key_id_hex), key[1:])


def sign_checkpoint(
    origin: str, tree_size: int, root_hash: bytes, private_key: bytes, key_name: str
) -> str:
    """The signed note text of a checkpoint: body, blank line, one signature line."""
    if not origin or "\n" in origin or tree_size < 0 or len(root_hash) != 32:
        raise NoteError("a checkpoint needs a one-line origin, a size >= 0 and a 32-byte root")
    _check_key_name(key_name)
    body = Checkpoint(origin, tree_size, root_hash).body()
    key_id = compute_key_id(key_name, public_key_of(private_key))
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(body.encode())
    line = NoteSignature(key_name, key_id, signature).encoded()
    return f"{body}\n{SIGNATURE_PREFIX}{key_name} {line}\n"


def _parse_signature_line(line: str) -> NoteSignature:
    if not line.startswith(SIGNATURE_PREFIX):
        raise NoteError("signature line does not start with an em dash and a space")
    fields = line[len(SIGNATURE_PREFIX) :].split(" ")
    if len(fields) != 2 or not _KEY_NAME.fullmatch(fields[0]):
        raise NoteError("signature line is not '— <key name> <signature>'")
    blob = _b64decode(fields[1], "signature")
    if len(blob) < 5:
        raise NoteError("signature is too short to hold a key id")
    return NoteSignature(fields[0], blob[:4], blob[4:])


def parse_note(note: str) -> Note:
    """Split a signed note into its text and signature lines (no verification)."""
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise NoteError("a note is text, a blank line and newline-terminated signature lines")
    text, lines = note[: split + 1], note[split + 2 : -1].split("\n")
    if any(ord(char) < 0x20 and char != "\n" for char in note):
        raise NoteError("a note holds no control characters other than newline")
    signatures = tuple(_parse_signature_line(line) for line in lines)
    return Note(text, signatures)


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse a checkpoint body: origin, decimal tree size, base64 root hash, extension lines."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "" or not lines[0] or "" in lines[1:-1]:
        raise NoteError("checkpoint body is not origin, size and root hash lines")
    if not _DECIMAL.fullmatch(lines[1]):
        raise NoteError("checkpoint tree size is not a decimal number")
    root = _b64decode(lines[2], "checkpoint root hash")
    if len(root) != 32:
        raise NoteError("checkpoint root hash is not 32 bytes")
    return Checkpoint(lines[0], int(lines[1]), root)


def verify_note(note: str, vkey: str) -> Checkpoint:
    """The checkpoint of a note whose signature by `vkey` verifies; NoteError otherwise."""
    key = parse_verifier_key(vkey)
    parsed = parse_note(note)
    mine = [s for s in parsed.signatures if (s.key_name, s.key_id) == (key.name, key.key_id)]
    if not mine:
        raise NoteError(f"the note has no signature by key {key.name}")
    public = Ed25519PublicKey.from_public_bytes(key.public_key)
    for signature in mine:
        try:
            public.verify(signature.signature, parsed.text.encode())
        except InvalidSignature as error:
            raise NoteError(f"the signature by key {key.name} does not verify") from error
    return parse_checkpoint(parsed.text)

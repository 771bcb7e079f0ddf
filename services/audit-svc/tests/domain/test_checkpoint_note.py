"""C2SP signed-note checkpoints: what we sign verifies, and nothing else does."""

from __future__ import annotations

import base64
import hashlib

import pytest

from audit_svc.domain.checkpoint import (
    Checkpoint,
    NoteError,
    compute_key_id,
    parse_note,
    public_key_of,
    sign_checkpoint,
    verifier_key,
    verify_note,
)

ORIGIN = "lodestone.example/audit"
ROOT = hashlib.sha256(b"root").digest()


def private_key(seed: int = 1) -> bytes:
    return hashlib.sha256(f"key {seed}".encode()).digest()


def vkey_for(seed: int = 1, name: str = "lodestone-audit") -> str:
    return verifier_key(name, public_key_of(private_key(seed)))


def signed(size: int = 42, seed: int = 1, name: str = "lodestone-audit") -> str:
    return sign_checkpoint(ORIGIN, size, ROOT, private_key(seed), name)


def test_a_signed_checkpoint_verifies_to_its_fields() -> None:
    assert verify_note(signed(), vkey_for()) == Checkpoint(ORIGIN, 42, ROOT)


def test_the_note_has_the_c2sp_layout() -> None:
    body, signature_line = signed().split("\n\n")
    assert body == f"{ORIGIN}\n42\n{base64.b64encode(ROOT).decode()}"
    assert signature_line.startswith("\u2014 lodestone-audit ")
    blob = base64.b64decode(signature_line.split(" ")[2])
    public = public_key_of(private_key())
    assert blob[:4] == compute_key_id("lodestone-audit", public)
    assert len(blob) == 68


def test_key_id_is_the_hash_of_name_newline_algorithm_and_key() -> None:
    public = public_key_of(private_key())
    expected = hashlib.sha256(b"lodestone-audit\n\x01" + public).digest()[:4]
    encoded = base64.b64encode(b"\x01" + public).decode()
    assert vkey_for() == f"lodestone-audit+{expected.hex()}+{encoded}"


def test_a_changed_body_fails() -> None:
    note = signed().replace("\n42\n", "\n43\n")
    with pytest.raises(NoteError, match="does not verify"):
        verify_note(note, vkey_for())


def test_a_forged_signature_fails() -> None:
    note = parse_note(signed())
    forged_sig = bytes(64)
    line = base64.b64encode(note.signatures[0].key_id + forged_sig).decode()
    forged = f"{note.text}\n\u2014 lodestone-audit {line}\n"
    with pytest.raises(NoteError, match="does not verify"):
        verify_note(forged, vkey_for())


def test_a_note_signed_by_another_key_of_the_same_name_fails() -> None:
    with pytest.raises(NoteError, match="no signature by key"):
        verify_note(signed(seed=2), vkey_for(seed=1))


def test_a_verifier_key_with_a_wrong_key_id_is_refused() -> None:
    name, _, key = vkey_for().split("+")
    with pytest.raises(NoteError, match="key id"):
        verify_note(signed(), f"{name}+00000000+{key}")


@pytest.mark.parametrize(
    "note",
    [
        "lodestone.example/audit\n42\n",
        f"{ORIGIN}\n042\n{base64.b64encode(ROOT).decode()}\n\n",
        f"{ORIGIN}\n42\n{base64.b64encode(ROOT).decode()}\n\n\u2014 k\n",
    ],
)
def test_malformed_notes_are_refused(note: str) -> None:
    with pytest.raises(NoteError):
        verify_note(note, vkey_for())


def test_a_key_name_with_a_plus_is_refused() -> None:
    with pytest.raises(NoteError, match="key name"):
        signed(name="bad+name")

"""An export verifies only when every event, its place and every signed root hold."""

from __future__ import annotations

import json
from typing import Any

import pytest
from audit_export_builders import (
    checkpoint_document,
    checkpoint_for,
    event,
    export_line,
    export_lines,
    public_key_document,
    root_of,
)

from audit_svc.cli.verify import verify_export

SIZE = 20
TAMPERED = 7


def tampered(path: str, value: Any) -> dict[str, Any]:
    """Event TAMPERED with the field at a dotted path (list indexes as digits) replaced."""
    body = event(TAMPERED)
    *parents, last = path.split(".")
    target: Any = body
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is _REMOVE:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return body


_REMOVE = object()

FIELDS = [
    ("id", "00000000-0000-4000-8000-999999999999"),
    ("source", "license-svc"),
    ("type", "order.cleared"),
    ("subject", "ord-999"),
    ("time", "2025-03-01T10:00:08.000000Z"),
    ("specversion", "1.1"),
    ("datacontenttype", "text/plain"),
    ("dataschema", "https://evil.example/schema.json"),
    ("correlationid", "corr-x"),
    ("causationid", "cause-x"),
    ("sequence", 9),
    ("data.order_id", "ord-999"),
    ("data.license_check", "none"),
    ("data.lines.0.quantity_kg", 12.6),
    ("data.lines.0.elements.0", "Tb"),
    ("data.consignee.name", "Societe Generale d'Aimants"),
    ("data.extra", "added"),
    ("data.license_check", _REMOVE),
    ("causationid", _REMOVE),
]


def verify(lines: list[str], checkpoint: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    document = checkpoint if checkpoint is not None else checkpoint_for(lines)
    return verify_export(lines, document, public_key_document(), **kwargs)


def test_an_untouched_export_verifies() -> None:
    lines = export_lines(SIZE)
    report = verify(lines)
    assert report.ok, report.failures
    assert (report.events, report.tree_size) == (SIZE, SIZE)


def test_an_export_reformatted_by_another_json_writer_still_verifies() -> None:
    lines = [json.dumps(json.loads(line), indent=None) for line in export_lines(SIZE)]
    assert verify(lines, checkpoint_for(export_lines(SIZE))).ok


@pytest.mark.parametrize(("path", "value"), FIELDS)
@pytest.mark.parametrize("writer", ["canonical", "json.dumps"])
def test_changing_any_event_field_fails_naming_its_seq(path: str, value: Any, writer: str) -> None:
    lines = export_lines(SIZE)
    checkpoint = checkpoint_for(lines)
    claimed = bytes.fromhex(json.loads(lines[TAMPERED])["leaf_hash"])
    lines[TAMPERED] = export_line(TAMPERED, tampered(path, value), claimed)
    if writer == "json.dumps":
        lines[TAMPERED] = json.dumps(json.loads(lines[TAMPERED]))
    report = verify(lines, checkpoint)
    assert not report.ok
    assert report.first_failing_seq == TAMPERED
    assert [(f.seq, f.kind) for f in report.failures] == [(TAMPERED, "leaf_hash"), (None, "root")]


@pytest.mark.parametrize("strict", [False, True])
def test_an_event_changed_together_with_its_leaf_hash_fails_the_signed_root(strict: bool) -> None:
    lines = export_lines(SIZE)
    checkpoint = checkpoint_for(lines)
    lines[TAMPERED] = export_line(TAMPERED, tampered("data.order_id", "ord-999"))
    report = verify(lines, checkpoint, strict_canonical=strict)
    assert [f.kind for f in report.failures] == ["root"]


def test_a_truncated_export_fails_at_the_first_missing_seq() -> None:
    lines = export_lines(SIZE)
    report = verify(lines[:15], checkpoint_for(lines))
    assert [(f.seq, f.kind) for f in report.failures] == [(15, "truncated")]


def test_a_cut_last_line_fails_as_malformed() -> None:
    lines = export_lines(SIZE)
    report = verify([*lines[:-1], lines[-1][:40]], checkpoint_for(lines))
    assert report.first_failing_seq == SIZE - 1
    assert "malformed" in [f.kind for f in report.failures]


def test_a_reordered_export_fails_at_the_first_swapped_seq() -> None:
    lines = export_lines(SIZE)
    checkpoint = checkpoint_for(lines)
    lines[5], lines[6] = lines[6], lines[5]
    report = verify(lines, checkpoint)
    assert report.first_failing_seq == 5
    assert {"sequence", "root"} <= {f.kind for f in report.failures}


def test_a_gap_in_seq_fails_naming_the_missing_seq() -> None:
    lines = export_lines(SIZE)
    report = verify(lines[:9] + lines[10:], checkpoint_for(lines))
    assert report.first_failing_seq == 9
    assert report.failures[0].kind == "sequence"


def test_an_export_longer_than_the_checkpoint_is_checked_on_its_prefix() -> None:
    lines = export_lines(SIZE)
    report = verify(lines, checkpoint_for(lines[:12]))
    assert report.ok, report.failures
    assert (report.events, report.tree_size) == (SIZE, 12)


def test_earlier_checkpoints_must_be_prefixes_of_the_export() -> None:
    lines = export_lines(SIZE)
    good = [checkpoint_for(lines[:n]) for n in (0, 1, 8, SIZE)]
    assert verify(lines, earlier=good).ok
    other_history = export_lines(8)
    other_history[3] = export_line(3, tampered("subject", "ord-x"))
    report = verify(lines, earlier=[checkpoint_for(other_history)])
    assert [f.kind for f in report.failures] == ["root"]


def test_a_checkpoint_signed_by_another_key_fails() -> None:
    lines = export_lines(SIZE)
    report = verify(lines, checkpoint_for(lines, seed=2))
    assert [f.kind for f in report.failures] == ["signature"]


def test_checkpoint_fields_that_differ_from_the_signed_note_fail() -> None:
    lines = export_lines(SIZE)
    document = checkpoint_document(SIZE, root_of(lines))
    document["tree_size"] = SIZE - 1
    report = verify(lines, document)
    assert [f.kind for f in report.failures] == ["signature"]


def test_a_public_key_document_whose_hex_key_differs_from_its_vkey_fails() -> None:
    lines = export_lines(SIZE)
    key = public_key_document() | {"public_key": "00" * 32}
    report = verify_export(lines, checkpoint_for(lines), key)
    assert [f.kind for f in report.failures] == ["public_key"]

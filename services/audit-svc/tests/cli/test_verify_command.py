"""`lodestone-audit verify --file`: exit 0 only when everything holds, and say which seq failed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from audit_export_builders import checkpoint_for, export_lines, public_key_document

from audit_svc.cli.main import main


def write_inputs(folder: Path, lines: list[str], checkpoint: dict[str, Any]) -> list[str]:
    (folder / "export.ndjson").write_text("".join(lines), encoding="utf-8")
    (folder / "checkpoint.json").write_text(json.dumps(checkpoint), encoding="utf-8")
    (folder / "key.json").write_text(json.dumps(public_key_document()), encoding="utf-8")
    return [
        "verify",
        f"--file={folder / 'export.ndjson'}",
        f"--checkpoint={folder / 'checkpoint.json'}",
        f"--public-key={folder / 'key.json'}",
    ]


def test_an_intact_export_exits_zero_with_progress_shown(tmp_path: Path) -> None:
    lines = export_lines(50)
    assert main([*write_inputs(tmp_path, lines, checkpoint_for(lines)), "--progress"]) == 0


def test_a_tampered_export_exits_one_and_names_the_seq(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = export_lines(50)
    checkpoint = checkpoint_for(lines)
    lines[31] = lines[31].replace("corr-31", "corr-xx")
    assert main([*write_inputs(tmp_path, lines, checkpoint), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["first_failing_seq"] == 31


def test_a_missing_input_exits_two(tmp_path: Path) -> None:
    args = write_inputs(tmp_path, export_lines(3), checkpoint_for(export_lines(3)))
    (tmp_path / "key.json").unlink()
    assert main(args) == 2


def test_verify_without_a_source_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["verify"])
    assert exit_info.value.code == 2

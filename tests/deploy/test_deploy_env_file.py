"""deploy/new_env.py: a working deploy/.env with fresh secrets, never overwriting one."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from deploy_compose import DEPLOY, compose_config, parse_env_file

SCRIPT = DEPLOY / "new_env.py"


def run_new_env(output: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_generated_env_holds_usable_secrets_readable_by_its_owner_only(tmp_path: Path) -> None:
    output = tmp_path / ".env"
    assert run_new_env(output).returncode == 0
    env = parse_env_file(output.read_text())
    assert len(env["AUTH_SECRET"]) >= 43
    Ed25519PrivateKey.from_private_bytes(bytes.fromhex(env["AUDIT_SIGNING_KEY"]))
    assert len(bytes.fromhex(env["POSTGRES_PASSWORD"])) >= 16
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert compose_config(env, ha=True)["services"]["audit-svc"]["environment"]


def test_generated_env_keeps_every_other_setting_of_the_example(tmp_path: Path) -> None:
    output = tmp_path / ".env"
    run_new_env(output)
    example = parse_env_file((DEPLOY / ".env.example").read_text())
    generated = parse_env_file(output.read_text())
    assert set(generated) == set(example)
    assert {k: v for k, v in generated.items() if example[k]} == {
        k: v for k, v in example.items() if v
    }


def test_two_runs_never_share_a_secret(tmp_path: Path) -> None:
    first, second = tmp_path / "a.env", tmp_path / "b.env"
    run_new_env(first)
    run_new_env(second)
    a, b = parse_env_file(first.read_text()), parse_env_file(second.read_text())
    for name in ("AUTH_SECRET", "AUDIT_SIGNING_KEY", "POSTGRES_PASSWORD"):
        assert a[name] != b[name]


def test_an_existing_env_file_is_never_overwritten(tmp_path: Path) -> None:
    output = tmp_path / ".env"
    output.write_text("AUTH_SECRET=keep-me\n")
    result = run_new_env(output)
    assert result.returncode == 1
    assert "not overwriting" in result.stderr
    assert output.read_text() == "AUTH_SECRET=keep-me\n"


def test_smoke_requirements_are_pinned_and_agree_with_the_services() -> None:
    pins = dict(
        line.split("==", 1)
        for line in (DEPLOY / "requirements-smoke.txt").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert pins["docker"] == "7.2.0"
    services = (DEPLOY.parent / "requirements.txt").read_text()
    assert f"pyjwt=={pins['pyjwt']}" in services

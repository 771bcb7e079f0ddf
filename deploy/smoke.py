"""Smoke test of the Compose stack: up, one order, one application, a signed checkpoint, down.

Needs a Docker engine. Runs under its own Compose project name, so `down --volumes` at the end
never touches the volumes of a `make up` deployment (but it needs the same host ports free).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import docker
import jwt
from docker.models.containers import Container

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
PARTY = {"name": "Smoke Test Motors GmbH", "country": "DE", "address": "Teststraße 1, Berlin"}
ITEM = {
    "line": 1,
    "description": "NdFeB magnet blocks",
    "hs_code": "850511",
    "form": "magnet",
    "composition": {"Nd": 0.3, "Fe": 0.65},
    "quantity_kg": 12.5,
}
CONTROLLED_ITEM = {
    **ITEM,
    "description": "SmCo magnet blocks",
    "composition": {"Sm": 0.25, "Co": 0.5},
}


def read_env(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {k.strip(): v.strip() for k, v in pairs if not k.lstrip().startswith("#")}


def compose(args: argparse.Namespace, *command: str) -> list[str]:
    files = ["-f", str(DEPLOY / "docker-compose.yml")]
    if args.ha:
        files += ["-f", str(DEPLOY / "docker-compose.ha.yml")]
    base = ["docker", "compose", "-p", args.project, *files, "--env-file", str(args.env_file)]
    return [*base, *command]


def token(secret: str, role: str) -> str:
    now = int(time.time())
    claims = {"sub": f"smoke-{role}", "roles": [role], "iss": "lodestone", "iat": now}
    return jwt.encode({**claims, "exp": now + 600}, secret, algorithm="HS256")


def call(method: str, url: str, bearer: str, body: Any = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {bearer}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def container_ready(container: Container) -> bool:
    """Healthy when it has a health check; a one-shot job must have exited 0."""
    container.reload()
    state: dict[str, Any] = container.attrs["State"]
    if "Health" in state:
        return bool(state["Health"]["Status"] == "healthy")
    if state["Status"] == "exited":
        if state["ExitCode"] != 0:
            raise RuntimeError(f"{container.name} exited with {state['ExitCode']}")
        return True
    return False


def wait_until_healthy(project: str, timeout: float) -> None:
    client = docker.from_env()
    label = f"com.docker.compose.project={project}"
    deadline = time.monotonic() + timeout
    waiting: list[str | None] = ["(no container yet)"]
    while time.monotonic() < deadline:
        containers = client.containers.list(all=True, filters={"label": label})
        waiting = [c.name for c in containers if not container_ready(c)]
        if containers and not waiting:
            print(f"all {len(containers)} containers healthy or done")
            return
        time.sleep(3)
    raise TimeoutError(f"not healthy after {timeout:.0f}s: {waiting}")


def print_logs(project: str) -> None:
    client = docker.from_env()
    label = f"com.docker.compose.project={project}"
    for container in client.containers.list(all=True, filters={"label": label}):
        print(f"--- {container.name} ---")
        print(container.logs(tail=40).decode(errors="replace"))


def base_url(env: dict[str, str], service: str, default_port: str) -> str:
    host = env.get("LODESTONE_BIND_ADDRESS") or "127.0.0.1"
    host = "127.0.0.1" if host == "0.0.0.0" else host
    port = env.get(f"{service}_PUBLISHED_PORT") or default_port
    return f"http://{host}:{port}"


def order_body() -> dict[str, Any]:
    return {
        "erp_order_id": f"SMOKE-{uuid.uuid4().hex[:12]}",
        "exporter": {"id": "exp-smoke", "name": "Smoke Rare Earth Export Co"},
        "consignee": PARTY,
        "end_user": PARTY,
        "end_use": {"category": "automotive", "description": "EV traction motors"},
        "destination": "DE",
        "ship_date": (date.today() + timedelta(days=14)).isoformat(),
        "items": [ITEM],
    }


def application_body() -> dict[str, Any]:
    """Fast-track: a controlled element (Sm) for a civil end use, so a licence is issued."""
    applicant = {"id": "app-smoke", "name": "Smoke Magnets", "country": "CN"}
    return {
        "applicant": {**applicant, "military_manufacturer": False},
        "exporter": {"id": "exp-smoke", "name": "Smoke Rare Earth Export Co"},
        "consignee": PARTY,
        "end_user": PARTY,
        "end_use": {"category": "automotive", "description": "EV traction motors"},
        "destination": "DE",
        "items": [CONTROLLED_ITEM],
    }


def exercise(env: dict[str, str], timeout: float) -> None:
    secret = env["AUTH_SECRET"]
    screening = base_url(env, "SCREENING", "8002")
    status, body = call("POST", f"{screening}/v1/orders", token(secret, "erp"), order_body())
    assert status in (200, 202), f"order: {status} {body}"
    print(f"order accepted: {status} {body}")
    license_url = base_url(env, "LICENSE", "8001")
    bearer = token(secret, "applicant")
    status, body = call("POST", f"{license_url}/v1/applications", bearer, application_body())
    assert status == 202, f"application: {status} {body}"
    print(f"application accepted: {body}")
    audit = f"{base_url(env, 'AUDIT', '8003')}/v1/audit/checkpoint"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, body = call("GET", audit, token(secret, "auditor"))
        if status == 200 and isinstance(body, dict) and body.get("tree_size", 0) > 0:
            print(f"signed checkpoint: tree_size={body['tree_size']} at {datetime.now(UTC)}")
            return
        time.sleep(2)
    raise TimeoutError(f"no checkpoint with tree_size > 0: last answer {status} {body}")


def ensure_env_file(args: argparse.Namespace, scratch: Path) -> None:
    """Use the given env file, or generate a throw-away one with fresh secrets."""
    if args.env_file.exists():
        return
    args.env_file = scratch / "smoke.env"
    script = [sys.executable, str(DEPLOY / "new_env.py"), "--output", str(args.env_file)]
    subprocess.run(script, check=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--env-file", type=Path, default=DEPLOY / ".env")
    parser.add_argument("--project", default="lodestone-smoke")
    parser.add_argument("--ha", action="store_true", help="three brokers (docker-compose.ha.yml)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to become healthy")
    parser.add_argument("--keep", action="store_true", help="leave the stack running")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        ensure_env_file(args, Path(scratch))
        env = read_env(args.env_file)
        try:
            subprocess.run(compose(args, "up", "-d", "--build"), cwd=ROOT, check=True)
            wait_until_healthy(args.project, args.timeout)
            exercise(env, timeout=60.0)
        except (AssertionError, RuntimeError, TimeoutError, subprocess.CalledProcessError) as exc:
            print(f"SMOKE FAILED: {exc}", file=sys.stderr)
            print_logs(args.project)
            return 1
        finally:
            if not args.keep:
                subprocess.run(compose(args, "down", "--volumes"), cwd=ROOT, check=False)
    print("SMOKE PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())

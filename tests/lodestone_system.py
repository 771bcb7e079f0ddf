"""Starts the whole system as real processes: the embedded broker and the three services.

Each system gets fresh stores (SQLite files in a temp folder, or PostgreSQL schemas),
its own broker on a free port, and its own auth secret.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from lodestone_runtime.auth import mint_token
from lodestone_runtime.broker import EmbeddedBroker, free_port

SERVICES = {
    "screening-svc": ("screening_svc", "SCREENING"),
    "license-svc": ("license_svc", "LICENSE"),
    "audit-svc": ("audit_svc", "AUDIT"),
}


@dataclass
class RunningSystem:
    root: Path
    broker: EmbeddedBroker
    secret: str
    pg_url: str | None
    ports: dict[str, int] = field(default_factory=dict)
    schemas: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def token(self, role: str, sub: str | None = None) -> str:
        return mint_token(self.secret, sub or f"{role}-1", [role])

    def client(self, service: str, role: str | None = None, sub: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token(role, sub)}"} if role else {}
        return httpx.Client(base_url=self.url(service), headers=headers, timeout=30)

    def pids(self) -> dict[str, int]:
        return {service: process.pid for service, process in self.processes.items()}

    def _env(self, service: str) -> dict[str, str]:
        _module, prefix = SERVICES[service]
        env = dict(os.environ)
        env.update(
            {
                f"{prefix}_PORT": str(self.ports[service]),
                "KAFKA_BOOTSTRAP_SERVERS": self.broker.bootstrap,
                "LODESTONE_DATA_DIR": str(self.root),
                "AUTH_SECRET": self.secret,
                "LOG_LEVEL": "WARNING",
            }
        )
        if self.pg_url:
            env[f"{prefix}_DATABASE_URL"] = self.pg_url
            env[f"{prefix}_DATABASE_SCHEMA"] = self.schemas[service]
        return env

    def start(self, service: str) -> None:
        module, _prefix = SERVICES[service]
        log = open(self.root / f"{service}.log", "ab")  # noqa: SIM115
        self.processes[service] = subprocess.Popen(
            [sys.executable, "-m", module], env=self._env(service), stdout=log, stderr=log
        )
        log.close()

    def kill(self, service: str) -> None:
        """kill -9: no shutdown hooks run."""
        process = self.processes.pop(service)
        process.send_signal(signal.SIGKILL)
        process.wait()

    def restart(self, service: str) -> None:
        self.kill(service)
        self.start(service)
        self.wait_ready([service])

    def wait_ready(self, services: list[str] | None = None, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        for service in services or list(SERVICES):
            while True:
                try:
                    if httpx.get(self.url(service) + "/readyz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{service} not ready; see {self.root / (service + '.log')}")
                time.sleep(0.1)

    def warnings(self, limit: int = 40) -> str:
        """The services' and broker's last warnings and errors (not dead letters), for a
        failing test's message: CI keeps the output, not the temp folder."""
        lines: list[str] = []
        for name in [*SERVICES, "broker"]:
            path = self.root / f"{name}.log"
            if not path.exists():
                continue
            for line in path.read_text(errors="replace").splitlines():
                if "dead-lettered" not in line and ("WARN" in line or "ERROR" in line):
                    lines.append(f"{name}: {line[:400]}")
        return "\n".join(lines[-limit:]) or "(no warnings logged)"

    def stop(self) -> None:
        for process in self.processes.values():
            process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
        self.broker.stop()


@contextmanager
def running_system(root: Path, pg_url: str | None = None) -> Iterator[RunningSystem]:
    root.mkdir(parents=True, exist_ok=True)
    broker = EmbeddedBroker(free_port(), log_path=root / "broker.log")
    broker.start()
    system = RunningSystem(
        root=root, broker=broker, secret=secrets.token_urlsafe(32), pg_url=pg_url
    )
    for service in SERVICES:
        system.ports[service] = free_port()
        system.schemas[service] = f"s_{service.split('-')[0]}_{uuid.uuid4().hex[:12]}"
    try:
        for service in SERVICES:
            system.start(service)
        system.wait_ready()
        yield system
    finally:
        system.stop()

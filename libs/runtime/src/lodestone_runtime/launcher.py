"""`make run`: the embedded broker and the three services in the foreground; Ctrl-C stops all."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from lodestone_runtime.broker import EmbeddedBroker, wait_for_port

SERVICES = (
    ("screening_svc", "SCREENING", 8002),
    ("license_svc", "LICENSE", 8001),
    ("audit_svc", "AUDIT", 8003),
)


def _service_env(prefix: str, port: int, bootstrap: str, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault(f"{prefix}_PORT", str(port))
    env["KAFKA_BOOTSTRAP_SERVERS"] = bootstrap
    env.setdefault("LODESTONE_DATA_DIR", str(data_dir))
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", default=os.environ.get("LODESTONE_DATA_DIR", ".data"))
    parser.add_argument(
        "--broker-port", type=int, default=int(os.environ.get("BROKER_PORT", "9092"))
    )
    args = parser.parse_args()
    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    broker = EmbeddedBroker(args.broker_port, log_path=data_dir / "broker.log")
    broker.start()
    children: list[subprocess.Popen[bytes]] = []
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        for module, prefix, port in SERVICES:
            env = _service_env(prefix, port, broker.bootstrap, data_dir)
            children.append(subprocess.Popen([sys.executable, "-m", module], env=env))
        for _module, prefix, port in SERVICES:
            wait_for_port(int(os.environ.get(f"{prefix}_PORT", port)), timeout=120)
        print("lodestone: broker and services up; Ctrl-C stops them", flush=True)
        while not stopping and all(c.poll() is None for c in children):
            time.sleep(0.2)
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        broker.stop()


if __name__ == "__main__":
    main()

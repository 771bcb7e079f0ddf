"""`make token ROLE=<role> SUB=<name>`: print a valid token for the local run, nothing else."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from lodestone_runtime.auth import ROLES, load_or_create_secret, mint_token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--role", required=True, action="append", choices=sorted(ROLES))
    parser.add_argument("--sub", required=True)
    parser.add_argument("--ttl", type=int, default=86400)
    args = parser.parse_args()
    data_dir = Path(os.environ.get("LODESTONE_DATA_DIR", ".data"))
    secret = load_or_create_secret(os.environ.get("AUTH_SECRET"), data_dir)
    print(mint_token(secret, args.sub, args.role, args.ttl))


if __name__ == "__main__":
    main()

"""Write deploy/.env from deploy/.env.example with freshly generated secrets.

Never overwrites an existing file: replacing AUTH_SECRET logs every client out, and replacing
AUDIT_SIGNING_KEY or POSTGRES_PASSWORD on a running deployment breaks it.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent


def fresh_secrets() -> dict[str, str]:
    return {
        "AUTH_SECRET": secrets.token_urlsafe(48),
        # 32 random bytes are a valid Ed25519 seed.
        "AUDIT_SIGNING_KEY": secrets.token_hex(32),
        # Hex: it is embedded in the database URLs, so it must need no escaping.
        "POSTGRES_PASSWORD": secrets.token_hex(24),
    }


def render(example: str, values: dict[str, str]) -> str:
    """The example with `KEY=` lines of the given keys filled in; everything else kept."""
    lines = []
    for line in example.splitlines():
        key, sep, _value = line.partition("=")
        if sep and not line.lstrip().startswith("#") and key.strip() in values:
            line = f"{key.strip()}={values[key.strip()]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def write_new(path: Path, text: str) -> None:
    """Create the file readable by its owner only; fail if it exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--example", type=Path, default=DEPLOY / ".env.example")
    parser.add_argument("--output", type=Path, default=DEPLOY / ".env")
    args = parser.parse_args()
    try:
        write_new(args.output, render(args.example.read_text(), fresh_secrets()))
    except FileExistsError:
        print(f"{args.output} exists; not overwriting its secrets", file=sys.stderr)
        return 1
    print(f"wrote {args.output} with new AUTH_SECRET, AUDIT_SIGNING_KEY, POSTGRES_PASSWORD")
    return 0


if __name__ == "__main__":
    sys.exit(main())

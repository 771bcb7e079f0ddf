"""`lodestone-audit state --at SEQ SUBJECT`: an aggregate as it stood at a point of the log."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from rich.console import Console

from audit_svc.cli.remote import AuditApi
from audit_svc.cli.state import state_at

EXIT_OK, EXIT_NOT_FOUND = 0, 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "state", help="rebuild an order, application or licence at a seq"
    )
    parser.add_argument("--at", type=int, required=True, help="the last seq to include")
    parser.add_argument("subject", help="order, application or licence id")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--url", help="audit-svc base URL")
    source.add_argument("--file", type=Path, help="NDJSON export")
    parser.add_argument("--token", help="bearer token (with --url)")
    parser.set_defaults(handler=run)


def _entries_from_file(path: Path, subject: str) -> list[dict[str, Any]]:
    entries = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            entry = json.loads(line)
            if entry["event"].get("subject") == subject:
                entries.append(entry)
    return entries


def run(args: argparse.Namespace) -> int:
    if args.url:
        api = AuditApi(args.url, args.token or "")
        try:
            entries = api.subject_events(args.subject)
        finally:
            api.close()
    else:
        entries = _entries_from_file(args.file, args.subject)
    state = state_at(entries, args.at)
    out = Console(highlight=False, soft_wrap=True)
    if state is None:
        Console(stderr=True).print(f"no events of {args.subject} at or before seq {args.at}")
        return EXIT_NOT_FOUND
    out.print_json(json.dumps(state, sort_keys=True))
    return EXIT_OK

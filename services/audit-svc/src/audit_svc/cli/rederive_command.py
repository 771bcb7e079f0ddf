"""`lodestone-audit rederive`: recompute every screening decision and report each difference."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console

from audit_svc.cli.progress import tracked
from audit_svc.cli.rederive import Rederiver
from audit_svc.cli.remote import AuditApi
from screening_svc.domain.matching import DEFAULT_BLOCK_THRESHOLD, DEFAULT_REVIEW_THRESHOLD
from screening_svc.domain.rules import APPLICATION_RULES, RULES

EXIT_OK, EXIT_DIFFERENT, EXIT_UNREADABLE = 0, 1, 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("rederive", help="recompute every screening decision")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--url", help="audit-svc base URL")
    source.add_argument("--file", type=Path, help="NDJSON export")
    parser.add_argument("--screening-url", required=True, help="screening-svc URL (list versions)")
    parser.add_argument("--token", default="", help="bearer token (auditor)")
    parser.add_argument("--block-threshold", type=float, default=DEFAULT_BLOCK_THRESHOLD)
    parser.add_argument("--review-threshold", type=float, default=DEFAULT_REVIEW_THRESHOLD)
    parser.add_argument(
        "--drop-rule", action="append", default=[], help="recompute without this rule (what-if)"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=False)
    parser.set_defaults(handler=run)


def _file_entries(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def run(args: argparse.Namespace) -> int:
    lists = httpx.Client(
        base_url=args.screening_url.rstrip("/"),
        headers={"Authorization": f"Bearer {args.token}"},
        timeout=120,
    )

    def fetch(list_id: str, version: str) -> bytes:
        response = lists.get(f"/v1/lists/{list_id}/versions/{version}")
        response.raise_for_status()
        return response.content

    dropped = set(args.drop_rule)
    rederiver = Rederiver(
        fetch,
        args.block_threshold,
        args.review_threshold,
        rules=[r for r in RULES if r.__name__ not in dropped],
        application_rules=[r for r in APPLICATION_RULES if r.__name__ not in dropped],
    )
    api = AuditApi(args.url, args.token) if args.url else None
    try:
        entries = api.all_events() if api else _file_entries(args.file)
        report = rederiver.run(
            tracked(entries, enabled=args.progress, expected=None, label="rederiving")
        )
    except (httpx.HTTPError, OSError, ValueError) as error:
        Console(stderr=True).print(f"cannot rederive: {error}")
        return EXIT_UNREADABLE
    finally:
        lists.close()
        if api:
            api.close()
    _print(report.checked, report.differences, as_json=args.json)
    return EXIT_OK if report.ok else EXIT_DIFFERENT


def _print(checked: int, differences: list[Any], *, as_json: bool) -> None:
    out = Console(highlight=False, soft_wrap=True)
    if as_json:
        rows = [d.__dict__ for d in differences]
        out.print_json(json.dumps({"checked": checked, "differences": rows}))
        return
    verdict = "[green]OK[/green]" if not differences else "[red]DIFFERENT[/red]"
    out.print(f"{verdict}: {checked} decisions recomputed, {len(differences)} differ")
    for d in differences:
        out.print(f"  seq {d.seq} {d.event_type} {d.subject}", markup=False)
        out.print(f"    recorded:   {json.dumps(d.recorded, sort_keys=True)}", markup=False)
        out.print(f"    recomputed: {json.dumps(d.recomputed, sort_keys=True)}", markup=False)

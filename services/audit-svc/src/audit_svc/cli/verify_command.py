"""`lodestone-audit verify`: check an export file against signed checkpoints and print the verdict.

Exit 0 only when every check holds; 1 when one fails; 2 when the inputs cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console

from audit_svc.cli.progress import tracked
from audit_svc.cli.remote import AuditApi
from audit_svc.cli.report import VerifyReport
from audit_svc.cli.verify import verify_export

EXIT_OK, EXIT_FAILED, EXIT_UNREADABLE = 0, 1, 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("verify", help="verify every leaf, root and signature")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--file", type=Path, help="NDJSON export (GET /v1/audit/export)")
    source.add_argument("--url", help="audit-svc base URL: fetches checkpoint, key and export")
    parser.add_argument("--token", help="bearer token (auditor or admin), with --url")
    parser.add_argument("--checkpoint", type=Path, help="JSON of GET /v1/audit/checkpoint")
    parser.add_argument("--public-key", type=Path, help="JSON of GET /v1/audit/public-key")
    parser.add_argument(
        "--earlier", type=Path, action="append", default=[], help="an earlier checkpoint JSON"
    )
    parser.add_argument("--strict-canonical", action="store_true", help="re-encode every event")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None, help="progress bar"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    return run_url(args) if args.url else run_file(args)


def run_url(args: argparse.Namespace) -> int:
    """Verify the live log: the checkpoint is fetched first, so the export covers it."""
    err = Console(stderr=True)
    api = AuditApi(args.url, args.token or "")
    try:
        checkpoint = api.checkpoint()
        public_key = api.public_key()
        earlier = [_read_json(path) for path in args.earlier]
        show = sys.stderr.isatty() if args.progress is None else args.progress
        started = time.perf_counter()
        with api.export_lines() as export:
            lines = tracked(export, enabled=show, expected=checkpoint.get("tree_size"))
            report = verify_export(
                lines, checkpoint, public_key, earlier, strict_canonical=args.strict_canonical
            )
    except (httpx.HTTPError, OSError, ValueError) as error:
        err.print(f"cannot read the audit API: {error}")
        return EXIT_UNREADABLE
    finally:
        api.close()
    print_report(report, time.perf_counter() - started, as_json=args.json)
    return EXIT_OK if report.ok else EXIT_FAILED


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def run_file(args: argparse.Namespace) -> int:
    err = Console(stderr=True)
    if args.checkpoint is None or args.public_key is None:
        err.print("verify --file needs --checkpoint and --public-key")
        return EXIT_UNREADABLE
    try:
        checkpoint = _read_json(args.checkpoint)
        public_key = _read_json(args.public_key)
        earlier = [_read_json(path) for path in args.earlier]
        export = args.file.open(encoding="utf-8")
    except (OSError, ValueError) as error:
        err.print(f"cannot read input: {error}")
        return EXIT_UNREADABLE
    show = sys.stderr.isatty() if args.progress is None else args.progress
    expected = checkpoint.get("tree_size") if isinstance(checkpoint, dict) else None
    started = time.perf_counter()
    with export:
        lines = tracked(export, enabled=show, expected=expected)
        report = verify_export(
            lines, checkpoint, public_key, earlier, strict_canonical=args.strict_canonical
        )
    print_report(report, time.perf_counter() - started, as_json=args.json)
    return EXIT_OK if report.ok else EXIT_FAILED


def print_report(report: VerifyReport, seconds: float, *, as_json: bool) -> None:
    """The verdict on stdout: JSON for scripts, or a few readable lines."""
    out = Console(highlight=False, soft_wrap=True)
    if as_json:
        out.print_json(json.dumps(report.as_json()))
        return
    rate = report.events / seconds if seconds > 0 else 0.0
    verdict = "[green]OK[/green]" if report.ok else "[red]FAILED[/red]"
    out.print(f"{verdict}: {report.events} events read in {seconds:.2f} s ({rate:,.0f}/s)")
    out.print(f"signed checkpoint: tree size {report.tree_size}, root {report.root_hash}")
    if not report.ok:
        out.print(f"first failing seq: {report.first_failing_seq}")
        for failure in report.failures:
            where = "-" if failure.seq is None else str(failure.seq)
            out.print(f"  seq {where} [{failure.kind}] {failure.message}", markup=False)
        if report.failure_count > len(report.failures):
            out.print(f"  ... and {report.failure_count - len(report.failures)} more")

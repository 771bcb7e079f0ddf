"""`python -m bench`: run the benchmark sections, write results.json, REPORT.md and the chart.

`--only e2e,green --quick` runs a subset with small sizes for development.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SECTIONS = ("e2e", "screening", "lists", "audit", "green")


def _section(name: str, root: Path, args: argparse.Namespace) -> dict[str, Any]:
    # Imported per section, so that a subset run loads only what it measures.
    if name == "e2e":
        from bench import e2e_bench

        return e2e_bench.run(root, quick=args.quick)
    if name == "screening":
        from bench import screening_bench

        return screening_bench.run()
    if name == "lists":
        from bench import lists_bench

        return lists_bench.run()
    if name == "audit":
        from bench import audit_bench

        return audit_bench.run(5_000 if args.quick else 50_000)
    from bench import green_bench

    backlog = min(args.green_backlog, 500) if args.quick else args.green_backlog
    return green_bench.run(root, backlog=backlog, quick=args.quick)


def _machine() -> dict[str, Any]:
    return {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average_at_start": list(os.getloadavg()),
    }


def _clean(value: Any) -> Any:
    """NaN and infinity are not JSON: they become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _save(results: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(_clean(results), indent=2) + "\n")


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma list of " + str(SECTIONS))
    parser.add_argument("--quick", action="store_true", help="small sizes for development")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--green-backlog", type=int, default=20_000)
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite REPORT.md from --out/results.json"
    )
    args = parser.parse_args(argv)
    args.only = [s for s in args.only.split(",") if s]
    unknown = set(args.only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}; choose from {SECTIONS}")
    return args


def main(argv: list[str], progress: Callable[[str], None] = print) -> dict[str, Any]:
    args = _args(argv)
    from bench import report

    if args.report_only:
        results: dict[str, Any] = json.loads((args.out / "results.json").read_text())
        report.write(results, args.out)
        return results
    results = {"machine": _machine(), "quick": args.quick}
    with tempfile.TemporaryDirectory(prefix="lodestone-bench-") as tmp:
        for name in args.only:
            progress(f"bench: {name} ...")
            started = time.monotonic()
            results[name] = _section(name, Path(tmp), args)
            results[name]["section_s"] = round(time.monotonic() - started, 1)
            progress(f"bench: {name} done in {results[name]['section_s']} s")
            _save(results, args.out)  # a long run keeps what it measured if stopped later

    report.write(_clean(results), args.out)
    progress(f"bench: wrote {args.out / 'results.json'} and {args.out / 'REPORT.md'}")
    return results


if __name__ == "__main__":
    main(sys.argv[1:])

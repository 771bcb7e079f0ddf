"""REPORT.md and latency-vs-load chart from results.json's dict: each figure beside its baseline.

Missing sections are skipped; a figure not measured shows as "n/a" and never meets a goal.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from bench.goals import goal, ratio

CHART = "latency_vs_load.png"
MIXES = {"bare": "bare FastAPI", "uncontrolled": "Nd orders", "controlled": "Dy orders (licence)"}


def fmt(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.{digits}g}" if abs(value) < 10**digits else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(fmt(c) for c in row) + " |" for row in rows]


def compared(rows: list[tuple[str, Any, Any]]) -> list[str]:
    """Rows of (figure, value, baseline) with their ratio."""
    return table(
        ["figure", "value", "baseline", "ratio"],
        [
            [name, v, b, ratio(v, b) if v is not None and b is not None else None]
            for name, v, b in rows
        ],
    )


def goals(records: list[dict[str, Any]]) -> list[str]:
    rows = [
        [
            g["goal"],
            f"{g['op']} {fmt(g['target'])} {g['unit']}",
            g["value"],
            "met" if g["met"] else "**NOT met**",
            g.get("caveat", ""),
        ]
        for g in records
    ]
    return ["", "Goals:", "", *table(["goal", "target", "this run", "", "caveat"], rows)]


def _level(levels: list[dict[str, Any]], offered: float | None) -> dict[str, Any]:
    return next((lv for lv in levels if lv["offered_per_s"] == offered), {})


LEVEL_KEYS = ("throughput_per_s", "p50_ms", "p99_ms", "max_ms", "failed", "dropped")


def _e2e_levels(r: dict[str, Any]) -> list[str]:
    header = ["mix", "offered/s", "decided/s", "p50 ms", "p99 ms", "max ms", "no decision"]
    rows = [
        [label, lv["offered_per_s"] or "saturation", *(lv[k] for k in LEVEL_KEYS)]
        for mix, label in MIXES.items()
        for lv in r[mix]
    ]
    return table([*header, "dropped"], rows)


def _e2e_compared(r: dict[str, Any]) -> list[str]:
    bare, trip, floor = r["bare"], r["kafka_roundtrip"], r["bare_floor_per_s"]
    rows: list[tuple[str, Any, Any]] = []
    for mix, name in (("uncontrolled", "Nd"), ("controlled", "Dy")):
        saturation = _level(r[mix], None).get("throughput_per_s")
        rows.append((f"{name} saturation orders/s vs bare floor", saturation, floor))
        for rate in r["plan"]["levels"]:
            p99, bare_p99 = _level(r[mix], rate).get("p99_ms"), _level(bare, rate).get("p99_ms")
            rows.append((f"{name} p99 ms at {rate}/s vs bare", p99, bare_p99))
    dy_p50 = _level(r["controlled"], r["plan"]["levels"][0]).get("p50_ms")
    rows.append(("Dy p50 ms at the lowest load vs Kafka round trip p50", dy_p50, trip["p50_ms"]))
    return compared(rows)


CPU_COLUMNS = (
    "bare app",
    "screening-svc",
    "license-svc",
    "audit-svc",
    "broker",
    "load generator",
    "total",
)


def _e2e_cpu(r: dict[str, Any]) -> list[str]:
    """CPU ms per decided order by process: where the 2 cores go (older results lack it)."""
    rows = []
    for mix, label in MIXES.items():
        for level in r[mix]:
            cpu = level.get("cpu_ms")
            if cpu:
                load = level["offered_per_s"] or "saturation"
                rows.append([label, load, *(cpu.get(c) for c in CPU_COLUMNS)])
    if not rows:
        return []
    total = r.get("cores")
    budget = f" at most {fmt(total * 1000)} ms of CPU per second in all" if total else ""
    return [
        "",
        f"CPU ms per decided order, by process (the machine has{budget}; a level's queued "
        "work counts until a probe answers fast again):",
        "",
        *table(["mix", "offered/s", *CPU_COLUMNS], rows),
    ]


def e2e(r: dict[str, Any]) -> list[str]:
    plan, trip = r["plan"], r["kafka_roundtrip"]
    return [
        "## 1. End to end: POST /v1/orders?wait=10 → decided order",
        "",
        *_e2e_levels(r),
        "",
        f"{plan['duration_s']} s per level; open-loop arrivals, at most {plan['max_in_flight']} "
        "in flight (an arrival beyond that is dropped); latency from the scheduled arrival, "
        f"successes only. Saturation: {plan['workers']} closed-loop senders. "
        '"no decision": 202 after the 10 s wait, or an error. Load generator: aiohttp (httpx '
        "capped the bare app at ~150/s, see bench/load.py).",
        *_e2e_cpu(r),
        "",
        *_e2e_compared(r),
        "",
        "Kafka round trip (aiokafka, embedded broker, the services' linger and fetch wait, "
        f"{fmt(trip['rate_per_s'])} msg/s): p50 {fmt(trip['p50_ms'])} ms, "
        f"p99 {fmt(trip['p99_ms'])} ms.",
        "",
        f"![latency against offered load]({CHART})",
        *goals(r["goals"]),
    ]


def screening(r: dict[str, Any]) -> list[str]:
    lines = ["## 2. Party screening: one name against " + fmt(r["big_entries"]) + " names", ""]
    lines += compared(
        [
            ("brute force / indexed, p50 ms", r["brute_p50_ms"], r["indexed_p50_ms"]),
            ("brute force / indexed, p99 ms", r["brute_p99_ms"], r["indexed_p99_ms"]),
            ("brute force / indexed, CPU p50 ms", r["brute_cpu_p50_ms"], r["indexed_cpu_p50_ms"]),
        ]
    )
    lines += [
        "",
        f"Quality on the real lists ({fmt(r['real_entries'])} entries): "
        f"recall {fmt(r['recall'])}, false-positive rate {fmt(r['false_positive_rate'])}. "
        f"Index build: {fmt(r['big_build_s'])} s for the big list.",
    ]
    return lines + goals(r["goals"])


def lists(r: dict[str, Any]) -> list[str]:
    lines = ["## Restricted lists: OFAC SDN files published through the API", ""]
    lines += table(
        ["file", "entries", "API publish s", "parse-only s (baseline)", "ratio"],
        [
            [day, f["entries"], f["api_publish_s"], f["parse_only_s"], f["api_vs_parse"]]
            for day, f in r["files"].items()
        ],
    )
    lines += [
        "",
        "The API time covers upload, parsing, the canonical form and its SHA-256, storing the "
        "version, the restricted_list.published event and rebuilding the live index.",
    ]
    return lines + goals(r["goals"])


def audit(r: dict[str, Any]) -> list[str]:
    bare = r["bare_sha256_leaf_hash_per_s"]
    lines = [f"## 3. Audit: {fmt(r['events'])} events, beside bare SHA-256 leaf hashing", ""]
    lines += compared(
        [
            ("durable ingest events/s (SQLite, batches of 500)", r["durable_ingest_per_s"], bare),
            ("export verification events/s", r["verify_per_s"], bare),
            ("state rebuild events/s (every subject)", r["state_rebuild_per_s"], bare),
        ]
    )
    records = [
        goal(f"{k.replace('_per_s', '')} events/s", r[k], ">=", v) for k, v in r["goals"].items()
    ]
    return lines + goals(records)


def green(r: dict[str, Any]) -> list[str]:
    lines = [
        f"## 4. Green channel while a {fmt(r['backlog'])}-application fast-track backlog drains",
        "",
    ]
    lines += compared(
        [
            ("green p50 ms, during drain vs idle", r["during_drain_p50_ms"], r["idle_p50_ms"]),
            ("green p99 ms, during drain vs idle", r["during_drain_p99_ms"], r["idle_p99_ms"]),
        ]
    )
    lines += [
        "",
        f"{r['during_drain_count']} of {len(r['during'])} green applications were decided "
        "while the backlog was still draining. Backlog: posted with screening-svc down in "
        f"{fmt(r['backlog_submit_s'])} s ({fmt(r['backlog_submit_per_s'])}/s), so it queued "
        "in Kafka; screening-svc restarted, the backlog "
        f"{'drained' if r['backlog_drained'] else '**did not drain**'} after "
        f"{fmt(r['backlog_drain_s'])} s ({fmt(r['backlog_decided_per_s'])} decided/s). "
        "Greens are posted once the drain has begun (a first sampled backlog application "
        "decided): until screening-svc's consumer groups rejoin, ~5 s after it is ready, "
        "nothing drains and a green waits that long too. "
        "Latency: POST until GET shows APPROVED, polled every 20 ms.",
    ]
    return lines + goals(r["goals"])


def chart(results: dict[str, Any], path: Path) -> None:
    fig, ax = plt.subplots(figsize=(8, 5))
    for colour, (mix, label) in enumerate(MIXES.items()):
        levels = [lv for lv in results["e2e"][mix] if lv["offered_per_s"]]
        saturation = _level(results["e2e"][mix], None)
        xs = [lv["offered_per_s"] for lv in levels]
        for key, style in (("p50_ms", "-o"), ("p99_ms", "--s")):
            ys = [lv[key] or math.nan for lv in levels]
            ax.plot(xs, ys, style, color=f"C{colour}", label=f"{label} {key[:3]}")
            ax.plot(
                saturation["throughput_per_s"],
                saturation[key] or math.nan,
                "*",
                ms=11,
                color=f"C{colour}",
            )
    ax.set(
        xscale="log",
        yscale="log",
        xlabel="offered orders/s (stars: saturation, at the throughput achieved)",
        ylabel="POST→decision latency, ms (successes)",
    )
    ax.axhline(50, color="grey", linewidth=0.8, linestyle=":")
    ax.legend(fontsize=8)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write(results: dict[str, Any], out: Path) -> None:
    m = results["machine"]
    lines = [
        "# Lodestone benchmarks",
        "",
        f"{m['date']}, {m['nproc']} cores, Python {m['python']}, load average at start "
        f"{fmt(m['load_average_at_start'][0])}"
        f"{' (quick run: small sizes)' if results['quick'] else ''}. The machine is shared "
        "with other work: figures are noisy. Every figure stands beside a baseline measured "
        "in the same run.",
        "",
    ]
    for name, render in (
        ("e2e", e2e),
        ("screening", screening),
        ("lists", lists),
        ("audit", audit),
        ("green", green),
    ):
        if name in results:
            lines += [*render(results[name]), ""]
    if "e2e" in results:
        chart(results, out / CHART)
    (out / "REPORT.md").write_text("\n".join(lines) + "\n")

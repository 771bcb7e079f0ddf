"""Matcher acceptance figures in one run: build time, indexed vs brute-force latency, quality.

Run `python -m screening_svc.evaluation.latency`; main() returns the figures as a dict.
Not pure: reads the shared lists and measures time. Latency is wall time per query, and
CPU time of the thread too, which other processes on a shared machine inflate less.
"""

import statistics
import time
from collections.abc import Callable, Sequence

from screening_svc.domain.matching import ListedParty, PartyIndex, brute_force_search
from screening_svc.evaluation.cases import Case, evaluate, negative_cases, positive_cases
from screening_svc.evaluation.sources import bis_names, csl_list, sdn_list, un_list
from screening_svc.evaluation.synthetic import synthetic_list

BRUTE_FORCE_EVERY = 20


def _quantiles(times: Sequence[float]) -> tuple[float, float]:
    return statistics.median(times), statistics.quantiles(times, n=100)[98]


def latencies(
    search: Callable[[str, str | None], object], cases: Sequence[Case]
) -> dict[str, float]:
    """p50/p99 in ms of wall and thread CPU time, one call per case after one warm-up."""
    for case in cases[:10]:
        search(case.query, case.country)
    wall, cpu = [], []
    for case in cases:
        start, start_cpu = time.perf_counter(), time.thread_time()
        search(case.query, case.country)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    p50, p99 = _quantiles(wall)
    cpu50, cpu99 = _quantiles(cpu)
    return {"p50_ms": p50, "p99_ms": p99, "cpu_p50_ms": cpu50, "cpu_p99_ms": cpu99}


def _timed_build(parties: Sequence[ListedParty]) -> tuple[PartyIndex, float]:
    start = time.perf_counter()
    index = PartyIndex(parties)
    return index, time.perf_counter() - start


def main() -> dict[str, float]:
    lists = [sdn_list(), un_list()]
    real = [p for rl in lists for p in rl.parties()]
    index, real_build = _timed_build(real)
    others = [*bis_names(), *(e.name for e in csl_list().entries)]
    cases = positive_cases(lists, 1000, seed=7) + negative_cases(lists, others, 1000, seed=11)
    quality = evaluate(index, cases)
    synthetic = synthetic_list([e.name for rl in lists for e in rl.entries])
    big, big_build = _timed_build([*real, *synthetic.parties()])
    indexed = latencies(big.search, cases)
    brute = latencies(lambda q, c: brute_force_search(big, q, c), cases[::BRUTE_FORCE_EVERY])
    figures: dict[str, float] = {
        "real_entries": len(index),
        "real_build_s": real_build,
        "recall": quality["recall"],
        "false_positive_rate": quality["false_positive_rate"],
        "big_entries": len(big),
        "big_build_s": big_build,
        **{f"indexed_{k}": v for k, v in indexed.items()},
        **{f"brute_{k}": v for k, v in brute.items()},
    }
    figures["speedup_p50"] = brute["p50_ms"] / indexed["p50_ms"]
    figures["speedup_cpu_p50"] = brute["cpu_p50_ms"] / indexed["cpu_p50_ms"]
    return figures


if __name__ == "__main__":
    for name, value in main().items():
        print(f"{name:24s} {value:.4g}")

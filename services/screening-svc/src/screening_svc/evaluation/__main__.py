"""Matcher numbers: recall, false positives, build time, latency.

Run `python -m screening_svc.evaluation`.

Not pure: reads the shared lists and measures wall time.
"""

import statistics
import time
from collections.abc import Callable, Sequence

from screening_svc.domain.matching import PartyIndex, brute_force_search
from screening_svc.evaluation.cases import Case, evaluate, negative_cases, positive_cases
from screening_svc.evaluation.sources import bis_names, csl_list, sdn_list, un_list
from screening_svc.evaluation.synthetic import synthetic_list


def _latencies(search: Callable[[str], object], cases: Sequence[Case]) -> tuple[float, float]:
    times = []
    for case in cases:
        start = time.perf_counter()
        search(case.query)
        times.append((time.perf_counter() - start) * 1000)
    cuts = statistics.quantiles(times, n=100)
    return statistics.median(times), cuts[98]


def main() -> None:
    lists = [sdn_list(), un_list()]
    start = time.perf_counter()
    index = PartyIndex([p for rl in lists for p in rl.parties()])
    print(f"build {len(index)} entries: {time.perf_counter() - start:.2f}s")
    others = [*bis_names(), *(e.name for e in csl_list().entries)]
    cases = positive_cases(lists, 1000, seed=7) + negative_cases(lists, others, 1000, seed=11)
    print("real lists:", evaluate(index, cases))
    synthetic = synthetic_list([e.name for rl in lists for e in rl.entries])
    start = time.perf_counter()
    big = PartyIndex([p for rl in (*lists, synthetic) for p in rl.parties()])
    print(f"build {len(big)} entries: {time.perf_counter() - start:.2f}s")
    print("with 100k synthetic:", evaluate(big, cases))
    p50, p99 = _latencies(big.search, cases)
    print(f"indexed query at {len(big)}: p50 {p50:.3f} ms, p99 {p99:.3f} ms")
    b50, b99 = _latencies(lambda q: brute_force_search(big, q), cases[::20])
    print(f"brute force at {len(big)}: p50 {b50:.1f} ms, p99 {b99:.1f} ms")


if __name__ == "__main__":
    main()

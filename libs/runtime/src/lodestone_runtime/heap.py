"""Keeps long-lived objects out of the cyclic garbage collector's full passes.

A full (generation 2) collection walks every tracked object and stops the event loop while it
does: measured in screening-svc with its party index loaded, 30-130 ms every few seconds under
load, which was most of its p99 at 100 orders/s. What a service builds at start (and the index
each list publish builds) lives until it is replaced, so it is frozen: the collector skips it,
and reference counting still frees it when it is dropped.
"""

from __future__ import annotations

import gc


def freeze_long_lived() -> None:
    """Collect what is garbage now, then freeze every surviving object (call after loading).

    What an earlier call froze is thawed first, so that a replaced index caught in reference
    cycles is collected too instead of staying frozen for good.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()

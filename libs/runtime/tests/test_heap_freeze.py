"""Freezing long-lived objects: frozen ones leave the collector's passes, and a frozen cycle
that is later dropped is still collected by the next freeze."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from lodestone_runtime.heap import freeze_long_lived


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture(autouse=True)
def thawed() -> Iterator[None]:
    yield
    gc.unfreeze()  # other tests run with the collector as usual


def test_objects_alive_at_the_call_are_frozen() -> None:
    kept = [Node() for _ in range(100)]
    freeze_long_lived()
    assert gc.get_freeze_count() >= len(kept)


def test_a_dropped_frozen_cycle_is_collected_by_the_next_call() -> None:
    a, b = Node(), Node()
    a.other, b.other = b, a
    watch = weakref.ref(a)
    freeze_long_lived()
    del a, b
    gc.collect()
    assert watch() is not None  # frozen: a plain collection leaves the cycle alone
    freeze_long_lived()
    assert watch() is None

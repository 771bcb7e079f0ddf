"""Appends, roots and proofs touch O(log n) stored nodes, for the latest or any earlier size."""

from __future__ import annotations

import pytest

from audit_svc.domain.frontier import Frontier, append_leaves, extend
from audit_svc.domain.merkle import (
    consistency_proof_keys,
    inclusion_proof_keys,
    leaf_hash,
    root_keys,
)
from audit_svc.domain.node_store import MemoryNodeStore, StoredTree

SIZE = 5000
LOG_BOUND = 2 * SIZE.bit_length() + 2


def leaves(start: int, count: int) -> list[bytes]:
    return [leaf_hash(str(i).encode()) for i in range(start, start + count)]


def stored_log(size: int) -> tuple[StoredTree, MemoryNodeStore]:
    store = MemoryNodeStore()
    tree = StoredTree(store)
    tree.append(leaves(0, size))
    return tree, store


def test_appending_one_leaf_writes_at_most_log_n_nodes() -> None:
    tree, store = stored_log(SIZE)
    for _ in range(100):
        before = store.writes
        tree.append(leaves(tree.size, 1))
        assert store.writes - before <= SIZE.bit_length() + 2


def test_appending_a_batch_writes_each_perfect_node_once() -> None:
    _, written = append_leaves(Frontier(), leaves(0, 1024))
    assert len(written) == 2 * 1024 - 1
    assert len({key for key, _ in written}) == len(written)


@pytest.mark.parametrize("size", [1, 2, 3, 1023, 1024, 1025, 4097, SIZE])
def test_roots_and_proofs_of_any_size_read_log_n_nodes(size: int) -> None:
    assert len(root_keys(size)) <= LOG_BOUND
    for index in (0, size // 3, size - 1):
        assert len(inclusion_proof_keys(index, size)) <= LOG_BOUND
    for first in (1, size // 2 or 1, size - 1 or 1):
        assert len(consistency_proof_keys(first, size)) <= LOG_BOUND


def test_a_tree_reopened_from_its_store_continues_the_same_log() -> None:
    tree, store = stored_log(777)
    reopened = StoredTree(store, size=777)
    reopened.append(leaves(777, 300))
    tree_from_scratch, _ = stored_log(1077)
    assert reopened.root() == tree_from_scratch.root()
    assert reopened.root(500) == tree.root(500)


def test_extend_and_append_leaves_reach_the_same_root() -> None:
    batch = leaves(0, 333)
    appended, _ = append_leaves(Frontier(), batch)
    assert extend(Frontier(), batch) == appended
    tree, _ = stored_log(333)
    assert appended.root() == tree.root()


def test_a_size_beyond_the_log_is_refused() -> None:
    tree, _ = stored_log(10)
    with pytest.raises(ValueError, match="beyond"):
        tree.root(11)
    with pytest.raises(ValueError, match="not in a tree"):
        tree.inclusion_proof(10, 10)


def test_a_perfect_node_cannot_be_rewritten() -> None:
    store = MemoryNodeStore()
    store.put_many([((0, 0), b"a" * 32)])
    with pytest.raises(ValueError, match="immutable"):
        store.put_many([((0, 0), b"b" * 32)])

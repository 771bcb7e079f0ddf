"""Where perfect subtree hashes live, and a tree that answers roots and proofs for any past size.

A perfect node never changes once written: that is what makes every earlier tree size answerable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from audit_svc.domain.frontier import Frontier, append_leaves
from audit_svc.domain.merkle import (
    NodeKey,
    consistency_proof_from_nodes,
    consistency_proof_keys,
    inclusion_proof_from_nodes,
    inclusion_proof_keys,
    root_from_nodes,
    root_keys,
)


class NodeStore(Protocol):
    """Perfect subtree hashes keyed by (level, index); level 0 holds the leaf hashes."""

    def get_many(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]: ...

    def put_many(self, nodes: Iterable[tuple[NodeKey, bytes]]) -> None: ...


class MemoryNodeStore:
    """A NodeStore in a dict, counting reads and writes so tests can hold the cost to O(log n)."""

    def __init__(self) -> None:
        self.nodes: dict[NodeKey, bytes] = {}
        self.reads = 0
        self.writes = 0

    def get_many(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        self.reads += len(keys)
        return {key: self.nodes[key] for key in keys}

    def put_many(self, nodes: Iterable[tuple[NodeKey, bytes]]) -> None:
        for key, value in nodes:
            if self.nodes.setdefault(key, value) != value:
                raise ValueError(f"perfect node {key} is immutable")
            self.writes += 1


class StoredTree:
    """An append-only Merkle tree over a NodeStore (synchronous; the service prefetches instead)."""

    def __init__(self, store: NodeStore, size: int = 0) -> None:
        self._store = store
        self._frontier = Frontier.from_nodes(size, store.get_many(root_keys(size)))

    @property
    def size(self) -> int:
        return self._frontier.size

    def append(self, leaf_hashes: Iterable[bytes]) -> int:
        """Append leaves and store the perfect nodes they complete; return the new size."""
        self._frontier, written = append_leaves(self._frontier, leaf_hashes)
        self._store.put_many(written)
        return self._frontier.size

    def root(self, size: int | None = None) -> bytes:
        """MTH of the tree as it stood at `size` leaves (default: now)."""
        size = self.size if size is None else self._checked(size)
        return root_from_nodes(size, self._store.get_many(root_keys(size)))

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        keys = inclusion_proof_keys(index, self._checked(size))
        return inclusion_proof_from_nodes(index, size, self._store.get_many(keys))

    def consistency_proof(self, first: int, second: int) -> list[bytes]:
        keys = consistency_proof_keys(first, self._checked(second))
        return consistency_proof_from_nodes(first, second, self._store.get_many(keys))

    def _checked(self, size: int) -> int:
        if not 0 <= size <= self.size:
            raise ValueError(f"tree size {size} is beyond the log's {self.size} leaves")
        return size

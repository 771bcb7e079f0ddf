"""The right edge of an append-only Merkle tree: enough to append leaves and get the latest root.

Appending writes each newly completed perfect subtree once: O(1) amortised, O(log n) worst case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from audit_svc.domain.merkle import (
    EMPTY_ROOT,
    NodeHashes,
    NodeKey,
    fold_subtrees,
    node_hash,
    root_keys,
)


@dataclass(frozen=True)
class Frontier:
    """Perfect subtree hashes along the right edge, largest first: one per set bit of size."""

    size: int = 0
    hashes: tuple[bytes, ...] = ()

    def __post_init__(self) -> None:
        if self.size < 0 or len(self.hashes) != self.size.bit_count():
            raise ValueError(f"a frontier of size {self.size} has one hash per set bit")

    def root(self) -> bytes:
        """MTH of the whole tree."""
        return fold_subtrees(list(self.hashes)) if self.hashes else EMPTY_ROOT

    @staticmethod
    def keys_for(size: int) -> list[NodeKey]:
        """Node keys from_nodes needs to rebuild the frontier of a stored tree."""
        return root_keys(size)

    @classmethod
    def from_nodes(cls, size: int, nodes: NodeHashes) -> Frontier:
        """Rebuild the frontier of a stored tree of this size, e.g. at start-up."""
        return cls(size, tuple(nodes[key] for key in root_keys(size)))


def _push(
    stack: list[bytes], size: int, leaf: bytes, written: list[tuple[NodeKey, bytes]] | None
) -> None:
    """Push leaf number `size` and merge the subtrees it completes."""
    stack.append(leaf)
    if written is not None:
        written.append(((0, size), leaf))
    size += 1
    level = 0
    while not size & (1 << level):
        right = stack.pop()
        stack.append(node_hash(stack.pop(), right))
        level += 1
        if written is not None:
            written.append(((level, (size >> level) - 1), stack[-1]))


def append_leaves(
    frontier: Frontier, leaf_hashes: Iterable[bytes]
) -> tuple[Frontier, list[tuple[NodeKey, bytes]]]:
    """Append leaves; return the new frontier and every perfect node completed (leaves included)."""
    stack = list(frontier.hashes)
    size = frontier.size
    written: list[tuple[NodeKey, bytes]] = []
    for leaf in leaf_hashes:
        _push(stack, size, leaf, written)
        size += 1
    return Frontier(size, tuple(stack)), written


def extend(frontier: Frontier, leaf_hashes: Iterable[bytes]) -> Frontier:
    """Append leaves keeping no nodes: for verifiers that only need roots."""
    stack = list(frontier.hashes)
    size = frontier.size
    for leaf in leaf_hashes:
        _push(stack, size, leaf, None)
        size += 1
    return Frontier(size, tuple(stack))

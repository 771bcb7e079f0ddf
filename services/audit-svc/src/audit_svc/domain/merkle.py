"""RFC 6962 / RFC 9162 Merkle tree hashing, roots and proofs built from stored perfect subtrees.

Pure: a caller asks which node keys a computation needs, fetches them, then passes them in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

# (level, index): the perfect subtree over leaves [index * 2**level, (index + 1) * 2**level).
NodeKey = tuple[int, int]
NodeHashes = Mapping[NodeKey, bytes]
LeafRange = tuple[int, int]

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(canonical: bytes) -> bytes:
    """SHA-256(0x00 || canonical event bytes)."""
    return hashlib.sha256(b"\x00" + canonical).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(size: int) -> int:
    """The largest power of two strictly below size (size >= 2): where RFC 6962 splits a tree."""
    return 1 << ((size - 1).bit_length() - 1)


def subtree_keys(start: int, end: int) -> list[NodeKey]:
    """The perfect subtrees, largest first, whose right fold is the hash of leaves [start, end)."""
    if not 0 <= start < end:
        raise ValueError(f"empty or negative leaf range [{start}, {end})")
    keys: list[NodeKey] = []
    position = start
    while position < end:
        level = (end - position).bit_length() - 1
        if position & ((1 << level) - 1):
            raise ValueError(f"leaf range [{start}, {end}) is not a node of the tree")
        keys.append((level, position >> level))
        position += 1 << level
    return keys


def fold_subtrees(hashes: list[bytes]) -> bytes:
    """Right fold of perfect subtree hashes (largest first): MTH = H(P0, H(P1, ... Pk))."""
    accumulated = hashes[-1]
    for left in reversed(hashes[:-1]):
        accumulated = node_hash(left, accumulated)
    return accumulated


def subtree_hash(start: int, end: int, nodes: NodeHashes) -> bytes:
    """MTH of leaves [start, end) from the perfect nodes listed by subtree_keys."""
    return fold_subtrees([nodes[key] for key in subtree_keys(start, end)])


def inclusion_ranges(index: int, size: int) -> list[LeafRange]:
    """Leaf ranges whose hashes form PATH(index, D[size]) (RFC 9162 §2.1.3.1), leaf side first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    ranges: list[LeafRange] = []
    start, end = 0, size
    while end - start > 1:
        middle = start + split_point(end - start)
        if index < middle:
            ranges.append((middle, end))
            end = middle
        else:
            ranges.append((start, middle))
            start = middle
    ranges.reverse()
    return ranges


def consistency_ranges(first: int, second: int) -> list[LeafRange]:
    """Leaf ranges whose hashes form PROOF(first, D[second]) (RFC 9162 §2.1.4.1), deepest first."""
    if not 0 <= first <= second:
        raise ValueError(f"no consistency proof from size {first} to size {second}")
    if first in (0, second):
        return []
    ranges: list[LeafRange] = []
    start, end, whole = 0, second, True
    while first != end:
        middle = start + split_point(end - start)
        if first <= middle:
            ranges.append((middle, end))
            end = middle
        else:
            ranges.append((start, middle))
            start, whole = middle, False
    if not whole:
        ranges.append((start, end))
    ranges.reverse()
    return ranges


def _keys_of(ranges: list[LeafRange]) -> list[NodeKey]:
    return [key for start, end in ranges for key in subtree_keys(start, end)]


def root_keys(size: int) -> list[NodeKey]:
    """Node keys root_from_nodes needs for a tree of this size (one per set bit)."""
    return subtree_keys(0, size) if size else []


def root_from_nodes(size: int, nodes: NodeHashes) -> bytes:
    """MTH(D[size]); the empty tree's root is SHA-256 of nothing."""
    return subtree_hash(0, size, nodes) if size else EMPTY_ROOT


def inclusion_proof_keys(index: int, size: int) -> list[NodeKey]:
    """Node keys inclusion_proof_from_nodes needs: O(log size)."""
    return _keys_of(inclusion_ranges(index, size))


def inclusion_proof_from_nodes(index: int, size: int, nodes: NodeHashes) -> list[bytes]:
    """The audit path of leaf `index` in the tree of `size` leaves."""
    return [subtree_hash(start, end, nodes) for start, end in inclusion_ranges(index, size)]


def consistency_proof_keys(first: int, second: int) -> list[NodeKey]:
    """Node keys consistency_proof_from_nodes needs: O(log second)."""
    return _keys_of(consistency_ranges(first, second))


def consistency_proof_from_nodes(first: int, second: int, nodes: NodeHashes) -> list[bytes]:
    """The consistency proof between the trees of `first` and `second` leaves."""
    return [subtree_hash(start, end, nodes) for start, end in consistency_ranges(first, second)]

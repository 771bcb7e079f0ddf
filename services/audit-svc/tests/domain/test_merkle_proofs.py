"""Server proofs judged by an independent RFC 9162 verifier, for every tree size up to 2000."""

from __future__ import annotations

import hashlib
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st
from rfc9162_reference import naive_mth, verify_consistency, verify_inclusion

from audit_svc.domain.merkle import EMPTY_ROOT, leaf_hash
from audit_svc.domain.node_store import MemoryNodeStore, StoredTree

MAX_SIZE = 2000


def leaves(count: int) -> list[bytes]:
    return [leaf_hash(f"event {i}".encode()) for i in range(count)]


@cache
def full_log() -> tuple[StoredTree, tuple[bytes, ...]]:
    """One log of MAX_SIZE leaves appended in uneven batches; every smaller size is a past state."""
    tree = StoredTree(MemoryNodeStore())
    hashes = leaves(MAX_SIZE)
    position = 0
    for batch in (1, 2, 5, 64, 100, 333, 1000, 495):
        tree.append(hashes[position : position + batch])
        position += batch
    assert tree.size == MAX_SIZE
    return tree, tuple(hashes)


def flip(value: bytes, bit: int) -> bytes:
    bit %= len(value) * 8
    changed = bytearray(value)
    changed[bit // 8] ^= 1 << (bit % 8)
    return bytes(changed)


sizes = st.integers(min_value=1, max_value=MAX_SIZE)


def test_empty_tree_root_is_the_hash_of_nothing() -> None:
    tree = StoredTree(MemoryNodeStore())
    assert tree.root() == EMPTY_ROOT == hashlib.sha256(b"").digest()


def test_leaf_and_node_hashes_use_the_rfc_6962_prefixes() -> None:
    tree = StoredTree(MemoryNodeStore())
    tree.append([leaf_hash(b"a"), leaf_hash(b"b")])
    expected_leaf = hashlib.sha256(b"\x00a").digest()
    assert leaf_hash(b"a") == expected_leaf
    assert tree.root() == hashlib.sha256(b"\x01" + expected_leaf + leaf_hash(b"b")).digest()


@settings(max_examples=40, deadline=None)
@given(size=sizes)
def test_root_of_every_past_size_matches_the_recursive_definition(size: int) -> None:
    tree, hashes = full_log()
    assert tree.root(size) == naive_mth(list(hashes[:size]))


@settings(max_examples=25, deadline=None)
@given(size=sizes)
def test_every_inclusion_proof_verifies(size: int) -> None:
    tree, hashes = full_log()
    root = naive_mth(list(hashes[:size]))
    for index in range(size):
        proof = tree.inclusion_proof(index, size)
        assert verify_inclusion(index, size, hashes[index], proof, root), index


@settings(max_examples=60, deadline=None)
@given(data=st.data(), size=sizes)
def test_a_flipped_bit_breaks_an_inclusion_proof(data: st.DataObject, size: int) -> None:
    tree, hashes = full_log()
    index = data.draw(st.integers(0, size - 1))
    bit = data.draw(st.integers(0, 255))
    root, proof = tree.root(size), tree.inclusion_proof(index, size)
    assert verify_inclusion(index, size, hashes[index], proof, root)
    assert not verify_inclusion(index, size, flip(hashes[index], bit), proof, root)
    assert not verify_inclusion(index, size, hashes[index], proof, flip(root, bit))
    if proof:
        at = data.draw(st.integers(0, len(proof) - 1))
        broken = [*proof[:at], flip(proof[at], bit), *proof[at + 1 :]]
        assert not verify_inclusion(index, size, hashes[index], broken, root)


@settings(max_examples=25, deadline=None)
@given(second=sizes)
def test_every_consistency_proof_verifies(second: int) -> None:
    tree, hashes = full_log()
    second_root = naive_mth(list(hashes[:second]))
    for first in range(1, second + 1):
        proof = tree.consistency_proof(first, second)
        assert verify_consistency(first, second, tree.root(first), second_root, proof), first


@settings(max_examples=60, deadline=None)
@given(data=st.data(), second=st.integers(min_value=2, max_value=MAX_SIZE))
def test_a_flipped_bit_breaks_a_consistency_proof(data: st.DataObject, second: int) -> None:
    tree, _ = full_log()
    first = data.draw(st.integers(1, second - 1))
    bit = data.draw(st.integers(0, 255))
    first_root, second_root = tree.root(first), tree.root(second)
    proof = tree.consistency_proof(first, second)
    assert verify_consistency(first, second, first_root, second_root, proof)
    assert not verify_consistency(first, second, flip(first_root, bit), second_root, proof)
    assert not verify_consistency(first, second, first_root, flip(second_root, bit), proof)
    at = data.draw(st.integers(0, len(proof) - 1))
    broken = [*proof[:at], flip(proof[at], bit), *proof[at + 1 :]]
    assert not verify_consistency(first, second, first_root, second_root, broken)

"""Token verification, including the cache of verified tokens: a cached token still expires,
and a token is only ever good for the secret that signed it."""

from __future__ import annotations

import time

import pytest

from lodestone_runtime.auth import mint_token, verify_token
from lodestone_runtime.problems import ProblemError

SECRET = "test-secret-with-enough-length-for-hs256"


def test_a_verified_token_names_its_caller_and_roles() -> None:
    token = mint_token(SECRET, "erp-1", ["erp"])
    for _ in range(2):  # the second answer comes from the cache: the same caller
        caller = verify_token(SECRET, token)
        assert (caller.sub, caller.roles) == ("erp-1", frozenset({"erp"}))


def test_a_cached_token_is_refused_once_it_expires() -> None:
    token = mint_token(SECRET, "erp-2", ["erp"], ttl_seconds=1)
    assert verify_token(SECRET, token).sub == "erp-2"
    time.sleep(1.1)
    with pytest.raises(ProblemError) as refused:
        verify_token(SECRET, token)
    assert refused.value.status == 401


def test_a_cached_token_is_refused_under_another_secret() -> None:
    token = mint_token(SECRET, "erp-3", ["erp"])
    assert verify_token(SECRET, token).sub == "erp-3"
    with pytest.raises(ProblemError) as refused:
        verify_token("another-secret-of-enough-length-for-hs256", token)
    assert refused.value.status == 401

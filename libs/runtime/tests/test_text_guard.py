"""Lone surrogates in JSON bodies are refused; everything else passes through untouched."""

from __future__ import annotations

from lodestone_runtime.text_guard import is_clean_text


def test_a_lone_surrogate_escape_is_not_clean_text() -> None:
    assert is_clean_text(b'{"name": "a\\ud800b"}') is False
    assert is_clean_text(b'{"\\udfff": 1}') is False


def test_surrogate_pairs_unicode_and_malformed_json_pass() -> None:
    assert is_clean_text(b'{"name": "\\ud83d\\ude00 \xc3\xa9"}') is True
    assert is_clean_text(b'{"name": ') is True

"""The fast canonical encoder must produce exactly the rfc8785 reference bytes."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lodestone_contracts.canonical import canonical_bytes, reference_canonical_bytes

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=600, deadline=None)
@given(json_values)
def test_fast_canonical_bytes_equal_the_rfc8785_reference(value: Any) -> None:
    assert canonical_bytes(value) == reference_canonical_bytes(value)


def test_typical_event_values_print_as_ecmascript_does() -> None:
    value = {"b": 10.0, "a": [0.5, 1e-7, 1e21, "é\u2028\x7f\x1f"], "é": 1, "\U0001f600": 2}
    assert canonical_bytes(value) == reference_canonical_bytes(value)
    assert canonical_bytes({"q": 10.0, "s": 0.93}) == b'{"q":10,"s":0.93}'

"""The proxy writes a push's content hash with orjson (`content_hash(..., parsed=True)`): it
must give exactly the canonical hash for every change set a request can hold, including the
numbers orjson writes differently (floats below 1e-4 or from 1e16), integers beyond 64 bits,
NaN and infinities (parsed from JSON, hashed as null), and text that looks like such numbers."""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pydantic import TypeAdapter

from pyapp.core.sync import Change, changes_of_snapshot, content_hash, hashing

pytestmark = pytest.mark.skipif(hashing.orjson is None, reason="orjson is not installed")

_json = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([1e-5, -1.5e-7, 1e16, 1e-4, 9.99e-5, 0.00001, 5e-324, 1.7976931348623157e308])
    | st.text() | st.sampled_from(["e-mail", "kelas ke-2", "1e+5", "0.00001", "Ibu e+", ""]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12)


def _change(i: int, record: dict) -> dict:
    return {"type": "peserta_didik", "id": str(uuid.UUID(int=i + 1)), "op": "upsert",
            "base_version": None, "record": record}


def _parsed(i: int, record: dict) -> Change:
    """A change as the proxy holds it after parsing (its record's values kept as they are)."""
    return Change.model_construct(**_change(i, record))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.dictionaries(st.text(max_size=8), _json, max_size=6), max_size=5))
def test_fast_hash_is_the_canonical_hash(records: list[dict]) -> None:
    changes = [_parsed(i, r) for i, r in enumerate(records)]
    try:
        expected = content_hash(changes)
    except ValueError:  # a lone surrogate: not UTF-8, refused either way
        with pytest.raises(ValueError):
            content_hash(changes, parsed=True)
        return
    assert content_hash(changes, parsed=True) == expected


def test_fast_hash_of_a_parsed_request_is_the_canonical_hash() -> None:
    """As the proxy sees it: a body parsed by the request model (NaN and 1e-05 as sent)."""
    body = [_change(0, {"x": 1e-05, "big": 2**80, "t": "ke-2"}),
            _change(1, {"y": 0.1, "z": [1.5e-7, 1e16]})]
    raw = json.dumps(body).replace('"t"', '"nan": NaN, "inf": -Infinity, "t"')
    changes = TypeAdapter(list[Change]).validate_json(raw)
    assert changes[0].record["nan"] != changes[0].record["nan"]  # NaN arrived as such
    assert content_hash(changes, parsed=True) == content_hash(changes)


def test_plain_mappings_are_hashed_by_the_canonical_encoder_only() -> None:
    """`parsed` is for parsed Change objects: plain dicts keep the canonical encoder's answer
    (here its refusal of NaN, which orjson would write as null)."""
    changes = [_change(0, {"x": float("nan")})]
    with pytest.raises(ValueError):
        content_hash(changes, parsed=True)
    assert content_hash([_parsed(0, {"x": float("nan")})], parsed=True) == content_hash(
        [_parsed(0, {"x": None})])


def test_fast_hash_of_a_whole_school(small_school) -> None:
    changes = [Change.model_validate(c.model_dump(mode="json")) for c in changes_of_snapshot(small_school)]
    assert content_hash(changes, parsed=True) == content_hash(changes)


@pytest.fixture(scope="module")
def small_school():
    from pyapp.core.generator import generate

    return generate("small", seed=5)[0]

"""The pure sync protocol: content hash, manifest, chunking."""

from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from pyapp.core.sync import (
    Change, PushRequest, build_push, changes_of_snapshot, content_hash, join, missing_parts,
    split, tab_counts,
)

UID = "0b6f2c1e-1111-4222-8333-444455556666"


@pytest.fixture(scope="module")
def changes(small_school):
    return changes_of_snapshot(small_school)


@pytest.fixture(scope="module")
def small_school():
    from pyapp.core.generator import generate

    return generate("small", seed=3)[0]


def test_content_hash_ignores_order_but_not_content(changes):
    shuffled = list(changes)
    random.Random(1).shuffle(shuffled)
    assert content_hash(shuffled) == content_hash(changes)
    edited = [c.model_copy(update={"record": {**c.record, "version": 2}}) if i == 0 else c
              for i, c in enumerate(changes)]
    assert content_hash(edited) != content_hash(changes)


def test_content_hash_same_for_dicts_and_models(changes):
    assert content_hash([c.model_dump(mode="json") for c in changes]) == content_hash(changes)


def test_content_hash_of_a_record_with_python_values_is_that_of_its_json():
    import datetime as dt

    raw = Change(type="ptk", id=UID, record={"tmt": dt.date(2020, 1, 2), "n": [1.5, None]})
    as_json = Change(type="ptk", id=UID, record={"tmt": "2020-01-02", "n": [1.5, None]})
    assert content_hash([raw]) == content_hash([as_json])


def test_build_push_is_self_consistent(small_school, changes):
    ptk = small_school.records["ptk"][0]
    push = build_push(changes, semester_id="20251", ptk_id=ptk.id, nama="Bu Kepsek")
    again = PushRequest.model_validate_json(push.model_dump_json())
    assert again.manifest.content_hash == again.confirmation.payload_hash == content_hash(again.changes)
    assert sum(again.manifest.counts.values()) == len(changes)
    assert tab_counts(changes)["Peserta Didik"] > 0


def test_change_rejects_unknown_type_and_bad_id():
    with pytest.raises(ValidationError):
        Change(type="siswa", id=UID)
    with pytest.raises(ValidationError):
        Change(type="ptk", id="not-a-uuid")


@pytest.mark.parametrize("size", [1, 7, 1000])
def test_split_join_round_trip_in_any_order(size):
    body = bytes(range(256)) * 13
    parts = split(body, size)
    received = dict(reversed(list(enumerate(parts))))
    assert join(received, len(parts)) == body
    assert missing_parts(len(parts), [0, 2]) == [i for i in range(len(parts)) if i not in (0, 2)]

"""The compact push body (pyapp.core.sync.compact): the same changes, fewer bytes."""

from __future__ import annotations

import base64
import gzip
import json
import uuid

import pytest
from pydantic import ValidationError

from pyapp.core.sync import canonical_json, changes_of_snapshot, content_hash
from pyapp.core.sync.compact import CompactError, is_compact, pack, parse_push_body, unpack

U1 = "11111111-1111-4111-8111-111111111111"
U2 = "22222222-2222-4222-8222-222222222222"
OTHER = "99999999-9999-4999-8999-999999999999"


def _sorted(changes):  # type: ignore[no-untyped-def]
    return sorted(canonical_json(c) for c in changes)


@pytest.fixture(scope="module")
def demo_changes(school):  # type: ignore[no-untyped-def]
    return [c.model_dump(mode="json") for c in changes_of_snapshot(school("small")[0])]


def test_round_trip_gives_the_same_changes_and_hash(demo_changes):
    body = pack({"idempotency_key": "kunci-uji-1"}, demo_changes)
    assert is_compact(body)
    back = unpack(json.loads(body))
    assert back["idempotency_key"] == "kunci-uji-1"
    assert _sorted(back["changes"]) == _sorted(demo_changes)
    assert content_hash(back["changes"]) == content_hash(demo_changes)


def test_it_is_much_smaller_than_the_plain_body_once_gzipped(demo_changes):
    plain = gzip.compress(("[" + ",".join(canonical_json(c) for c in demo_changes) + "]").encode())
    compact = gzip.compress(pack({}, demo_changes))
    assert len(compact) < 0.7 * len(plain)


def test_edge_values_survive():
    changes = [
        # explicit null vs absent, a reference outside the push, nested values, a delete
        {"type": "rombel", "id": U1, "op": "upsert", "base_version": 3,
         "record": {"id": U1, "nama": "7A", "ptk_id": OTHER, "catatan": None,
                    "daftar": [1, 2.5, {"a": "ü"}], "aktif": True}},
        {"type": "rombel", "id": U2, "op": "delete", "base_version": None, "record": None},
        {"type": "sekolah", "id": OTHER, "op": "upsert", "base_version": None,
         "record": {"id": "not-the-change-id", "nama": "SD \"Uji\" \n"}},
    ]
    back = unpack(json.loads(pack({}, changes)))["changes"]
    assert _sorted(back) == _sorted(changes)


def test_a_column_is_a_uuid_column_only_when_every_value_is_one():
    """The check looks at each distinct value once; a UUID first does not decide it."""
    rows = [U1, [U1], "bukan-uuid", None, U2, U1]
    changes = [{"type": "ptk", "id": str(uuid.UUID(int=i + 1, version=4)), "op": "upsert",
                "base_version": None, "record": {"ref": r, "ref2": r if isinstance(r, str) else U2}}
               for i, r in enumerate(rows)]
    body = json.loads(pack({}, changes))
    cols = body["runs"][0]["columns"]
    assert "v" in cols["ref"] and "v" in cols["ref2"]  # plain values, not references
    assert _sorted(unpack(body)["changes"]) == _sorted(changes)
    refs = [{**c, "record": {"ref": r}} for c, r in zip(changes, [U1, OTHER, None, U1, U2, OTHER], strict=True)]
    body = json.loads(pack({}, refs))
    assert "ref" in body["runs"][0]["columns"]["ref"]
    assert _sorted(unpack(body)["changes"]) == _sorted(refs)


def test_non_canonical_uuids_fall_back_to_a_list():
    changes = [{"type": "ptk", "id": "ABC", "op": "upsert", "base_version": None,
                "record": {"id": "ABC"}}]
    body = json.loads(pack({}, changes))
    assert "uuids" in body and "uuid_b64" not in body
    assert unpack(body)["changes"] == changes


def _ptk_changes(ids: list[str]) -> list[dict[str, object]]:
    return [{"type": "ptk", "id": u, "op": "upsert", "base_version": None, "record": {"id": u, "nama": "A"}}
            for u in ids]


@pytest.mark.parametrize("n", [1, 4, 5, 11])
def test_version_4_uuids_go_without_their_fixed_bits(n):
    ids = [str(uuid.uuid4()) for _ in range(n)]
    body = json.loads(pack({}, _ptk_changes(ids)))
    assert "uuid_b64" not in body and body["uuid4_n"] == n
    assert len(base64.b64decode(body["uuid4_b64"])) == -(-n // 4) * 61  # 122 bits each
    assert [c["id"] for c in unpack(body)["changes"]] == ids


def test_other_uuids_go_as_16_bytes_each():
    ids = [str(uuid.uuid4()), str(uuid.uuid1()), "11111111-1111-1111-1111-111111111111"]
    body = json.loads(pack({}, _ptk_changes(ids)))
    assert "uuid4_b64" not in body and len(base64.b64decode(body["uuid_b64"])) == 48
    assert [c["id"] for c in unpack(body)["changes"]] == ids


@pytest.mark.parametrize("mutate", [
    lambda b: b.update(uuid_b64=b["uuid_b64"][:-4]),
    lambda b: b.update(uuid_b64="not base64!"),
])
def test_a_broken_16_byte_table_is_a_compact_error(mutate):
    body = json.loads(pack({}, _ptk_changes([str(uuid.uuid1()), str(uuid.uuid1())])))
    mutate(body)
    with pytest.raises(CompactError):
        parse_push_body(json.dumps(body).encode())


@pytest.mark.parametrize("mutate", [
    lambda b: b.update(uuid4_b64=b["uuid4_b64"][:-4]),
    lambda b: b.update(uuid4_b64="not base64!"),
    lambda b: b.update(uuid4_n=5),
    lambda b: b.update(uuid4_n="dua"),
    lambda b: b.pop("uuid4_n"),
    lambda b: b["runs"][0].update(n=10**6),
    lambda b: b["runs"][0]["columns"].update(nama={"v": [1]}),
    lambda b: b["runs"][0]["columns"].update(ptk_id={"ref": [10**6]}),
    lambda b: b.pop("runs"),
])
def test_a_broken_body_is_a_compact_error(mutate):
    changes = [{"type": "ptk", "id": U1, "op": "upsert", "base_version": None,
                "record": {"id": U1, "nama": "A", "ptk_id": U2}},
               {"type": "ptk", "id": U2, "op": "upsert", "base_version": None,
                "record": {"id": U2, "nama": "B"}}]
    body = json.loads(pack({}, changes))
    mutate(body)
    with pytest.raises(CompactError):
        parse_push_body(json.dumps(body).encode())


def test_parse_accepts_both_forms_and_still_validates_the_message():
    with pytest.raises(ValidationError):  # compact, but not a valid PushRequest
        parse_push_body(pack({"idempotency_key": "x"}, []))
    with pytest.raises(ValidationError):
        parse_push_body(b'{"idempotency_key": "x"}')


def test_repeated_strings_go_as_a_dictionary_and_come_back():
    ids = [f"{i:08x}-0000-4000-8000-000000000000" for i in range(100)]
    changes = [{"type": "nilai", "id": i, "op": "upsert", "base_version": None,
                "record": {"id": i, "deskripsi": ["Baik.", "Cukup.", None][n % 3]}}
               for n, i in enumerate(ids)]
    body = json.loads(pack({}, changes))
    assert body["runs"][0]["columns"]["deskripsi"]["dict"] == ["Baik.", "Cukup."]
    assert _sorted(unpack(body)["changes"]) == _sorted(changes)

"""Reading a school as chunks plus records saved since, and writing one as chunks
(pyapp/engine/loading.py; IndexedDB's layout is exercised by the e2e tests)."""

from __future__ import annotations

import json

from pyapp.core.generator import generate
from pyapp.engine.loading import chunk_texts, decode_parts
from pyapp.engine.school import dump
from pyapp.engine.store import CHUNK


def test_chunks_hold_what_dump_writes_at_most_chunk_records_each():
    snap, _ = generate("small", 1)
    chunks = chunk_texts(snap.records)
    assert len(chunks["nilai"]) == -(-len(snap.records["nilai"]) // CHUNK)
    for tname, items in snap.records.items():
        rows = [r for text in chunks[tname] for r in json.loads(text)]
        assert rows == [dump(r) for r in items], tname
        assert all(len(json.loads(t)) <= CHUNK for t in chunks[tname])


def test_a_later_part_replaces_the_same_id_and_a_bad_record_loses_only_itself():
    snap, _ = generate("small", 1)
    pds = snap.records["peserta_didik"]
    first = dump(pds[0])
    newer = {**first, "nama": "Nama Sesudah Restore", "version": first.get("version", 1) + 1}
    broken = {**dump(pds[1]), "jenis_kelamin": "X"}
    parts = [json.dumps([first, broken, *map(dump, pds[2:])]), json.dumps([newer])]
    problems: list[str] = []
    out = decode_parts("peserta_didik", parts, problems)
    assert out[first["id"]].nama == "Nama Sesudah Restore"
    assert pds[1].id not in out and len(out) == len(pds) - 1
    assert len(problems) == 1 and pds[1].id in problems[0] and "jenis_kelamin" in problems[0]

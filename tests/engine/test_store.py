"""MemoryStore: the in-memory twin of IndexedDBStore (same all-or-nothing semantics)."""

from __future__ import annotations

import asyncio
import json

import pytest

from pyapp.engine.store import MemoryStore, StoreError


def run(coro):
    return asyncio.run(coro)


def test_put_writes_records_and_changes_together():
    async def go():
        s = MemoryStore()
        await s.open()
        seqs = await s.put("ptk", [{"id": "a", "nama": "X"}], [{"type": "ptk", "id": "a", "op": "upsert", "version": 1, "at": "t"}])
        assert seqs == [1]
        assert s.transactions == 1
        assert await s.get("ptk", "a") == {"id": "a", "nama": "X"}
        assert [c["seq"] for c in await s.changes_since(0)] == [1]
        s.fail_next_write = True
        with pytest.raises(StoreError):
            await s.put("ptk", [{"id": "b"}], [{"type": "ptk", "id": "b", "op": "upsert", "version": 1, "at": "t"}])
        assert await s.get("ptk", "b") is None
        assert len(await s.changes_since(0)) == 1

    run(go())


def test_values_are_copied_and_seqs_never_reused():
    async def go():
        s = MemoryStore()
        rec = {"id": "a", "n": [1]}
        await s.put("x", [rec], [{"id": "a"}, {"id": "a"}])
        rec["n"].append(2)
        got = await s.get("x", "a")
        assert got == {"id": "a", "n": [1]}
        got["n"].append(3)
        assert (await s.all("x")) == [{"id": "a", "n": [1]}]
        assert await s.ack_changes(1) == 1
        assert [c["seq"] for c in await s.changes_since(0)] == [2]
        await s.put("x", [], [{"id": "b"}])
        assert [c["seq"] for c in await s.changes_since(1)] == [2, 3]
        assert await s.by_index("x", "id", "a") == [{"id": "a", "n": [1]}]

    run(go())


def test_replace_all_delete_all_and_meta():
    async def go():
        s = MemoryStore()
        await s.meta_put("keep", {"a": None})
        await s.put("x", [{"id": "a"}], [{"id": "a"}])
        await s.replace_all({"y": [{"id": "b"}]}, [{"id": "b"}], {"school": {"nama": "S"}})
        assert await s.all("x") == []
        assert await s.all("y") == [{"id": "b"}]
        assert json.loads(await s.all_json("y")) == [{"id": "b"}]
        assert await s.meta_get("keep") == {"a": None}
        assert await s.meta_get("school") == {"nama": "S"}
        assert [c["id"] for c in await s.changes_since(0)] == ["b"]
        await s.delete_all()
        assert await s.all("y") == [] and await s.meta_get("school") is None
        assert await s.changes_since(0) == []
        info = await s.storage_info()
        assert info["backend"] == "memory"

    run(go())


def test_the_change_log_head_moves_with_every_write_and_ack():
    """(values, highest seq): what the sync's encoding cache compares instead of reading
    the whole log. Seqs are never reused, so no two non-empty states share a head."""
    async def go():
        s = MemoryStore()
        heads = [await s.changes_head()]
        await s.put("x", [{"id": "a"}], [{"id": "a"}, {"id": "a"}])
        heads.append(await s.changes_head())
        await s.put("x", [{"id": "b"}], [{"id": "b"}])
        heads.append(await s.changes_head())
        await s.ack_changes(2)
        heads.append(await s.changes_head())
        await s.replace_all({"y": [{"id": "c"}]}, [{"id": "c"}])
        heads.append(await s.changes_head())
        await s.delete_all()
        heads.append(await s.changes_head())
        return heads

    heads = run(go())
    assert heads[:3] == [(0, 0), (2, 2), (3, 3)]
    assert heads[3] == (1, 3)  # acknowledged entries leave; the highest seq stays
    assert heads[4] == (1, 4) and heads[5] == (0, 0)
    assert len(set(heads[1:5])) == 4

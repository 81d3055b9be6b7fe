"""The large preset (~3000 PD, ~49k records): open, list pages, search, save give the right
results. How fast they are is measured by `make bench` (benchmarks/engine_large.py, with its
targets), not asserted here: a wall-clock limit in a test fails on a busy machine."""

from __future__ import annotations

from pyapp.engine.store import MemoryStore
from tests.engine.conftest import new_service, run


def test_large_open_list_search_save(large_text):
    store = MemoryStore()
    svc = new_service(store)
    run(svc.open({}))
    res = run(svc.restore_backup({"text": large_text, "filename": "besar.json"}))
    assert res["ok"], res
    assert res["counts"]["peserta_didik"] >= 3000

    svc2 = new_service(store)  # what reopening the app does
    opened = run(svc2.open({}))
    assert opened["counts"] == res["counts"]

    first = run(svc2.list({"type": "peserta_didik", "offset": 0, "limit": 50}))
    seen = {i["id"] for i in first["items"]}
    for offset in (50, 100, 1500, 2950):
        page = run(svc2.list({"type": "peserta_didik", "offset": offset, "limit": 50}))
        assert page["total"] == first["total"] and len(page["items"]) == 50
        assert not seen & {i["id"] for i in page["items"]}  # pages do not overlap
        seen |= {i["id"] for i in page["items"]}
    found = run(svc2.list({"type": "peserta_didik", "q": "siti", "limit": 50}))
    assert found["total"] > 0 and all("siti" in i["label"].casefold() for i in found["items"])
    nik = run(svc2.list({"type": "peserta_didik", "q": "3", "limit": 50}))
    assert nik["total"] > 0

    rid = first["items"][10]["id"]
    rec = run(svc2.get({"type": "peserta_didik", "id": rid}))["record"]
    saved = run(svc2.save({"type": "peserta_didik", "record": dict(rec, nama="Siti Tersimpan")}))
    assert saved["ok"], saved
    after = run(svc2.list({"type": "peserta_didik", "q": "siti tersimpan"}))
    assert [i["id"] for i in after["items"]] == [rid]
    nilai = run(svc2.list({"type": "nilai", "limit": 50}))
    assert nilai["total"] > 30000

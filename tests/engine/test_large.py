"""The large preset (~3000 PD, ~49k records): open, list pages, search, save — timed."""

from __future__ import annotations

import time

from pyapp.engine.store import MemoryStore
from tests.engine.conftest import new_service, run


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 1)


def test_large_open_list_search_save(large_text, capsys):
    store = MemoryStore()
    svc = new_service(store)
    run(svc.open({}))
    res = run(svc.restore_backup({"text": large_text, "filename": "besar.json"}))
    assert res["ok"], res
    assert res["counts"]["peserta_didik"] >= 3000

    svc2 = new_service(store)  # what reopening the app does
    t0 = time.perf_counter()
    opened = run(svc2.open({}))
    open_ms = _ms(t0)
    assert opened["counts"] == res["counts"]

    t0 = time.perf_counter()
    first = run(svc2.list({"type": "peserta_didik", "offset": 0, "limit": 50}))
    first_ms = _ms(t0)
    pages = []
    for offset in (50, 100, 1500, 2950):
        t0 = time.perf_counter()
        page = run(svc2.list({"type": "peserta_didik", "offset": offset, "limit": 50}))
        pages.append(_ms(t0))
        assert page["total"] == first["total"] and len(page["items"]) == 50
    t0 = time.perf_counter()
    found = run(svc2.list({"type": "peserta_didik", "q": "siti", "limit": 50}))
    search_ms = _ms(t0)
    assert found["total"] > 0 and all("siti" in i["label"].casefold() for i in found["items"])
    t0 = time.perf_counter()
    nik = run(svc2.list({"type": "peserta_didik", "q": "3", "limit": 50}))
    assert nik["total"] > 0
    wide_ms = _ms(t0)

    rid = first["items"][10]["id"]
    rec = run(svc2.get({"type": "peserta_didik", "id": rid}))["record"]
    t0 = time.perf_counter()
    saved = run(svc2.save({"type": "peserta_didik", "record": dict(rec, nama="Siti Tersimpan")}))
    save_ms = _ms(t0)
    assert saved["ok"], saved
    t0 = time.perf_counter()
    after = run(svc2.list({"type": "peserta_didik", "q": "siti tersimpan"}))
    after_ms = _ms(t0)
    assert [i["id"] for i in after["items"]] == [rid]
    t0 = time.perf_counter()
    nilai = run(svc2.list({"type": "nilai", "limit": 50}))
    nilai_ms = _ms(t0)
    assert nilai["total"] > 30000

    with capsys.disabled():
        print(f"\n[large] open {open_ms} ms ({opened['ms']}), PD first page {first_ms} ms, "
              f"next pages {pages} ms, search {search_ms} ms, search '3' {wide_ms} ms, "
              f"save one {save_ms} ms ({saved['ms']}), list after save {after_ms} ms, "
              f"nilai first page {nilai_ms} ms")
    assert max(pages) < 100 and search_ms < 200 and after_ms < 200
    assert save_ms < 500

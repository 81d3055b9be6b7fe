"""An open that answers before Validasi Lokal (pyapp/engine/validating.py): the first list
page comes before the nilai are decoded and the school validated, the last stored summary is
shown meanwhile, and an edit made in that window is neither lost nor validated against half
the school. The browser's order of events is checked by tests/e2e/test_deferred_open.py."""

from __future__ import annotations

import asyncio

import pytest

from pyapp.engine.store import REVISION, MemoryStore
from pyapp.engine.validating import SUMMARY
from tests.engine.conftest import new_service, run


@pytest.fixture
def stored(small):
    """A store holding the small school (restored, so validated once and its summary kept),
    and what a full open of it answers."""
    store = MemoryStore()
    svc = new_service(store)
    run(svc.open({}))
    assert run(svc.restore_backup({"text": small[2], "filename": "contoh.json"}))["ok"]
    full = run(new_service(store).open({}))
    assert full["summary_state"] == "final" and not full["validating"]
    return store, full


def _names(events):
    return [e["event"] for e in events]


def test_first_page_comes_before_the_nilai_and_the_validation(stored):
    store, full = stored
    svc = new_service(store)

    async def scenario():
        opened = await svc.open({"defer_validation": True})
        assert opened["validating"] is True and svc.data["nilai"] == {}
        # the summary kept by the last full validation, made from the data as stored now
        assert opened["summary_state"] == "stored" and opened["summary"] == full["summary"]
        assert opened["counts"] == full["counts"]  # the nilai counted as kept
        # the UI waits for the result at once; that alone does not start the work
        waiter = asyncio.ensure_future(svc.validation({"wait": True}))
        await asyncio.sleep(0.2)
        assert svc.validating and not svc.progress.seen("decoded")
        page = await svc.list({"type": "peserta_didik", "limit": 50})
        assert page["validating"] is True and page["total"] == full["counts"]["peserta_didik"]
        assert all(it["invalid"] == 0 and it["warning"] == 0 for it in page["items"])
        assert (await svc.summary({}))["validating"] is True
        done = await waiter
        return page, done

    page, done = asyncio.run(scenario())
    assert done["validating"] is False and done["summary_state"] == "final"
    assert done["summary"] == full["summary"] and done["counts"] == full["counts"]
    names = _names(done["events"])
    assert names == ["read", "open", "list:peserta_didik", "decoded", "validated"], names
    ms = [e["ms"] for e in done["events"]]
    assert ms == sorted(ms)
    # afterwards the list carries each record's findings again
    after = run(svc.list({"type": "peserta_didik", "limit": 1000}))
    assert after["validating"] is False
    assert sum(it["invalid"] + it["warning"] for it in after["items"]) == \
        sum(full["summary"]["Peserta Didik"].values())


def test_validation_starts_by_itself_when_no_page_is_asked_for(stored, monkeypatch):
    monkeypatch.setattr("pyapp.engine.validating.START_AFTER_S", 0.05)
    store, full = stored
    svc = new_service(store)

    async def scenario():
        await svc.open({"defer_validation": True})
        await asyncio.sleep(0.5)  # nobody asks for a page or for the result
        return svc.validating, svc.summary_counts()

    validating, summary = asyncio.run(scenario())
    assert validating is False and summary == full["summary"]


def test_an_edit_in_the_window_waits_for_the_whole_school_and_is_kept(stored, small):
    store, _full = stored
    svc = new_service(store)
    snap = small[0]
    pd = snap.records["peserta_didik"][0]
    owned_nilai = {n.id for n in snap.records["nilai"]
                   if n.anggota_rombel_id in {a.id for a in snap.records["anggota_rombel"]
                                              if a.peserta_didik_id == pd.id}}
    assert owned_nilai  # the delete below must take nilai not decoded at the open
    other = snap.records["peserta_didik"][1]

    async def scenario():
        await svc.open({"defer_validation": True})
        await svc.list({"type": "peserta_didik", "limit": 50})
        rec = (await svc.get({"type": "peserta_didik", "id": other.id}))["record"]
        saved, deleted = await asyncio.gather(
            svc.save({"type": "peserta_didik",
                      "record": {**rec, "nama_ibu_kandung": rec.get("nama_ayah") or "Sama"}}),
            svc.delete({"type": "peserta_didik", "id": pd.id, "cascade": True}),
        )
        return saved, deleted, await svc.validation({"wait": True})

    saved, deleted, done = asyncio.run(scenario())
    assert saved["ok"] and deleted["ok"], (saved, deleted)
    assert deleted["deleted"].get("nilai") == len(owned_nilai)
    assert all(svc.data["nilai"][i].deleted for i in owned_nilai)
    # a full open of what the store now holds says exactly what the engine says
    again = run(new_service(store).open({}))
    assert again["summary"] == done["summary"] == svc.summary_counts()
    assert again["counts"] == svc.counts()
    assert run(new_service(store).get({"type": "peserta_didik", "id": other.id}))["record"][
        "nama_ibu_kandung"] == saved["record"]["nama_ibu_kandung"]


def test_the_kept_summary_names_its_revision_and_says_when_it_is_older(stored, small):
    store, full = stored
    kept = run(store.meta_get(SUMMARY))
    assert kept["revision"] == run(store.meta_get(REVISION)) and kept["summary"] == full["summary"]
    svc = new_service(store)
    run(svc.open({}))
    pd = small[0].records["peserta_didik"][2]
    rec = run(svc.get({"type": "peserta_didik", "id": pd.id}))["record"]
    assert run(svc.save({"type": "peserta_didik", "record": {**rec, "nama": "Nama Baru"}}))["ok"]
    assert run(store.meta_get(REVISION)) != kept["revision"]  # every record write moves it
    reopened = run(new_service(store).open({"defer_validation": True}))
    assert reopened["validating"] and reopened["summary_state"] == "stale"
    assert reopened["summary"] == full["summary"]
    # the reopen's validation (its loop ended with the call) runs again at the next call
    svc2 = new_service(store)
    run(svc2.open({"defer_validation": True}))
    assert svc2.validating
    done = run(svc2.validation({}))
    assert done["summary_state"] == "final" and not svc2.validating
    assert run(store.meta_get(SUMMARY))["revision"] == run(store.meta_get(REVISION))


def test_a_wipe_during_the_window_leaves_no_old_nilai_behind(stored, small):
    store, _full = stored
    svc = new_service(store)

    async def scenario():
        await svc.open({"defer_validation": True})
        res = await svc.wipe({"confirm": "HAPUS"})
        return res, await svc.validation({})

    res, done = asyncio.run(scenario())
    assert res["ok"] and done["validating"] is False
    assert svc.counts()["nilai"] == 0 and svc.data["nilai"] == {}


def test_a_fresh_store_keeps_no_summary_and_opens_with_none():
    store = MemoryStore()
    out = run(new_service(store).open({"defer_validation": True}))
    assert out["summary_state"] == "none" and out["summary"] == {}
    assert run(store.meta_get(SUMMARY)) is None  # nothing to remember of a store without records


def test_a_list_of_a_deferred_type_waits_for_its_records(stored):
    store, full = stored
    svc = new_service(store)

    async def scenario():
        await svc.open({"defer_validation": True})
        assert svc.data["registrasi"] == {} and svc.validating
        return await svc.list({"type": "registrasi", "limit": 5})

    page = asyncio.run(scenario())
    assert page["validating"] is False and page["total"] == full["counts"]["registrasi"]


def test_the_indexes_only_edits_read_are_built_after_the_report(stored, monkeypatch):
    """The deferred run builds only the indexes its rules read; the rest follow
    PREPARE_EDITS_AFTER_S after the report, so a later edit does not build them itself."""
    from pyapp.core.validation._index import INDEXES
    from pyapp.engine import validating

    monkeypatch.setattr(validating, "PREPARE_EDITS_AFTER_S", 0.05)
    store, _ = stored
    svc = new_service(store)

    async def scenario():
        await svc.open({"defer_validation": True})
        done = await svc.validation({"wait": True})
        at_report = set(dict.keys(svc.validator.index.by))
        await asyncio.sleep(0.2)
        return done, at_report, set(dict.keys(svc.validator.index.by))

    done, at_report, later = asyncio.run(scenario())
    assert done["validating"] is False
    assert "nilai_by_anggota" not in at_report and at_report < set(INDEXES)
    assert later == set(INDEXES)

"""EngineService with MemoryStore: every call of the engine API, as the UI uses it."""

from __future__ import annotations

import json
import re

from pyapp.core.migration import CURRENT_VERSION
from pyapp.core.snapshot import load_snapshot
from pyapp.core.validation import validate
from pyapp.core.types import semester_text
from pyapp.engine import fields as F
from pyapp.engine.store import MemoryStore
from tests.engine.conftest import new_service, run

GOOD_NIK = "3273014101100001"


def _pd(svc, **kw):
    rec = {"nama": "Ani Lestari", "jenis_kelamin": "P", "nik": GOOD_NIK, "agama": "1"}
    rec.update(kw)
    return run(svc.save({"type": "peserta_didik", "record": rec}))


def test_open_empty_store():
    svc = new_service()
    out = run(svc.open({}))
    assert out["ok"] is True and out["school"] is None
    assert set(out["counts"]) == set(F.RECORD_TYPES) and not any(out["counts"].values())
    assert out["last_backup"] is None and out["last_sync"] is None
    assert set(out["summary"]) == set(F.TABS)
    assert set(out["ms"]) == {"upgrade", "load", "load_read", "validate"}
    # a new browser: nothing to migrate, only the format marker is written
    assert out["upgraded"] == {"from": CURRENT_VERSION, "records": 0, "written": False}
    assert out["storage"]["backend"] == "memory"


def test_record_types_in_tab_order():
    svc = new_service()
    types = run(svc.record_types({}))
    assert [t["type"] for t in types][:2] == ["sekolah", "sekolah_periodik"]
    tabs = [t["tab"] for t in types]
    assert tabs == sorted(tabs, key=F.TABS.index)
    by = {t["type"]: t["label"] for t in types}
    assert by["peserta_didik"] == "Peserta Didik" and by["anggota_rombel"] == "Anggota Rombel"
    assert len(types) == len(F.RECORD_TYPES)


def test_form_meta_is_derived_from_the_models():
    svc = new_service()
    meta = run(svc.form_meta({"type": "peserta_didik"}))
    assert meta["type"] == "peserta_didik" and meta["label"] == "Peserta Didik"
    fields = {f["name"]: f for f in meta["fields"]}
    assert not set(F.SYSTEM_FIELDS) & set(fields)
    nama, nik, agama = fields["nama"], fields["nik"], fields["agama"]
    assert nama["required"] and nama["kind"] == "text" and nama["max_length"] == 100
    assert nama["label"] == "Nama lengkap" and nama["help"]
    assert nik["kind"] == "text" and nik["pattern"] == "^[0-9]{16}$" and not nik["required"]
    assert agama["kind"] == "select" and [1, "Islam"] in agama["choices"]
    assert fields["tanggal_lahir"]["kind"] == "date"
    assert fields["penerima_kip"]["kind"] == "checkbox"
    assert fields["rt"]["kind"] == "number" and (fields["rt"]["min"], fields["rt"]["max"]) == (0, 99)
    assert fields["kode_wilayah"]["rujukan"] == "wilayah"
    keys = {"name", "label", "help", "kind", "required", "choices", "ref", "max_length", "pattern", "min", "max"}
    assert all(keys <= set(f) for f in meta["fields"])
    rombel = {f["name"]: f for f in run(svc.form_meta({"type": "rombel"}))["fields"]}
    assert rombel["ptk_id"]["kind"] == "ref" and rombel["ptk_id"]["ref"] == "ptk"
    assert rombel["ruang_id"]["ref"] == "ruang"
    # A semester is picked by name around the school's current one, never typed as a code.
    sem = rombel["semester_id"]
    assert sem["kind"] == "select" and sem["pattern"] is None
    current = svc.school_info()["semester_id"]
    assert [current, semester_text(current)] in sem["choices"]
    assert all(len(c) == 5 and re.fullmatch(r"\d{4}/\d{4} (Ganjil|Genap)", t) for c, t in sem["choices"])
    assert sem["choices"][0][0] > current
    nilai = {f["name"]: f for f in run(svc.form_meta({"type": "nilai"}))["fields"]}
    assert nilai["deskripsi"]["kind"] == "textarea"
    assert nilai["anggota_rombel_id"]["ref"] == "anggota_rombel" and nilai["anggota_rombel_id"]["required"]
    pb = {f["name"]: f for f in run(svc.form_meta({"type": "pembelajaran"}))["fields"]}
    assert pb["mata_pelajaran_id"]["kind"] == "select" and pb["mata_pelajaran_id"]["choices"]
    for t in F.RECORD_TYPES:
        json.dumps(run(svc.form_meta({"type": t})))


def test_save_bad_nik_gives_field_error_and_stores_nothing():
    store = MemoryStore()
    svc = new_service(store)
    run(svc.open({}))
    store.transactions = 0  # opening an empty store marks its format (engine/upgrade.py)
    out = _pd(svc, nik="12345", nisn="12")
    assert out["ok"] is False and out["code"] == "engine.isian_tidak_sah"
    assert out["details"]["fields"] == {"nik": "harus 16 digit angka", "nisn": "harus 10 digit angka"}
    assert store.transactions == 0 and store.records == {} and run(store.changes_since(0)) == []
    assert run(svc.list({"type": "peserta_didik"}))["total"] == 0
    out = _pd(svc, nama="  ", agama="x")
    assert out["details"]["fields"]["nama"] == "wajib diisi"
    assert out["details"]["fields"]["agama"].startswith("harus salah satu kode rujukan")


def test_save_writes_record_and_one_change_in_one_transaction():
    store = MemoryStore()
    svc = new_service(store)
    run(svc.open({}))
    store.transactions = 0  # opening an empty store marks its format (engine/upgrade.py)
    out = _pd(svc, rt="7", tahun_lahir_ayah="1980", tanggal_lahir="2010-01-01")
    assert out["ok"] is True, out
    rec = out["record"]
    assert rec["version"] == 1 and rec["agama"] == 1 and rec["rt"] == 7 and rec["deleted"] is False
    assert rec["nama_ayah"] is None  # nulls survive: the response is JSON text
    assert store.transactions == 1
    changes = run(store.changes_since(0))
    assert changes == [{"seq": 1, "type": "peserta_didik", "id": rec["id"], "op": "upsert", "version": 1,
                        "at": rec["updated_at"]}]
    assert run(store.get("peserta_didik", rec["id"]))["nik"] == GOOD_NIK
    assert set(out["summary"]) == set(F.TABS) and {"store", "validate", "total"} <= set(out["ms"])
    assert all(f["record_id"] == rec["id"] for f in out["findings"])

    rec2 = dict(rec, nama="Ani Lestari Putri", version=99, created_at="2000-01-01T00:00:00Z")
    out2 = run(svc.save({"type": "peserta_didik", "record": rec2}))
    assert out2["ok"] and out2["record"]["version"] == 2 and out2["created"] is False
    assert out2["record"]["created_at"] == rec["created_at"]
    assert out2["record"]["updated_at"] > rec["updated_at"]
    assert store.transactions == 2
    assert [c["version"] for c in run(store.changes_since(0))] == [1, 2]
    got = run(svc.get({"type": "peserta_didik", "id": rec["id"]}))
    assert got["ok"] and got["record"]["nama"] == "Ani Lestari Putri"
    assert isinstance(got["findings"], list)
    # partial update keeps the other fields
    out3 = run(svc.save({"type": "peserta_didik", "record": {"id": rec["id"], "nisn": "0012345678"}}))
    assert out3["record"]["nik"] == GOOD_NIK and out3["record"]["nisn"] == "0012345678"
    assert run(store.ack_changes(2)) == 2 and [c["seq"] for c in run(store.changes_since(0))] == [3]


def test_save_new_with_client_id_and_bad_references():
    svc = new_service()
    run(svc.open({}))
    rid = "0b2edfa6-d513-4ebd-b62d-b77d199f1000"
    out = _pd(svc, id=rid)
    assert out["ok"] and out["record"]["id"] == rid and out["created"]
    bad = run(svc.save({"type": "anggota_rombel", "record": {
        "rombel_id": "0b2edfa6-d513-4ebd-b62d-b77d199f1001", "peserta_didik_id": rid}}))
    assert bad["ok"] is False and bad["details"]["fields"] == {
        "rombel_id": "data yang dipilih tidak ditemukan (mungkin sudah dihapus)"}
    unknown = run(svc.save({"type": "peserta_didik", "record": {"nama": "X", "hobi_baru": 1}}))
    assert unknown["details"]["fields"] == {"hobi_baru": "kolom tidak dikenal"}


def test_store_failure_on_save_changes_nothing(svc_small):
    svc = svc_small
    before = run(svc.summary({}))
    pd = run(svc.list({"type": "peserta_didik", "limit": 1}))["items"][0]
    svc.store.fail_next_write = True
    rec = run(svc.get({"type": "peserta_didik", "id": pd["id"]}))["record"]
    out = run(svc.save({"type": "peserta_didik", "record": dict(rec, nama="Gagal Simpan")}))
    assert out["ok"] is False and "Gagal menyimpan" in out["message"]
    assert run(svc.get({"type": "peserta_didik", "id": pd["id"]}))["record"]["nama"] == rec["nama"]
    assert run(svc.summary({})) == before


def test_delete_is_soft(svc_small):
    svc = svc_small
    store = svc.store
    victim = _pd(svc, nik="3273014101100009")["record"]["id"]  # a PD nothing refers to yet
    n_before = run(svc.open({}))["counts"]["peserta_didik"]
    seq0 = max([c["seq"] for c in run(store.changes_since(0))])
    out = run(svc.delete({"type": "peserta_didik", "id": victim}))
    assert out["ok"] is True and set(out["summary"]) == set(F.TABS)
    stored = run(store.get("peserta_didik", victim))
    assert stored["deleted"] is True and stored["version"] == 2
    assert run(store.changes_since(seq0)) == [{"seq": seq0 + 1, "type": "peserta_didik", "id": victim,
                                               "op": "delete", "version": 2, "at": stored["updated_at"]}]
    assert run(svc.open({}))["counts"]["peserta_didik"] == n_before - 1
    assert victim not in [i["id"] for i in run(svc.list({"type": "peserta_didik", "limit": 500}))["items"]]
    assert run(svc.get({"type": "peserta_didik", "id": victim}))["record"]["deleted"] is True
    assert run(svc.delete({"type": "peserta_didik", "id": victim}))["ok"] is False
    # the deletion survives a reload from the store
    svc2 = new_service(store)
    assert run(svc2.open({}))["counts"]["peserta_didik"] == n_before - 1


def test_list_search_filter_paging_and_columns(svc_small, small):
    svc = svc_small
    n = sum(1 for r in small[0].records["peserta_didik"] if not r.deleted)
    page = run(svc.list({"type": "peserta_didik", "q": "", "offset": 0, "limit": 50, "filter": {}}))
    assert page["total"] == n and len(page["items"]) == 50
    labels = [i["label"] for i in page["items"]]
    assert labels == sorted(labels, key=str.casefold)
    assert [c["name"] for c in page["columns"]][:2] == ["jenis_kelamin", "nisn"]
    assert page["columns"][0]["label"] == "Jenis kelamin"
    item = page["items"][0]
    assert set(item) == {"id", "label", "cols", "invalid", "warning"}
    assert item["cols"]["jenis_kelamin"] in ("Laki-laki", "Perempuan")
    page3 = run(svc.list({"type": "peserta_didik", "offset": 100, "limit": 50}))
    assert len(page3["items"]) == n - 100
    some = small[0].records["peserta_didik"][7]
    by_nik = run(svc.list({"type": "peserta_didik", "q": some.nik}))
    assert [i["id"] for i in by_nik["items"]] == [some.id]
    first = some.nama.split()[0]
    found = run(svc.list({"type": "peserta_didik", "q": first.upper(), "limit": 500}))
    assert some.id in [i["id"] for i in found["items"]]
    pds = {p.id: p for p in small[0].records["peserta_didik"]}
    searched = ("nama", *F.SEARCH_OF["peserta_didik"])  # each hit holds the query in one of them
    assert all(any(first.casefold() in str(getattr(pds[i["id"]], f) or "").casefold() for f in searched)
               for i in found["items"])
    assert {p.id for p in pds.values() if first.casefold() in p.nama.casefold()} <= {i["id"] for i in found["items"]}
    # members of one rombel, labelled by the student
    rombel = small[0].records["rombel"][0]
    members = run(svc.list({"type": "anggota_rombel", "filter": {"rombel_id": rombel.id}, "limit": 100}))
    expected = [a for a in small[0].records["anggota_rombel"] if a.rombel_id == rombel.id and not a.deleted]
    assert members["total"] == len(expected)
    assert all(rombel.nama in i["label"] for i in members["items"])
    assert all(i["cols"]["rombel_id"].startswith("Rombel ") for i in members["items"])
    rombels = run(svc.list({"type": "rombel"}))
    assert sum(int(i["cols"]["jumlah_anggota"]) for i in rombels["items"]) == sum(
        1 for a in small[0].records["anggota_rombel"] if not a.deleted)
    bad = run(svc.list({"type": "peserta_didik", "filter": {"bogus": 1}}))
    assert bad["code"] == "engine.filter_tidak_sah" and "bogus" in bad["message"]


def test_list_counts_findings_per_record(svc_small):
    svc = svc_small
    inv = run(svc.findings({"severity": "invalid", "limit": 1}))["items"]
    assert inv, "the small sample has injected invalid data"
    f = inv[0]
    rows = run(svc.list({"type": f["record_type"], "limit": 1000}))["items"]
    row = next(r for r in rows if r["id"] == f["record_id"])
    assert row["invalid"] >= 1


def test_list_cache_follows_edits(svc_small):
    svc = svc_small
    n = run(svc.list({"type": "peserta_didik"}))["total"]
    pd = run(svc.list({"type": "peserta_didik", "limit": 1}))["items"][0]
    rec = run(svc.get({"type": "peserta_didik", "id": pd["id"]}))["record"]
    run(svc.list({"type": "anggota_rombel", "limit": 1}))  # build the dependent cache
    assert run(svc.save({"type": "peserta_didik", "record": dict(rec, nama="Zulkarnain Zzz")}))["ok"]
    page = run(svc.list({"type": "peserta_didik", "q": "zulkarnain"}))
    assert [i["id"] for i in page["items"]] == [pd["id"]]
    last = run(svc.list({"type": "peserta_didik", "offset": n - 1, "limit": 5}))["items"]
    assert last[-1]["id"] == pd["id"]
    assert run(svc.list({"type": "anggota_rombel", "q": "zulkarnain zzz"}))["total"] >= 1
    new = _pd(svc, nama="Aaaa Pertama")
    assert run(svc.list({"type": "peserta_didik", "limit": 1}))["items"][0]["id"] == new["record"]["id"]
    assert run(svc.list({"type": "peserta_didik"}))["total"] == n + 1


def test_options_for_reference_dropdowns(svc_small):
    svc = svc_small
    opts = run(svc.options({"type": "ptk", "q": "", "limit": 50}))
    assert opts and set(opts[0]) == {"id", "label"}
    assert len(opts) == run(svc.open({}))["counts"]["ptk"]
    ruang = run(svc.options({"type": "ruang", "q": "", "limit": 3}))
    assert len(ruang) == 3


def _no_open(finding):
    """A finding as the validator reports it (without where the engine says it is fixed)."""
    return {k: v for k, v in finding.items() if k != "open"}


def test_summary_and_findings(svc_small, small):
    svc = svc_small
    s = run(svc.summary({}))
    full = validate(small[0])
    assert s["summary"] == full.summary
    assert s["invalid"] == sum(v["invalid"] for v in full.summary.values())
    assert s["warning"] == sum(v["warning"] for v in full.summary.values())
    allf = run(svc.findings({"tab": None, "severity": None, "record_type": None, "record_id": None,
                             "offset": 0, "limit": 100}))
    assert allf["total"] == len(full.findings)
    ordered = sorted(full.findings, key=lambda f: f.severity != "invalid")  # invalid first
    assert [_no_open(f) for f in allf["items"]] == [f.to_dict() for f in ordered[:100]]
    tab = full.findings[0].tab
    only = run(svc.findings({"tab": tab, "severity": "invalid"}))
    assert all(f["tab"] == tab and f["severity"] == "invalid" for f in only["items"])
    f0 = full.findings[0]
    mine = run(svc.findings({"record_id": f0.record_id}))
    mine_items = [_no_open(f) for f in mine["items"]]
    assert f0.to_dict() in mine_items and all(f["record_id"] == f0.record_id for f in mine_items)
    got = run(svc.get({"type": f0.record_type, "id": f0.record_id}))["findings"]
    assert sorted(got, key=lambda f: f["severity"] != "invalid") == mine_items
    paged = run(svc.findings({"offset": 1, "limit": 1}))
    assert paged["items"] == allf["items"][1:2]


def test_incremental_summary_equals_full_validation(svc_small):
    svc = svc_small
    pds = run(svc.list({"type": "peserta_didik", "limit": 3}))["items"]
    r0 = run(svc.get({"type": "peserta_didik", "id": pds[0]["id"]}))["record"]
    run(svc.save({"type": "peserta_didik", "record": dict(r0, nik="3273014101100009", no_kk="3273014101100009")}))
    r1 = run(svc.get({"type": "peserta_didik", "id": pds[1]["id"]}))["record"]
    run(svc.save({"type": "peserta_didik", "record": dict(r1, nama_ibu_kandung=None)}))
    run(svc.delete({"type": "peserta_didik", "id": pds[2]["id"]}))
    rombel = run(svc.list({"type": "rombel", "limit": 1}))["items"][0]
    rb = run(svc.get({"type": "rombel", "id": rombel["id"]}))["record"]
    run(svc.save({"type": "rombel", "record": dict(rb, ptk_id=None, ruang_id=None)}))
    ar = run(svc.list({"type": "anggota_rombel", "limit": 1}))["items"][0]
    run(svc.delete({"type": "anggota_rombel", "id": ar["id"]}))
    _pd(svc, nama="Baru Tanpa Rombel")
    text = run(svc.export_backup({}))["text"]
    full = validate(load_snapshot(text))
    s = run(svc.summary({}))
    assert s["summary"] == full.summary
    ordered = sorted(full.findings, key=lambda f: f.severity != "invalid")
    assert [_no_open(f) for f in run(svc.findings({"limit": 100000}))["items"]] == \
        [f.to_dict() for f in ordered]
    # and a fresh engine opened from the store agrees
    again = new_service(svc.store)
    assert run(again.open({}))["summary"] == full.summary


def test_export_wipe_restore_gives_every_record_back(svc_small):
    svc = svc_small
    _pd(svc, nama="Ditambah Sebelum Ekspor")
    pd = run(svc.list({"type": "peserta_didik", "limit": 1}))["items"][0]
    run(svc.delete({"type": "peserta_didik", "id": pd["id"]}))
    exp = run(svc.export_backup({}))
    assert exp["ok"] is True
    assert re.fullmatch(r"dapodik-[0-9A-Z]{8}-\d{8}-\d{4}\.json", exp["filename"]), exp["filename"]
    before = load_snapshot(exp["text"])
    counts = run(svc.open({}))["counts"]
    assert run(svc.open({}))["last_backup"] is not None
    assert run(svc.wipe({"confirm": "hapus"}))["ok"] is False
    assert run(svc.list({"type": "peserta_didik"}))["total"] == counts["peserta_didik"]
    assert run(svc.wipe({"confirm": "HAPUS"})) == {"ok": True}
    emptied = run(svc.open({}))
    assert not any(emptied["counts"].values()) and emptied["school"] is None
    assert run(svc.store.changes_since(0)) == []
    res = run(svc.restore_backup({"text": exp["text"], "filename": exp["filename"]}))
    assert res["ok"] is True and res["counts"] == counts
    after = load_snapshot(run(svc.export_backup({}))["text"])
    assert after.records == before.records and after.school == before.school
    # and from the store alone (a new engine, e.g. after closing the browser)
    fresh = new_service(svc.store)
    assert run(fresh.open({}))["counts"] == counts
    assert load_snapshot(run(fresh.export_backup({}))["text"]).records == before.records
    # every restored record is in the outbox
    assert len(run(svc.store.changes_since(0))) == sum(len(v) for _, v in before.records.items())


def test_restore_of_a_bad_file_leaves_data_untouched(svc_small, small):
    svc = svc_small
    store = svc.store
    counts = run(svc.open({}))["counts"]
    tx = store.transactions
    text = small[2]
    pd = small[0].records["peserta_didik"][3]
    broken = text.replace(f'"nik":"{pd.nik}"', '"nik":"12AB"', 1)
    assert broken != text
    out = run(svc.restore_backup({"text": broken, "filename": "rusak.json"}))
    assert out["ok"] is False
    assert "rusak.json" in out["message"] and "peserta_didik" in out["message"] and "nik" in out["message"]
    assert pd.id in out["message"] and "16 digit" in out["message"]
    for bad in (text[: len(text) // 2], "", "[]", '{"format": "lain"}'):
        res = run(svc.restore_backup({"text": bad, "filename": "x.json"}))
        assert res["ok"] is False and res["message"]
    assert store.transactions == tx
    assert run(svc.open({}))["counts"] == counts
    # a store failure during restore keeps the old data too
    store.fail_next_write = True
    res = run(svc.restore_backup({"text": text, "filename": "ok.json"}))
    assert res["ok"] is False and run(svc.open({}))["counts"] == counts


def test_dashboard(svc_small, small):
    svc = svc_small
    d = run(svc.dashboard({}))
    assert d["school"]["npsn"] == small[0].school.npsn and d["school"]["bentuk"] == small[0].school.bentuk_pendidikan
    assert d["school"]["semester_id"] == "20251"
    per = d["pd_per_tingkat"]
    assert [p["tingkat"] for p in per] == sorted(p["tingkat"] for p in per)
    in_rombel = {a.peserta_didik_id for a in small[0].records["anggota_rombel"] if not a.deleted}
    assert sum(p["L"] + p["P"] for p in per) >= len(in_rombel) - 5
    assert set(d) >= {"school", "pd_per_tingkat", "counts", "summary", "last_backup", "last_sync"}


def test_wipe_requires_confirmation():
    svc = new_service()
    assert run(svc.wipe({}))["ok"] is False
    assert "HAPUS" in run(svc.wipe({"confirm": "ya"}))["message"]
    assert run(svc.wipe({"confirm": "HAPUS"}))["ok"] is True


def test_rombel_members_in_one_call(svc_small):
    svc = svc_small
    rombels = [r for r in svc.data["rombel"].values() if not r.deleted]
    live = [a for a in svc.data["anggota_rombel"].values() if not a.deleted]
    rombel = max(rombels, key=lambda r: sum(a.rombel_id == r.id for a in live))
    members = [a for a in live if a.rombel_id == rombel.id]
    out = run(svc.rombel_members({"rombel_id": rombel.id}))
    assert out["ok"] is True and out["total"] == len(members) > 0
    assert {it["peserta_didik_id"] for it in out["items"]} == {a.peserta_didik_id for a in members}
    first = out["items"][0]
    assert first["nama"] == svc.ref_label("peserta_didik", first["peserta_didik_id"])
    assert first["record"]["rombel_id"] == rombel.id and first["record"]["id"] == first["id"]
    names = [it["nama"].casefold() for it in out["items"]]
    assert names == sorted(names)
    # Move targets: the other rombels of the same semester and tingkat, never the rombel itself.
    same = {r.id for r in rombels if r.semester_id == rombel.semester_id and r.id != rombel.id
            and r.tingkat == rombel.tingkat}
    assert {o["id"] for o in out["move_to"]} == same
    # After a member leaves, the card no longer lists it.
    run(svc.delete({"type": "anggota_rombel", "id": first["id"], "cascade": True}))
    after = run(svc.rombel_members({"rombel_id": rombel.id}))
    assert after["total"] == out["total"] - 1
    assert first["id"] not in {it["id"] for it in after["items"]}
    assert run(svc.rombel_members({"rombel_id": "nope"}))["ok"] is False


def _member(svc):
    """A live anggota_rombel whose PD and rombel are live, with its nilai."""
    live = {t: {i for i, r in svc.data[t].items() if not r.deleted} for t in svc.data}
    for am in svc.data["anggota_rombel"].values():
        if not am.deleted and am.peserta_didik_id in live["peserta_didik"] and am.rombel_id in live["rombel"]:
            nilai = [n for n in svc.data["nilai"].values() if not n.deleted and n.anggota_rombel_id == am.id]
            if nilai:
                return am, nilai
    raise AssertionError("no member with nilai in the sample")


def test_delete_asks_before_taking_owned_records_along(svc_small):
    svc = svc_small
    am, nilai = _member(svc)
    pd_id = am.peserta_didik_id
    owned = {t: sum(1 for r in svc.data[t].values() if not r.deleted and getattr(r, "peserta_didik_id", None) == pd_id)
             for t in ("registrasi", "periodik_pd", "kesejahteraan_pd", "anggota_rombel")}
    seq0 = max([c["seq"] for c in run(svc.store.changes_since(0))])
    writes = svc.store.transactions
    ask = run(svc.delete({"type": "peserta_didik", "id": pd_id}))
    assert ask["ok"] is False and ask["code"] == "engine.hapus_perlu_konfirmasi"
    assert "ikut dihapus" in ask["message"] and "Nilai" in ask["message"]
    assert ask["details"]["dependents"]["anggota_rombel"] == owned["anggota_rombel"] >= 1
    assert ask["details"]["dependents"]["nilai"] >= len(nilai)
    assert svc.store.transactions == writes and not svc.data["peserta_didik"][pd_id].deleted
    out = run(svc.delete({"type": "peserta_didik", "id": pd_id, "cascade": True}))
    assert out["ok"] is True and out["deleted"]["peserta_didik"] == 1
    assert svc.store.transactions == writes + 1  # everything in one transaction
    assert svc.data["anggota_rombel"][am.id].deleted and all(svc.data["nilai"][n.id].deleted for n in nilai)
    logged = run(svc.store.changes_since(seq0))
    assert {(c["type"], c["id"]) for c in logged} >= {("peserta_didik", pd_id), ("anggota_rombel", am.id)}
    assert all(c["op"] == "delete" for c in logged) and len(logged) == sum(out["deleted"].values())
    # Nothing left pointing at the deleted PD: no dangling-reference finding about it.
    refs = [f for f in run(svc.findings({"limit": 10000}))["items"] if pd_id in f.get("message", "")]
    assert refs == []
    members = run(svc.rombel_members({"rombel_id": am.rombel_id}))
    assert pd_id not in {it["peserta_didik_id"] for it in members["items"]}


def test_delete_is_refused_while_another_record_refers_to_it(svc_small):
    svc = svc_small
    rombel = next(r for r in svc.data["rombel"].values() if not r.deleted and r.ptk_id)
    out = run(svc.delete({"type": "ptk", "id": rombel.ptk_id, "cascade": True}))
    assert out["ok"] is False and "masih dirujuk" in out["message"] and rombel.nama in out["message"]
    assert not svc.data["ptk"][rombel.ptk_id].deleted


def test_cascading_delete_fails_whole_when_the_store_fails(svc_small):
    svc = svc_small
    am, nilai = _member(svc)
    svc.store.fail_next_write = True
    out = run(svc.delete({"type": "anggota_rombel", "id": am.id, "cascade": True}))
    assert out["ok"] is False and "Gagal menyimpan" in out["message"]
    assert not svc.data["anggota_rombel"][am.id].deleted
    assert not any(svc.data["nilai"][n.id].deleted for n in nilai)
    assert run(svc.store.get("anggota_rombel", am.id))["deleted"] is False


def test_list_sorts_filters_by_findings_and_names_its_search(svc_small):
    svc = svc_small
    page = run(svc.list({"type": "peserta_didik", "limit": 1000, "sort": "tanggal_lahir"}))
    born = [svc.data["peserta_didik"][it["id"]].tanggal_lahir for it in page["items"]]
    assert born == sorted(born) and page["total"] > 10
    back = run(svc.list({"type": "peserta_didik", "limit": 1000, "sort": "tanggal_lahir",
                         "desc": True}))
    assert [svc.data["peserta_didik"][it["id"]].tanggal_lahir for it in back["items"]] == born[::-1]
    bad = run(svc.list({"type": "peserta_didik", "limit": 1000, "only": "invalid"}))
    assert bad["total"] == sum(1 for it in page["items"] if it["invalid"]) > 0
    assert all(it["invalid"] for it in bad["items"])
    assert page["search_hint"].startswith("Cari Nama") and "NISN" in page["search_hint"]
    refused = run(svc.list({"type": "peserta_didik", "sort": "tidak_ada"}))
    assert refused["ok"] is False and refused["code"] == "engine.filter_tidak_sah"


def test_a_finding_fixed_elsewhere_says_where(svc_small):
    svc = svc_small
    am = next(a for a in svc.data["anggota_rombel"].values() if not a.deleted)
    assert run(svc.delete({"type": "anggota_rombel", "id": am.id, "cascade": True}))["ok"]
    found = run(svc.findings({"record_id": am.peserta_didik_id}))["items"]
    lost = next(f for f in found if f["rule_id"] == "PD-TANPA-ROMBEL")
    assert lost["open"] == "tab/rombel/rombel"
    assert all("open" not in f for f in found if f["field"] in ("nik", "nama", "tanggal_lahir"))

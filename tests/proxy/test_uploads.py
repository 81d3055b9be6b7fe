"""Large pushes in parts: out of order, resumed after a dropped connection, exactly once."""

from __future__ import annotations

import gzip
import hashlib
import random

from pyapp.core.sync import split
from tests.proxy.test_push import _pushes


def _start(client, school, body, parts, key="upload-0001", encoding="gzip"):  # type: ignore[no-untyped-def]
    r = client.post("/api/uploads", headers=school.headers, json={
        "idempotency_key": key, "parts": len(parts), "size": len(body),
        "sha256": "sha256:" + hashlib.sha256(body).hexdigest(), "content_encoding": encoding})
    assert r.status_code == 201, r.text
    return r.json()


def _put(client, school, upload_id, i, data):  # type: ignore[no-untyped-def]
    return client.put(f"/api/uploads/{upload_id}/parts/{i}", content=data,
                      headers={**school.headers, "Content-Type": "application/octet-stream"})


def _gz_push(school):  # type: ignore[no-untyped-def]
    push = school.full_push()
    return push, gzip.compress(push.model_dump_json().encode())


class TestOutOfOrderChunks:
    def test_parts_in_any_order_then_commit(self, client, school):
        push, body = _gz_push(school)
        parts = split(body, 8 * 1024)
        up = _start(client, school, body, parts)
        assert up["received"] == [] and up["missing"] == list(range(len(parts)))
        order = list(range(len(parts)))
        random.Random(5).shuffle(order)
        for i in order:
            assert _put(client, school, up["upload_id"], i, parts[i]).status_code == 200
        r = client.post(f"/api/uploads/{up['upload_id']}/commit", headers=school.headers)
        assert r.status_code == 200, r.text
        assert r.json()["counts"]["created"] == len(push.changes)
        assert r.json()["content_hash"] == push.manifest.content_hash
        # committing again (a lost answer) gives the same receipt, stores nothing
        again = client.post(f"/api/uploads/{up['upload_id']}/commit", headers=school.headers)
        assert again.json() == r.json()
        assert _pushes(client, school.npsn) == (1, len(push.changes))
        st = client.get(f"/api/uploads/{up['upload_id']}", headers=school.headers).json()
        assert st["committed"] is True and st["receipt"] == r.json()
        from sqlalchemy import func, select

        from pyapp.proxy import db

        with client.app.state.ctx.sessions() as s:  # the parts are not kept once committed
            assert s.execute(select(func.count()).select_from(db.UploadPart).where(
                db.UploadPart.upload_id == up["upload_id"])).scalar() == 0


class TestResumedChunkedUpload:
    def test_connection_drops_at_80_percent_then_resumes(self, client, school):
        push, body = _gz_push(school)
        parts = split(body, 4 * 1024)
        up = _start(client, school, body, parts, key="upload-resume")
        cut = int(len(parts) * 0.8)
        for i in range(cut):
            _put(client, school, up["upload_id"], i, parts[i])
        r = client.post(f"/api/uploads/{up['upload_id']}/commit", headers=school.headers)
        assert (r.status_code, r.json()["code"]) == (409, "upload.belum_lengkap")
        assert r.json()["details"]["missing"] == list(range(cut, len(parts)))
        # a new tab: the client only remembers its key; the server says what it has
        again = _start(client, school, body, parts, key="upload-resume")
        assert again["upload_id"] == up["upload_id"]
        assert again["received"] == list(range(cut))
        for i in again["missing"]:
            _put(client, school, up["upload_id"], i, parts[i])
        _put(client, school, up["upload_id"], 0, parts[0])  # a retried part is fine
        r = client.post(f"/api/uploads/{up['upload_id']}/commit", headers=school.headers)
        assert r.status_code == 200
        assert _pushes(client, school.npsn) == (1, len(push.changes))

    def test_a_part_resent_with_other_bytes_is_refused(self, client, school):
        _, body = _gz_push(school)
        parts = split(body, 16 * 1024)
        up = _start(client, school, body, parts, key="upload-differ")
        assert _put(client, school, up["upload_id"], 0, parts[0]).status_code == 200
        r = _put(client, school, up["upload_id"], 0, b"x" + parts[0][1:])
        assert (r.status_code, r.json()["code"]) == (409, "upload.bagian_berbeda")
        r = _put(client, school, up["upload_id"], len(parts), b"x")
        assert (r.status_code, r.json()["code"]) == (422, "upload.bagian_salah")

    def test_corrupted_assembly_is_refused(self, client, school):
        _, body = _gz_push(school)
        parts = split(body, 16 * 1024)
        up = _start(client, school, body, parts, key="upload-corrupt")
        for i, p in enumerate(parts):
            _put(client, school, up["upload_id"], i, p if i else b"\0" * len(p))
        r = client.post(f"/api/uploads/{up['upload_id']}/commit", headers=school.headers)
        assert (r.status_code, r.json()["code"]) == (422, "upload.hash_salah")
        assert _pushes(client, school.npsn) == (0, 0)

    def test_same_key_other_upload_and_unknown_upload(self, client, school):
        _, body = _gz_push(school)
        parts = split(body, 16 * 1024)
        _start(client, school, body, parts, key="upload-twice")
        r = client.post("/api/uploads", headers=school.headers, json={
            "idempotency_key": "upload-twice", "parts": 1, "size": 10,
            "sha256": "sha256:" + "0" * 64})
        assert (r.status_code, r.json()["code"]) == (409, "upload.konflik_kunci")
        assert r.json()["details"] == {"idempotency_key": "upload-twice"}
        r = client.get("/api/uploads/" + "0" * 32, headers=school.headers)
        assert (r.status_code, r.json()["code"]) == (404, "upload.tidak_ditemukan")


class TestOnePartAndQuota:
    def test_a_push_in_one_part(self, client, school):
        push, body = _gz_push(school)
        up = _start(client, school, body, [body], key="upload-one-part")
        assert _put(client, school, up["upload_id"], 0, body).status_code == 200
        r = client.post(f"/api/uploads/{up['upload_id']}/commit", headers=school.headers)
        assert r.status_code == 200, r.text
        assert r.json()["content_hash"] == push.manifest.content_hash

    def test_open_uploads_are_bounded_but_resuming_one_is_not(self, db_url, demo):
        from fastapi.testclient import TestClient

        from pyapp.proxy.app import create_app
        from tests.proxy.conftest import make_settings
        from tests.proxy.sync_client import SyncClient

        with TestClient(create_app(False, make_settings(db_url, max_open_uploads=2))) as c:
            school = SyncClient.register(c, demo)
            body = b"x" * 100
            for i in range(2):
                _start(c, school, body, [body], key=f"quota-upload-{i}", encoding="identity")
            r = c.post("/api/uploads", headers=school.headers, json={
                "idempotency_key": "quota-upload-2", "parts": 1, "size": 100,
                "sha256": "sha256:" + hashlib.sha256(body).hexdigest()})
            assert (r.status_code, r.json()["code"]) == (409, "upload.kuota_penuh")
            assert r.json()["details"] == {"open": 2, "limit": 2, "expiry_h": 48}
            again = _start(c, school, body, [body], key="quota-upload-1", encoding="identity")
            assert again["missing"] == [0]  # the same upload, resumed


class TestPartBounds:
    def test_an_empty_part_is_refused_naming_it(self, client, school):
        up = _start(client, school, b"x" * 20, [b"x" * 10, b"x" * 10], key="upload-empty")
        r = _put(client, school, up["upload_id"], 1, b"")
        assert (r.status_code, r.json()["code"]) == (422, "upload.bagian_salah")
        assert r.json()["details"] == {"part": 1, "reason": "bagian kosong"}

    def test_a_part_beyond_the_announced_size_is_refused_with_the_room_left(self, client, school):
        """20 bytes in 3 parts (at most 9 each): after 9 + 9, part 2 has 2 bytes of room; a part
        re-sent is measured without its own earlier copy."""
        up = _start(client, school, b"x" * 20, [b"x"] * 3, key="upload-room")
        for i in (0, 1):
            assert _put(client, school, up["upload_id"], i, b"a" * 9).status_code == 200
        r = _put(client, school, up["upload_id"], 2, b"b" * 3)
        assert (r.status_code, r.json()["code"]) == (413, "upload.bagian_terlalu_besar"), r.text
        assert r.json()["details"] == {"part": 2, "got": 3, "limit_bytes": 2}
        assert _put(client, school, up["upload_id"], 1, b"a" * 9).status_code == 200  # re-sent
        assert _put(client, school, up["upload_id"], 2, b"b" * 2).status_code == 200

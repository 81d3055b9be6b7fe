"""Push scenarios, grouped by situation; each asserts the whole history it leaves behind."""

from __future__ import annotations

import gzip
import json

import pytest

from pyapp.core.sync import Change, build_push, content_hash
from tests.proxy.sync_client import PULL, SyncClient, edit, full_changes


def _pushes(client, npsn):  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from pyapp.proxy import db

    ctx = client.app.state.ctx
    with ctx.sessions() as s:
        school = s.execute(select(db.School).where(db.School.npsn == npsn)).scalar_one()
        n = s.execute(select(func.count()).select_from(db.Push)
                      .where(db.Push.school_id == school.id)).scalar()
        records = s.execute(select(func.count()).select_from(db.StoredRecord)
                            .where(db.StoredRecord.school_id == school.id)).scalar()
    return n, records


class TestFirstPush:
    def test_full_push_gzip_is_stored_with_a_receipt(self, client, school: SyncClient):
        push = school.full_push()
        r = school.send(push, gzipped=True)
        assert r.status_code == 200, r.text
        receipt = r.json()
        total = len(push.changes)
        assert receipt["server_seq"] == 1
        assert receipt["counts"] == {"created": total, "updated": 0, "deleted": 0, "conflict": 0}
        assert receipt["content_hash"] == push.manifest.content_hash
        assert receipt["cursor"] == total
        assert sum(t["created"] for t in receipt["tabs"].values()) == total
        assert _pushes(client, school.npsn) == (1, total)


class TestDuplicateIdenticalPush:
    def test_replay_returns_the_same_receipt_and_stores_nothing(self, client, school):
        push = school.full_push()
        first = school.send(push)
        again = school.send(push, gzipped=True)
        assert first.status_code == again.status_code == 200
        assert again.json() == first.json()
        assert first.headers["idempotent-replayed"] == "false"
        assert again.headers["idempotent-replayed"] == "true"
        assert _pushes(client, school.npsn) == (1, len(push.changes))


class TestSameKeyDifferentContent:
    def test_is_a_conflict_problem_and_stores_nothing_more(self, client, school):
        push = school.full_push(key="kunci-sama-0001")
        assert school.send(push).status_code == 200
        other = school.make_push(full_changes(school.snapshot, school.npsn)[:-1],
                                 key="kunci-sama-0001")
        r = school.send(other)
        assert r.status_code == 409
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["code"] == "push.konflik_kunci"
        assert r.json()["details"] == {"idempotency_key": "kunci-sama-0001"}
        assert _pushes(client, school.npsn) == (1, len(push.changes))


class TestInvalidPush:
    def test_a_record_failing_the_models_rejects_the_whole_push(self, client, school):
        changes = full_changes(school.snapshot, school.npsn)
        bad = next(i for i, c in enumerate(changes) if c.type == "peserta_didik")
        changes[bad] = changes[bad].model_copy(
            update={"record": {**changes[bad].record, "nik": "12345"}})
        r = school.send(school.make_push(changes))
        assert r.status_code == 422
        body = r.json()
        assert body["code"] == "push.tidak_valid"
        (f,) = body["details"]["findings"]
        assert (f["record_type"], f["record_id"], f["field"], f["severity"]) == (
            "peserta_didik", changes[bad].id, "nik", "invalid")
        assert f["tab"] == "Peserta Didik" and f["message"]
        assert _pushes(client, school.npsn) == (0, 0)

    def test_rule_invalid_data_rejects_the_push_with_every_finding(self, client):
        from pyapp.core.generator import generate
        from pyapp.core.validation import RULE_FOR_KIND

        snapshot, manifest = generate("small", seed=11, errors=3)
        school = SyncClient.register(client, snapshot)
        r = school.send(school.full_push(), gzipped=True)
        assert r.status_code == 422
        body = r.json()
        assert body["code"] == "push.tidak_valid"
        got = {(f["rule_id"], f["record_id"]) for f in body["details"]["findings"]}
        want = {(RULE_FOR_KIND[e["kind"]], e["record_id"]) for e in manifest["errors"]}
        assert got == want
        assert body["details"]["invalid"] == len(want)
        assert all(f["severity"] == "invalid" and f["hint"] for f in body["details"]["findings"])
        assert _pushes(client, school.npsn) == (0, 0)

    def test_a_delta_that_breaks_a_rule_is_refused(self, client, school):
        assert school.send(school.full_push()).status_code == 200
        ar = school.snapshot.records["anggota_rombel"][0]
        r = school.send(school.make_push([Change(type="anggota_rombel", id=ar.id, op="delete",
                                                 base_version=1)]))
        assert r.status_code == 422
        found = {(f["rule_id"], f["record_id"]) for f in r.json()["details"]["findings"]}
        assert ("PD-TANPA-ROMBEL", ar.peserta_didik_id) in found
        assert _pushes(client, school.npsn) == (1, len(school.full_push().changes))

    def test_a_sekolah_record_of_another_school_is_refused(self, client, school):
        changes = full_changes(school.snapshot, school.npsn)
        i = next(i for i, c in enumerate(changes) if c.type == "sekolah")
        changes[i] = changes[i].model_copy(update={"record": {**changes[i].record,
                                                              "npsn": "99999999"}})
        r = school.send(school.make_push(changes))
        assert r.status_code == 422
        (f,) = r.json()["details"]["findings"]
        assert (f["rule_id"], f["record_type"], f["record_id"], f["field"]) == (
            "proxy.npsn_sekolah", "sekolah", changes[i].id, "npsn")

    def test_manifest_that_lies_about_the_content_is_refused(self, client, school):
        push = school.full_push()
        push.changes.pop()
        r = school.send(push)
        assert r.status_code == 422
        body = r.json()
        assert body["code"] == "push.manifest_tidak_cocok"
        # the problem names what did not match, the server's hash of what came and the claim
        assert body["details"] == {"what": "content_hash",
                                   "expected": content_hash(push.changes),
                                   "got": push.manifest.content_hash}
        assert body["details"]["expected"] != body["details"]["got"]
        assert _pushes(client, school.npsn) == (0, 0)

    def test_a_confirmation_of_other_content_is_refused(self, client, school):
        """Manifest and changes agree, but the principal confirmed another payload."""
        push = school.full_push()
        other = "sha256:" + "0" * 64
        push = push.model_copy(update={"confirmation": push.confirmation.model_copy(
            update={"payload_hash": other})})
        r = school.send(push)
        assert (r.status_code, r.json()["code"]) == (422, "push.konfirmasi_tidak_sah")
        assert "hash yang dikonfirmasi berbeda" in r.json()["detail"]
        assert _pushes(client, school.npsn) == (0, 0)

    def test_confirmation_by_someone_else_is_refused(self, client, school):
        changes = full_changes(school.snapshot, school.npsn)
        other = next(p for p in school.snapshot.records["ptk"] if p.id != school.kepala.id)
        push = build_push(changes, semester_id="20251", ptk_id=other.id, nama=other.nama)
        r = school.send(push)
        assert r.status_code == 422
        assert r.json()["code"] == "push.konfirmasi_tidak_sah"

    def test_broken_gzip_and_bad_json_are_problems(self, client, school):
        h = {**school.headers, "Content-Encoding": "gzip"}
        r = client.post("/api/push", content=b"\x1f\x8bnot gzip", headers=h)
        assert (r.status_code, r.json()["code"]) == (400, "request.rusak")
        truncated = gzip.compress(b'{"a": 1}' * 100)[:-12]
        r = client.post("/api/push", content=truncated, headers=h)
        assert (r.status_code, r.json()["code"]) == (400, "request.rusak")
        r = client.post("/api/push", content=b"{not json", headers=school.headers)
        assert (r.status_code, r.json()["code"]) == (422, "request.tidak_valid")


class TestOperatorTriesToPush:
    def test_operator_may_pull_but_not_push(self, client, school):
        assert school.login("operator").status_code == 200
        r = school.send(school.full_push())
        assert r.status_code == 403
        assert r.json()["code"] == "auth.peran_ditolak"
        assert r.json()["details"] == {"role": "operator", "action": "mengirim data"}
        assert client.get(PULL, headers=school.headers).status_code == 200
        r = client.post("/api/uploads", headers=school.headers, json={
            "idempotency_key": "operator-upload", "parts": 1, "size": 10,
            "sha256": "sha256:" + "0" * 64})
        assert r.status_code == 403
        assert _pushes(client, school.npsn) == (0, 0)


class TestConflictingServerSideEdit:
    def test_a_record_moved_on_the_server_is_reported_not_overwritten(self, client, demo):
        device_a = SyncClient.register(client, demo)
        assert device_a.send(device_a.full_push()).status_code == 200
        device_b = SyncClient(client, device_a.npsn, device_a.code, demo)
        device_b.login()
        pd = demo.records["peserta_didik"][0]
        r = device_b.send(device_b.make_push([edit(pd, nama="Nama Dari B")]))
        assert r.json()["counts"] == {"created": 0, "updated": 1, "deleted": 0, "conflict": 0}
        # device A still edits from version 1: a conflict, B's edit stays
        pd2 = demo.records["peserta_didik"][1]
        r = device_a.send(device_a.make_push([edit(pd, nama="Nama Dari A"),
                                              edit(pd2, nama="Lain Dari A")]))
        assert r.status_code == 200
        receipt = r.json()
        assert receipt["counts"] == {"created": 0, "updated": 1, "deleted": 0, "conflict": 1}
        conflict = receipt["conflicts"][0]
        assert len(receipt["conflicts"]) == 1
        assert {k: conflict[k] for k in ("type", "id", "base_version", "server_version",
                                         "server_deleted")} == {
            "type": "peserta_didik", "id": pd.id, "base_version": 1, "server_version": 2,
            "server_deleted": False}
        # The server's record comes with the conflict, so the client can show both sides.
        assert conflict["server_record"]["nama"] == "Nama Dari B"
        assert conflict["server_record"]["version"] == 2
        assert receipt["tabs"]["Peserta Didik"]["conflict"] == 1
        server = {c["id"]: c for c in device_a.pull_all()[0]}
        assert server[pd.id]["record"]["nama"] == "Nama Dari B"
        assert server[pd2.id]["record"]["nama"] == "Lain Dari A"
        assert server[pd2.id]["version"] == 2

    def test_delete_after_edit_elsewhere_conflicts_and_plain_delete_works(self, client, demo):
        a = SyncClient.register(client, demo)
        assert a.send(a.full_push()).status_code == 200
        alat = demo.records["alat"]
        r = a.send(a.make_push([Change(type="alat", id=alat[0].id, op="delete",
                                       base_version=1)]))
        assert r.json()["counts"]["deleted"] == 1
        r = a.send(a.make_push([Change(type="alat", id=alat[0].id, op="upsert", base_version=1,
                                       record=alat[0].model_dump(mode="json"))]))
        assert r.json()["counts"]["conflict"] == 1
        changes, _ = a.pull_all()
        gone = [c for c in changes if c["id"] == alat[0].id]
        assert gone == []  # prefill leaves deleted records out
        changes, _ = a.pull_all(cursor=0)
        (gone,) = [c for c in changes if c["id"] == alat[0].id]
        assert gone["deleted"] is True and gone["version"] == 2


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_content_encoding_other_than_gzip_is_refused(client, school, encoding):
    h = {**school.headers, "Content-Encoding": "br" if encoding == "gzip" else "deflate"}
    r = client.post("/api/push", content=b"{}", headers=h)
    assert (r.status_code, r.json()["code"]) == (415, "request.jenis_isi_salah")


class TestCompactBody:
    """The browser sends its push as columns (pyapp.core.sync.compact); the proxy decodes it at
    the boundary and treats it exactly like the plain body."""

    def test_compact_gzip_push_is_accepted_with_the_same_receipt(self, client, school):
        push = school.full_push()
        r = school.send(push, gzipped=True, compact=True)
        assert r.status_code == 200, r.text
        receipt = r.json()
        assert receipt["content_hash"] == push.manifest.content_hash
        assert receipt["counts"]["created"] == len(push.changes)
        # the plain form of the same push is the same push (idempotent replay)
        again = school.send(push, gzipped=True)
        assert again.status_code == 200 and again.json() == receipt
        assert _pushes(client, school.npsn) == (1, len(push.changes))

    def test_a_broken_compact_body_is_request_rusak_and_stores_nothing(self, client, school):
        push = school.full_push()
        data = push.model_dump(mode="json")
        from pyapp.core.sync.compact import pack

        body = pack(data, data["changes"]).replace(b'_b64":"', b'_b64":"0', 1)  # the UUID table
        r = client.post("/api/push", content=gzip.compress(body),
                        headers={**school.headers, "Content-Type": "application/json",
                                 "Content-Encoding": "gzip"})
        assert r.status_code == 400 and r.json()["code"] == "request.rusak", r.text
        assert "isi ringkas" in r.json()["detail"]
        assert _pushes(client, school.npsn) == (0, 0)


def test_receipts_name_their_basis_and_the_stored_pushes_their_sequence(client, school):
    """The first push's principal is judged on the push's own records, later ones on the
    server's; each stored push keeps the sequence number its receipt gave."""
    from sqlalchemy import select

    from pyapp.proxy import db

    first = school.send(school.full_push())
    assert first.status_code == 200, first.text
    second = school.send(school.make_push([edit(school.snapshot.records["peserta_didik"][0],
                                                nama="Nama Kedua")]))
    assert second.status_code == 200, second.text
    assert [r.json()["principal_basis"] for r in (first, second)] == ["kiriman", "server"]
    assert [r.json()["server_seq"] for r in (first, second)] == [1, 2]
    with client.app.state.ctx.sessions() as s:
        sid = s.execute(select(db.School.id).where(db.School.npsn == school.npsn)).scalar_one()
        stored = s.execute(select(db.Push.server_seq, db.Push.receipt)
                           .where(db.Push.school_id == sid).order_by(db.Push.id)).all()
    assert [seq for seq, _ in stored] == [1, 2]
    assert [json.loads(receipt)["server_seq"] for _, receipt in stored] == [1, 2]


def test_a_refused_push_leaves_no_record_behind_in_the_servers_state(client, school):
    """A push that adds a peserta didik with another's NIK is refused; the server's state
    (kept between pushes) must forget the new record, so the next push, which edits that
    other peserta didik, is judged without it."""
    import uuid

    from pyapp.core.sync import change_of

    assert school.send(school.full_push()).status_code == 200
    pd = school.snapshot.records["peserta_didik"][0]
    twin = pd.model_copy(update={"id": str(uuid.uuid4()), "nama": "Kembar NIK", "version": 1})
    r = school.send(school.make_push([change_of(twin, base_version=None)]))
    assert (r.status_code, r.json()["code"]) == (422, "push.tidak_valid"), r.text
    assert any(f["record_id"] == twin.id and f["rule_id"].endswith("NIK-GANDA")
               for f in r.json()["details"]["findings"]), r.json()
    r = school.send(school.make_push([edit(pd, nama="Nama Diperbaiki")]))
    assert r.status_code == 200, r.text

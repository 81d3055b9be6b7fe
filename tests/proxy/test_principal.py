"""Issue 12, finding 1: the server decides who is the Kepala Sekolah, from the school's own
data (or, on a school's first push, from the records in that push), against a real server
process on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid

from pyapp.core.models.gtk import KEPALA, KS_JABATAN
from pyapp.core.sync import build_push
from tests.proxy.sync_client import SyncClient, edit, full_changes


def _teacher(snapshot):  # type: ignore[no-untyped-def]
    ks = {t.ptk_id for t in snapshot.records["tugas_tambahan"] if t.jabatan in KS_JABATAN}
    return next(p for p in snapshot.records["ptk"] if p.id not in ks)


def _as(school: SyncClient, ptk) -> SyncClient:  # type: ignore[no-untyped-def]
    other = SyncClient(school.http, school.npsn, school.code, school.snapshot)
    other.kepala = ptk
    return other


def _ks_tugas(snapshot, ptk_id):  # type: ignore[no-untyped-def]
    return next(t for t in snapshot.records["tugas_tambahan"] if t.ptk_id == ptk_id
                and t.jabatan == KEPALA)


def _first_push_with_tugas(school: SyncClient, **tugas_fields):  # type: ignore[no-untyped-def]
    tugas = _ks_tugas(school.snapshot, school.kepala.id)
    changes = []
    for c in full_changes(school.snapshot, school.npsn):
        if c.type == "tugas_tambahan" and c.id == tugas.id:
            c = c.model_copy(update={"record": {**(c.record or {}), **tugas_fields}})
        changes.append(c)
    return school.make_push(changes)


def _problem(r, status, code):  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body


class TestTokens:
    def test_teacher_or_random_ptk_gets_no_principal_token(self, remote, demo):
        school = SyncClient.register(remote, demo)
        assert school.send(school.full_push()).status_code == 200  # the real principal
        teacher = _as(school, _teacher(demo))
        body = _problem(teacher.login(), 403, "auth.bukan_kepala_sekolah")
        assert body["detail"].startswith("PTK ini tidak tercatat sebagai Kepala Sekolah aktif")
        assert "tugas tambahan" in body["detail"] and body["hint"]
        assert body["details"]["basis"] == "server"
        stranger = _as(school, teacher.kepala.model_copy(update={"id": str(uuid.uuid4())}))
        body = _problem(stranger.login(), 403, "auth.bukan_kepala_sekolah")
        assert "tidak ada di data GTK" in body["detail"]
        r = school.login()
        assert r.status_code == 200 and r.json()["principal_basis"] == "server"
        # the operator role needs no PTK
        assert school.login(role="operator").status_code == 200

    def test_principal_whose_tugas_ended_is_refused_from_server_data(self, remote, demo):
        school = SyncClient.register(remote, demo)
        assert school.send(school.full_push()).status_code == 200
        tugas = _ks_tugas(demo, school.kepala.id)
        yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
        ended = edit(tugas, tst_tambahan=dt.date.fromisoformat(yesterday))
        assert school.send(school.make_push([ended])).status_code == 200  # still KS before it
        # the token held from before is refused at the next push; no new token either
        again = edit(demo.records["peserta_didik"][0], nama="Nama Baru")
        body = _problem(school.send(school.make_push([again])), 403, "auth.bukan_kepala_sekolah")
        assert "TMT/TST" in body["detail"]
        _problem(school.login(), 403, "auth.bukan_kepala_sekolah")


class TestFirstPush:
    def test_teacher_cannot_make_the_first_push(self, remote, demo):
        school = SyncClient.register(remote, demo)
        teacher = _as(school, _teacher(demo))
        r = teacher.login()  # no data on the server yet: the push will be checked
        assert r.status_code == 200 and r.json()["principal_basis"] is None
        body = _problem(teacher.send(teacher.full_push()), 403, "auth.bukan_kepala_sekolah")
        assert body["details"]["basis"] == "kiriman"
        r = school.send(school.full_push())
        assert r.status_code == 200, r.text
        assert r.json()["principal_basis"] == "kiriman"
        # later pushes are checked against the server's data
        nxt = school.send(school.make_push([edit(demo.records["peserta_didik"][1], nama="X Y")]))
        assert nxt.status_code == 200 and nxt.json()["principal_basis"] == "server"

    def test_future_tmt_or_past_tst_in_the_first_push_is_refused(self, remote, demo):
        tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
        yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
        for fields in ({"tmt_tambahan": tomorrow}, {"tst_tambahan": yesterday}):
            school = SyncClient.register(remote, demo)
            body = _problem(school.send(_first_push_with_tugas(school, **fields)), 403,
                            "auth.bukan_kepala_sekolah")
            assert body["details"] == {"reason": body["details"]["reason"],
                                       "ptk_id": school.kepala.id, "basis": "kiriman"}

    def test_confirmation_must_name_the_token_ptk(self, remote, demo):
        school = SyncClient.register(remote, demo)
        teacher = _teacher(demo)
        push = build_push(full_changes(demo, school.npsn), semester_id="20251",
                          ptk_id=teacher.id, nama=teacher.nama)
        body = _problem(school.send(push), 422, "push.konfirmasi_tidak_sah")
        assert "bukan kepala sekolah yang masuk" in body["detail"]


def test_another_schools_principal_is_not_this_schools(client, demo):
    """The principal of school A, named at school B's login, is judged on B's records only."""
    from pyapp.core.generator import generate

    a = SyncClient.register(client, demo)
    assert a.send(a.full_push()).status_code == 200
    b = SyncClient.register(client, generate("small", seed=12)[0])
    assert b.send(b.full_push()).status_code == 200
    intruder = _as(b, a.kepala)
    body = _problem(intruder.login(), 403, "auth.bukan_kepala_sekolah")
    assert "tidak ada di data GTK" in body["detail"]
    assert body["details"]["ptk_id"] == a.kepala.id

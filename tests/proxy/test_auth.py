"""Kode registrasi, tokens and roles."""

from __future__ import annotations

import time

import pytest

from pyapp.proxy import db, schools, security
from tests.proxy.sync_client import PULL, SyncClient


class TestLogin:
    def test_wrong_code_and_unknown_npsn_answer_the_same(self, client, school):
        r1 = school.login(code="AAAA-BBBB-CCCC")
        other = SyncClient(client, "00000000", school.code, school.snapshot)
        r2 = other.login()
        assert r1.status_code == r2.status_code == 401
        assert r1.json()["code"] == r2.json()["code"] == "auth.kode_salah"

    def test_code_is_forgiving_about_case_and_dashes(self, client, school):
        assert school.login(code=school.code.lower().replace("-", " ")).status_code == 200

    def test_code_is_stored_only_as_a_hash(self, client, school):
        with client.app.state.ctx.sessions() as s:
            stored = schools.find(s, school.npsn).code_hash
        assert school.code not in stored and school.code.replace("-", "") not in stored
        assert stored.startswith("scrypt$")

    def test_kepala_sekolah_needs_a_ptk_id(self, client, school):
        r = client.post("/api/auth/token", json={"npsn": school.npsn,
                                                 "kode_registrasi": school.code,
                                                 "role": "kepala_sekolah"})
        assert (r.status_code, r.json()["code"]) == (422, "request.tidak_valid")

    def test_wrong_codes_are_throttled_per_client_and_npsn(self, client, school):
        for _ in range(5):
            assert school.login(code="WRNG-WRNG-WRNG").status_code == 401
        r = school.login()  # even the right code waits now
        assert r.status_code == 429
        assert r.json()["code"] == "auth.terlalu_banyak_percobaan"
        assert int(r.headers["retry-after"]) > 0


class TestTokens:
    def test_missing_broken_and_expired_tokens(self, client, school):
        assert client.get(PULL).json()["code"] == "auth.token_tidak_ada"
        r = client.get(PULL, headers={"Authorization": "Bearer abc.def"})
        assert (r.status_code, r.json()["details"]) == (401, {"reason": "rusak"})
        ctx = client.app.state.ctx
        claims = security.verify(ctx.token_secret, school.token)
        old = security.Claims(claims.school_id, claims.npsn, claims.gen, claims.role,
                              claims.ptk_id, int(time.time()) - 1)
        r = client.get(PULL, headers={
            "Authorization": f"Bearer {security.sign(ctx.token_secret, old)}"})
        assert r.json()["details"] == {"reason": "kedaluwarsa"}
        forged = security.sign("another-secret", claims)
        r = client.get(PULL, headers={"Authorization": f"Bearer {forged}"})
        assert r.json()["details"] == {"reason": "rusak"}

    def test_a_token_for_a_school_that_no_longer_exists_is_refused(self, client, school):
        """A validly signed token whose school row is gone (removed by an operator of the
        server) is a 401 naming why, never a 500."""
        ctx = client.app.state.ctx
        claims = security.verify(ctx.token_secret, school.token)
        ghost = security.Claims(10**9, claims.npsn, claims.gen, claims.role, claims.ptk_id,
                                claims.exp)
        r = client.get(PULL, headers={
            "Authorization": f"Bearer {security.sign(ctx.token_secret, ghost)}"})
        assert (r.status_code, r.json()["code"]) == (401, "auth.token_tidak_sah")
        assert r.json()["details"] == {"reason": "sekolah_tidak_ada"}


class TestResetCode:
    def test_a_new_code_lifts_the_schools_kode_locks(self, client, school):
        for _ in range(5):
            assert school.login(code="WRNG-WRNG-WRNG").status_code == 401
        assert school.login().status_code == 429  # locked out
        with db.write_session(client.app.state.ctx.sessions) as s:
            new = schools.reset_code(s, school.npsn)
        assert (new.npsn, new.code_gen, new.locks_lifted) == (school.npsn, 2, 1)
        school.code = new.code
        assert school.login().status_code == 200

    def test_old_code_and_old_tokens_stop_working(self, client, school):
        old_token, old_code = school.token, school.code
        with db.write_session(client.app.state.ctx.sessions) as s:
            new = schools.reset_code(s, school.npsn)
        r = client.get(PULL, headers=school.headers)
        assert (r.status_code, r.json()["details"]) == (401, {"reason": "kode_diganti"})
        assert school.login(code=old_code).status_code == 401
        school.code = new.code
        assert school.login().status_code == 200
        assert school.token != old_token
        assert client.get(PULL, headers=school.headers).status_code == 200
        assert school.send(school.full_push()).status_code == 200


@pytest.mark.parametrize("role", ["operator", "kepala_sekolah"])
def test_token_is_scoped_to_its_school(client, demo, role):
    a = SyncClient.register(client, demo)
    b = SyncClient.register(client, demo)
    assert a.send(a.full_push()).status_code == 200
    b.login(role)
    changes, _ = b.pull_all()
    assert changes == []


class TestRegister:
    def test_a_new_school_starts_at_generation_1_with_nothing_pushed(self, client):
        from tests.proxy.sync_client import new_npsn

        npsn = new_npsn()
        with db.write_session(client.app.state.ctx.sessions) as s:
            issued = schools.register(s, npsn, "SMP Uji")
        assert (issued.npsn, issued.nama, issued.code_gen) == (npsn, "SMP Uji", 1)
        with client.app.state.ctx.sessions() as s:
            row = schools.find(s, npsn)
            assert row is not None
            assert (row.nama, row.code_gen, row.push_seq, row.rev_seq) == ("SMP Uji", 1, 0, 0)
            assert security.check_code(issued.code, row.code_hash)

    def test_an_npsn_is_registered_once(self, client, school):
        from pyapp.core.problems import ProblemError

        with db.write_session(client.app.state.ctx.sessions) as s:
            with pytest.raises(ProblemError) as caught:
                schools.register(s, school.npsn, "Sekolah Lain")
        assert caught.value.code == "sekolah.sudah_terdaftar"
        assert caught.value.params == {"npsn": school.npsn}
        assert school.login().status_code == 200  # the first registration's code still works


def test_a_kode_registrasi_is_12_symbols_of_an_unambiguous_alphabet():
    """60 bits in three groups of four; no O, I or L (read as 0 and 1 when typed)."""
    import re

    codes = {security.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}", code), code
    code = sorted(codes)[0]  # typed in lower case without dashes, it is still the same code
    assert security.check_code(code.lower().replace("-", ""), security.hash_code(code))

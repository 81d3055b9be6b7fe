"""Pushes of one school take turns on a per-school lock (PostgreSQL advisory lock, SQLite's
writer lock) instead of optimistic retries: 16 clients pushing to one school at once, through
two server processes, all get 200 the first time (no 503), each push is stored once, and the
school's sequence has no gap."""

from __future__ import annotations

import gzip
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select

from pyapp.core.sync import build_push
from pyapp.proxy import db, schools
from pyapp.proxy.context import Context
from tests.harness import ServerProcess
from tests.proxy.conftest import make_settings
from tests.proxy.sync_client import edit, full_changes, new_npsn, principal_of

pytestmark = pytest.mark.timeout(240)

CLIENTS = 16
EACH = 3


def test_sixteen_clients_on_one_school_never_get_503(db_url, demo):
    ctx = Context.open(make_settings(db_url))
    npsn = new_npsn()
    with db.write_session(ctx.sessions) as s:
        issued = schools.register(s, npsn, "SD Serentak")
    kepala = principal_of(demo)
    pds = demo.records["peserta_didik"]
    env = {"PYAPP_DATABASE_URL": db_url, "PYAPP_RATE_LIMIT": "0", "PYAPP_TOKEN_SECRET": "lock"}
    try:
        with ServerProcess(env=env) as a, ServerProcess(env=env) as b:
            urls = [a.url, b.url]
            with requests.Session() as http:
                token = http.post(a.url + "/api/auth/token", timeout=30, json={
                    "npsn": npsn, "kode_registrasi": issued.code, "role": "kepala_sekolah",
                    "ptk_id": kepala.id}).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}", "Content-Encoding": "gzip",
                       "Content-Type": "application/json"}

            def post(url: str, changes: list) -> requests.Response:  # type: ignore[type-arg]
                push = build_push(changes, semester_id="20251", ptk_id=kepala.id,
                                  nama=kepala.nama, key=uuid.uuid4().hex)
                body = gzip.compress(push.model_dump_json().encode())
                with requests.Session() as http:
                    return http.post(url + "/api/push", data=body, headers=headers, timeout=120)

            assert post(a.url, full_changes(demo, npsn)).status_code == 200

            def client(c: int) -> list[int]:
                out = []
                for k in range(EACH):
                    pd = pds[c * EACH + k]
                    r = post(urls[(c + k) % 2], [edit(pd, nama=f"Serentak {c}-{k}")])
                    assert r.status_code == 200, r.text
                    assert r.json()["counts"]["updated"] == 1
                    out.append(r.json()["server_seq"])
                return out

            with ThreadPoolExecutor(CLIENTS) as pool:
                seqs = [s for got in pool.map(client, range(CLIENTS)) for s in got]
        assert sorted(seqs) == list(range(2, CLIENTS * EACH + 2))
        with ctx.sessions() as s:
            school = schools.find(s, npsn)
            assert school is not None and school.push_seq == CLIENTS * EACH + 1
            n = s.execute(select(func.count()).select_from(db.Push)
                          .where(db.Push.school_id == school.id)).scalar()
            assert n == CLIENTS * EACH + 1
    finally:
        ctx.close()

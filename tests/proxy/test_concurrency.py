"""Two proxy processes on one PostgreSQL, many schools pushing at once, every push sent to
both processes and retried: each push is stored exactly once and none is lost."""

from __future__ import annotations

import gzip
import random
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from pyapp.core.sync import PushRequest
from pyapp.proxy import db, schools
from pyapp.proxy.context import Context
from pyapp.proxy.settings import Settings
from tests.harness import ServerProcess
from tests.proxy.sync_client import edit, full_changes, new_npsn, principal_of

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(240)]

SCHOOLS = 12
DELTAS = 3


def _post(session: requests.Session, url: str, token: str, push: PushRequest) -> dict:
    body = gzip.compress(push.model_dump_json().encode())
    for _ in range(20):
        try:
            r = session.post(url + "/api/push", data=body, timeout=60, headers={
                "Authorization": f"Bearer {token}", "Content-Encoding": "gzip",
                "Content-Type": "application/json"})
        except requests.ConnectionError:
            # The server closed an idle keep-alive connection as this request reused it (a
            # slow machine makes that likely). A real client retries a network error: the
            # push is idempotent, so retrying is exactly what is under test.
            continue
        if r.status_code == 200:
            return dict(r.json())
        assert r.status_code in (429, 503), r.text  # temporary: retry
    raise AssertionError("push never accepted")


def test_two_processes_concurrent_retried_pushes(postgres, demo):
    url = postgres.create_database(f"conc_{uuid.uuid4().hex[:6]}")
    ctx = Context.open(Settings(database_url=url))
    registered = []
    with db.write_session(ctx.sessions) as s:
        for _ in range(SCHOOLS):
            registered.append(schools.register(s, new_npsn(), "SD Serentak"))
    try:
        _run(ctx, url, registered, demo)
    finally:
        ctx.close()


def _run(ctx, url, registered, demo):  # type: ignore[no-untyped-def]
    env = {"PYAPP_DATABASE_URL": url, "PYAPP_RATE_LIMIT": "0", "PYAPP_TOKEN_SECRET": ""}
    kepala = principal_of(demo)
    pds = demo.records["peserta_didik"]
    with ServerProcess(env=env) as a, ServerProcess(env=env) as b:
        servers = [a.url, b.url]
        local = threading.local()

        def sess() -> requests.Session:
            if not hasattr(local, "s"):
                local.s = requests.Session()
            return local.s

        def school_run(i: int) -> list[tuple[str, dict]]:
            issued = registered[i]
            rng = random.Random(i)
            tok = sess().post(rng.choice(servers) + "/api/auth/token", timeout=30, json={
                "npsn": issued.npsn, "kode_registrasi": issued.code,
                "role": "kepala_sekolah", "ptk_id": kepala.id}).json()["access_token"]
            pushes = [full_changes(demo, issued.npsn)]
            pushes += [[edit(pds[i * DELTAS + k], nama=f"Ubah {k}")] for k in range(DELTAS)]
            out = []
            for changes in pushes:
                push = PushRequest.model_validate(
                    _build(changes, kepala).model_dump() | {"idempotency_key": uuid.uuid4().hex})
                # the same push to both processes at once, then a late retry
                with ThreadPoolExecutor(2) as pair:
                    got = list(pair.map(lambda u, push=push: _post(requests.Session(), u, tok, push),
                                        servers))
                got.append(_post(sess(), rng.choice(servers), tok, push))
                assert got[0] == got[1] == got[2]
                out.append((push.idempotency_key, got[0]))
            return out

        try:
            with ThreadPoolExecutor(6) as pool:
                results = list(pool.map(school_run, range(SCHOOLS)))
        except BaseException:
            print("--- server A ---\n" + "\n".join(ln for ln in a.log().splitlines() if "warning" in ln or "error" in ln)[-3000:] + "\n--- server B ---\n" + "\n".join(ln for ln in b.log().splitlines() if "warning" in ln or "error" in ln)[-3000:])
            raise
    from sqlalchemy import func, select

    with ctx.sessions() as s:
        for issued, receipts in zip(registered, results, strict=True):
            school = schools.find(s, issued.npsn)
            rows = s.execute(select(db.Push.idempotency_key, db.Push.server_seq)
                             .where(db.Push.school_id == school.id)
                             .order_by(db.Push.server_seq)).all()
            assert [(k, r["server_seq"]) for k, r in receipts] == [tuple(x) for x in rows]
            assert [r["server_seq"] for _, r in receipts] == list(range(1, DELTAS + 2))
            n = s.execute(select(func.count()).select_from(db.StoredRecord)
                          .where(db.StoredRecord.school_id == school.id)).scalar()
            assert n == len(full_changes(demo, issued.npsn))
            assert school.push_seq == DELTAS + 1


def _build(changes, kepala):  # type: ignore[no-untyped-def]
    from pyapp.core.sync import build_push

    return build_push(changes, semester_id="20251", ptk_id=kepala.id, nama=kepala.nama)

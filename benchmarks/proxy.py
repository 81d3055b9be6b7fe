"""Sync proxy figures (issue 5): push sizes, server time for a large push, and sustained
small pushes per second from many schools against a real server process (SQLite and a
throwaway PostgreSQL), loopback only, bounded in time.

- push_full_large_bytes: gzipped full push of the large preset (every record new).
- push_delta_one_bytes: gzipped push of one changed peserta didik (aim ≤ 3 KB).
- proxy_push_large_ms: server time to decompress, parse, re-validate (models + rules) and
  commit the large full push (in process, SQLite).
- proxy_push_delta_large_ms: the same for the one-PD delta on that large school.
- proxy_pushes_per_s_sqlite / _postgres: accepted one-PD pushes per second, SCHOOLS schools
  pushing at once (one thread each) for BENCH_PROXY_SECONDS against `python -m pyapp serve`.
"""

from __future__ import annotations

import gzip
import os
import shutil
import statistics
import tempfile
import threading
import time
import uuid
from typing import Any

import requests
from fastapi.testclient import TestClient

from pyapp.core.generator import generate
from pyapp.proxy import db, schools
from pyapp.proxy.app import create_app
from pyapp.proxy.context import Context
from pyapp.proxy.settings import Settings
from tests.harness import ServerProcess
from tests.proxy.sync_client import SyncClient, edit, full_changes, principal_of

SECONDS = float(os.environ.get("BENCH_PROXY_SECONDS", "8"))
SCHOOLS = int(os.environ.get("BENCH_PROXY_SCHOOLS", "16"))


def _gz(push: Any) -> bytes:
    return gzip.compress(push.model_dump_json().encode(), 6)


def _large(tmp: str) -> dict[str, float]:
    snapshot = generate("large", seed=1)[0]
    settings = Settings(database_url=f"sqlite:///{tmp}/large.sqlite3", token_secret="bench",
                        rate_limit_per_min=0)
    with TestClient(create_app(False, settings)) as c:
        who = SyncClient.register(c, snapshot)
        full = who.full_push()
        body = _gz(full)
        headers = {**who.headers, "Content-Encoding": "gzip", "Content-Type": "application/json"}
        start = time.perf_counter()
        r = c.post("/api/push", content=body, headers=headers)
        large_ms = (time.perf_counter() - start) * 1000
        if r.status_code != 200:
            raise SystemExit(f"bench: large push refused: {r.text[:500]}")
        deltas, delta_bytes = [], 0
        for k in range(5):
            pd = snapshot.records["peserta_didik"][k]
            push = who.make_push([edit(pd, nama=f"Nama Baru {k}")])
            delta_bytes = len(_gz(push))
            start = time.perf_counter()
            r = c.post("/api/push", content=_gz(push), headers=headers)
            deltas.append((time.perf_counter() - start) * 1000)
            assert r.status_code == 200, r.text
    return {"push_full_large_bytes": len(body), "push_delta_one_bytes": delta_bytes,
            "proxy_push_large_ms": round(large_ms, 1),
            "proxy_push_delta_large_ms": round(statistics.median(deltas), 1)}


def _throughput(url: str) -> float:
    snapshot = generate("small", seed=2)[0]
    kepala = principal_of(snapshot)
    pds = snapshot.records["peserta_didik"]
    ctx = Context.open(Settings(database_url=url))
    with db.write_session(ctx.sessions) as s:
        issued = [schools.register(s, f"B{uuid.uuid4().int % 10**7:07d}", "SD Bench")
                  for _ in range(SCHOOLS)]
    ctx.close()
    env = {"PYAPP_DATABASE_URL": url, "PYAPP_RATE_LIMIT": "0"}
    with ServerProcess(env=env) as srv:
        def login(sess: requests.Session, i: Any) -> str:
            r = sess.post(srv.url + "/api/auth/token", json={
                "npsn": i.npsn, "kode_registrasi": i.code, "role": "kepala_sekolah",
                "ptk_id": kepala.id}, timeout=30)
            return str(r.json()["access_token"])

        def send(sess: requests.Session, token: str, push: Any) -> None:
            r = sess.post(srv.url + "/api/push", data=_gz(push), timeout=60, headers={
                "Authorization": f"Bearer {token}", "Content-Encoding": "gzip",
                "Content-Type": "application/json"})
            if r.status_code != 200:
                raise RuntimeError(r.text[:300])

        tokens = []
        with requests.Session() as sess:  # seed every school (not timed)
            for i in issued:
                tok = login(sess, i)
                who = SyncClient(None, i.npsn, i.code, snapshot)
                send(sess, tok, who.make_push(full_changes(snapshot, i.npsn)))
                tokens.append(tok)
        counts = [0] * SCHOOLS
        errors: list[str] = []
        start = time.perf_counter()
        deadline = start + SECONDS

        def worker(n: int) -> None:
            who = SyncClient(None, issued[n].npsn, issued[n].code, snapshot)
            versions: dict[str, int] = {}
            with requests.Session() as sess:
                k = 0
                while time.perf_counter() < deadline:
                    pd = pds[k % len(pds)]
                    v = versions.get(pd.id, 1)
                    rec = pd.model_copy(update={"version": v})
                    try:
                        send(sess, tokens[n], who.make_push([edit(rec, nama=f"Nama {k}")]))
                    except Exception as exc:  # noqa: BLE001 - reported below
                        errors.append(str(exc))
                        return
                    versions[pd.id] = v + 1
                    counts[n] += 1
                    k += 1

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(SCHOOLS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
    if errors:
        raise SystemExit(f"bench: push failed: {errors[0]}")
    return round(sum(counts) / elapsed, 1)


def run() -> dict[str, Any]:
    tmp = tempfile.mkdtemp(prefix="pyapp-bench-proxy-")
    try:
        out: dict[str, Any] = _large(tmp)
        out["proxy_pushes_per_s_sqlite"] = _throughput(f"sqlite:///{tmp}/tp.sqlite3")
        from tests.pg import PostgresServer, pg_bin

        if pg_bin() is not None:
            with PostgresServer() as pg:
                out["proxy_pushes_per_s_postgres"] = _throughput(pg.create_database("bench"))
        out["proxy_bench_schools"] = SCHOOLS
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))

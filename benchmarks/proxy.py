"""Sync proxy figures (issues 5 and 13): push sizes, server time for a large push, and the load
generator's matrix (benchmarks/loadgen.py) against real server processes, loopback only.

- push_full_large_bytes: gzipped full push of the large preset (every record new).
- push_delta_one_bytes: gzipped push of one changed peserta didik (aim ≤ 3 KB).
- proxy_push_large_ms: server time to decompress, parse, re-validate (models + rules) and
  commit the large full push (in process, SQLite).
- proxy_push_delta_large_ms: the same for a one-PD delta on that large school (median of
  DELTAS pushes after the first, which builds the school's state).
- *_cpu_ms: the CPU time the bench process spent on those requests (server and test client):
  steadier than wall time when other work shares the machine.
- proxy_pushes_per_s_sqlite / _postgres: accepted one-PD pushes per second at 16 clients
  (SQLite: 1 server process; PostgreSQL: 2), with their p95 and the servers' CPU per push;
  proxy_load: every combination of database × server processes × 4/16/64 clients, and 16
  clients on one school (BENCH_LOAD_SECONDS each), each with the load generator's own CPU
  per push (it runs on the same cores).
"""

from __future__ import annotations

import gzip
import os
import shutil
import statistics
import tempfile
import time
from typing import Any

from fastapi.testclient import TestClient

from pyapp.core.generator import generate
from pyapp.proxy.app import create_app
from pyapp.proxy.settings import Settings
from tests.proxy.sync_client import SyncClient, edit

SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "4"))
SCHOOLS = int(os.environ.get("BENCH_PROXY_SCHOOLS", "16"))
DELTAS = 15


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
        start, cpu = time.perf_counter(), time.process_time()
        r = c.post("/api/push", content=body, headers=headers)
        large_ms = (time.perf_counter() - start) * 1000
        large_cpu = (time.process_time() - cpu) * 1000
        if r.status_code != 200:
            raise SystemExit(f"bench: large push refused: {r.text[:500]}")
        deltas, delta_cpu, delta_bytes = [], [], 0
        for k in range(DELTAS + 1):
            pd = snapshot.records["peserta_didik"][k]
            push = who.make_push([edit(pd, nama=f"Nama Baru {k}")])
            delta_bytes = len(_gz(push))
            body_k = _gz(push)
            start, cpu = time.perf_counter(), time.process_time()
            r = c.post("/api/push", content=body_k, headers=headers)
            deltas.append((time.perf_counter() - start) * 1000)
            delta_cpu.append((time.process_time() - cpu) * 1000)
            assert r.status_code == 200, r.text
    return {"push_full_large_bytes": len(body), "push_delta_one_bytes": delta_bytes,
            "proxy_push_large_ms": round(large_ms, 1),
            # CPU time of this process (server and test client) for the same requests: on a
            # shared machine, steadier than the wall-clock figures.
            "proxy_push_large_cpu_ms": round(large_cpu, 1),
            "proxy_push_delta_large_ms": round(statistics.median(deltas[1:]), 1),
            "proxy_push_delta_large_cpu_ms": round(statistics.median(delta_cpu[1:]), 1),
            "proxy_push_delta_large_first_ms": round(deltas[0], 1)}


def run() -> dict[str, Any]:
    from benchmarks import loadgen

    tmp = tempfile.mkdtemp(prefix="pyapp-bench-proxy-")
    try:
        out: dict[str, Any] = _large(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    load = loadgen.matrix(SECONDS, SCHOOLS)
    for name, key in (("sqlite", "sqlite_1p_16c"), ("postgres", "postgres_2p_16c")):
        if key in load:
            out[f"proxy_pushes_per_s_{name}"] = load[key]["pushes_per_s"]
            out[f"proxy_p95_ms_16c_{name}"] = load[key]["p95_ms"]
            out[f"proxy_server_cpu_ms_per_push_16c_{name}"] = load[key]["server_cpu_ms_per_push"]
    out["proxy_errors_64c"] = sum(v["errors"] for k, v in load.items() if k.endswith("_64c"))
    out["proxy_load"] = load
    out["proxy_bench_schools"] = SCHOOLS
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))

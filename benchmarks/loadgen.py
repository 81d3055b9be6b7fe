"""Load generator for the sync proxy (issue 13): many simulated schools pushing at once against
real `python -m pyapp serve` processes, on SQLite and on PostgreSQL, with 1 or 2 server
processes behind a client-side round robin (what a load balancer does).

Each school is registered and seeded with a full first push of the small preset (not timed).
Then C clients (asyncio + httpx2, one connection each) push one-record deltas (one peserta
didik renamed, the way the app sends an edit) as fast as answers come back; one push in
FULL_EVERY is instead the full first push of a fresh school (the start-of-semester mix).
Reported per run: accepted deltas per second, p50/p95/p99 latency of deltas, full pushes and
their median, errors (any answer but 200: 429/503 included, nothing is retried) and each
server process's RSS before and after.

    python -m benchmarks.loadgen                 # quick matrix (what `make bench` runs)
    python -m benchmarks.loadgen --seconds 20    # the figures in docs/scale.md
    python -m benchmarks.loadgen --soak 600 --db postgres --procs 2 --clients 16
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import random
import shutil
import ssl
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx2

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pyapp.core.generator import generate  # noqa: E402
from pyapp.core.sync import build_push, change_of  # noqa: E402
from pyapp.proxy import db, schools  # noqa: E402
from pyapp.proxy.context import Context  # noqa: E402
from pyapp.proxy.settings import Settings  # noqa: E402
from tests.harness import ServerProcess  # noqa: E402
from tests.proxy.sync_client import full_changes, principal_of  # noqa: E402

FULL_EVERY = 100
_SNAPSHOT = None


def _snapshot() -> Any:
    global _SNAPSHOT
    if _SNAPSHOT is None:
        _SNAPSHOT = generate("small", seed=2)[0]
    return _SNAPSHOT


_TLS: ssl.SSLContext | None = None


def _tls() -> ssl.SSLContext:
    """One TLS context for every client (the servers are plain HTTP on loopback anyway)."""
    global _TLS
    if _TLS is None:
        _TLS = ssl.create_default_context()
    return _TLS


def _gz(push: Any) -> bytes:
    return gzip.compress(push.model_dump_json().encode(), 6)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return round(s[min(len(s) - 1, int(q * len(s)))], 1)


class School:
    """One simulated school: its token, and the versions of the records its clients edit."""

    def __init__(self, npsn: str, code: str) -> None:
        self.npsn, self.code, self.token = npsn, code, ""
        self.versions: dict[str, int] = {}


class Load:
    def __init__(self, urls: list[str], database_url: str, n_schools: int,
                 pids: list[int] | None = None) -> None:
        self.urls = urls
        self.pids = pids or []
        snap = _snapshot()
        self.kepala = principal_of(snap)
        self.pds = snap.records["peserta_didik"]
        ctx = Context.open(Settings(database_url=database_url))
        with db.write_session(ctx.sessions) as s:
            issued = [schools.register(s, f"L{uuid.uuid4().int % 10**7:07d}", "SD Beban")
                      for _ in range(n_schools + 64)]
        ctx.close()
        self.schools = [School(i.npsn, i.code) for i in issued[:n_schools]]
        self.fresh = [School(i.npsn, i.code) for i in issued[n_schools:]]
        self.rr = 0

    def url(self) -> str:
        self.rr += 1
        return self.urls[self.rr % len(self.urls)]

    async def login(self, http: httpx2.AsyncClient, school: School) -> None:
        r = await http.post(self.url() + "/api/auth/token", json={
            "npsn": school.npsn, "kode_registrasi": school.code, "role": "kepala_sekolah",
            "ptk_id": self.kepala.id})
        r.raise_for_status()
        school.token = r.json()["access_token"]

    async def send(self, http: httpx2.AsyncClient, school: School, body: bytes) -> int:
        r = await http.post(self.url() + "/api/push", content=body, headers={
            "Authorization": f"Bearer {school.token}", "Content-Encoding": "gzip",
            "Content-Type": "application/json"})
        return r.status_code

    def full_body(self, school: School) -> bytes:
        return _gz(build_push(full_changes(_snapshot(), school.npsn), semester_id="20251",
                              ptk_id=self.kepala.id, nama=self.kepala.nama))

    def delta_body(self, school: School, pd: Any, k: int) -> bytes:
        v = school.versions.get(pd.id, pd.version)
        rec = pd.model_copy(update={"nama": f"{pd.nama.split(' #')[0]} #{k}", "version": v + 1})
        school.versions[pd.id] = v + 1
        return _gz(build_push([change_of(rec, base_version=v)], semester_id="20251",
                              ptk_id=self.kepala.id, nama=self.kepala.nama))

    async def seed(self) -> None:
        async with httpx2.AsyncClient(timeout=120, verify=_tls(), limits=httpx2.Limits(
                keepalive_expiry=1)) as http:
            sem = asyncio.Semaphore(4)

            async def one(school: School) -> None:
                async with sem:
                    await self.login(http, school)
                    body = self.full_body(school)
                    for _ in range(5):  # a dropped keep-alive connection: send again
                        try:
                            status = await self.send(http, school, body)
                            break
                        except httpx2.TransportError:
                            continue
                    if status != 200:
                        raise SystemExit(f"loadgen: seeding {school.npsn} got {status}")

            await asyncio.gather(*(one(s) for s in self.schools))
            for s in self.fresh:
                await self.login(http, s)

    async def run(self, clients: int, seconds: float, one_school: bool = False,
                  full_mix: bool = True, spread: bool = False) -> dict[str, Any]:
        """`spread`: each push goes to a random school (else each client keeps to one)."""
        lat: list[float] = []
        full_lat: list[float] = []
        errors: dict[str, int] = {}
        counter = {"n": 0}
        # Every client is made BEFORE the clock starts, all with one TLS context: making one
        # per client (httpx loads the CA bundle each time, ~50 ms) blocked this event loop for
        # seconds at 64 clients, inside the timed window. That, not the server, was why 64
        # clients got less throughput than 16 (the servers sat idle meanwhile).
        https = [httpx2.AsyncClient(timeout=120, verify=_tls(), limits=httpx2.Limits(
            max_connections=1, max_keepalive_connections=1, keepalive_expiry=1))
            for _ in range(clients)]
        deadline = time.perf_counter() + seconds

        async def client(c: int) -> None:
            school = self.schools[0 if one_school else c % len(self.schools)]
            # The PDs this client edits: its own, so clients of one school never conflict.
            mine = self.pds[c % len(self.pds)::clients] or self.pds[:1]
            rng = random.Random(c)
            async with https[c] as http:
                k = 0
                while time.perf_counter() < deadline:
                    if spread:
                        school = self.schools[rng.randrange(len(self.schools))]
                    counter["n"] += 1
                    full = full_mix and counter["n"] % FULL_EVERY == 0 and self.fresh
                    target = self.fresh.pop() if full else school
                    body = (self.full_body(target) if full
                            else self.delta_body(target, mine[k % len(mine)], k))
                    t0 = time.perf_counter()
                    try:
                        status = await self.send(http, target, body)
                    except httpx2.HTTPError as exc:
                        status = type(exc).__name__  # type: ignore[assignment]
                    ms = (time.perf_counter() - t0) * 1000
                    if status != 200:
                        errors[str(status)] = errors.get(str(status), 0) + 1
                        if not full:  # the edit was not stored: the next one starts again
                            pd = mine[k % len(mine)]
                            target.versions[pd.id] -= 1
                    elif full:
                        full_lat.append(ms)
                    else:
                        lat.append(ms)
                    k += 1

        start, own0 = time.perf_counter(), time.process_time()
        cpu0 = sum(cpu_s(p) for p in self.pids)
        await asyncio.gather(*(client(c) for c in range(clients)))
        elapsed = time.perf_counter() - start
        cpu = sum(cpu_s(p) for p in self.pids) - cpu0
        own = time.process_time() - own0
        return {"pushes_per_s": round(len(lat) / elapsed, 1),
                # CPU the server processes spent per accepted push (full pushes included):
                # steadier than pushes/s on a shared machine.
                "server_cpu_ms_per_push": round(cpu * 1000 / max(1, len(lat) + len(full_lat)), 2),
                # What this load generator itself spent per push, on the same cores.
                "loadgen_cpu_ms_per_push": round(own * 1000 / max(1, len(lat) + len(full_lat)),
                                                 2),
                "p50_ms": _pct(lat, 0.5),
                "p95_ms": _pct(lat, 0.95), "p99_ms": _pct(lat, 0.99), "deltas": len(lat),
                "full_pushes": len(full_lat),
                "full_p50_ms": round(statistics.median(full_lat), 1) if full_lat else None,
                "errors": sum(errors.values()), "error_kinds": errors,
                "seconds": round(elapsed, 1)}


def _servers(stack: ExitStack, url: str, procs: int, **extra: str) -> list[ServerProcess]:
    env = {"PYAPP_DATABASE_URL": url, "PYAPP_RATE_LIMIT": "0", "PYAPP_TOKEN_SECRET": "load",
           **extra}
    return [stack.enter_context(ServerProcess(env=env)) for _ in range(procs)]


def _bytes_per_record(url: str) -> float:
    """Disk the records table takes per stored record (rows, TOAST and indexes)."""
    from sqlalchemy import text

    ctx = Context.open(Settings(database_url=url), run_migrations=False)
    try:
        with ctx.sessions() as s:
            size, n = s.execute(text("SELECT pg_total_relation_size('records'), "
                                     "(SELECT count(*) FROM records)")).one()
    finally:
        ctx.close()
    return round(size / max(1, n), 1)


def matrix(seconds: float, n_schools: int = 16, clients: tuple[int, ...] = (4, 16, 64),
           dbs: tuple[str, ...] = ("sqlite", "postgres"), procs: tuple[int, ...] = (1, 2),
           one_school: bool = True, cold: bool = True) -> dict[str, Any]:
    """Every combination; key "<db>_<procs>p_<clients>c"."""
    from tests.pg import PostgresServer, pg_bin

    out: dict[str, Any] = {}
    tmp = tempfile.mkdtemp(prefix="pyapp-loadgen-")
    try:
        with ExitStack() as outer:
            pg = None
            if "postgres" in dbs and pg_bin() is not None:
                pg = outer.enter_context(PostgresServer())
            for dbname in dbs:
                for p in procs:
                    if dbname == "postgres" and pg is None:
                        continue
                    url = (f"sqlite:///{tmp}/load-{p}.sqlite3" if dbname == "sqlite"
                           else pg.create_database(f"load_{p}_{uuid.uuid4().hex[:6]}"))
                    with ExitStack() as stack:
                        servers = _servers(stack, url, p)
                        load = Load([s.url for s in servers], url, n_schools,
                                    [s.proc.pid for s in servers])
                        asyncio.run(load.seed())
                        rss0 = [rss_mb(s.proc.pid) for s in servers]
                        for c in clients:
                            r = asyncio.run(load.run(c, seconds))
                            out[f"{dbname}_{p}p_{c}c"] = r
                        if one_school:
                            r = asyncio.run(load.run(16, seconds, one_school=True,
                                                     full_mix=False))
                            out[f"{dbname}_{p}p_16c_one_school"] = r
                        out[f"{dbname}_{p}p_rss_mb"] = {
                            "start": rss0, "end": [rss_mb(s.proc.pid) for s in servers]}
                        if dbname == "postgres":
                            out["postgres_bytes_per_record"] = _bytes_per_record(url)
                    if cold and p == max(procs):
                        # No state kept: every push loads and validates its whole school
                        # (what a school's first push after a while costs).
                        with ExitStack() as stack:
                            servers = _servers(stack, url, p, PYAPP_STATE_CACHE_RECORDS="0")
                            load.urls = [s.url for s in servers]
                            load.pids = [s.proc.pid for s in servers]
                            r = asyncio.run(load.run(16, seconds, full_mix=False))
                            out[f"{dbname}_{p}p_16c_cold"] = r
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def soak(seconds: float, dbname: str, procs: int, clients: int,
         n_schools: int = 200) -> dict[str, Any]:
    """A long run: RSS of every server process sampled each minute."""
    from tests.pg import PostgresServer

    tmp = tempfile.mkdtemp(prefix="pyapp-soak-")
    try:
        with ExitStack() as stack:
            if dbname == "postgres":
                url = stack.enter_context(PostgresServer()).create_database("soak")
            else:
                url = f"sqlite:///{tmp}/soak.sqlite3"
            servers = _servers(stack, url, procs)
            load = Load([s.url for s in servers], url, n_schools,
                                    [s.proc.pid for s in servers])
            asyncio.run(load.seed())
            samples = [[rss_mb(s.proc.pid) for s in servers]]
            runs = []
            left = seconds
            while left > 0:
                step = min(60.0, left)
                runs.append(asyncio.run(load.run(clients, step, full_mix=False, spread=True)))
                samples.append([rss_mb(s.proc.pid) for s in servers])
                left -= step
            return {"db": dbname, "procs": procs, "clients": clients, "schools": n_schools,
                    "seconds": seconds, "rss_mb_per_minute": samples,
                    "pushes_per_s_per_minute": [r["pushes_per_s"] for r in runs],
                    "p95_ms_per_minute": [r["p95_ms"] for r in runs],
                    "errors": sum(r["errors"] for r in runs)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=float(
        os.environ.get("BENCH_LOAD_SECONDS", "5")))
    ap.add_argument("--schools", type=int, default=16)
    ap.add_argument("--clients", type=int, nargs="*", default=[4, 16, 64])
    ap.add_argument("--db", nargs="*", default=["sqlite", "postgres"])
    ap.add_argument("--procs", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--soak", type=float, default=0, help="one long run of this many seconds")
    args = ap.parse_args()
    if args.soak:
        out = soak(args.soak, args.db[0], args.procs[0], args.clients[0])
    else:
        out = matrix(args.seconds, args.schools, tuple(args.clients), tuple(args.db),
                     tuple(args.procs))
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

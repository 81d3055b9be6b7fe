"""Real parts for the sync scenarios: a proxy process on a temp SQLite file, the proxy CLI,
and "devices" (EngineService + SyncClient over a MemoryStore) speaking HTTP to it."""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from pyapp.core.snapshot import Snapshot, dump_snapshot
from pyapp.core.sync.messages import DATA_FORMAT
from pyapp.engine.api import answer
from pyapp.engine.http import RequestsHttp
from pyapp.engine.service import EngineService
from pyapp.engine.store import MemoryStore
from pyapp.engine.sync import AGREEMENT_VERSION, SyncClient
from tests.harness import ROOT, ServerProcess


def run(coro: Any) -> Any:
    """Run an engine call as the RPC does: a refusal comes back as the failure shape."""
    return asyncio.run(answer(coro))


class ManualClock:
    """Real time at the start; moves only when told (sleep = advance)."""

    def __init__(self) -> None:
        self.now = datetime.now(timezone.utc).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class Proxy:
    """The proxy as a process on a SQLite file; can be stopped and started again on the same
    file and port (a cut connection, a restarted server)."""

    def __init__(self, tmp: Path) -> None:
        self.db = f"sqlite:///{tmp / 'proxy.sqlite3'}"
        self.env = {"PYAPP_DATABASE_URL": self.db, "PYAPP_TOKEN_SECRET": "sync-test-secret"}
        self.server: ServerProcess | None = ServerProcess(env=self.env)
        self.port = self.server.port
        self.url = self.server.url

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def start(self) -> None:
        if self.server is None:
            self.server = ServerProcess(port=self.port, env=self.env)

    def cli(self, *args: str) -> str:
        out = subprocess.run([sys.executable, "-m", "pyapp", "proxy", *args], cwd=ROOT,
                             env={**_environ(), **self.env}, capture_output=True, text=True,
                             timeout=60)
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    def register_school(self, npsn: str, name: str = "SD Uji Sinkronisasi") -> str:
        return self.cli("register-school", npsn, "--name", name).splitlines()[-1]

    def pull_all(self, npsn: str, kode: str) -> list[dict[str, Any]]:
        """The server's live records of a school (prefill pages, as an operator)."""
        http = RequestsHttp()
        _, _, body = http.request("POST", self.url + "/api/auth/token",
                                  {"Content-Type": "application/json"},
                                  json.dumps({"npsn": npsn, "kode_registrasi": kode,
                                              "role": "operator"}).encode())
        token = json.loads(body)["access_token"]
        out: list[dict[str, Any]] = []
        url = self.url + f"/api/pull?format={DATA_FORMAT}&limit=5000"
        while True:
            status, _, body = http.request("GET", url, {"Authorization": f"Bearer {token}"})
            assert status == 200, body
            page = json.loads(body)
            out.extend(page["changes"])
            if not page["has_more"]:
                return out
            url = (self.url + f"/api/pull?format={DATA_FORMAT}&limit=5000&prefill=true"
                   f"&cursor={page['next_cursor']}")


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)


_NPSN_RNG = random.Random()


def new_npsn(rng: random.Random = _NPSN_RNG) -> str:
    return "T" + "".join(rng.choice("0123456789") for _ in range(7))


def school_text(snap: Snapshot, npsn: str) -> str:
    """The snapshot as a backup file of a school whose NPSN is `npsn`."""
    sekolah = [s.model_copy(update={"npsn": npsn}) for s in snap.records["sekolah"]]
    records = snap.records.model_copy(update={"sekolah": sekolah})
    school = snap.school.model_copy(update={"npsn": npsn})
    return dump_snapshot(snap.model_copy(update={"records": records, "school": school}))


class Device:
    """One browser (tab): EngineService + SyncClient over a MemoryStore."""

    def __init__(self, proxy: Proxy, store: MemoryStore | None = None,
                 clock: ManualClock | None = None, **sync_kw: Any) -> None:
        self.proxy = proxy
        self.store = store or MemoryStore()
        self.clock = clock or ManualClock()
        self.svc = EngineService(self.store, clock=self.clock)
        self.sync = SyncClient(self.svc, RequestsHttp(), self.clock, self.clock.advance,
                               rng=random.Random(7), **sync_kw)
        run(self.svc.open({}))

    def call(self, name: str, req: dict[str, Any] | None = None) -> Any:
        target = self.sync if hasattr(self.sync, name) else self.svc
        return run(getattr(target, name)(req or {}))

    def restore(self, text: str) -> None:
        assert self.call("restore_backup", {"text": text})["ok"]

    def register(self, npsn: str, kode: str) -> dict[str, Any]:
        out = self.call("register", {"proxy_url": self.proxy.url, "npsn": npsn, "kode": kode})
        assert out["ok"], out
        return out

    def as_principal(self, kode: str) -> dict[str, Any]:
        self._kode = kode
        ptk = self.call("principals")[0]["ptk_id"]
        out = self.call("switch_role", {"role": "kepala_sekolah", "ptk_id": ptk, "kode": kode})
        assert out["ok"], out
        return out

    def begin(self) -> dict[str, Any]:
        """Confirm and start a sync; the principal switched before (as_principal) switches
        again when the last receipt gave the computer back to the operator."""
        kode = getattr(self, "_kode", None)
        if kode and (self.call("sync_config").get("acting") or {}).get("role") != "kepala_sekolah":
            self.as_principal(kode)
        sheet = self.call("confirmation_sheet")
        if not sheet["ok"]:
            return sheet  # the engine refused before the sheet (e.g. invalid data)
        return self.call("sync_begin", {"ticked": [i["key"] for i in sheet["items"]],
                                        "agreement_version": AGREEMENT_VERSION,
                                        "payload_hash": sheet["payload_hash"]})

    def sync_all(self) -> dict[str, Any]:
        out = self.begin()
        assert out["ok"], out
        return run(self.sync.run())

    def records(self) -> dict[tuple[str, str], dict[str, Any]]:
        return {(t, r.id): r.model_dump(mode="json", exclude_none=True)
                for t, items in self.svc.data.items() for r in items.values() if not r.deleted}

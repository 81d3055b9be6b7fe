"""A proxy under test through its public HTTP API, on a fresh SQLite file: in-process (the
ASGI app behind a TestClient) or a real `python -m pyapp serve` process. Schools are
registered in the database the way `pyapp proxy register-school` does.

PYAPP_TESTS_IN_PROCESS=1 (set by `make mutants`) leaves out the server process: mutation
testing judges a mutant in-process, where it can see which tests reach which code."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx2
from fastapi.testclient import TestClient

from pyapp.core.snapshot import Snapshot
from pyapp.proxy import db, schools
from pyapp.proxy.app import create_app
from pyapp.proxy.context import Context
from pyapp.proxy.settings import Settings
from tests.harness import ServerProcess
from tests.proxy.conftest import make_settings
from tests.proxy.sync_client import SyncClient, new_npsn

KINDS = ("app",) if os.environ.get("PYAPP_TESTS_IN_PROCESS") == "1" else ("app", "server")
_ENV = {"rate_limit_per_min": "PYAPP_RATE_LIMIT", "max_push_bytes": "PYAPP_MAX_PUSH_BYTES",
        "max_body_bytes": "PYAPP_MAX_BODY_BYTES"}


class Proxy:
    def __init__(self, kind: str, folder: Path, **settings: Any) -> None:
        self.kind = kind
        self.db_url = f"sqlite:///{folder / 'proxy.sqlite3'}"
        self.server: ServerProcess | None = None
        self._client: TestClient | None = None
        if kind == "app":
            self._client = TestClient(create_app(False, make_settings(self.db_url, **settings)))
            self.http: Any = self._client.__enter__()
            self.ctx = self.http.app.state.ctx
            self._own_ctx = False
        else:
            env = {"PYAPP_DATABASE_URL": self.db_url, "PYAPP_TOKEN_SECRET": "test-secret",
                   "PYAPP_RATE_LIMIT": "0", "PYAPP_AUTH_FAIL_LIMIT": "5",
                   **{_ENV[k]: str(v) for k, v in settings.items()}}
            self.server = ServerProcess(env=env)
            self.http = httpx2.Client(base_url=self.server.url, timeout=120)
            self.ctx = Context.open(Settings(database_url=self.db_url), run_migrations=False)
            self._own_ctx = True

    def register(self, snapshot: Snapshot, role: str = "kepala_sekolah") -> SyncClient:
        """A newly registered school holding `snapshot`, logged in as `role`."""
        npsn = new_npsn()
        with db.write_session(self.ctx.sessions) as s:
            issued = schools.register(s, npsn, "SD Uji " + npsn)
        me = SyncClient(self.http, npsn, issued.code, snapshot)
        assert me.login(role).status_code == 200
        return me

    def another_computer(self, school: SyncClient, snapshot: Snapshot | None = None) -> SyncClient:
        """The same school on another computer (same kode registrasi, its own token)."""
        other = SyncClient(self.http, school.npsn, school.code, snapshot or school.snapshot)
        assert other.login().status_code == 200
        return other

    def close(self) -> None:
        if self._client is not None:
            self._client.__exit__(None, None, None)
        else:
            self.http.close()
        if self._own_ctx:
            self.ctx.close()
        if self.server is not None:
            self.server.stop()

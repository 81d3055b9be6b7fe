"""A real proxy process (`python -m pyapp serve`) on the test's database, and an HTTP
adapter that lets tests.proxy.sync_client.SyncClient talk to it over the network."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace
from typing import Any

import requests

from pyapp.proxy.context import Context
from pyapp.proxy.settings import Settings
from tests.harness import ROOT, ServerProcess

SECRET = "remote-test-secret"


class Remote:
    """requests against a base URL, shaped like the TestClient calls SyncClient makes;
    `app.state.ctx` is a Context on the same database (to register schools, read rows)."""

    def __init__(self, url: str, ctx: Context, forwarded_for: str | None = None) -> None:
        self.url = url
        self.app = SimpleNamespace(state=SimpleNamespace(ctx=ctx))
        self.http = requests.Session()
        self.forwarded_for = forwarded_for

    def as_client(self, address: str) -> "Remote":
        """The same server seen from another client address (X-Forwarded-For, trusted from
        127.0.0.1 by uvicorn's proxy headers)."""
        return Remote(self.url, self.app.state.ctx, address)

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        out = dict(headers or {})
        if self.forwarded_for:
            out.setdefault("X-Forwarded-For", self.forwarded_for)
        return out

    def request(self, method: str, path: str, *, json: Any = None, content: bytes | None = None,
                headers: dict[str, str] | None = None, params: Any = None) -> requests.Response:
        return self.http.request(method, self.url + path, json=json, data=content,
                                 params=params, headers=self._headers(headers), timeout=120)

    def post(self, path: str, **kw: Any) -> requests.Response:
        return self.request("POST", path, **kw)

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.request("GET", path, **kw)

    def put(self, path: str, **kw: Any) -> requests.Response:
        return self.request("PUT", path, **kw)

    def head(self, path: str, **kw: Any) -> requests.Response:
        return self.request("HEAD", path, **kw)


def server_env(db_url: str, **extra: str) -> dict[str, str]:
    return {"PYAPP_DATABASE_URL": db_url, "PYAPP_TOKEN_SECRET": SECRET, "PYAPP_RATE_LIMIT": "0",
            **extra}


class RemoteProxy:
    """A server process plus a Context on its database; `with RemoteProxy(url) as rp:`."""

    def __init__(self, db_url: str, **env: str) -> None:
        self.db_url = db_url
        self.env = server_env(db_url, **env)
        self.ctx = Context.open(Settings(database_url=db_url, token_secret=SECRET))
        self.server = ServerProcess(env=self.env)
        self.remote = Remote(self.server.url, self.ctx)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        import os

        return subprocess.run([sys.executable, "-m", "pyapp", "proxy", *args], cwd=ROOT,
                              env={**os.environ, **self.env}, capture_output=True, text=True,
                              timeout=120)

    def restart(self) -> None:
        self.server.stop()
        self.server = ServerProcess(env=self.env)
        self.remote = Remote(self.server.url, self.ctx)

    def close(self) -> None:
        self.server.stop()
        self.ctx.close()

    def __enter__(self) -> "RemoteProxy":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

"""Fixtures for the proxy: every test module runs against SQLite and against a real
PostgreSQL started by the tests (`-m "not postgres"` skips the latter)."""

from __future__ import annotations

import itertools
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pyapp.proxy.app import create_app
from pyapp.proxy.settings import Settings
from tests.proxy.sync_client import SyncClient

_DB_IDS = itertools.count(1)


@pytest.fixture(scope="session", autouse=True)
def _default_database() -> Iterator[None]:
    """create_app() without settings (test_static) must not write into the repo's var/."""
    with tempfile.TemporaryDirectory(prefix="pyapp-proxy-") as d:
        old = os.environ.get("PYAPP_DATABASE_URL")
        os.environ["PYAPP_DATABASE_URL"] = f"sqlite:///{d}/default.sqlite3"
        yield
        if old is None:
            os.environ.pop("PYAPP_DATABASE_URL", None)
        else:
            os.environ["PYAPP_DATABASE_URL"] = old


@pytest.fixture(scope="session")
def postgres() -> Iterator[object]:
    from tests.pg import PostgresServer, pg_bin

    if pg_bin() is None:
        pytest.skip("PostgreSQL not installed (scripts/ensure_postgres.py installs it)")
    with PostgresServer() as pg:
        yield pg


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh database for the module, on SQLite or on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'proxy.sqlite3'}"
    pg = request.getfixturevalue("postgres")
    return pg.create_database(f"t{next(_DB_IDS)}_{uuid.uuid4().hex[:6]}")  # type: ignore[attr-defined]


def make_settings(db_url: str, **over: object) -> Settings:
    base = dict(database_url=db_url, token_secret="test-secret", rate_limit_per_min=0,
                auth_fail_limit=5)
    base.update(over)
    return Settings(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def app(db_url: str):  # type: ignore[no-untyped-def]
    return create_app(serve_static=False, settings=make_settings(db_url))


@pytest.fixture(scope="module")
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def demo():  # type: ignore[no-untyped-def]
    """The small demo school (generated once)."""
    from pyapp.core.generator import generate

    return generate("small", seed=11)[0]


@pytest.fixture
def school(client: TestClient, demo) -> SyncClient:  # type: ignore[no-untyped-def]
    """A freshly registered school with its demo data (not yet pushed), as its principal."""
    return SyncClient.register(client, demo)


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def remote_proxy(db_url: str):  # type: ignore[no-untyped-def]
    """A real `python -m pyapp serve` process on the module's database (SQLite or PostgreSQL)."""
    from tests.proxy.remote import RemoteProxy

    with RemoteProxy(db_url) as rp:
        yield rp


@pytest.fixture
def remote(remote_proxy):  # type: ignore[no-untyped-def]
    return remote_proxy.remote

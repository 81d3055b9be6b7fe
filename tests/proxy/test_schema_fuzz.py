"""Schema-driven fuzzing (schemathesis) of every API operation in the OpenAPI document, as a
logged-in principal: no 5xx, and every response is documented (status, content type, schema).
Bounded: a few dozen examples per operation, SQLite only (the PostgreSQL run is the rest of
the suite)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from pyapp.proxy.app import create_app
from tests.proxy.conftest import make_settings
from tests.proxy.sync_client import SyncClient

_DIR = tempfile.mkdtemp(prefix="pyapp-fuzz-")
APP = create_app(False, make_settings(f"sqlite:///{_DIR}/proxy.sqlite3"))
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)


@pytest.fixture(scope="module")
def fuzz_school(demo) -> Iterator[SyncClient]:  # type: ignore[no-untyped-def]
    """Runs the app's lifespan (database) for the module and pushes one school."""
    with TestClient(APP) as c:
        who = SyncClient.register(c, demo)
        assert who.send(who.full_push()).status_code == 200
        yield who
    shutil.rmtree(_DIR, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True, database=None)
def test_api_conforms_to_its_schema(case, fuzz_school: SyncClient) -> None:  # type: ignore[no-untyped-def]
    # Every other built-in check runs (no 5xx, documented status / content type / schema /
    # headers, invalid data rejected). Schema-valid data may still be refused for reasons a
    # schema cannot state (a content hash that does not match, a wrong code): a documented
    # 4xx problem, which is what the others check.
    case.call_and_validate(headers=fuzz_school.headers, excluded_checks=[positive_data_acceptance])

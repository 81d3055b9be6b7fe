"""How a proxy is configured and what its processes share: settings from the environment,
the token secret generated once and kept in the database, the OpenAPI document whole."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pyapp.proxy.app import create_app
from pyapp.proxy.context import Context
from pyapp.proxy.settings import DEFAULT_DATABASE_URL, ENV_VARS, Settings
from tests.proxy.conftest import make_settings
from tests.proxy.sync_client import PULL, SyncClient


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    values = {"PYAPP_DATABASE_URL": "sqlite:///x.sqlite3", "PYAPP_TOKEN_SECRET": "rahasia",
              "PYAPP_TOKEN_TTL": "60", "PYAPP_MAX_BODY_BYTES": "1000", "PYAPP_MAX_PUSH_BYTES": "2000",
              "PYAPP_RATE_LIMIT": "7", "PYAPP_AUTH_FAIL_LIMIT": "3",
              "PYAPP_CORS_ORIGINS": " https://a.example , ,https://b.example"}
    assert set(values) <= set(ENV_VARS)
    for k in ENV_VARS:
        monkeypatch.delenv(k, raising=False)
    for k, v in values.items():
        monkeypatch.setenv(k, v)
    assert Settings.from_env() == dataclasses.replace(
        Settings(), database_url="sqlite:///x.sqlite3", token_secret="rahasia", token_ttl_s=60,
        max_body_bytes=1000, max_push_bytes=2000, rate_limit_per_min=7, auth_fail_limit=3,
        cors_origins=("https://a.example", "https://b.example"))


def test_blank_settings_are_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for k in ENV_VARS:
        monkeypatch.setenv(k, "  ")
    assert Settings.from_env() == Settings(database_url=DEFAULT_DATABASE_URL)  # blank secret too
    monkeypatch.setenv("PYAPP_RATE_LIMIT", "0")
    assert Settings.from_env().rate_limit_per_min == 0


def test_without_a_configured_secret_every_process_shares_one_from_the_database(tmp_path, demo):
    url = f"sqlite:///{tmp_path / 'proxy.sqlite3'}"
    first, second = Context.open(Settings(database_url=url)), Context.open(Settings(database_url=url))
    try:
        assert len(first.token_secret) == 64 and first.token_secret == second.token_secret
        blanks = Context.open(Settings(database_url=url, token_secret=" \t "))
        try:  # a secret of blanks is not a secret: the generated one is used
            assert blanks.token_secret == first.token_secret
        finally:
            blanks.close()
    finally:
        first.close()
        second.close()
    a = TestClient(create_app(False, make_settings(url, token_secret="")))
    b = TestClient(create_app(False, make_settings(url, token_secret="")))
    with a, b:
        school = SyncClient.register(a, demo)
        assert b.get(PULL, headers=school.headers).status_code == 200  # a's token, b accepts
        c = TestClient(create_app(False, make_settings(url, token_secret="lain")))
        with c:
            assert c.get(PULL, headers=school.headers).status_code == 401


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref" and isinstance(v, str)] + \
            [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_every_reference_in_the_openapi_document_resolves(client):
    doc = client.get("/api/openapi.json").json()
    schemas = doc["components"]["schemas"]
    refs = set(_refs(doc))
    assert "#/components/schemas/PushRequest" in refs and "#/components/schemas/Problem" in refs
    for ref in refs:
        name = ref.removeprefix("#/components/schemas/")
        assert isinstance(schemas.get(name), dict) and schemas[name], ref
    assert {"Change", "Manifest", "Confirmation"} <= set(schemas)
    assert doc["info"]["title"] == "pyapp sync proxy"
    assert "application/problem+json (RFC 9457)" in doc["info"]["description"]
    assert "/api/-/problems" in doc["info"]["description"]


def test_every_setting_has_its_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each PYAPP_* variable sets exactly its own field (a typo in one name is caught)."""
    ints = {"PYAPP_TOKEN_TTL": "token_ttl_s", "PYAPP_MAX_BODY_BYTES": "max_body_bytes",
            "PYAPP_MAX_PUSH_BYTES": "max_push_bytes", "PYAPP_RATE_LIMIT": "rate_limit_per_min",
            "PYAPP_AUTH_FAIL_LIMIT": "auth_fail_limit",
            "PYAPP_AUTH_BACKOFF_MAX": "auth_backoff_max_s",
            "PYAPP_AUTH_FAIL_FORGET": "auth_fail_forget_s",
            "PYAPP_UPLOAD_EXPIRY_H": "upload_expiry_h",
            "PYAPP_MAX_OPEN_UPLOADS": "max_open_uploads",
            "PYAPP_GUNZIP_CONCURRENCY": "gunzip_concurrency",
            "PYAPP_CLEANUP_INTERVAL": "cleanup_interval_s",
            "PYAPP_AUDIT_KEEP_DAYS": "audit_keep_days",
            "PYAPP_STATE_CACHE_RECORDS": "state_cache_records",
            "PYAPP_PUSH_WORKERS": "push_workers", "PYAPP_CHECK_TTL_MS": "check_ttl_ms"}
    assert set(ints) <= set(ENV_VARS)
    for k in ENV_VARS:
        monkeypatch.delenv(k, raising=False)
    for n, (var, fld) in enumerate(sorted(ints.items()), start=1):
        monkeypatch.setenv(var, str(1000 + n))
        got = Settings.from_env()
        assert getattr(got, fld) == 1000 + n, var
        assert dataclasses.replace(got, **{fld: getattr(Settings(), fld)}) == Settings(), var
        monkeypatch.delenv(var)
    monkeypatch.setenv("PYAPP_CSP_CONNECT_SRC", "https://proxy.example")
    assert Settings.from_env().csp_connect_src == ("https://proxy.example",)

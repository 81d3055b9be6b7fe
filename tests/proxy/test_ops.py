"""Operations: maintenance window, body and rate limits, CORS, logs, introspection."""

from __future__ import annotations

import json
import logging
import re
import sys
import time

import pytest
from fastapi.testclient import TestClient

from pyapp.proxy import ops
from pyapp.proxy.app import create_app
from tests.proxy.conftest import make_settings
from pyapp.core.sync.messages import DATA_FORMAT
from tests.proxy.sync_client import PULL, SyncClient


class TestMaintenanceWindowThenSuccess:
    def test_503_with_retry_after_then_the_same_push_succeeds(self, client, school):
        push = school.full_push()
        ops.set_maintenance(client.app.state.ctx, True, retry_after=120, message="Semester baru")
        try:
            r = school.send(push)
            assert r.status_code == 503
            assert r.headers["retry-after"] == "120"
            body = r.json()
            assert (body["code"], body["retry"]) == ("server.pemeliharaan", True)
            assert body["details"] == {"retry_after": 120, "message": "Semester baru"}
            assert client.get("/api/health").status_code == 200  # still answers
            assert client.get("/api/-/version").status_code == 200
        finally:
            ops.set_maintenance(client.app.state.ctx, False)
        r = school.send(push)
        assert r.status_code == 200
        assert r.json()["server_seq"] == 1


def test_a_maintenance_flag_without_details_waits_ten_minutes(client):
    """A flag set by hand in the database (only {"on": true}) still answers completely."""
    from pyapp.proxy import db

    with db.write_session(client.app.state.ctx.sessions) as s:
        db.put_setting(s, "maintenance", {"on": True})
    # Written around the proxy's own switch: seen within check_ttl_ms (checks.py).
    time.sleep(client.app.state.ctx.settings.check_ttl_ms / 1000)
    try:
        r = client.get(PULL)
        assert (r.status_code, r.headers["retry-after"]) == (503, "600")
        assert r.json()["details"] == {"retry_after": 600, "message": ""}
    finally:
        ops.set_maintenance(client.app.state.ctx, False)


def test_maintenance_state_is_shared_through_the_database(db_url):
    with TestClient(create_app(False, make_settings(db_url))) as a, \
            TestClient(create_app(False, make_settings(db_url))) as b:
        ops.set_maintenance(a.app.state.ctx, True, retry_after=30)
        try:
            assert b.get(PULL).status_code == 503
        finally:
            ops.set_maintenance(a.app.state.ctx, False)
        assert b.get(PULL).status_code == 401


@pytest.mark.parametrize("length", ["abc", "-5", "1e3", ""])
def test_a_malformed_content_length_is_refused_before_the_body_is_read(client, length):
    lines: list[logging.LogRecord] = []
    grab = logging.Handler()
    grab.emit = lines.append  # type: ignore[method-assign]
    logging.getLogger("pyapp.proxy").addHandler(grab)
    try:
        r = client.post("/api/push", content=b"{}", headers={"Content-Length": length,
                                                             "Content-Type": "application/json"})
    finally:
        logging.getLogger("pyapp.proxy").removeHandler(grab)
    (logged,) = [x for x in lines if getattr(x, "event", "") == "request"]
    assert (logged.status, logged.problem) == (400, "request.rusak")  # the access log names it
    assert (r.status_code, r.json()["code"]) == (400, "request.rusak")
    assert r.json()["details"] == {"reason": "Content-Length tidak sah"}


def test_body_over_the_limit_is_413(db_url, demo):
    with TestClient(create_app(False, make_settings(db_url, max_body_bytes=50_000))) as c:
        who = SyncClient.register(c, demo)
        r = who.send(who.full_push())
        assert r.status_code == 413
        assert r.json()["code"] == "request.terlalu_besar"
        assert r.json()["details"] == {"limit_bytes": 50_000}

        def chunks():  # type: ignore[no-untyped-def]
            for _ in range(10):
                yield b"x" * 10_000

        r = c.post("/api/push", content=chunks(), headers=who.headers)
        assert r.status_code == 413


def test_rate_limit_is_429_and_shared_between_processes(db_url, demo):
    s = make_settings(db_url, rate_limit_per_min=5)
    with TestClient(create_app(False, s)) as a, TestClient(create_app(False, s)) as b:
        who = SyncClient.register(a, demo)
        statuses = [(a if i % 2 else b).get(PULL, headers=who.headers).status_code
                    for i in range(8)]
        assert statuses.count(429) >= 2
        r = a.get(PULL, headers=who.headers)
        assert r.json()["code"] == "request.terlalu_sering"
        assert 0 < int(r.headers["retry-after"]) <= 61
        assert a.get("/api/health").status_code == 200


def test_cors_is_configurable(db_url):
    s = make_settings(db_url, cors_origins=("https://app.sekolah.example",))
    with TestClient(create_app(False, s)) as c:
        r = c.options("/api/push", headers={"Origin": "https://app.sekolah.example",
                                            "Access-Control-Request-Method": "POST"})
        assert r.headers["access-control-allow-origin"] == "https://app.sekolah.example"
        r = c.get("/api/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers
    with TestClient(create_app(False, make_settings(db_url))) as c:
        r = c.get("/api/health", headers={"Origin": "https://app.sekolah.example"})
        assert "access-control-allow-origin" not in r.headers


def test_requests_are_logged_as_json_lines(client, school, caplog):
    handler_records: list[str] = []

    class Grab(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            handler_records.append(ops.JsonFormatter().format(record))

    logger = logging.getLogger("pyapp.proxy")
    h = Grab()
    logger.addHandler(h)
    try:
        r = client.get(PULL, params={"format": DATA_FORMAT, "cursor": 99}, headers=school.headers)
    finally:
        logger.removeHandler(h)
    line = json.loads(handler_records[-1])
    assert line["event"] == "request" and line["path"] == "/api/pull"
    assert line["method"] == "GET" and line["client"] == "testclient"
    assert line["status"] == 422 and line["problem"] == "pull.kursor_tidak_sah"
    assert line["request_id"] == r.headers["x-request-id"] and 0 <= line["ms"] < 60_000
    assert (line["level"], line["logger"], line["msg"]) == ("info", "pyapp.proxy", "request")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["ts"])
    assert "exc" not in line


def test_a_logged_exception_carries_its_traceback():
    try:
        raise ValueError("rusak di sini")
    except ValueError:
        record = logging.getLogger("pyapp.proxy").makeRecord(
            "pyapp.proxy", logging.ERROR, __file__, 1, "gagal %s", ("x",), sys.exc_info())
    line = json.loads(ops.JsonFormatter().format(record))
    assert line["msg"] == "gagal x" and line["level"] == "error"
    assert "ValueError: rusak di sini" in line["exc"]


def test_setup_logging_installs_one_json_handler():
    logger = logging.getLogger("pyapp.proxy")
    before, propagate, level = list(logger.handlers), logger.propagate, logger.level
    try:
        for h in before:
            logger.removeHandler(h)
        ops.setup_logging("warning")
        ops.setup_logging("warning")  # twice: still one handler
        (h,) = logger.handlers
        assert isinstance(h.formatter, ops.JsonFormatter)
        assert logger.level == logging.WARNING and logger.propagate is False
    finally:
        for h in list(logger.handlers):
            logger.removeHandler(h)
        for h in before:
            logger.addHandler(h)
        logger.propagate, logger.level = propagate, level


def test_rate_counters_forget_old_windows(client, monkeypatch):
    """Housekeeping (now and then on a hit, and at cleanup) drops windows older than the
    previous minute, of its own key family only."""
    from sqlalchemy import select

    from pyapp.proxy import cleanup, db, ratelimit

    ctx = client.app.state.ctx
    now = 1_000_000 * 60.0
    with db.write_session(ctx.sessions) as s:
        for key, window in (("rate:ip:a", 999_990), ("rate:ip:a", 999_999),
                            ("lain:x", 999_990)):
            s.add(db.RateCounter(key=key, window=window, count=3))
    monkeypatch.setattr(ratelimit.random, "random", lambda: 0.0)  # housekeeping on this hit
    with db.write_session(ctx.sessions) as s:
        assert ratelimit.hit(s, "rate:ip:b", 60, now=now) == (1, 61)
    with ctx.sessions() as s:
        left = {(k, w) for k, w in s.execute(select(db.RateCounter.key, db.RateCounter.window))
                if k in ("rate:ip:a", "rate:ip:b", "lain:x")}  # other tests' counters aside
    assert left == {("rate:ip:a", 999_999), ("lain:x", 999_990), ("rate:ip:b", 1_000_000)}
    with db.write_session(ctx.sessions) as s:
        s.add(db.RateCounter(key="rate:ip:c", window=5, count=1))
    assert cleanup.run(ctx).rate_counters >= 1
    with ctx.sessions() as s:
        keys = {k for (k,) in s.execute(select(db.RateCounter.key)).all()}
    assert "rate:ip:c" not in keys and "lain:x" in keys


def test_an_unexpected_error_is_a_500_problem_naming_the_request(db_url, monkeypatch, school):
    from pyapp.proxy import pull

    def broken(*args, **kwargs):  # a bug deep inside a request
        raise RuntimeError("bug")

    monkeypatch.setattr(pull, "pull_page", broken)
    with TestClient(create_app(False, make_settings(db_url)), raise_server_exceptions=False) as c:
        who = SyncClient.register(c, school.snapshot)
        r = c.get(PULL, headers=who.headers)
    assert (r.status_code, r.json()["code"]) == (500, "server.kesalahan")
    assert r.json()["details"] == {"request_id": r.headers["x-request-id"]}
    assert "bug" not in r.text  # no internals to the client
    assert r.headers["content-security-policy"].startswith("default-src 'none'")
    assert r.headers["x-content-type-options"] == "nosniff"


def test_api_docs_assets_are_cached_for_a_day(client):
    r = client.get("/api/docs/swagger-ui.css")
    assert r.status_code == 200
    assert r.headers["cache-control"] == "public, max-age=86400"


def test_version_names_the_database_and_schema(client):
    v = client.get("/api/-/version").json()
    assert v["schema_revision"] == "0004"
    assert v["database"] in ("sqlite", "postgresql")


@pytest.mark.parametrize("path", ["/api/nope", "/api/-/nope"])
def test_unknown_api_paths_are_problems(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"


def test_the_docs_page_assets_are_served_but_not_api_operations(tmp_path):
    """Swagger UI's files are served from this origin, and the API description lists only
    the API itself (an app made for this test: a shared one hides it from mutation testing)."""
    from fastapi.testclient import TestClient

    from pyapp.proxy.app import create_app
    from tests.proxy.conftest import make_settings

    with TestClient(create_app(False, make_settings(f"sqlite:///{tmp_path / 'd.sqlite3'}"))) as c:
        paths = c.get("/api/openapi.json").json()["paths"]
        assert paths and not [p for p in paths if p.startswith("/api/docs")]
        assert c.get("/api/docs").status_code == 200
        assert c.get("/api/docs/swagger-ui-bundle.js").status_code == 200


def test_quiet_kode_throttles_are_forgotten_unless_still_locked(client):
    """A throttle row untouched for the forget period is dropped, but not while its lock is
    still running (a long backoff outlives the forget period)."""
    from sqlalchemy import select

    from pyapp.proxy import db, throttle

    ctx, now = client.app.state.ctx, 2_000_000_000.0
    with db.write_session(ctx.sessions) as s:
        for c, updated, next_at in (("192.0.2.71", now - 90_000, now - 10),   # quiet, unlocked
                                    ("192.0.2.72", now - 90_000, now + 500),  # quiet, locked
                                    ("192.0.2.73", now - 10, now - 5)):       # recent
            s.add(db.AuthThrottle(npsn="P9999999", client=c, fails=6, next_at=next_at,
                                  updated_at=updated))
    with db.write_session(ctx.sessions) as s:
        assert throttle.forget_quiet(s, 86_400, now) == 1
    with ctx.sessions() as s:
        left = set(s.execute(select(db.AuthThrottle.client).where(
            db.AuthThrottle.npsn == "P9999999")).scalars())
    assert left == {"192.0.2.72", "192.0.2.73"}


def test_one_writer_lock_per_sqlite_file_and_none_for_postgres(tmp_path):
    """Writers of one SQLite file in this process queue on one lock (not inside SQLite's busy
    handler); another file has its own; PostgreSQL needs none (it locks rows itself)."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from pyapp.proxy import db

    def factory(url: str) -> sessionmaker:  # type: ignore[type-arg]
        return sessionmaker(bind=create_engine(url))

    a1 = db._writer_lock(factory(f"sqlite:///{tmp_path / 'a.sqlite3'}"))
    a2 = db._writer_lock(factory(f"sqlite:///{tmp_path / 'a.sqlite3'}"))
    b = db._writer_lock(factory(f"sqlite:///{tmp_path / 'b.sqlite3'}"))
    assert a1 is not None and a1 is a2 and b is not None and b is not a1
    assert db._writer_lock(factory("postgresql+psycopg://u@localhost/x")) is None

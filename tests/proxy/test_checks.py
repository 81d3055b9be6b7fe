"""The per-request checks (maintenance switch, the token's kode generation) are cached per
process for check_ttl_ms (pyapp/proxy/checks.py): the hot path opens no session for them, a
change made in the same process is seen at once, one made by another process within the TTL,
and a push never gets through with the token of a replaced kode."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from pyapp.proxy import db, ops, schools
from pyapp.proxy.app import create_app
from tests.proxy.conftest import make_settings
from tests.proxy.remote import RemoteProxy
from tests.proxy.sync_client import PULL, SyncClient, edit

TTL_MS = 400


def test_requests_within_the_ttl_read_neither_switch_nor_kode(db_url, demo):
    # A TTL of a minute: on a loaded machine five requests can take longer than one second.
    with TestClient(create_app(False, make_settings(db_url, check_ttl_ms=60_000))) as client:
        _five_requests_read_no_check(client, SyncClient.register(client, demo))


def _five_requests_read_no_check(client, school):  # type: ignore[no-untyped-def]
    assert school.send(school.full_push()).status_code == 200
    statements: list[str] = []

    def seen(_conn, _cur, statement, *_a):  # type: ignore[no-untyped-def]
        statements.append(statement)

    ctx = client.app.state.ctx
    engine = ctx.engine
    client.get(PULL, headers=school.headers)  # fills the cache
    loads = ctx.checks.loads
    event.listen(engine, "before_cursor_execute", seen)
    try:
        for _ in range(5):
            assert client.get(PULL, headers=school.headers).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert statements  # the pulls themselves did run
    assert ctx.checks.loads == loads
    assert not [s for s in statements if "FROM settings" in s
                or s.startswith("SELECT schools.code_gen \nFROM")]


@pytest.fixture(scope="module")
def far(db_url):  # type: ignore[no-untyped-def]
    """Another process: a real server whose cache this test process cannot reach."""
    with RemoteProxy(db_url, PYAPP_CHECK_TTL_MS=str(TTL_MS)) as rp:
        yield rp


def test_maintenance_set_elsewhere_is_seen_within_the_ttl(far):
    remote = far.remote
    assert remote.get(PULL).status_code == 401  # answered, and cached "no maintenance"
    ops.set_maintenance(far.ctx, True, retry_after=45)
    try:
        time.sleep(TTL_MS / 1000)
        r = remote.get(PULL)
        assert (r.status_code, r.headers["retry-after"]) == (503, "45")
    finally:
        ops.set_maintenance(far.ctx, False)
    time.sleep(TTL_MS / 1000)
    assert remote.get(PULL).status_code == 401


def test_reset_code_elsewhere_stops_old_tokens_within_the_ttl_and_pushes_at_once(far, demo):
    remote = far.remote
    who = SyncClient.register(remote, demo)
    assert who.send(who.full_push()).status_code == 200
    assert remote.get(PULL, headers=who.headers).status_code == 200  # gen cached
    with db.write_session(far.ctx.sessions) as s:
        schools.reset_code(s, who.npsn)
    # At once: a push checks the kode generation in its own transaction.
    r = who.send(who.make_push([edit(demo.records["peserta_didik"][0], nama="Nama Lain")]))
    assert (r.status_code, r.json()["details"]) == (401, {"reason": "kode_diganti"})
    time.sleep(TTL_MS / 1000)
    r = remote.get(PULL, headers=who.headers)
    assert (r.status_code, r.json()["details"]) == (401, {"reason": "kode_diganti"})

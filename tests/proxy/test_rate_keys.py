"""Whose requests the per-minute limit counts together: a logged-in school's requests by the
school (whatever its address), anything else by the client's address; counted in one-minute
windows kept in the database."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pyapp.proxy import db
from pyapp.proxy.app import create_app
from tests.proxy.conftest import make_settings
from tests.proxy.sync_client import PULL

RATE = 3


@pytest.fixture()
def app(tmp_path: Path):  # type: ignore[no-untyped-def]
    return create_app(False, make_settings(f"sqlite:///{tmp_path / 'proxy.sqlite3'}",
                                           rate_limit_per_min=RATE))


def _client(app, address: str) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app, client=(address, 40000))


def _statuses(c: TestClient, n: int, **headers: str) -> list[int]:
    return [c.get(PULL, headers=headers).status_code for _ in range(n)]


def _same_minute(check) -> None:  # type: ignore[no-untyped-def]
    """Run `check` until it runs inside one minute (a window turning mid-way proves nothing)."""
    for _attempt in range(3):
        minute = int(time.time() // 60)
        result = check()
        if int(time.time() // 60) == minute:
            return result
    pytest.fail("the minute turned during every attempt")


def test_anonymous_requests_are_counted_per_client_address(app) -> None:  # type: ignore[no-untyped-def]
    with _client(app, "203.0.113.7") as a, _client(app, "198.51.100.9") as b:
        def check() -> None:
            first = _statuses(a, RATE + 1)
            other = _statuses(b, 1)
            assert first[:RATE] == [401] * RATE and first[RATE] == 429, first
            assert other == [401], "another address has its own count"
        _same_minute(check)


def test_a_token_that_does_not_verify_is_counted_by_address(app) -> None:  # type: ignore[no-untyped-def]
    """A forged or expired token must not buy a fresh count per made-up school."""
    with _client(app, "203.0.113.8") as a:
        def check() -> None:
            got = [a.get(PULL, headers={"Authorization": f"Bearer palsu{i}"}).status_code
                   for i in range(RATE + 1)]
            assert got[RATE] == 429, got
        _same_minute(check)


def test_counts_are_kept_per_minute_window_in_the_database(app) -> None:  # type: ignore[no-untyped-def]
    with _client(app, "192.0.2.44") as a:
        before = int(time.time() // 60)
        assert a.get(PULL).status_code == 401
        after = int(time.time() // 60)
        with app.state.ctx.sessions() as s:
            rows = s.execute(select(db.RateCounter.window, db.RateCounter.count)
                             .where(db.RateCounter.key == "rate:ip:192.0.2.44")).all()
    assert len(rows) == 1
    window, count = rows[0]
    assert before <= window <= after and count == 1

"""Housekeeping in process (cleanup.run and the serving loop's task): expired uploads go with
their parts, and only those; the counts it reports are what it removed; the periodic task
runs it every interval and survives a failed run."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from datetime import timedelta

from sqlalchemy import select, update

from pyapp.proxy import cleanup, db
from tests.proxy.test_bounds import _announce, _put, _stored_bytes


def _open_uploads(client, school, n: int, tag: str) -> list[str]:  # type: ignore[no-untyped-def]
    ids = []
    for i in range(n):
        up = _announce(client, school, 20, 2, f"{tag}-{i}").json()
        assert _put(client, school, up["upload_id"], 0, b"z" * 10).status_code == 200
        assert _put(client, school, up["upload_id"], 1, b"y" * 10).status_code == 200
        ids.append(up["upload_id"])
    return ids


def _age(ctx, ids: list[str], hours: int) -> None:  # type: ignore[no-untyped-def]
    with db.write_session(ctx.sessions) as s:
        s.execute(update(db.Upload).where(db.Upload.id.in_(ids))
                  .values(created_at=db.utcnow() - timedelta(hours=hours)))


def _uploads_left(ctx, ids: list[str]) -> set[str]:  # type: ignore[no-untyped-def]
    with ctx.sessions() as s:
        return set(s.execute(select(db.Upload.id).where(db.Upload.id.in_(ids))).scalars())


def test_expired_uploads_go_with_their_parts_and_only_they(client, school):
    ctx = client.app.state.ctx
    ids = _open_uploads(client, school, 3, "cleanup-run")
    _age(ctx, ids[:2], 49)  # the expiry is 48 h
    _age(ctx, ids[2:], 47)
    done = cleanup.run(ctx)
    assert (done.uploads, done.parts) == (2, 4)
    assert _uploads_left(ctx, ids) == {ids[2]}
    assert [_stored_bytes(ctx, i) for i in ids] == [0, 0, 20]
    assert cleanup.run(ctx).uploads == 0  # nothing left to do


def test_the_serving_loop_cleans_every_interval_and_survives_a_failure(client, school, caplog,
                                                                       monkeypatch):
    ctx = client.app.state.ctx
    ids = _open_uploads(client, school, 1, "cleanup-loop")
    _age(ctx, ids, 49)
    runs = []
    real_run = cleanup.run

    def flaky(c):  # type: ignore[no-untyped-def]
        runs.append(1)
        if len(runs) == 1:
            raise RuntimeError("database gone for a moment")
        return real_run(c)

    fast = dataclasses.replace(ctx.settings, cleanup_interval_s=1)

    async def serve_briefly() -> None:
        task = asyncio.create_task(cleanup.periodically(dataclasses.replace(ctx, settings=fast)))
        await asyncio.sleep(2.6)
        assert not task.done(), "the loop must keep running after a failed cleanup"
        task.cancel()

    monkeypatch.setattr(cleanup, "run", flaky)
    with caplog.at_level(logging.ERROR, "pyapp.proxy"):
        asyncio.run(serve_briefly())
    assert len(runs) == 2, runs
    assert _uploads_left(ctx, ids) == set()
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == ["cleanup failed"]

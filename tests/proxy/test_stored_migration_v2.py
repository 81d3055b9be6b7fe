"""Records the proxy stored from format-2 clients get the official jenis sarana ids from
migration 0004 at start-up, on SQLite and PostgreSQL: versions and revs stay, a school already
on format 3 is untouched, uploads still open (format-2 bodies) are dropped, committed ones
kept, and the map is never applied twice."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from pyapp.core.migration import migrate
from pyapp.core.snapshot import dump_snapshot
from pyapp.proxy import db
from pyapp.proxy.app import create_app
from tests.proxy.conftest import make_settings
from tests.proxy.test_stored_migration import _held, _store

LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "legacy"


def _v2() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(gzip.decompress(
        (LEGACY / "snapshot-v2-small-seed5.json.gz").read_bytes()))
    assert raw["version"] == 2
    return raw


def _uploads(sessions: Any, school_id: int) -> None:
    """One upload still open (parts received, no push yet) and one committed by a push."""
    with db.write_session(sessions) as s:
        push_id = s.execute(insert(db.Push.__table__).values(
            school_id=school_id, idempotency_key="lama-selesai", request_hash="sha256:" + "0" * 64,
            server_seq=1, receipt="{}", confirmation="{}").returning(db.Push.__table__.c.id)).scalar_one()
        for uid, key, push in (("u-terbuka", "lama-terbuka", None), ("u-selesai", "lama-selesai", push_id)):
            s.execute(insert(db.Upload.__table__).values(
                id=uid, school_id=school_id, idempotency_key=key, parts=1, size=4,
                sha256="sha256:" + "1" * 64, content_encoding="gzip", push_id=push))
        s.execute(insert(db.UploadPart.__table__).values(upload_id="u-terbuka", part=0,
                                                         sha256="2" * 64, data=b"lama"))


def test_v2_sarana_codes_are_migrated_at_start_once(db_url: str, demo) -> None:  # type: ignore[no-untyped-def]
    engine = db.make_engine(db_url)
    db.migrate(engine, "0003")  # the server as it was before this migration
    sessions = db.make_sessionmaker(engine)
    raw = _v2()
    old_id, _, _ = _store(sessions, raw)
    _uploads(sessions, old_id)
    new_raw = json.loads(dump_snapshot(demo))  # today's format: official ids already
    new_id, _, _ = _store(sessions, new_raw)
    before_old, before_new = _held(sessions, old_id), _held(sessions, new_id)
    engine.dispose()

    app = create_app(serve_static=False, settings=make_settings(db_url))  # migrates at start
    with TestClient(app):
        sessions = app.state.ctx.sessions
        held = _held(sessions, old_id)
        expected = migrate(copy.deepcopy(raw))["records"]
        changed = 0
        for tname, rows in expected.items():
            for rec in rows:
                got = held[rec["id"]]
                assert got["data"] == rec, (tname, rec["id"])
                assert (got["version"], got["rev"]) == (before_old[rec["id"]]["version"],
                                                         before_old[rec["id"]]["rev"])
                changed += got["data"] != before_old[rec["id"]]["data"]
        old_alat = {r["id"]: r["jenis_sarana"] for r in raw["records"]["alat"]}
        assert changed == sum(1 for c in old_alat.values() if c not in (1, 2, 3, 4)) > 0
        papan = next(i for i, c in old_alat.items() if c == 5)
        assert held[papan]["data"]["jenis_sarana"] == 7  # Papan Tulis
        assert _held(sessions, new_id) == before_new  # already format 3: untouched
        with sessions() as s:
            assert s.scalars(select(db.Upload.id)).all() == ["u-selesai"]
            assert s.scalar(select(func.count()).select_from(db.UploadPart)) == 0
    db.migrate(app.state.ctx.engine)  # at head: Alembic runs nothing again (7 stays 7)
    assert _held(db.make_sessionmaker(app.state.ctx.engine), old_id) == held

"""Records the proxy stored from version-1 clients are migrated to the official codes by
migration 0003 at start-up, on SQLite and PostgreSQL: the school's Kepala Sekolah (jabatan 1
in version 1) is recognised again, a school already on version 2 is untouched, and running it
again changes nothing."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import insert, select, update

from pyapp.core.migration import migrate
from pyapp.core.snapshot import dump_snapshot
from pyapp.proxy import db, schools
from pyapp.proxy.app import create_app
from tests.proxy.conftest import make_settings
from tests.proxy.sync_client import new_npsn

LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "legacy"


def _v1() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(gzip.decompress(
        (LEGACY / "snapshot-v1-small-seed3.json.gz").read_bytes()))
    return raw


def _store(sessions: Any, raw: dict[str, Any]) -> tuple[int, str, str]:
    """A school as a version-1 client left it on the server: registered, one push, records."""
    npsn = new_npsn()
    with db.write_session(sessions) as s:
        code = schools.register(s, npsn, "SD Lama " + npsn).code
        school = schools.find(s, npsn)
        assert school is not None
        rows = [{"school_id": school.id, "id": r["id"], "type": t, "version": r["version"],
                 "deleted": bool(r.get("deleted")), "rev": n,
                 "data": json.dumps(r, separators=(",", ":"))}
                for n, (t, r) in enumerate(((t, r) for t, rs in raw["records"].items() for r in rs), 1)]
        s.execute(insert(db.StoredRecord.__table__), rows)
        s.execute(update(db.School).where(db.School.id == school.id)
                  .values(push_seq=1, rev_seq=len(rows), semester_id=raw["school"]["semester_id"]))
        return school.id, npsn, code


def _held(sessions: Any, school_id: int) -> dict[str, dict[str, Any]]:
    t = db.StoredRecord.__table__.c
    with sessions() as s:
        return {r.id: {"type": r.type, "version": r.version, "rev": r.rev,
                       "data": json.loads(r.data)}
                for r in s.execute(select(t.id, t.type, t.version, t.rev, t.data)
                                   .where(t.school_id == school_id))}


def _token(client: TestClient, npsn: str, code: str, ptk_id: str) -> Any:
    return client.post("/api/auth/token", json={"npsn": npsn, "kode_registrasi": code,
                                                "role": "kepala_sekolah", "ptk_id": ptk_id})


def test_v1_records_are_migrated_at_start_and_the_principal_is_recognised(db_url: str, demo) -> None:  # type: ignore[no-untyped-def]
    engine = db.make_engine(db_url)
    db.migrate(engine, "0002")  # the server as it was before this migration
    sessions = db.make_sessionmaker(engine)
    raw = _v1()
    ks = next(r for r in raw["records"]["tugas_tambahan"] if r["jabatan"] == 1)
    old_id, old_npsn, old_code = _store(sessions, raw)
    new_raw = json.loads(dump_snapshot(demo))
    new_id, _, _ = _store(sessions, new_raw)
    before_old, before_new = _held(sessions, old_id), _held(sessions, new_id)
    engine.dispose()

    app = create_app(serve_static=False, settings=make_settings(db_url))  # migrates at start
    with TestClient(app) as client:
        sessions = app.state.ctx.sessions
        held = _held(sessions, old_id)
        expected = migrate(copy.deepcopy(raw))["records"]
        for tname, rows in expected.items():
            for rec in rows:
                got = held[rec["id"]]
                assert got["data"]["id"] == rec["id"]
                for field, value in rec.items():
                    assert got["data"].get(field) == value, (tname, rec["id"], field)
                # a format change, not an edit: version and rev stay (nothing to pull again)
                assert (got["version"], got["rev"]) == (before_old[rec["id"]]["version"],
                                                         before_old[rec["id"]]["rev"])
        assert held[ks["id"]]["data"]["jabatan"] == 2
        assert _held(sessions, new_id) == before_new  # already version 2: untouched
        r = _token(client, old_npsn, old_code, ks["ptk_id"])
        assert r.status_code == 200, r.text

        # Idempotent: the data transform finds version-2 records and leaves them.
        migration = __import__("importlib").import_module(
            "pyapp.proxy.migrations.versions.0003_official_codes")
        with db.write_session(sessions) as s:
            assert migration.migrate_school(s.connection(), old_id) == 0
        assert _held(sessions, old_id) == held
    db.migrate(app.state.ctx.engine)  # at head: Alembic runs nothing again
    assert _held(db.make_sessionmaker(app.state.ctx.engine), old_id) == held


def test_before_the_migration_the_v1_school_has_no_principal(db_url: str) -> None:
    """The failure the migration fixes: the same stored records, read with today's rule."""
    from pyapp.core.problems import ProblemError
    from pyapp.proxy import principal

    engine = db.make_engine(db_url)
    db.migrate(engine, "0002")
    sessions = db.make_sessionmaker(engine)
    raw = _v1()
    ks = next(r for r in raw["records"]["tugas_tambahan"] if r["jabatan"] == 1)
    school_id, _, _ = _store(sessions, raw)
    with sessions() as s:
        school = s.get(db.School, school_id)
        try:
            principal.check_token(s, school, ks["ptk_id"])
        except ProblemError as exc:
            assert exc.code == "auth.bukan_kepala_sekolah"
        else:
            raise AssertionError("a version-1 Kepala Sekolah must not pass today's check")
    engine.dispose()

"""Shared steps of the data migrations that rewrite the records a school stored in an older
snapshot format (revisions 0003 and 0004): one school at a time, only `data` changes (version,
rev and deleted stay: a format change is not an edit, and no client pulls it again), and the
uploads not yet committed, which hold bodies in the older format, are dropped (their client
starts its push again; its changes are still in its outbox)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

__all__ = ["rewrite_school", "school_ids", "drop_open_uploads"]

_records = sa.table("records", sa.column("school_id", sa.Integer), sa.column("id", sa.String),
                    sa.column("type", sa.String), sa.column("data", sa.Text))
_uploads = sa.table("uploads", sa.column("id", sa.String), sa.column("push_id", sa.Integer))
_parts = sa.table("upload_parts", sa.column("upload_id", sa.String))
_CHUNK = 1000

#: records of one school (type -> record dicts) -> whether they were migrated (in place)
Migrate = Callable[[dict[str, list[dict[str, Any]]]], bool]


def _dump(tname: str, rec: dict[str, Any]) -> str:
    """As the proxy stores a record (merge._dump); as plain JSON if it no longer validates."""
    from pydantic import ValidationError

    from pyapp.core.models import RECORD_TYPES

    model = RECORD_TYPES.get(tname)
    if model is not None:
        try:
            return model.model_validate(rec).model_dump_json(exclude_none=True)
        except ValidationError:
            pass
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


def school_ids(conn: sa.Connection) -> list[int]:
    return [int(i) for i in conn.execute(sa.text("SELECT DISTINCT school_id FROM records")).scalars()]


def rewrite_school(conn: sa.Connection, school_id: int, migrate: Migrate) -> int:
    """Run `migrate` on one school's records and write back the changed ones; how many."""
    t = _records.c
    rows = conn.execute(sa.select(t.id, t.type, t.data).where(t.school_id == school_id)).all()
    records: dict[str, list[dict[str, Any]]] = {}
    before: dict[str, str] = {}
    for rid, tname, data in rows:
        rec = json.loads(data)
        if isinstance(rec, dict):
            records.setdefault(tname, []).append(rec)
            before[rid] = data
    if not migrate(records):
        return 0
    updates = []
    for tname, recs in records.items():
        for rec in recs:
            text = _dump(tname, rec)
            if json.loads(text) != json.loads(before[rec["id"]]):
                updates.append({"b_school": school_id, "b_id": rec["id"], "data": text})
    stmt = (sa.update(_records).where(t.school_id == sa.bindparam("b_school"),
                                      t.id == sa.bindparam("b_id"))
            .values(data=sa.bindparam("data")))
    for i in range(0, len(updates), _CHUNK):
        conn.execute(stmt, updates[i:i + _CHUNK])
    return len(updates)


def drop_open_uploads(conn: sa.Connection) -> None:
    open_uploads = sa.select(_uploads.c.id).where(_uploads.c.push_id.is_(None))
    conn.execute(sa.delete(_parts).where(_parts.c.upload_id.in_(open_uploads)))
    conn.execute(sa.delete(_uploads).where(_uploads.c.push_id.is_(None)))

"""Stored records on the official Dapodik codes (snapshot format 2): the records old clients
pushed with the version-1 codes are rewritten with the same map as snapshots
(pyapp.core.migration), school by school.

Without it a school whose Kepala Sekolah was pushed as jabatan 1 (version 1) has no principal
under version 2 (jabatan 2 or 33), and no token for its principal is issued.

- A school's records are in version 1 unless they show a sign only version 2 writes
  (`stored_version`); a school already on version 2 is left as it is.
- Only `data` changes: version, rev and deleted stay, so the change is not a new edit and
  no client pulls it again (clients migrate their own copies at open, engine/upgrade.py).
- Uploads not yet committed hold version-1 bodies: they are dropped, and their client starts
  its push again (its changes are still in its outbox).

Runs at start-up like every revision (db.migrate: one process at a time, in one transaction),
and exactly once: Alembic's version table is the marker.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from pyapp.core.migration import migrate_records, stored_version

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_records = sa.table("records", sa.column("school_id", sa.Integer), sa.column("id", sa.String),
                    sa.column("type", sa.String), sa.column("data", sa.Text))
_uploads = sa.table("uploads", sa.column("id", sa.String), sa.column("push_id", sa.Integer))
_parts = sa.table("upload_parts", sa.column("upload_id", sa.String))
_CHUNK = 1000


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


def migrate_school(conn: sa.Connection, school_id: int) -> int:
    """Rewrite one school's version-1 records; returns how many changed."""
    t = _records.c
    rows = conn.execute(sa.select(t.id, t.type, t.data).where(t.school_id == school_id)).all()
    records: dict[str, list[dict[str, Any]]] = {}
    before: dict[str, str] = {}
    for rid, tname, data in rows:
        rec = json.loads(data)
        if isinstance(rec, dict):
            records.setdefault(tname, []).append(rec)
            before[rid] = data
    if stored_version(records) != 1:
        return 0
    migrate_records(records)
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


def upgrade() -> None:
    conn = op.get_bind()
    school_ids = conn.execute(sa.text("SELECT DISTINCT school_id FROM records")).scalars().all()
    for school_id in school_ids:
        migrate_school(conn, int(school_id))
    open_uploads = sa.select(_uploads.c.id).where(_uploads.c.push_id.is_(None))
    conn.execute(sa.delete(_parts).where(_parts.c.upload_id.in_(open_uploads)))
    conn.execute(sa.delete(_uploads).where(_uploads.c.push_id.is_(None)))


def downgrade() -> None:
    """The version-1 codes are not restored (several old codes map to one new code)."""

"""Stored records on the official jenis sarana ids (snapshot format 3): every alat a client
pushed with format 2's own sarana codes is rewritten with the same map as snapshots
(pyapp.core.migration_v2), school by school.

The official table reuses format 2's numbers for other kinds (official 5 is Meja TU, format 2's
5 was Papan Tulis), so the map is applied exactly once: Alembic's version table is the marker,
and after 0003 every stored school is in format 2. A school whose records already show an
official-only sarana id (`stored_version` 3) is left as it is.

- Only `data` changes (version, rev and deleted stay), and uploads not yet committed are
  dropped: they hold format-2 bodies (migrations/stored_records.py).
- From now on a push or upload must declare its data format (sync protocol, `format` in the
  manifest); the proxy refuses an older one, so an old client cannot store format-2 codes again.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from pyapp.core.migration import migrate_records, stored_version
from pyapp.proxy.migrations.stored_records import drop_open_uploads, rewrite_school, school_ids

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _v2_to_v3(records: dict[str, list[dict[str, Any]]]) -> bool:
    if stored_version(records) == 3:
        return False
    migrate_records(records, found=2, target=3)
    return True


def migrate_school(conn: sa.Connection, school_id: int) -> int:
    """Rewrite one school's format-2 records; returns how many changed."""
    return rewrite_school(conn, school_id, _v2_to_v3)


def upgrade() -> None:
    conn = op.get_bind()
    for school_id in school_ids(conn):
        migrate_school(conn, school_id)
    drop_open_uploads(conn)


def downgrade() -> None:
    """The format-2 codes are not restored (several official ids have no format-2 code)."""

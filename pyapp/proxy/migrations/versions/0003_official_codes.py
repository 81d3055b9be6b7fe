"""Stored records on the official Dapodik codes (snapshot format 2): the records old clients
pushed with the version-1 codes are rewritten with the same map as snapshots
(pyapp.core.migration), school by school.

Without it a school whose Kepala Sekolah was pushed as jabatan 1 (version 1) has no principal
under version 2 (jabatan 2 or 33), and no token for its principal is issued.

- A school's records are in version 1 unless they show a sign only a later version writes
  (`stored_version`); a school already on version 2 is left as it is.
- It stops at format 2: format 3 is revision 0004's step, so no map is applied twice.
- Only `data` changes, and uploads not yet committed are dropped (migrations/stored_records.py).

Runs at start-up like every revision (db.migrate: one process at a time, in one transaction),
and exactly once: Alembic's version table is the marker.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from pyapp.core.migration import migrate_records, stored_version
from pyapp.proxy.migrations.stored_records import drop_open_uploads, rewrite_school, school_ids

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _v1_to_v2(records: dict[str, list[dict[str, Any]]]) -> bool:
    if stored_version(records) != 1:
        return False
    migrate_records(records, found=1, target=2)
    return True


def migrate_school(conn: sa.Connection, school_id: int) -> int:
    """Rewrite one school's version-1 records; returns how many changed."""
    return rewrite_school(conn, school_id, _v1_to_v2)


def upgrade() -> None:
    conn = op.get_bind()
    for school_id in school_ids(conn):
        migrate_school(conn, school_id)
    drop_open_uploads(conn)


def downgrade() -> None:
    """The version-1 codes are not restored (several old codes map to one new code)."""

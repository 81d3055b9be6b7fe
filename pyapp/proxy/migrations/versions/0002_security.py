"""Security (issue 12): 64-bit record versions, per-client kode throttle, audit log.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # SQLite integers are already 64-bit; PostgreSQL's INTEGER is 32-bit.
        op.alter_column("records", "version", type_=sa.BigInteger,
                        existing_type=sa.Integer, existing_nullable=False)
    op.create_table(
        "auth_throttle",
        sa.Column("npsn", sa.String(16), primary_key=True),
        sa.Column("client", sa.String(64), primary_key=True),
        sa.Column("fails", sa.Integer, nullable=False),
        sa.Column("next_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("event", sa.String(40), nullable=False),
        sa.Column("npsn", sa.String(16), nullable=True),
        sa.Column("role", sa.String(20), nullable=True),
        sa.Column("ptk_id", sa.String(36), nullable=True),
        sa.Column("client", sa.String(64), nullable=True),
        sa.Column("request_id", sa.String(32), nullable=True),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_npsn_at", "audit_events", ["npsn", "at"])
    op.create_index("ix_uploads_open", "uploads", ["school_id", "push_id"])


def downgrade() -> None:
    op.drop_index("ix_uploads_open", "uploads")
    op.drop_index("ix_audit_npsn_at", "audit_events")
    op.drop_table("audit_events")
    op.drop_table("auth_throttle")
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("records", "version", type_=sa.Integer, existing_type=sa.BigInteger,
                        existing_nullable=False)

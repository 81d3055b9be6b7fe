"""Initial schema: schools, records, pushes, uploads, settings, rate counters.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "schools",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("npsn", sa.String(8), nullable=False, unique=True),
        sa.Column("nama", sa.String(100), nullable=False),
        sa.Column("code_hash", sa.String(200), nullable=False),
        sa.Column("code_gen", sa.Integer, nullable=False),
        sa.Column("semester_id", sa.String(5), nullable=True),
        sa.Column("push_seq", sa.Integer, nullable=False),
        sa.Column("rev_seq", sa.BigInteger, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "records",
        sa.Column("school_id", sa.Integer, sa.ForeignKey("schools.id"), primary_key=True),
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("rev", sa.BigInteger, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_records_school_rev", "records", ["school_id", "rev"])
    op.create_table(
        "pushes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("school_id", sa.Integer, sa.ForeignKey("schools.id"), nullable=False),
        sa.Column("idempotency_key", sa.String(80), nullable=False),
        sa.Column("request_hash", sa.String(80), nullable=False),
        sa.Column("server_seq", sa.Integer, nullable=False),
        sa.Column("receipt", sa.Text, nullable=False),
        sa.Column("confirmation", sa.Text, nullable=False),
        sa.Column("received_at", TS, nullable=False),
        sa.UniqueConstraint("school_id", "idempotency_key", name="uq_pushes_key"),
        sa.UniqueConstraint("school_id", "server_seq", name="uq_pushes_seq"),
    )
    op.create_table(
        "uploads",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("school_id", sa.Integer, sa.ForeignKey("schools.id"), nullable=False),
        sa.Column("idempotency_key", sa.String(80), nullable=False),
        sa.Column("parts", sa.Integer, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.String(80), nullable=False),
        sa.Column("content_encoding", sa.String(16), nullable=False),
        sa.Column("push_id", sa.Integer, sa.ForeignKey("pushes.id"), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("school_id", "idempotency_key", name="uq_uploads_key"),
    )
    op.create_table(
        "upload_parts",
        sa.Column("upload_id", sa.String(36), sa.ForeignKey("uploads.id"), primary_key=True),
        sa.Column("part", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(120), primary_key=True),
        sa.Column("window", sa.BigInteger, primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for name in ("rate_counters", "settings", "upload_parts", "uploads", "pushes", "records",
                 "schools"):
        op.drop_table(name)

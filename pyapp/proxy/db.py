"""Database: the tables (SQLAlchemy 2), the engine, migrations run on start, small helpers.

Everything the proxy knows lives here, so several processes can share one PostgreSQL.
"""

from __future__ import annotations

import fcntl
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    BigInteger, Boolean, DateTime, Engine, Float, ForeignKey, Index, Integer, LargeBinary, String,
    Table, Text, UniqueConstraint, bindparam, create_engine, event, select, text, update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class School(Base):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    npsn: Mapped[str] = mapped_column(String(8), unique=True)
    nama: Mapped[str] = mapped_column(String(100))
    code_hash: Mapped[str] = mapped_column(String(200))
    #: Bumped by reset-code; tokens carry it, so old tokens stop working.
    code_gen: Mapped[int] = mapped_column(Integer, default=1)
    semester_id: Mapped[str | None] = mapped_column(String(5), nullable=True)
    #: Number of accepted pushes (the receipt's server_seq).
    push_seq: Mapped[int] = mapped_column(Integer, default=0)
    #: Last record revision (the pull cursor).
    rev_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StoredRecord(Base):
    __tablename__ = "records"

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    #: 64-bit (migration 0002): the core model bounds versions to MAX_VERSION.
    version: Mapped[int] = mapped_column(BigInteger)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    rev: Mapped[int] = mapped_column(BigInteger)
    #: The record as canonical JSON.
    data: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_records_school_rev", "school_id", "rev"),)


class Push(Base):
    __tablename__ = "pushes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    idempotency_key: Mapped[str] = mapped_column(String(80))
    request_hash: Mapped[str] = mapped_column(String(80))
    server_seq: Mapped[int] = mapped_column(Integer)
    receipt: Mapped[str] = mapped_column(Text)
    confirmation: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        UniqueConstraint("school_id", "idempotency_key", name="uq_pushes_key"),
        UniqueConstraint("school_id", "server_seq", name="uq_pushes_seq"),
    )


class Upload(Base):
    __tablename__ = "uploads"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    idempotency_key: Mapped[str] = mapped_column(String(80))
    parts: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(80))
    content_encoding: Mapped[str] = mapped_column(String(16))
    push_id: Mapped[int | None] = mapped_column(ForeignKey("pushes.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("school_id", "idempotency_key", name="uq_uploads_key"),
                      Index("ix_uploads_open", "school_id", "push_id"))


class UploadPart(Base):
    __tablename__ = "upload_parts"

    upload_id: Mapped[str] = mapped_column(ForeignKey("uploads.id"), primary_key=True)
    part: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Setting(Base):
    """Shared switches and secrets: maintenance, token secret."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RateCounter(Base):
    """Fixed-window counters (rate limit, wrong codes): shared by every process."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    window: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class AuthThrottle(Base):
    """Wrong kode registrasi per (NPSN, client address): exponential backoff (throttle.py)."""

    __tablename__ = "auth_throttle"

    npsn: Mapped[str] = mapped_column(String(16), primary_key=True)
    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: Attempts counted (before the code is checked) since the last success.
    fails: Mapped[int] = mapped_column(Integer)
    #: Unix time before which this client may not try this NPSN again.
    next_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


class AuditEvent(Base):
    """Who did what (audit.py): tokens, pushes, code resets, lockouts."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    event: Mapped[str] = mapped_column(String(40))
    npsn: Mapped[str | None] = mapped_column(String(16), nullable=True)
    role: Mapped[str | None] = mapped_column(String(20), nullable=True)
    ptk_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    client: Mapped[str | None] = mapped_column(String(64), nullable=True)
    request_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    #: Small JSON object: the problem code, server_seq, …
    detail: Mapped[str] = mapped_column(Text, default="{}")

    __table_args__ = (Index("ix_audit_npsn_at", "npsn", "at"),)


# -- engine -------------------------------------------------------------------------------

def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _rec: Any) -> None:
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # IMMEDIATE: take the write lock at BEGIN, so a read-then-write transaction never
            # fails with "database is locked" half-way (busy_timeout waits for the lock).
            immediate = conn.get_execution_options().get("sqlite_immediate")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


#: SQLite database file -> the lock this process's writers queue on. SQLite has one writer at
#: a time; threads waiting in its busy handler poll with sleeps of up to 100 ms, so under load
#: a thread could starve. Queued here, they take the writer lock in turn (other processes still
#: wait in the busy handler).
_SQLITE_WRITERS: dict[str, threading.Lock] = {}
_WRITERS_GUARD = threading.Lock()


def _writer_lock(factory: sessionmaker[Session]) -> threading.Lock | None:
    engine = factory.kw.get("bind")
    if engine is None or engine.dialect.name != "sqlite":
        return None
    key = str(engine.url.database)
    with _WRITERS_GUARD:
        return _SQLITE_WRITERS.setdefault(key, threading.Lock())


@contextmanager
def write_session(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose transaction writes (SQLite: BEGIN IMMEDIATE, one writer thread of this
    process at a time). Commits on success."""
    lock = _writer_lock(factory)
    if lock is not None:
        lock.acquire()
    try:
        with factory() as session:
            session.connection(execution_options={"sqlite_immediate": True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        if lock is not None:
            lock.release()


def rowcount(session: Session, stmt: Any) -> int:
    """Run a DELETE/UPDATE and return how many rows it touched."""
    result: Any = session.execute(stmt)
    return int(result.rowcount or 0)


def upsert(session: Session, table: Any, values: dict[str, Any], keys: list[str],
           update: dict[str, Any] | None = None) -> Any:
    """INSERT … ON CONFLICT (keys) DO UPDATE/NOTHING, on SQLite and PostgreSQL."""
    dialect = session.get_bind().dialect.name
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table).values(**values)
    stmt = (ins.on_conflict_do_update(index_elements=keys, set_=update) if update
            else ins.on_conflict_do_nothing(index_elements=keys))
    return stmt


# -- one school's records ---------------------------------------------------------------

#: pg_advisory_xact_lock(PUSH_LOCK, school id): the key space of push locks.
PUSH_LOCK = 7345002
_CHUNK = 1000


def lock_school(session: Session, school_id: int) -> None:
    """Serialise the pushes of one school until the transaction ends. PostgreSQL: an advisory
    transaction lock (other schools go on in parallel); SQLite: the write transaction already
    holds the database's single writer lock (BEGIN IMMEDIATE)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:ns, :id)"),
                        {"ns": PUSH_LOCK, "id": school_id})


def records_by_id(session: Session, school_id: int,
                  ids: list[str]) -> Iterator[tuple[str, str, int, bool, str]]:
    """(id, type, version, deleted, data) of the given ids that the school has."""
    t = StoredRecord.__table__.c
    stmt = select(t.id, t.type, t.version, t.deleted, t.data).where(
        t.school_id == school_id, t.id.in_(bindparam("ids", expanding=True)))
    conn = session.connection()
    for i in range(0, len(ids), _CHUNK):
        yield from conn.execute(stmt, {"ids": ids[i:i + _CHUNK]})


def live_records(session: Session, school_id: int) -> Iterator[tuple[str, str]]:
    """(type, data) of every live record of the school, streamed."""
    t = StoredRecord.__table__.c
    yield from session.connection().execute(
        select(t.type, t.data).where(t.school_id == school_id, t.deleted.is_(False))
        .execution_options(yield_per=_CHUNK))


def records_since(session: Session, school_id: int, rev: int) -> Iterator[tuple[str, str]]:
    """(type, data) of the school's records written after revision `rev`, deleted ones too."""
    t = StoredRecord.__table__.c
    yield from session.connection().execute(
        select(t.type, t.data).where(t.school_id == school_id, t.rev > rev)
        .order_by(t.rev))


_RECORD_COLUMNS = ("school_id", "id", "type", "version", "deleted", "rev", "data")


def write_records(session: Session, school_id: int, inserts: list[dict[str, Any]],
                  updates: list[dict[str, Any]]) -> None:
    """Insert new records and update stored ones, in batches of executemany. The inserts go
    straight to the driver (SQLAlchemy's per-row parameter processing was a third of the
    write of a large first push)."""
    rec = cast(Table, StoredRecord.__table__)
    conn = session.connection()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO records ({', '.join(_RECORD_COLUMNS)}) "
           f"VALUES ({', '.join([mark] * len(_RECORD_COLUMNS))})")
    for i in range(0, len(inserts), _CHUNK):
        conn.exec_driver_sql(sql, [(school_id, r["id"], r["type"], r["version"], r["deleted"],
                                    r["rev"], r["data"]) for r in inserts[i:i + _CHUNK]])
    stmt = (update(rec).where(rec.c.school_id == school_id, rec.c.id == bindparam("b_id"))
            .values(version=bindparam("version"), deleted=bindparam("deleted"),
                    rev=bindparam("rev"), data=bindparam("data")))
    for i in range(0, len(updates), _CHUNK):
        conn.execute(stmt, updates[i:i + _CHUNK])


# -- migrations ---------------------------------------------------------------------------

def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the schema and the stored records to the latest revision (Alembic), one process
    at a time (`target`: an older revision, for the tests of a migration)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine.dialect.name == "sqlite":
        db_path = engine.url.database
        lock_path = Path(f"{db_path}.migrate-lock") if db_path and db_path != ":memory:" else None
        with _file_lock(lock_path), engine.connect() as conn:
            conn = conn.execution_options(sqlite_immediate=True)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            conn.commit()
        return
    with engine.begin() as conn:
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7345001)")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


@contextmanager
def _file_lock(path: Path | None) -> Iterator[None]:
    if path is None:
        yield
        return
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def schema_revision(session: Session) -> str | None:
    from sqlalchemy import text

    try:
        return session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # noqa: BLE001 - no table yet
        return None


# -- settings rows ------------------------------------------------------------------------

def get_setting(session: Session, key: str) -> Any:
    raw = session.execute(select(Setting.value).where(Setting.key == key)).scalar()
    return json.loads(raw) if raw is not None else None


def put_setting(session: Session, key: str, value: Any) -> None:
    raw = json.dumps(value)
    session.execute(upsert(session, Setting.__table__, {"key": key, "value": raw}, ["key"],
                           {"value": raw}))

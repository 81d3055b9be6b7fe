"""What a running proxy holds: its settings, the database engine, the token secret (read
from the environment or from the database) and a cache of recently pushed schools' validated
state (rebuilt from the database whenever it is behind; see school_state.py), and the
per-request checks it caches for a moment (checks.py)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from anyio import CapacityLimiter
from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pyapp.proxy import db
from pyapp.proxy.checks import Checks
from pyapp.proxy.school_state import StateCache
from pyapp.proxy.settings import Settings


@dataclass
class Context:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    token_secret: str
    states: StateCache = field(default_factory=lambda: StateCache(0))
    #: gzip slots of this running app (body.limiter), made on first use in its event loop.
    gunzip_limiter: CapacityLimiter | None = None
    #: The maintenance switch and kode generations, cached for settings.check_ttl_ms.
    checks: Checks = field(default_factory=lambda: Checks(0))

    @classmethod
    def open(cls, settings: Settings, run_migrations: bool = True) -> "Context":
        engine = db.make_engine(settings.database_url)
        if run_migrations:
            db.migrate(engine)
        sessions = db.make_sessionmaker(engine)
        # A secret of only blanks is no secret: the shared generated one is used instead.
        return cls(settings, engine, sessions,
                   settings.token_secret.strip() or _stored_secret(sessions),
                   StateCache(settings.state_cache_records, settings.push_workers),
                   checks=Checks(settings.check_ttl_ms))

    def close(self) -> None:
        self.engine.dispose()


def _stored_secret(sessions: sessionmaker[Session]) -> str:
    """The token secret shared by every process on this database (created once)."""
    with db.write_session(sessions) as s:
        s.execute(db.upsert(s, db.Setting.__table__,
                            {"key": "token_secret", "value": f'"{secrets.token_hex(32)}"'},
                            ["key"]))
        value = db.get_setting(s, "token_secret")
    return str(value)


def ctx_of(request: Request) -> Context:
    ctx: Context = request.app.state.ctx
    return ctx

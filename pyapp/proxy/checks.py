"""What every request checks against the database, kept per process for a moment: the
maintenance switch and each school's code generation (the token check after reset-code).

Both are read at most once per `check_ttl_ms` (default 1,000 ms) per process, so the hot path
of a request opens no database session for them. Bounds on staleness:

- a change made in this process (ops.set_maintenance, schools.reset_code) takes effect at
  once: it bumps this module's epoch, which every cached value is tagged with;
- a change made by another process (another proxy, the `pyapp proxy` CLI) takes effect in
  every process within `check_ttl_ms`;
- a push always compares the token's code generation with the school row it reads in its
  own transaction (push.py), so no push is ever stored under an old kode.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pyapp.proxy import db

#: Bumped by every change this process makes to what is cached here.
_epoch = 0
_epoch_lock = threading.Lock()
#: Code generations kept per process at most (then the oldest half is dropped).
MAX_SCHOOLS = 20_000
MISS = object()


def changed() -> None:
    """This process changed the maintenance switch or a kode: forget every cached value."""
    global _epoch
    with _epoch_lock:
        _epoch += 1


class Checks:
    """The cached values of one running proxy (on its Context)."""

    def __init__(self, ttl_ms: int) -> None:
        self.ttl = max(0, ttl_ms) / 1000
        self._maintenance: tuple[int, float, dict[str, Any] | None] | None = None
        self._gens: dict[int, tuple[int, float, int | None]] = {}
        self.loads = 0

    def _fresh(self, entry: tuple[int, float, Any] | None) -> bool:
        return (entry is not None and entry[0] == _epoch
                and time.monotonic() - entry[1] < self.ttl)

    def maintenance_cached(self) -> Any:
        """The maintenance window (a dict) or None, or MISS when it must be read."""
        entry = self._maintenance
        return entry[2] if entry is not None and self._fresh(entry) else MISS

    def maintenance(self, sessions: sessionmaker[Session]) -> dict[str, Any] | None:
        got = self.maintenance_cached()
        if got is not MISS:
            return got  # type: ignore[no-any-return]
        epoch, now = _epoch, time.monotonic()
        with sessions() as s:
            value = db.get_setting(s, "maintenance")
        self.loads += 1
        down = value if isinstance(value, dict) and value.get("on") else None
        self._maintenance = (epoch, now, down)
        return down

    def code_gen_cached(self, school_id: int) -> Any:
        """The school's code generation (None: no such school), or MISS."""
        entry = self._gens.get(school_id)
        return entry[2] if entry is not None and self._fresh(entry) else MISS

    def code_gen(self, sessions: sessionmaker[Session], school_id: int) -> int | None:
        got = self.code_gen_cached(school_id)
        if got is not MISS:
            return got  # type: ignore[no-any-return]
        epoch, now = _epoch, time.monotonic()
        with sessions() as s:
            gen = s.execute(select(db.School.code_gen)
                            .where(db.School.id == school_id)).scalar_one_or_none()
        self.loads += 1
        if len(self._gens) >= MAX_SCHOOLS:
            for key in list(self._gens)[:MAX_SCHOOLS // 2]:
                self._gens.pop(key, None)
        self._gens[school_id] = (epoch, now, gen)
        return gen

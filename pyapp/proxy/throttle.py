"""Wrong kode registrasi, throttled per (NPSN, client address) with exponential backoff.

A client may try an NPSN `auth_fail_limit` times freely; from then on each further attempt
must wait 1 s, 2 s, 4 s, … up to `auth_backoff_max_s` after the previous one. The attempt is
counted *before* the code is checked, in one write transaction (SQLite: BEGIN IMMEDIATE;
PostgreSQL: the row is locked), so simultaneous guesses cannot slip past the limit. A correct
code clears the client's count. Another client is never blocked by it, and `proxy
reset-code` clears every count of the school. All state is in the database (every process
shares it); rows quiet for `auth_fail_forget_s` are forgotten by cleanup.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from pyapp.proxy import db


@dataclass(frozen=True)
class Attempt:
    allowed: bool
    #: Seconds to wait when not allowed.
    retry_after: int
    #: This attempt used the last free try: the next one has to wait (a lockout starts).
    locks_next: bool


def backoff_s(fails: int, free: int, cap: int) -> float:
    """Wait after `fails` counted attempts: 0 while within the free tries, then 1, 2, 4 … cap."""
    over = fails - free
    if over < 0:
        return 0.0
    return float(min(cap, 2 ** min(over, 40)))


def reserve(sessions: sessionmaker[Session], npsn: str, client: str, free: int, cap: int,
            now: float | None = None) -> Attempt:
    """Count one attempt for (npsn, client) unless it has to wait; atomic. The clock is read
    once the row is locked: a time read before waiting for the lock is older than what the
    attempts served meanwhile wrote, and would refuse a free try."""
    client = client[:64]
    table = db.AuthThrottle.__table__
    with db.write_session(sessions) as s:
        s.execute(db.upsert(s, table, {"npsn": npsn, "client": client, "fails": 0,
                                       "next_at": 0.0, "updated_at": time.time()},
                            ["npsn", "client"]))
        row = s.execute(select(db.AuthThrottle).where(
            db.AuthThrottle.npsn == npsn, db.AuthThrottle.client == client)
            .with_for_update()).scalar_one()
        now = time.time() if now is None else now
        if row.next_at > now:
            return Attempt(False, int(row.next_at - now) + 1, False)
        row.fails += 1
        wait = backoff_s(row.fails, free, cap)
        row.next_at = now + wait
        row.updated_at = now
        return Attempt(True, 0, wait > 0 and row.fails == free)


def succeeded(sessions: sessionmaker[Session], npsn: str, client: str) -> None:
    """The right code: forget this client's count for the NPSN."""
    with db.write_session(sessions) as s:
        s.execute(delete(db.AuthThrottle).where(db.AuthThrottle.npsn == npsn,
                                                db.AuthThrottle.client == client[:64]))


def clear_school(session: Session, npsn: str) -> int:
    """Every lock of a school (reset-code)."""
    return db.rowcount(session, delete(db.AuthThrottle).where(db.AuthThrottle.npsn == npsn))


def forget_quiet(session: Session, older_than_s: float, now: float | None = None) -> int:
    now = time.time() if now is None else now
    return db.rowcount(session, delete(db.AuthThrottle).where(
        db.AuthThrottle.updated_at < now - older_than_s, db.AuthThrottle.next_at < now))

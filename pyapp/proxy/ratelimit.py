"""Fixed-window counters in the database, so every proxy process sees the same counts."""

from __future__ import annotations

import random
import time
from typing import cast

from sqlalchemy import Table, delete
from sqlalchemy.orm import Session

from pyapp.proxy import db


def hit(session: Session, key: str, window_s: int, now: float | None = None) -> tuple[int, int]:
    """Count one hit for `key` in the current window; return (count, seconds left)."""
    now = time.time() if now is None else now
    window = int(now // window_s)
    table = cast(Table, db.RateCounter.__table__)
    stmt = db.upsert(session, table, {"key": key, "window": window, "count": 1},
                     ["key", "window"], {"count": table.c.count + 1}).returning(table.c.count)
    count = int(session.execute(stmt).scalar_one())
    if random.random() < 0.01:  # housekeeping: forget old windows now and then
        session.execute(delete(table).where(table.c.window < window - 1,
                                            table.c.key.like(key.split(":", 1)[0] + ":%")))
    return count, int((window + 1) * window_s - now) + 1

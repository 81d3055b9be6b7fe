"""Housekeeping: expired uploads (with their parts), forgotten kode throttles, old rate
counters and old audit events. Run when the server starts, every `cleanup_interval_s` while
it serves, and by `python -m pyapp proxy cleanup`. Safe to run from several processes."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import delete, select

from pyapp.proxy import db, throttle
from pyapp.proxy.context import Context

log = logging.getLogger("pyapp.proxy")


@dataclass
class Cleaned:
    uploads: int = 0
    parts: int = 0
    throttles: int = 0
    rate_counters: int = 0
    audit_events: int = 0


def run(ctx: Context, now: float | None = None) -> Cleaned:
    now = time.time() if now is None else now
    s_ = ctx.settings
    out = Cleaned()
    cutoff = datetime.fromtimestamp(now, timezone.utc) - timedelta(hours=s_.upload_expiry_h)
    with db.write_session(ctx.sessions) as s:
        expired = list(s.execute(select(db.Upload.id).where(
            db.Upload.push_id.is_(None), db.Upload.created_at < cutoff)).scalars())
        for i in range(0, len(expired), 500):
            batch = expired[i:i + 500]
            out.parts += db.rowcount(s, delete(db.UploadPart).where(
                db.UploadPart.upload_id.in_(batch)))
            out.uploads += db.rowcount(s, delete(db.Upload).where(db.Upload.id.in_(batch)))
        out.throttles = throttle.forget_quiet(s, s_.auth_fail_forget_s, now)
        out.rate_counters = db.rowcount(s, delete(db.RateCounter).where(
            db.RateCounter.key.like("rate:%"), db.RateCounter.window < int(now // 60) - 1))
        if s_.audit_keep_days:
            old = db.utcnow() - timedelta(days=s_.audit_keep_days)
            out.audit_events = db.rowcount(s, delete(db.AuditEvent).where(
                db.AuditEvent.at < old))
    if any(asdict(out).values()):
        log.info("cleanup", extra={"event": "cleanup", **asdict(out)})
    return out


async def periodically(ctx: Context) -> None:
    """The serving loop's housekeeping task (cancelled at shutdown)."""
    interval = ctx.settings.cleanup_interval_s
    while interval > 0:
        await asyncio.sleep(interval)
        try:
            await run_in_threadpool(run, ctx)
        except Exception:  # noqa: BLE001 - a failed cleanup must not stop the server
            log.exception("cleanup failed")

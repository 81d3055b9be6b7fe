"""The audit log: every token issued or refused, push accepted or refused, code reset and
lockout, with NPSN, role, PTK, client address and request id. Kept in the database (table
audit_events) and echoed to the JSON log; read with `python -m pyapp proxy audit NPSN`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from pyapp.proxy import db

log = logging.getLogger("pyapp.proxy")

#: Event names (stable: they are queried).
EVENTS = ("token.issued", "token.refused", "push.accepted", "push.refused", "code.reset",
          "auth.lockout")


def client_of(scope: Mapping[str, Any]) -> str:
    """The client address as uvicorn resolved it (X-Forwarded-For only from
    FORWARDED_ALLOW_IPS, see docs/security.md)."""
    client = scope.get("client")
    return str(client[0]) if client else "?"


def request_id_of(scope: Mapping[str, Any]) -> str | None:
    state = scope.get("state") or {}
    rid = state.get("request_id")
    return str(rid) if rid else None


def add(session: Session, event: str, *, npsn: str | None = None, role: str | None = None,
        ptk_id: str | None = None, client: str | None = None, request_id: str | None = None,
        **detail: Any) -> None:
    """Add one event in the caller's transaction."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event}")
    row = {"at": db.utcnow(), "event": event, "npsn": npsn, "role": role, "ptk_id": ptk_id,
           "client": (client or "")[:64] or None, "request_id": request_id,
           "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)}
    session.execute(insert(db.AuditEvent).values(**row))
    log.info("audit", extra={"event": f"audit.{event}", "npsn": npsn, "role": role,
                             "ptk_id": ptk_id, "client": row["client"],
                             "request_id": request_id, "detail": detail})


def write(sessions: sessionmaker[Session], event: str, **kw: Any) -> None:
    """Add one event in its own transaction."""
    with db.write_session(sessions) as s:
        add(s, event, **kw)


def events(session: Session, npsn: str, limit: int = 100,
           event: str | None = None) -> list[db.AuditEvent]:
    """The school's latest events, newest first."""
    q = select(db.AuditEvent).where(db.AuditEvent.npsn == npsn)
    if event:
        q = q.where(db.AuditEvent.event == event)
    return list(session.execute(q.order_by(db.AuditEvent.id.desc()).limit(limit)).scalars())


def as_dict(e: db.AuditEvent) -> dict[str, Any]:
    return {"id": e.id, "at": e.at.isoformat() if e.at else None, "event": e.event,
            "npsn": e.npsn, "role": e.role, "ptk_id": e.ptk_id, "client": e.client,
            "request_id": e.request_id, "detail": json.loads(e.detail or "{}")}

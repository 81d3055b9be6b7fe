"""Is this ptk_id an active Kepala Sekolah (or Plt.) of the school? Decided by the server,
with the rule both sides share (`pyapp.core.sync.principal.why_not`), never from what the
client says about itself.

Source: the records the server holds for the school (basis "server"). When the school has
never pushed (no data yet) the token cannot be checked, and the school's first push is
checked against the records inside that push (basis "kiriman"; the receipt says so).
Reads only the ptk, penugasan and tugas_tambahan records of that one PTK.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from pyapp.core.problems import ProblemError
from pyapp.core.sync.principal import PRINCIPAL_TYPES as _TYPES
from pyapp.core.sync.principal import why_not
from pyapp.proxy import db

Basis = Literal["server", "kiriman"]


def today() -> dt.date:
    return dt.date.today()


def _stored(session: Session, school_id: int, ptk_id: str) -> list[tuple[str, dict[str, Any]]]:
    t = db.StoredRecord.__table__.c
    rows = session.execute(select(t.type, t.data).where(
        t.school_id == school_id, t.type.in_(_TYPES),
        (t.id == ptk_id) | t.data.contains(f'"{ptk_id}"'))).all()
    return [(r.type, json.loads(r.data)) for r in rows]


def _refuse(reason: str, ptk_id: str, basis: Basis) -> ProblemError:
    return ProblemError("auth.bukan_kepala_sekolah", reason=reason, ptk_id=ptk_id, basis=basis)


def check_token(session: Session, school: db.School, ptk_id: str) -> Basis | None:
    """At token issuance. None: the school has no data yet (its first push is checked)."""
    if not school.push_seq:
        return None
    reason = why_not(ptk_id, _stored(session, school.id, ptk_id), today())
    if reason:
        raise _refuse(reason, ptk_id, "server")
    return "server"


def check(ptk_id: str, records: Iterable[tuple[str, dict[str, Any]]], basis: Basis) -> Basis:
    """`basis` when `ptk_id` is an active principal in `records`; else auth.bukan_kepala_sekolah.
    The push path (push.py) passes the school's records from the state it holds for the push,
    read under the school's lock, or the push's own records on a first push."""
    reason = why_not(ptk_id, records, today())
    if reason:
        raise _refuse(reason, ptk_id, basis)
    return basis


def push_records(changes: Iterable[Any]) -> list[tuple[str, dict[str, Any]]]:
    """The records of a push that the check reads (a school's first push)."""
    return [(c.type, c.record or {}) for c in changes if c.type in _TYPES and c.op == "upsert"]

"""Is this ptk_id an active Kepala Sekolah (or Plt.) of the school? Decided by the server.

The app only lets a Kepala Sekolah send; the proxy checks it again from the school's own
data, never from what the client says about itself. A PTK qualifies when, on `today`:
- its `ptk` record exists and is not deleted;
- it has a `penugasan` (ptk_terdaftar) at this school, not deleted, with no tanggal_keluar
  in the past;
- it has a `tugas_tambahan` with jabatan Kepala Sekolah (1) or Plt. Kepala Sekolah (2), not
  deleted, with TMT on or before today and no TST in the past.

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

from pyapp.core.models.gtk import KS_JABATAN  # Kepala Sekolah, Plt. Kepala Sekolah
from pyapp.core.problems import ProblemError
from pyapp.proxy import db

Basis = Literal["server", "kiriman"]
_TYPES = ("ptk", "penugasan", "tugas_tambahan")


def today() -> dt.date:
    return dt.date.today()


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def why_not(ptk_id: str, records: Iterable[tuple[str, dict[str, Any]]], on: dt.date) -> str | None:
    """None when `ptk_id` is an active principal in `records` ((type, record) pairs, only those
    of this PTK matter); else the reason, in Indonesian, naming what to fix."""
    ptk, assigned, tugas = None, False, []
    for rtype, rec in records:
        if rec.get("deleted"):
            continue
        if rtype == "ptk" and rec.get("id") == ptk_id:
            ptk = rec
        elif rec.get("ptk_id") != ptk_id:
            continue
        elif rtype == "penugasan":
            keluar = _date(rec.get("tanggal_keluar"))
            assigned = assigned or keluar is None or keluar >= on
        elif rtype == "tugas_tambahan" and rec.get("jabatan") in KS_JABATAN:
            tugas.append(rec)
    if ptk is None:
        return "PTK tidak ada di data GTK sekolah"
    if not assigned:
        return "PTK tidak memiliki penugasan aktif di sekolah ini"
    if not tugas:
        return "PTK tidak memiliki tugas tambahan Kepala Sekolah atau Plt. Kepala Sekolah"
    for t in tugas:
        tmt, tst = _date(t.get("tmt_tambahan")), _date(t.get("tst_tambahan"))
        if tmt is not None and tmt <= on and (tst is None or tst >= on):
            return None
    if all(_date(t.get("tmt_tambahan")) is None for t in tugas):
        return "TMT tugas tambahan Kepala Sekolah belum diisi"
    return f"tugas tambahan Kepala Sekolah tidak berlaku pada {on.isoformat()} (periksa TMT/TST)"


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


def check_push(session: Session, school_id: int, ptk_id: str,
               changes: Iterable[Any]) -> Basis:
    """Before a push is stored: against the server's records, or (first push) the push's."""
    school = session.get(db.School, school_id)
    if school is not None and school.push_seq:
        records, basis = _stored(session, school_id, ptk_id), "server"
    else:
        records = [(c.type, c.record or {}) for c in changes
                   if c.type in _TYPES and c.op == "upsert"]
        basis = "kiriman"
    reason = why_not(ptk_id, records, today())
    if reason:
        raise _refuse(reason, ptk_id, basis)  # type: ignore[arg-type]
    return basis  # type: ignore[return-value]

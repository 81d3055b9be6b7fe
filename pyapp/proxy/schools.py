"""Schools and their kode registrasi (register, reset): used by the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from pyapp.core.problems import ProblemError
from pyapp.proxy import checks, db, security, throttle


@dataclass(frozen=True)
class Issued:
    npsn: str
    nama: str
    code: str
    code_gen: int
    #: reset-code: how many kode throttles (per client address) of the school it lifted.
    locks_lifted: int = 0


def find(session: Session, npsn: str) -> db.School | None:
    return session.execute(select(db.School).where(db.School.npsn == npsn)).scalar_one_or_none()


def register(session: Session, npsn: str, nama: str) -> Issued:
    if find(session, npsn) is not None:
        raise ProblemError("sekolah.sudah_terdaftar", npsn=npsn)
    code = security.new_code()
    session.add(db.School(npsn=npsn, nama=nama, code_hash=security.hash_code(code),
                          created_at=db.utcnow()))  # generation 1, nothing pushed: the defaults
    session.flush()
    return Issued(npsn, nama, code, 1)


def reset_code(session: Session, npsn: str) -> Issued:
    school = find(session, npsn)
    if school is None:
        raise ProblemError("sekolah.tidak_ditemukan", npsn=npsn)
    code = security.new_code()
    school.code_hash = security.hash_code(code)
    school.code_gen += 1
    session.flush()
    lifted = throttle.clear_school(session, npsn)  # a new code: nobody waits any more
    # Old tokens stop working in this process as soon as this commits (checks.py); in the
    # other processes within check_ttl_ms, and a push checks in its own transaction anyway.
    event.listen(session, "after_commit", lambda _s: checks.changed(), once=True)
    return Issued(npsn, school.nama, code, school.code_gen, lifted)

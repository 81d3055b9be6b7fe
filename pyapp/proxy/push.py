"""POST /api/push: a confirmed batch of changes, stored exactly once.

Flow: parse (gzip accepted) → check manifest and confirmation → idempotency (same key and
same content: the stored receipt; different content: 409) → plan against the server state and
re-validate (models + Validasi Lokal; any invalid: 422 with the findings) → one transaction
that moves the school's push sequence from the value read (optimistic: another push in
between means start again) and writes the push, its receipt and the records.
"""

from __future__ import annotations

import logging
import time
from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy import CursorResult, Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from pyapp.core.problems import ProblemError
from pyapp.core.snapshot import SchoolInfo
from pyapp.core.sync import (
    PushRequest,
    Receipt,
    canonical_json,
    content_hash,
    merge,
    prefixed_sha256,
    tab_counts,
)
from pyapp.proxy import body, db, principal, security
from pyapp.proxy.auth import PUSH_AUTH_PROBLEMS, require_kepala_sekolah
from pyapp.proxy.context import Context, ctx_of
from pyapp.proxy.problems import responses, validation_problem

log = logging.getLogger("pyapp.proxy")
router = APIRouter(prefix="/api", tags=["sync"])
MAX_ATTEMPTS = 20

PUSH_PROBLEMS = ("push.tidak_valid", "push.konflik_kunci", "push.manifest_tidak_cocok",
                 "push.konfirmasi_tidak_sah", "request.rusak", "request.jenis_isi_salah",
                 *PUSH_AUTH_PROBLEMS)


class _Moved(Exception):
    """Another push of the same school committed first: plan again."""


#: issue 12: gzip decoding (bounded, off the event loop, no trailing bytes) is in body.py.
decode_body = body.decode


def parse_push(raw: bytes) -> PushRequest:
    try:
        return PushRequest.model_validate_json(raw)
    except ValidationError as exc:
        raise validation_problem(list(exc.errors(include_url=False))) from None


def request_hash(req: PushRequest, digest: str) -> str:
    head = canonical_json(req.model_dump(mode="json", exclude={"changes"}))
    return prefixed_sha256(f"{head}\n{digest}".encode())


def _check(req: PushRequest, claims: security.Claims) -> str:
    digest = content_hash(req.changes)
    if digest != req.manifest.content_hash:
        raise ProblemError("push.manifest_tidak_cocok", what="content_hash", expected=digest,
                           got=req.manifest.content_hash)
    counts = tab_counts(req.changes)
    if counts != {k: v for k, v in req.manifest.counts.items() if v}:
        raise ProblemError("push.manifest_tidak_cocok", what="counts", expected=counts,
                           got=req.manifest.counts)
    conf = req.confirmation
    if conf.payload_hash != digest:
        raise ProblemError("push.konfirmasi_tidak_sah",
                           reason="hash yang dikonfirmasi berbeda dengan isi kiriman")
    if conf.ptk_id != claims.ptk_id:
        raise ProblemError("push.konfirmasi_tidak_sah",
                           reason="yang mengonfirmasi bukan kepala sekolah yang masuk")
    return digest


def _replay(session: Any, school_id: int, req: PushRequest, rhash: str) -> Receipt | None:
    row = session.execute(select(db.Push.request_hash, db.Push.receipt).where(
        db.Push.school_id == school_id, db.Push.idempotency_key == req.idempotency_key)).first()
    if row is None:
        return None
    if row.request_hash != rhash:
        raise ProblemError("push.konflik_kunci", idempotency_key=req.idempotency_key)
    return Receipt.model_validate_json(row.receipt)


def accept_push(ctx: Context, claims: security.Claims, req: PushRequest) -> tuple[Receipt, bool]:
    """Store a push exactly once; return (receipt, replayed)."""
    digest = _check(req, claims)
    rhash = request_hash(req, digest)
    for attempt in range(MAX_ATTEMPTS):
        try:
            # issue 12: the server decides who is the principal (principal.py).
            with ctx.sessions() as session:
                basis = principal.check_push(session, claims.school_id, req.confirmation.ptk_id,
                                             req.changes)
            return _attempt(ctx, claims, req, digest, rhash, basis)
        except _Moved:
            time.sleep(min(0.005 * (attempt + 1), 0.1))
    raise ProblemError("server.sibuk", retry_after=2)


def _attempt(ctx: Context, claims: security.Claims, req: PushRequest, digest: str,
             rhash: str, basis: principal.Basis = "server") -> tuple[Receipt, bool]:
    with ctx.sessions() as session:
        # Order matters (READ COMMITTED): the sequence first, then the replay check and the
        # state. A push committed after the sequence was read makes our commit start again.
        school = session.get(db.School, claims.school_id)
        if school is None:
            raise ProblemError("auth.token_tidak_sah", reason="sekolah_tidak_ada")
        seq, rev, npsn, nama = school.push_seq, school.rev_seq, school.npsn, school.nama
        if basis == "kiriman" and seq:
            raise _Moved()  # issue 12: data arrived meanwhile: check the principal again
        replay = _replay(session, claims.school_id, req, rhash)
        if replay is not None:
            return replay, True
        t = db.StoredRecord.__table__.c
        rows = session.connection().execute(
            select(t.id, t.type, t.version, t.deleted, t.data)
            .where(t.school_id == claims.school_id)).all()
        state = {r[0]: merge.Row(r[1], r[2], r[3], r[4]) for r in rows}
    plan = merge.plan_push(req.changes, state)
    findings = list(plan.findings)
    if not findings:
        info = SchoolInfo(npsn=npsn, nama=nama, semester_id=req.semester_id)
        snapshot = merge.merged_snapshot(state, plan, info)
        findings = _npsn_findings(snapshot, npsn) + merge.rule_findings(snapshot)
        if not findings and not any(p.id == req.confirmation.ptk_id
                                    for p in snapshot.records["ptk"]):
            raise ProblemError("push.konfirmasi_tidak_sah",
                               reason="kepala sekolah tidak ada di data PTK sekolah")
    if findings:
        raise ProblemError("push.tidak_valid", invalid=len(findings),
                           findings=findings[:merge.MAX_FINDINGS])
    return _commit(ctx, claims, req, digest, rhash, plan, seq, rev, basis), False


def _npsn_findings(snapshot: Any, npsn: str) -> list[dict[str, Any]]:
    return [merge.finding("proxy.npsn_sekolah", "sekolah", s.id, "npsn",
                          f"NPSN {s.npsn} bukan NPSN sekolah yang masuk ({npsn})",
                          "Periksa NPSN di tab Sekolah.", s.label())
            for s in snapshot.records["sekolah"] if s.npsn and s.npsn != npsn]


def _commit(ctx: Context, claims: security.Claims, req: PushRequest, digest: str, rhash: str,
            plan: merge.Plan, seq: int, rev: int, basis: principal.Basis = "server") -> Receipt:
    now = db.utcnow()
    new_rev = rev + len(plan.applied)
    receipt = Receipt(idempotency_key=req.idempotency_key, server_seq=seq + 1, cursor=new_rev,
                      counts=plan.counts(), tabs=plan.tabs, conflicts=plan.conflicts,
                      content_hash=digest, received_at=now, principal_basis=basis)
    rec = cast(Table, db.StoredRecord.__table__)
    inserts, updates = [], []
    for i, a in enumerate(plan.applied, start=rev + 1):
        row = {"version": a.version, "deleted": a.deleted, "rev": i, "data": a.data}
        if not a.exists:
            inserts.append({"school_id": claims.school_id, "id": a.change.id,
                            "type": a.change.type, **row})
        else:
            updates.append({"b_id": a.change.id, **row})
    with db.write_session(ctx.sessions) as session:
        moved: CursorResult[Any] = session.execute(  # type: ignore[assignment]
            update(db.School).where(db.School.id == claims.school_id, db.School.push_seq == seq)
            .values(push_seq=seq + 1, rev_seq=new_rev, semester_id=req.semester_id))
        if moved.rowcount != 1:
            raise _Moved()
        try:
            with session.begin_nested():
                session.execute(insert(db.Push).values(
                    school_id=claims.school_id, idempotency_key=req.idempotency_key,
                    request_hash=rhash, server_seq=seq + 1, receipt=receipt.model_dump_json(),
                    confirmation=req.confirmation.model_dump_json(), received_at=now))
        except IntegrityError:  # the same key committed meanwhile: start again (replay)
            raise _Moved() from None
        if inserts:
            session.execute(insert(rec), inserts)
        if updates:
            session.execute(
                update(rec).where(rec.c.school_id == claims.school_id,
                                  rec.c.id == bindparam("b_id"))
                .values(version=bindparam("version"), deleted=bindparam("deleted"),
                        rev=bindparam("rev"), data=bindparam("data")),
                updates)
    log.info("push accepted", extra={"event": "push.accepted", "npsn": claims.npsn,
                                      "server_seq": seq + 1, "applied": len(plan.applied),
                                      "conflicts": len(plan.conflicts)})
    return receipt


@router.post(
    "/push", response_model=Receipt, responses=responses(*PUSH_PROBLEMS),
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/PushRequest"}}}}},
)
async def push(request: Request,
               claims: Annotated[security.Claims, Depends(require_kepala_sekolah)]) -> Any:
    """Kirim perubahan yang sudah dikonfirmasi kepala sekolah (boleh gzip:
    `Content-Encoding: gzip`). Kiriman yang sama persis boleh diulang: tanda terima sama."""
    ctx = ctx_of(request)
    raw = await body.decode_async(ctx, await request.body(),
                                  request.headers.get("content-encoding", ""),
                                  ctx.settings.max_push_bytes, ctx.settings.gunzip_concurrency)
    req = await run_in_threadpool(parse_push, raw)
    receipt, replayed = await run_in_threadpool(accept_push, ctx, claims, req)
    return JSONResponse(receipt.model_dump(mode="json"),
                        headers={"Idempotent-Replayed": "true" if replayed else "false"})

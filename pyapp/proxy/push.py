"""POST /api/push: a confirmed batch of changes, stored exactly once.

Flow: parse (gzip accepted) → check manifest and confirmation → wait for the school's turn on
the event loop (no worker thread held), then take the school's push lock (this process's
lock, then the database's: a PostgreSQL advisory lock, SQLite's writer lock; the token's kode
generation is compared with the school row there)
→ idempotency (same key and same content: the stored receipt; different content: 409) → plan
against the stored versions of the records the push touches → validate: models, then only the
Validasi Lokal rules the changed records can affect, on the school's state kept by this process
and caught up with the database (school_state.py); any invalid: 422 with the findings → write
the push, its receipt and the records in batches, in the same transaction. Pushes of one school
wait for each other instead of retrying; pushes of different schools go on in parallel
(PostgreSQL).
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy import insert, select, update

from pyapp.core.problems import ProblemError
from pyapp.core.snapshot import SchoolInfo
from pyapp.core.sync import (
    PushRequest,
    Receipt,
    canonical_json,
    check_format,
    content_hash,
    merge,
    prefixed_sha256,
    tab_counts,
)
from pyapp.core.sync.compact import CompactError, parse_push_body
from pyapp.proxy import audit, body, db, principal, school_state, security
from pyapp.proxy.auth import PUSH_AUTH_PROBLEMS, require_kepala_sekolah
from pyapp.proxy.context import Context, ctx_of
from pyapp.proxy.problems import responses, validation_problem

log = logging.getLogger("pyapp.proxy")
router = APIRouter(prefix="/api", tags=["sync"])

PUSH_PROBLEMS = ("push.tidak_valid", "push.konflik_kunci", "push.manifest_tidak_cocok",
                 "push.format_lama", "push.format_baru",
                 "push.konfirmasi_tidak_sah", "request.rusak", "request.jenis_isi_salah",
                 *PUSH_AUTH_PROBLEMS)


def parse_push(raw: bytes) -> PushRequest:
    """The push body, plain or compact (columns: pyapp.core.sync.compact)."""
    try:
        return parse_push_body(raw)
    except CompactError as exc:
        raise ProblemError("request.rusak", reason=f"isi ringkas: {exc}") from None
    except ValidationError as exc:
        raise validation_problem(list(exc.errors(include_url=False))) from None


def request_hash(req: PushRequest, digest: str) -> str:
    head = canonical_json(req.model_dump(mode="json", exclude={"changes"}))
    return prefixed_sha256(f"{head}\n{digest}".encode())


def _check(req: PushRequest, claims: security.Claims) -> str:
    check_format(req.manifest)  # first: an older app's codes mean other things (push.format_lama)
    digest = content_hash(req.changes, parsed=True)
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


def accept_push(ctx: Context, claims: security.Claims, req: PushRequest,
                who: dict[str, Any] | None = None) -> tuple[Receipt, bool]:
    """Store a push exactly once; return (receipt, replayed). `who` (client, request_id,
    path): the push.accepted audit event is written in the push's own transaction."""
    digest = _check(req, claims)
    return _accept_checked(ctx, claims, req, digest, request_hash(req, digest), who)


def _accept_checked(ctx: Context, claims: security.Claims, req: PushRequest, digest: str,
                    rhash: str, who: dict[str, Any] | None) -> tuple[Receipt, bool]:
    with ctx.states.school_lock(claims.school_id), db.write_session(ctx.sessions) as session:
        db.lock_school(session, claims.school_id)
        school = session.execute(select(db.School.push_seq, db.School.rev_seq, db.School.npsn,
                                        db.School.nama, db.School.code_gen)
                                 .where(db.School.id == claims.school_id)).first()
        if school is None:
            raise ProblemError("auth.token_tidak_sah", reason="sekolah_tidak_ada")
        if school.code_gen != claims.gen:  # exact, whatever checks.py has cached
            raise ProblemError("auth.token_tidak_sah", reason="kode_diganti")
        seq, rev = school.push_seq, school.rev_seq
        info = SchoolInfo(npsn=school.npsn, nama=school.nama, semester_id=req.semester_id)
        # The school's state first: the principal check reads it (issue 12: the server decides
        # who is the principal, from the school's records, or the push's on a first push).
        state = _state(ctx, session, claims.school_id, rev, info) if seq else None
        basis = _principal(state, req)
        replay = _replay(session, claims.school_id, req, rhash)
        if replay is not None:
            if state is not None:
                ctx.states.put(state)
            return replay, True
        stored = {} if rev == 0 else {
            rid: merge.Row(rtype, version, deleted, data) for rid, rtype, version, deleted, data
            in db.records_by_id(session, claims.school_id, [c.id for c in req.changes])}
        plan = merge.plan_push(req.changes, stored)
        if plan.findings:
            if state is not None:
                ctx.states.put(state)
            raise ProblemError("push.tidak_valid", invalid=len(plan.findings),
                               findings=plan.findings[:merge.MAX_FINDINGS])
        if state is None:
            state = _state(ctx, session, claims.school_id, rev, info)
        undo = state.apply([(a.change.type, a.model if a.model is not None
                             else school_state.parse(a.change.type, a.data))
                            for a in plan.applied])
        try:
            _validate(state, req, school.npsn)
        except ProblemError:
            state.undo(undo)
            ctx.states.put(state)
            raise
        receipt = _write(session, claims, req, digest, rhash, plan, seq, rev, basis)
        if who is not None:
            audit.add(session, "push.accepted", npsn=claims.npsn, role=claims.role,
                      ptk_id=claims.ptk_id, client=who["client"],
                      request_id=who["request_id"], path=who["path"], status=200,
                      problem=None)
        state.rev = receipt.cursor
    # Committed: the state matches the database again (on any error above it is dropped).
    ctx.states.put(state)
    return receipt, False


def _state(ctx: Context, session: Any, school_id: int, rev: int,
           info: SchoolInfo) -> school_state.SchoolState:
    state = ctx.states.take(school_id)
    if state is None:
        return school_state.load(session, school_id, rev, info)
    school_state.catch_up(session, state, rev)
    state.for_semester(info)
    return state


def _principal(state: school_state.SchoolState | None, req: PushRequest) -> principal.Basis:
    """The confirming PTK must be an active Kepala Sekolah (or Plt.): in the school's records
    as the server holds them, or, on the school's first push, in the push's records."""
    ptk_id = req.confirmation.ptk_id
    if state is None:
        return principal.check(ptk_id, principal.push_records(req.changes), "kiriman")
    return principal.check(ptk_id, state.principal_records(ptk_id), "server")


def _validate(state: school_state.SchoolState, req: PushRequest, npsn: str) -> None:
    """The school as it will be once the push is applied must have no invalid finding."""
    findings = _npsn_findings(state, npsn) + [
        {k: getattr(f, k) for k in ("rule_id", "severity", "tab", "record_type", "record_id",
                                     "record_label", "field", "message", "hint")}
        for f in state.validator.findings("invalid")]
    if findings:
        raise ProblemError("push.tidak_valid", invalid=len(findings),
                           findings=findings[:merge.MAX_FINDINGS])
    if req.confirmation.ptk_id not in state.records("ptk"):
        raise ProblemError("push.konfirmasi_tidak_sah",
                           reason="kepala sekolah tidak ada di data PTK sekolah")


def _npsn_findings(state: school_state.SchoolState, npsn: str) -> list[dict[str, Any]]:
    return [merge.finding("proxy.npsn_sekolah", "sekolah", s.id, "npsn",
                          f"NPSN {s.npsn} bukan NPSN sekolah yang masuk ({npsn})",
                          "Periksa NPSN di tab Sekolah.", s.label())
            for s in state.records("sekolah").values() if s.npsn and s.npsn != npsn]


def _write(session: Any, claims: security.Claims, req: PushRequest, digest: str, rhash: str,
           plan: merge.Plan, seq: int, rev: int, basis: principal.Basis) -> Receipt:
    now = db.utcnow()
    new_rev = rev + len(plan.applied)
    receipt = Receipt(idempotency_key=req.idempotency_key, server_seq=seq + 1, cursor=new_rev,
                      counts=plan.counts(), tabs=plan.tabs, conflicts=plan.conflicts,
                      content_hash=digest, received_at=now, principal_basis=basis)
    inserts, updates = [], []
    for i, a in enumerate(plan.applied, start=rev + 1):
        row = {"version": a.version, "deleted": a.deleted, "rev": i, "data": a.data}
        if not a.exists:
            inserts.append({"school_id": claims.school_id, "id": a.change.id,
                            "type": a.change.type, **row})
        else:
            updates.append({"b_id": a.change.id, **row})
    session.execute(update(db.School).where(db.School.id == claims.school_id)
                    .values(push_seq=seq + 1, rev_seq=new_rev, semester_id=req.semester_id))
    session.execute(insert(db.Push).values(
        school_id=claims.school_id, idempotency_key=req.idempotency_key, request_hash=rhash,
        server_seq=seq + 1, receipt=receipt.model_dump_json(),
        confirmation=req.confirmation.model_dump_json(), received_at=now))
    db.write_records(session, claims.school_id, inserts, updates)
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
    raw = await request.body()
    encoding = request.headers.get("content-encoding", "")
    if len(raw) > SMALL_BODY:
        # Inflated off the event loop, a bounded number at a time (body.py): a gzip bomb must
        # not stall every other request of this process.
        raw = await body.decode_async(ctx, raw, encoding, ctx.settings.max_push_bytes,
                                      ctx.settings.gunzip_concurrency)
        encoding = ""
    state = request.scope.setdefault("state", {})
    who = {"client": audit.client_of(request.scope), "request_id": state.get("request_id"),
           "path": request.scope["path"]}
    # Parsed and hashed first, outside the school's lock (so the next push of a school is
    # ready when the current one ends); then the school's turn and a worker slot are waited
    # for here, on the event loop, so no worker thread sits blocked on a lock
    # (school_state.StateCache.turn).
    req, digest, rhash = await run_in_threadpool(_prepare, ctx, claims, raw, encoding)
    async with ctx.states.turn(claims.school_id):
        receipt, replayed = await run_in_threadpool(_accept_checked, ctx, claims, req, digest,
                                                    rhash, who)
    state["audited"] = not replayed
    return JSONResponse(receipt.model_dump(mode="json"),
                        headers={"Idempotent-Replayed": "true" if replayed else "false"})


#: A body at most this big (compressed) is inflated in the worker thread that parses it,
#: without waiting for a gzip slot: deflate inflates at most about 1,000 times, so 4 MiB per
#: such request at worst; a one-record delta is about 1 KB.
SMALL_BODY = 4 * 1024


def _prepare(ctx: Context, claims: security.Claims, raw: bytes,
             encoding: str) -> tuple[PushRequest, str, str]:
    """Inflate (small bodies), parse, and check the manifest and the confirmation."""
    req = parse_push(body.decode(raw, encoding, ctx.settings.max_push_bytes))
    digest = _check(req, claims)
    return req, digest, request_hash(req, digest)

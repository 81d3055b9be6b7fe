"""Chunked, resumable pushes: create → PUT parts (any order, any number of retries) →
GET status (which parts the server has) → commit (one push, exactly once)."""

from __future__ import annotations

import hashlib
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import delete, select, update

from pyapp.core.problems import ProblemError
from pyapp.core.sync import Receipt, UploadCreate, UploadStatus, missing_parts, prefixed_sha256
from pyapp.proxy import db, security
from pyapp.proxy.auth import PUSH_AUTH_PROBLEMS, require_kepala_sekolah
from pyapp.proxy.context import Context, ctx_of
from pyapp.proxy.problems import responses
from pyapp.proxy.push import PUSH_PROBLEMS, accept_push, decode_body, parse_push

router = APIRouter(prefix="/api/uploads", tags=["sync"])
Claims = Annotated[security.Claims, Depends(require_kepala_sekolah)]
UploadId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="id unggahan")]


def _status(session: Any, up: db.Upload) -> UploadStatus:
    have = sorted(session.execute(select(db.UploadPart.part)
                                  .where(db.UploadPart.upload_id == up.id)).scalars())
    receipt = None
    if up.push_id is not None:
        raw = session.execute(select(db.Push.receipt).where(db.Push.id == up.push_id)).scalar()
        receipt = Receipt.model_validate_json(raw) if raw else None
        have = list(range(up.parts))
    return UploadStatus(upload_id=up.id, idempotency_key=up.idempotency_key, parts=up.parts,
                        size=up.size, received=have, missing=missing_parts(up.parts, have),
                        committed=up.push_id is not None, receipt=receipt)


def _get(session: Any, claims: security.Claims, upload_id: str) -> db.Upload:
    up: db.Upload | None = session.get(db.Upload, upload_id)
    if up is None or up.school_id != claims.school_id:
        raise ProblemError("upload.tidak_ditemukan", upload_id=upload_id)
    return up


def create(ctx: Context, claims: security.Claims, req: UploadCreate) -> UploadStatus:
    if req.size > ctx.settings.max_push_bytes:
        raise ProblemError("request.terlalu_besar", limit_bytes=ctx.settings.max_push_bytes)
    if req.parts > req.size:
        raise ProblemError("upload.bagian_salah", part=req.parts - 1,
                           reason="lebih banyak bagian daripada byte")
    with db.write_session(ctx.sessions) as s:
        s.execute(db.upsert(s, db.Upload.__table__, {
            "id": uuid.uuid4().hex, "school_id": claims.school_id,
            "idempotency_key": req.idempotency_key, "parts": req.parts, "size": req.size,
            "sha256": req.sha256, "content_encoding": req.content_encoding,
            "created_at": db.utcnow()}, ["school_id", "idempotency_key"]))
        up = s.execute(select(db.Upload).where(
            db.Upload.school_id == claims.school_id,
            db.Upload.idempotency_key == req.idempotency_key)).scalar_one()
        if (up.parts, up.size, up.sha256, up.content_encoding) != (
                req.parts, req.size, req.sha256, req.content_encoding):
            raise ProblemError("upload.konflik_kunci", idempotency_key=req.idempotency_key)
        return _status(s, up)


def put_part(ctx: Context, claims: security.Claims, upload_id: str, part: int,
             data: bytes) -> UploadStatus:
    digest = hashlib.sha256(data).hexdigest()
    with db.write_session(ctx.sessions) as s:
        up = _get(s, claims, upload_id)
        if part >= up.parts:
            raise ProblemError("upload.bagian_salah", part=part,
                               reason=f"unggahan ini hanya {up.parts} bagian")
        if not data:
            raise ProblemError("upload.bagian_salah", part=part, reason="bagian kosong")
        if up.push_id is None:
            s.execute(db.upsert(s, db.UploadPart.__table__, {
                "upload_id": up.id, "part": part, "sha256": digest, "data": data},
                ["upload_id", "part"]))
            stored = s.execute(select(db.UploadPart.sha256).where(
                db.UploadPart.upload_id == up.id, db.UploadPart.part == part)).scalar()
            if stored != digest:
                raise ProblemError("upload.bagian_berbeda", part=part)
        return _status(s, up)


def status(ctx: Context, claims: security.Claims, upload_id: str) -> UploadStatus:
    with ctx.sessions() as s:
        return _status(s, _get(s, claims, upload_id))


def commit(ctx: Context, claims: security.Claims, upload_id: str) -> Receipt:
    with ctx.sessions() as s:
        up = _get(s, claims, upload_id)
        st = _status(s, up)
        if st.receipt is not None:
            return st.receipt
        if st.missing:
            raise ProblemError("upload.belum_lengkap", missing_count=len(st.missing),
                               missing=st.missing[:1000])
        parts = s.execute(select(db.UploadPart.data).where(db.UploadPart.upload_id == up.id)
                          .order_by(db.UploadPart.part)).scalars().all()
        encoding, want = up.content_encoding, up.sha256
    body = b"".join(parts)
    got = prefixed_sha256(body)
    if got != want or len(body) != up.size:
        raise ProblemError("upload.hash_salah", expected=want, got=got)
    req = parse_push(decode_body(body, encoding, ctx.settings.max_push_bytes))
    receipt, _ = accept_push(ctx, claims, req)
    with db.write_session(ctx.sessions) as s:
        push_id = s.execute(select(db.Push.id).where(
            db.Push.school_id == claims.school_id,
            db.Push.idempotency_key == req.idempotency_key)).scalar_one()
        s.execute(update(db.Upload).where(db.Upload.id == upload_id).values(push_id=push_id))
        s.execute(delete(db.UploadPart).where(db.UploadPart.upload_id == upload_id))
    return receipt


UPLOAD_PROBLEMS = ("upload.tidak_ditemukan", *PUSH_AUTH_PROBLEMS)


@router.post("", response_model=UploadStatus, status_code=201,
             responses=responses("upload.konflik_kunci", "upload.bagian_salah",
                                 *PUSH_AUTH_PROBLEMS))
async def create_upload(req: UploadCreate, request: Request, claims: Claims) -> UploadStatus:
    """Mulai (atau lanjutkan, dengan kunci yang sama) pengiriman bertahap."""
    return await run_in_threadpool(create, ctx_of(request), claims, req)


@router.put("/{upload_id}/parts/{part}", response_model=UploadStatus,
            responses=responses("upload.bagian_salah", "upload.bagian_berbeda",
                                *UPLOAD_PROBLEMS),
            openapi_extra={"requestBody": {"required": True, "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
async def put_upload_part(upload_id: UploadId, part: Annotated[int, Path(ge=0, le=9999)],
                          request: Request, claims: Claims) -> UploadStatus:
    """Kirim satu bagian (boleh diulang, urutan bebas)."""
    data = await request.body()
    return await run_in_threadpool(put_part, ctx_of(request), claims, upload_id, part, data)


@router.get("/{upload_id}", response_model=UploadStatus, responses=responses(*UPLOAD_PROBLEMS))
async def upload_status(upload_id: UploadId, request: Request, claims: Claims) -> UploadStatus:
    """Bagian mana yang sudah diterima server (untuk melanjutkan setelah sambungan putus)."""
    return await run_in_threadpool(status, ctx_of(request), claims, upload_id)


@router.post("/{upload_id}/commit", response_model=Receipt,
             responses=responses("upload.belum_lengkap", "upload.hash_salah", *PUSH_PROBLEMS,
                                 *UPLOAD_PROBLEMS))
async def commit_upload(upload_id: UploadId, request: Request, claims: Claims) -> Receipt:
    """Gabungkan bagian-bagian dan terima sebagai satu pengiriman (sekali saja)."""
    return await run_in_threadpool(commit, ctx_of(request), claims, upload_id)

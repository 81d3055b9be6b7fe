"""Chunked, resumable pushes: create → PUT parts (any order, any number of retries) →
GET status (which parts the server has) → commit (one push, exactly once).

Bounds (issue 12): every part fits the announced layout (no part larger than the announced
size allows, never more bytes in total than announced), a school has at most
`max_open_uploads` uncommitted uploads, uploads not committed within `upload_expiry_h` are
deleted (cleanup.py), and commit reads the parts one at a time.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import delete, func, select, update

from pyapp.core.problems import ProblemError
from pyapp.core.sync import HASH_PREFIX, Receipt, UploadCreate, UploadStatus, missing_parts
from pyapp.proxy import body, db, security
from pyapp.proxy.auth import PUSH_AUTH_PROBLEMS, require_kepala_sekolah
from pyapp.proxy.context import Context, ctx_of
from pyapp.proxy.problems import responses
from pyapp.proxy.push import PUSH_PROBLEMS, accept_push, parse_push

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
        _check_quota(ctx, s, claims, req.idempotency_key)
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


def _check_quota(ctx: Context, s: Any, claims: security.Claims, key: str) -> None:
    limit = ctx.settings.max_open_uploads
    if not limit:
        return
    again = s.execute(select(db.Upload.id).where(db.Upload.school_id == claims.school_id,
                                                 db.Upload.idempotency_key == key)).first()
    if again is not None:
        return  # resuming an upload already counted
    n = s.execute(select(func.count()).select_from(db.Upload).where(
        db.Upload.school_id == claims.school_id, db.Upload.push_id.is_(None))).scalar_one()
    if n >= limit:
        raise ProblemError("upload.kuota_penuh", open=n, limit=limit,
                           expiry_h=ctx.settings.upload_expiry_h)


def max_part_size(size: int, parts: int) -> int:
    """The largest part a client splitting `size` bytes into `parts` equal parts (the last
    one shorter) can send: (parts - 1) full parts must stay below `size`."""
    return size if parts == 1 else (size - 1) // (parts - 1)


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
        biggest = max_part_size(up.size, up.parts)
        if len(data) > biggest:
            raise ProblemError("upload.bagian_terlalu_besar", part=part, got=len(data),
                               limit_bytes=biggest)
        if up.push_id is None:
            others = s.execute(select(func.coalesce(func.sum(func.length(db.UploadPart.data)), 0))
                               .where(db.UploadPart.upload_id == up.id,
                                      db.UploadPart.part != part)).scalar_one()
            if int(others) + len(data) > up.size:  # room left is >= 1: see max_part_size
                raise ProblemError("upload.bagian_terlalu_besar", part=part, got=len(data),
                                   limit_bytes=up.size - int(others))
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
        encoding, want, size = up.content_encoding, up.sha256, up.size
    raw = _assemble(ctx, upload_id, encoding, want, size)
    req = parse_push(raw)
    del raw
    receipt, _ = accept_push(ctx, claims, req)
    with db.write_session(ctx.sessions) as s:
        push_id = s.execute(select(db.Push.id).where(
            db.Push.school_id == claims.school_id,
            db.Push.idempotency_key == req.idempotency_key)).scalar_one()
        s.execute(update(db.Upload).where(db.Upload.id == upload_id).values(push_id=push_id))
        s.execute(delete(db.UploadPart).where(db.UploadPart.upload_id == upload_id))
    return receipt


def _assemble(ctx: Context, upload_id: str, encoding: str, want: str, size: int) -> bytes:
    """The push body, read part by part: hashed and (gzip) inflated as it streams, so only
    one part and the decoded body are in memory, never all parts plus their join."""
    h, got_size = hashlib.sha256(), 0
    gz = body.Gunzip(ctx.settings.max_push_bytes) if encoding == "gzip" else None
    out, broken = bytearray(), None
    with ctx.sessions() as s:
        n = s.execute(select(func.count()).select_from(db.UploadPart)
                      .where(db.UploadPart.upload_id == upload_id)).scalar_one()
        for part in range(int(n)):
            data = s.execute(select(db.UploadPart.data).where(
                db.UploadPart.upload_id == upload_id, db.UploadPart.part == part)).scalar_one()
            h.update(data)
            got_size += len(data)
            if got_size > size:
                break
            if broken is not None:
                continue  # keep hashing: a corrupted upload is reported as such
            try:
                if gz is None:
                    if len(out) + len(data) > ctx.settings.max_push_bytes:
                        raise ProblemError("request.terlalu_besar",
                                           limit_bytes=ctx.settings.max_push_bytes)
                    out += data
                else:
                    out += gz.feed(data)
            except ProblemError as exc:
                broken, out = exc, bytearray()
    got = HASH_PREFIX + h.hexdigest()
    if got != want or got_size != size:
        raise ProblemError("upload.hash_salah", expected=want, got=got)
    if broken is not None:
        raise broken
    if gz is not None:
        gz.finish()
    return bytes(out)


UPLOAD_PROBLEMS = ("upload.tidak_ditemukan", *PUSH_AUTH_PROBLEMS)


@router.post("", response_model=UploadStatus, status_code=201,
             responses=responses("upload.konflik_kunci", "upload.bagian_salah",
                                 "upload.kuota_penuh",
                                 *PUSH_AUTH_PROBLEMS))
async def create_upload(req: UploadCreate, request: Request, claims: Claims) -> UploadStatus:
    """Mulai (atau lanjutkan, dengan kunci yang sama) pengiriman bertahap."""
    return await run_in_threadpool(create, ctx_of(request), claims, req)


@router.put("/{upload_id}/parts/{part}", response_model=UploadStatus,
            responses=responses("upload.bagian_salah", "upload.bagian_berbeda",
                                "upload.bagian_terlalu_besar",
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
    ctx = ctx_of(request)
    async with body.limiter(ctx, ctx.settings.gunzip_concurrency):  # it may inflate gzip
        return await run_in_threadpool(commit, ctx, claims, upload_id)

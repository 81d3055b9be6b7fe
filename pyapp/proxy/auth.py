"""POST /api/auth/token: NPSN + kode registrasi + role → a short-lived token for one school.

Attempts are throttled per NPSN and client address (throttle.py); a kepala_sekolah token
needs a PTK that the school's data names as active Kepala Sekolah (principal.py). Every
token issued or refused is audited (audit.py). `require(request)` checks a bearer token on every protected route (checks.py keeps the
school's kode generation for a moment).
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from pyapp.core.problems import ProblemError
from pyapp.core.sync import TokenRequest, TokenResponse
from pyapp.proxy import audit, db, principal, schools, security, throttle
from pyapp.proxy.checks import MISS
from pyapp.proxy.context import ctx_of
from pyapp.proxy.problems import responses

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/token", response_model=TokenResponse,
             responses=responses("auth.kode_salah", "auth.terlalu_banyak_percobaan",
                                 "auth.bukan_kepala_sekolah"))
def token(req: TokenRequest, request: Request) -> TokenResponse:
    """Tukar NPSN + kode registrasi + peran dengan token (berlaku singkat). Untuk
    kepala_sekolah server memeriksa dari data sekolah bahwa ptk_id adalah Kepala Sekolah
    (atau Plt.) yang aktif."""
    ctx = ctx_of(request)
    s = ctx.settings
    if req.role == "kepala_sekolah" and not req.ptk_id:
        raise ProblemError("request.tidak_valid", summary="ptk_id: wajib untuk kepala_sekolah",
                           errors=[{"loc": "ptk_id", "message": "wajib untuk kepala_sekolah"}])
    who = {"npsn": req.npsn, "role": req.role, "ptk_id": req.ptk_id,
           "client": audit.client_of(request.scope),
           "request_id": audit.request_id_of(request.scope)}
    if s.auth_fail_limit:
        attempt = throttle.reserve(ctx.sessions, req.npsn, who["client"] or "?",
                                   s.auth_fail_limit, s.auth_backoff_max_s)
        if not attempt.allowed:
            raise ProblemError("auth.terlalu_banyak_percobaan", retry_after=attempt.retry_after)
    with ctx.sessions() as session:
        school = schools.find(session, req.npsn)
        # An unknown NPSN is hashed against a dummy: a wrong code costs the same either way.
        ok = security.check_code(req.kode_registrasi, school.code_hash if school else None)
        basis = None
        if ok and school is not None and req.role == "kepala_sekolah":
            try:
                basis = principal.check_token(session, school, str(req.ptk_id))
            except ProblemError as exc:
                audit.write(ctx.sessions, "token.refused", **who, problem=exc.code,
                            reason=exc.params.get("reason"))
                raise
    if not ok or school is None:
        with db.write_session(ctx.sessions) as session:
            audit.add(session, "token.refused", **who, problem="auth.kode_salah")
            if s.auth_fail_limit and attempt.locks_next:
                audit.add(session, "auth.lockout", **who, free_attempts=s.auth_fail_limit)
        raise ProblemError("auth.kode_salah")
    if s.auth_fail_limit:
        throttle.succeeded(ctx.sessions, req.npsn, who["client"] or "?")
    claims = security.Claims(school.id, school.npsn, school.code_gen, req.role,
                             req.ptk_id if req.role == "kepala_sekolah" else None,
                             int(time.time()) + s.token_ttl_s)
    audit.write(ctx.sessions, "token.issued", **who, principal_basis=basis,
                expires_in=s.token_ttl_s)
    return TokenResponse(access_token=security.sign(ctx.token_secret, claims),
                         expires_in=s.token_ttl_s, role=req.role, npsn=school.npsn,
                         principal_basis=basis)


def bearer_claims(request: Request) -> security.Claims:
    """Signature and expiry of the bearer token (no database)."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ProblemError("auth.token_tidak_ada")
    return security.verify(ctx_of(request).token_secret, value.strip())


def _current(claims: security.Claims, gen: int | None) -> security.Claims:
    if gen is None:
        raise ProblemError("auth.token_tidak_sah", reason="sekolah_tidak_ada")
    if gen != claims.gen:
        raise ProblemError("auth.token_tidak_sah", reason="kode_diganti")
    return claims


async def require(request: Request) -> security.Claims:
    """A valid token whose kode generation is the school's current one (read at most once per
    check_ttl_ms per school: checks.py; a push checks again in its own transaction)."""
    claims = bearer_claims(request)
    ctx = ctx_of(request)
    gen = ctx.checks.code_gen_cached(claims.school_id)
    if gen is MISS:
        gen = await run_in_threadpool(ctx.checks.code_gen, ctx.sessions, claims.school_id)
    _current(claims, gen)
    request.scope.setdefault("state", {})["claims"] = claims  # for the audit of pushes
    return claims


async def require_kepala_sekolah(claims: Annotated[security.Claims, Depends(require)]
                                 ) -> security.Claims:
    if claims.role != "kepala_sekolah":
        raise ProblemError("auth.peran_ditolak", role=claims.role, action="mengirim data")
    return claims


AUTH_PROBLEMS = ("auth.token_tidak_ada", "auth.token_tidak_sah")
PUSH_AUTH_PROBLEMS = (*AUTH_PROBLEMS, "auth.peran_ditolak", "auth.bukan_kepala_sekolah")

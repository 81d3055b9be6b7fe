"""POST /api/auth/token: NPSN + kode registrasi + role → a short-lived token for one school.

Wrong codes are counted per NPSN in the database (ratelimit.py) and refused with 429 past
the limit. `require(request)` checks a bearer token on every protected route.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from pyapp.core.problems import ProblemError
from pyapp.core.sync import TokenRequest, TokenResponse
from pyapp.proxy import db, ratelimit, schools, security
from pyapp.proxy.context import ctx_of
from pyapp.proxy.problems import responses

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/token", response_model=TokenResponse,
             responses=responses("auth.kode_salah", "auth.terlalu_banyak_percobaan"))
def token(req: TokenRequest, request: Request) -> TokenResponse:
    """Tukar NPSN + kode registrasi + peran dengan token (berlaku singkat)."""
    ctx = ctx_of(request)
    s = ctx.settings
    if req.role == "kepala_sekolah" and not req.ptk_id:
        raise ProblemError("request.tidak_valid", summary="ptk_id: wajib untuk kepala_sekolah",
                           errors=[{"loc": "ptk_id", "message": "wajib untuk kepala_sekolah"}])
    key = f"auth:{req.npsn}"
    with ctx.sessions() as session:
        fails, left = ratelimit.peek(session, key, s.auth_fail_window_s)
        if s.auth_fail_limit and fails >= s.auth_fail_limit:
            raise ProblemError("auth.terlalu_banyak_percobaan", retry_after=left)
        school = schools.find(session, req.npsn)
        ok = school is not None and security.check_code(req.kode_registrasi, school.code_hash)
    if not ok or school is None:
        with db.write_session(ctx.sessions) as session:
            ratelimit.hit(session, key, s.auth_fail_window_s)
        raise ProblemError("auth.kode_salah")
    claims = security.Claims(school.id, school.npsn, school.code_gen, req.role,
                             req.ptk_id if req.role == "kepala_sekolah" else None,
                             int(time.time()) + s.token_ttl_s)
    return TokenResponse(access_token=security.sign(ctx.token_secret, claims),
                         expires_in=s.token_ttl_s, role=req.role, npsn=school.npsn)


def bearer_claims(request: Request) -> security.Claims:
    """Signature and expiry of the bearer token (no database)."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ProblemError("auth.token_tidak_ada")
    return security.verify(ctx_of(request).token_secret, value.strip())


def _check_current(request: Request, claims: security.Claims) -> security.Claims:
    with ctx_of(request).sessions() as session:
        school = session.get(db.School, claims.school_id)
    if school is None:
        raise ProblemError("auth.token_tidak_sah", reason="sekolah_tidak_ada")
    if school.code_gen != claims.gen:
        raise ProblemError("auth.token_tidak_sah", reason="kode_diganti")
    return claims


async def require(request: Request) -> security.Claims:
    claims = bearer_claims(request)
    return await run_in_threadpool(_check_current, request, claims)


async def require_kepala_sekolah(claims: Annotated[security.Claims, Depends(require)]
                                 ) -> security.Claims:
    if claims.role != "kepala_sekolah":
        raise ProblemError("auth.peran_ditolak", role=claims.role, action="mengirim data")
    return claims


AUTH_PROBLEMS = ("auth.token_tidak_ada", "auth.token_tidak_sah")
PUSH_AUTH_PROBLEMS = (*AUTH_PROBLEMS, "auth.peran_ditolak")

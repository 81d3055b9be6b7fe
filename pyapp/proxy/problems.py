"""The ONE place where errors become HTTP responses (RFC 9457 application/problem+json).

Raised ProblemErrors, request validation errors (422), unknown routes (404/405) and database
errors (integrity → data.bentrok, operational → server.sibuk) all go through `problem_response`;
the middlewares (ops.py) call it too. `responses(...)` documents a route's problems in OpenAPI.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from pyapp.core.messages import pesan
from pyapp.core.problems import CATALOGUE, ProblemError

log = logging.getLogger("pyapp.proxy")

MEDIA_TYPE = "application/problem+json"

#: Problems any /api route can answer (middlewares, validation, server).
COMMON = ("request.terlalu_besar", "request.terlalu_sering", "server.pemeliharaan",
          "server.sibuk", "server.kesalahan", "data.bentrok")


class ProblemDocument(BaseModel):
    """RFC 9457 problem details, plus the stable `code` from the catalogue."""

    model_config = ConfigDict(extra="allow", title="Problem")

    type: str = Field(..., description="URI: /api/-/problems#<code>")
    title: str
    status: int
    detail: str
    code: str = Field(..., description="Kode masalah yang stabil (lihat /api/-/problems)")
    hint: str
    retry: bool = Field(..., description="true: masalah sementara, coba lagi nanti")
    details: dict[str, Any] = Field(default_factory=dict)
    instance: str | None = None


def request_id_of(request: Request) -> str:
    rid = request.scope.setdefault("state", {}).get("request_id")
    if not rid:
        rid = uuid.uuid4().hex[:12]
        request.scope["state"]["request_id"] = rid
    return str(rid)


def problem_response(err: ProblemError, path: str | None = None,
                     scope: MutableMapping[str, Any] | None = None) -> JSONResponse:
    headers = dict(err.headers)
    retry_after = err.params.get("retry_after")
    if retry_after is not None and "Retry-After" not in headers:
        headers["Retry-After"] = str(int(retry_after))
    if scope is not None:
        scope.setdefault("state", {})["problem"] = err.code
    return JSONResponse(err.to_dict(instance=path), status_code=err.status, headers=headers,
                        media_type=MEDIA_TYPE)


def validation_problem(errors: list[Any]) -> ProblemError:
    items = []
    for e in errors[:50]:
        loc = [str(x) for x in e.get("loc", ()) if x != "body"]
        items.append({"loc": ".".join(loc), "message": pesan(e)})
    first = items[0] if items else {"loc": "", "message": "tidak sah"}
    summary = f"{first['loc']}: {first['message']}" if first["loc"] else first["message"]
    return ProblemError("request.tidak_valid", summary=summary, errors=items)


def install(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc, request.url.path, request.scope)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(validation_problem(list(exc.errors())), request.url.path,
                                request.scope)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        path = request.url.path
        if exc.status_code == 405:
            err = ProblemError("request.metode_salah", method=request.method, path=path,
                               headers=dict(exc.headers or {}))
        elif exc.status_code == 404:
            err = ProblemError("request.tidak_ditemukan", path=path)
        else:  # not raised by our code; keep a problem shape anyway
            err = ProblemError("request.tidak_valid", summary=str(exc.detail), errors=[])
        return problem_response(err, path, request.scope)

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("integrity error: %s", exc.orig)
        return problem_response(ProblemError("data.bentrok"), request.url.path, request.scope)

    @app.exception_handler(OperationalError)
    async def _operational(request: Request, exc: DBAPIError) -> JSONResponse:
        log.warning("database unavailable: %s", exc.orig)
        return problem_response(ProblemError("server.sibuk", retry_after=5), request.url.path,
                                request.scope)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        rid = request_id_of(request)
        log.exception("unexpected error (request %s)", rid)
        return problem_response(ProblemError("server.kesalahan", request_id=rid),
                                request.url.path, request.scope)


def responses(*codes: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for a route: its own problem codes plus the common ones, grouped
    by status, each with the problem+json schema and the list of codes."""
    by_status: dict[int, list[str]] = {}
    for code in (*codes, *COMMON):
        by_status.setdefault(CATALOGUE[code].status, []).append(code)
    if 422 not in by_status:
        by_status[422] = ["request.tidak_valid"]
    elif "request.tidak_valid" not in by_status[422]:
        by_status[422].append("request.tidak_valid")
    out: dict[int | str, dict[str, Any]] = {}
    for status, group in sorted(by_status.items()):
        desc = "; ".join(f"`{c}`: {CATALOGUE[c].title}" for c in group)
        out[status] = {
            "description": desc,
            "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    return out

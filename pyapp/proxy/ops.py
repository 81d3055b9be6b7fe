"""Operations: one ASGI middleware (request id, JSON access log, body limit, maintenance,
rate limit; all state in the database), the maintenance switch, and the introspection
endpoints /api/-/version and /api/-/problems."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from typing import Any

import pydantic
import sqlalchemy
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import pyapp
from pyapp.core.problems import CATALOGUE, ProblemError
from pyapp.proxy import audit, checks, db, ratelimit
from pyapp.proxy.context import Context
from pyapp.proxy.problems import problem_response, responses
from pyapp.proxy.settings import ENV_VARS

log = logging.getLogger("pyapp.proxy")
router = APIRouter(prefix="/api/-", tags=["operations"])
#: Always answered, even in maintenance or over the rate limit.
EXEMPT = ("/api/health", "/api/-/", "/api/openapi.json", "/api/docs")


# -- maintenance ----------------------------------------------------------------------------

def set_maintenance(ctx: Context, on: bool, retry_after: int = 600, message: str = "") -> None:
    with db.write_session(ctx.sessions) as s:
        db.put_setting(s, "maintenance", {"on": on, "retry_after": retry_after,
                                          "message": message})
    checks.changed()  # at once in this process; other processes within check_ttl_ms


def maintenance(ctx: Context) -> dict[str, Any] | None:
    """The maintenance window, if on (read at most once per check_ttl_ms: checks.py)."""
    return ctx.checks.maintenance(ctx.sessions)


# -- middleware -------------------------------------------------------------------------------

class OpsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state = scope.setdefault("state", {})
        state["request_id"] = uuid.uuid4().hex[:12]
        status = {"code": 0}

        async def send_logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", state["request_id"].encode()))
                message = {**message, "headers": headers}
            await send(message)

        path: str = scope["path"]
        try:
            if path.startswith("/api/") and not path.startswith(EXEMPT):
                ctx: Context = scope["app"].state.ctx
                early, receive = await self._guard(ctx, scope, receive)
                if early is not None:
                    await early(scope, receive, send_logged)
                    return
            await self.app(scope, receive, send_logged)
        except Exception:
            if status["code"]:  # the answer had started: only the log can tell
                raise
            # A bug: answered here, inside this middleware and the security headers, so the
            # 500 carries the request id (header and body), the headers and its access log.
            log.exception("unexpected error (request %s)", state["request_id"])
            err = ProblemError("server.kesalahan", request_id=state["request_id"])
            await problem_response(err, path, scope)(scope, receive, send_logged)
        finally:
            if path.startswith("/api/"):
                _access_log(scope, status["code"], started)
            if (scope["method"] == "POST" and _AUDITED.match(path) and state.get("claims")
                    and not state.get("audited")):  # an accepted push audits itself
                await run_in_threadpool(_audit_push, scope, status["code"])

    async def _guard(self, ctx: Context, scope: Scope, receive: Receive) -> tuple[Any, Receive]:
        limit = ctx.settings.max_body_bytes
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and not length.strip().isdigit():  # "abc", "-5", "1e3"
            return self._problem(ProblemError("request.rusak", reason="Content-Length tidak sah"),
                                 scope), receive
        if length is not None and int(length) > limit:
            return self._problem(ProblemError("request.terlalu_besar", limit_bytes=limit),
                                 scope), receive
        if scope["method"] in ("POST", "PUT", "PATCH") and length is None:
            body, over = await _read_limited(receive, limit)
            if over:
                return self._problem(ProblemError("request.terlalu_besar", limit_bytes=limit),
                                     scope), receive
            receive = _replay(body)
        down = ctx.checks.maintenance_cached()
        if down is checks.MISS:
            down = await run_in_threadpool(maintenance, ctx)
        if down is not None:
            err = ProblemError("server.pemeliharaan", retry_after=int(down.get("retry_after", 600)),
                               message=str(down.get("message", "")))
            return self._problem(err, scope), receive
        per_min = ctx.settings.rate_limit_per_min
        if per_min:
            key = _client_key(ctx, scope, headers)
            count, left = await run_in_threadpool(_hit, ctx, key)
            if count > per_min:
                return self._problem(ProblemError("request.terlalu_sering", retry_after=left),
                                     scope), receive
        return None, receive

    @staticmethod
    def _problem(err: ProblemError, scope: Scope) -> Any:
        return problem_response(err, scope["path"], scope)


_AUDITED = re.compile(r"^/api/(push|uploads/[0-9a-f]{32}/commit)$")


def _audit_push(scope: Scope, status: int) -> None:
    """Every push accepted or refused (after authentication) goes to the audit log."""
    state = scope.get("state") or {}
    claims = state["claims"]
    ctx: Context = scope["app"].state.ctx
    try:
        audit.write(ctx.sessions, "push.accepted" if status == 200 else "push.refused",
                    npsn=claims.npsn, role=claims.role, ptk_id=claims.ptk_id,
                    client=audit.client_of(scope), request_id=state.get("request_id"),
                    path=scope["path"], status=status, problem=state.get("problem"))
    except Exception:  # noqa: BLE001 - the answer is already sent; keep it in the log
        log.exception("audit of a push failed")


def _hit(ctx: Context, key: str) -> tuple[int, int]:
    with db.write_session(ctx.sessions) as s:
        return ratelimit.hit(s, key, 60)


def _client_key(ctx: Context, scope: Scope, headers: dict[bytes, bytes]) -> str:
    authz = headers.get(b"authorization", b"").decode("latin-1")
    if authz.lower().startswith("bearer "):
        from pyapp.proxy import security

        try:
            return f"rate:school:{security.verify(ctx.token_secret, authz[7:].strip()).school_id}"
        except ProblemError:
            pass
    client = scope.get("client") or ("?", 0)
    return f"rate:ip:{client[0]}"


async def _read_limited(receive: Receive, limit: int) -> tuple[bytes, bool]:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return b"", True
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks), False


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def _access_log(scope: Scope, status: int, started: float) -> None:
    state = scope.get("state", {})
    log.info("request", extra={
        "event": "request", "method": scope["method"], "path": scope["path"], "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "request_id": state.get("request_id"), "problem": state.get("problem"),
        "client": (scope.get("client") or ("?",))[0],
    })


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg and any `extra` fields."""

    _STD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(), "logger": record.name, "msg": record.getMessage(),
        }
        out.update({k: v for k, v in vars(record).items() if k not in self._STD})
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def setup_logging(level: str = "info") -> None:
    logger = logging.getLogger("pyapp.proxy")
    if not any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(level.upper())


# -- introspection ------------------------------------------------------------------------

@router.get("/version", responses=responses())
def version(request: Request) -> dict[str, Any]:
    """Versi aplikasi, pustaka dan skema basis data."""
    ctx: Context = request.app.state.ctx
    with ctx.sessions() as s:
        revision = db.schema_revision(s)
    return {"version": pyapp.__version__, "python": sys.version.split()[0],
            "pydantic": pydantic.VERSION, "sqlalchemy": sqlalchemy.__version__,
            "database": ctx.engine.dialect.name, "schema_revision": revision,
            "settings": sorted(ENV_VARS)}


@router.get("/problems", responses=responses())
def problems() -> dict[str, Any]:
    """Katalog masalah: setiap kode galat yang dapat dijawab server."""
    return {"problems": [
        {"code": p.code, "status": p.status, "title": p.title, "message": p.message,
         "hint": p.hint, "retry": p.retry, "details": p.details}
        for p in CATALOGUE.values()
    ]}


__all__ = ["OpsMiddleware", "router", "set_maintenance", "maintenance", "setup_logging"]

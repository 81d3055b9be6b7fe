"""The ASGI application: the proxy API under /api/ and, for local use, the static app at /."""

from __future__ import annotations

import asyncio
import gc
import mimetypes
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse

import pyapp
from pyapp import webroot
from pyapp.core.sync import PushRequest
from pyapp.proxy import auth, cleanup, headers, ops, problems, pull, push, uploads
from pyapp.proxy.context import Context
from pyapp.proxy.settings import Settings
from pyapp.proxy.static import PrecompressedStaticFiles

for _ext, _type in webroot.MIME_TYPES.items():
    mimetypes.add_type(_type, _ext)


def create_app(serve_static: bool = True, settings: Settings | None = None) -> FastAPI:
    """The app. The database (migrated on start) is opened in the lifespan, from `settings`
    or the environment (PYAPP_DATABASE_URL, … see settings.py)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ops.setup_logging()
        tune_gc()
        app.state.ctx = ctx = Context.open(settings or Settings.from_env())
        cleanup.run(ctx)  # expired uploads and stale throttles, before serving
        task = asyncio.create_task(cleanup.periodically(ctx))
        try:
            yield
        finally:
            task.cancel()
            ctx.close()

    app = FastAPI(
        title="pyapp sync proxy",
        version=pyapp.__version__,
        docs_url=None,  # headers.install_docs: Swagger UI from this origin, not a CDN
        openapi_url="/api/openapi.json",
        redoc_url=None,
        lifespan=lifespan,
    )
    problems.install(app)
    for module in (auth, push, uploads, pull, ops):
        app.include_router(module.router)
    headers.install_docs(app)
    app.add_middleware(ops.OpsMiddleware)
    cors = (settings or Settings.from_env()).cors_origins
    if cors:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors), allow_methods=["*"],
                           allow_headers=["*"], expose_headers=["Retry-After", "X-Request-Id",
                                                                "Idempotent-Replayed"],
                           max_age=600)
    app.add_middleware(headers.SecurityHeaders, settings=settings)  # outermost
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]

    @app.get("/api/health", tags=["operations"])
    def health() -> dict[str, str]:
        """Liveness and identity; the app uses this to show Terhubung / Belum terhubung."""
        return {"status": "ok", "service": "pyapp-proxy", "version": pyapp.__version__}

    if serve_static:
        _mount_static(app)
    return app


#: Young-generation threshold of the cyclic GC in a serving process (CPython's default: 700).
GC_THRESHOLD = (20_000, 20, 100)


def tune_gc() -> None:
    """A push of a large school makes millions of objects: at CPython's default thresholds the
    collector ran over and over during it (and over every school state kept in memory), about
    30 % of that push's CPU. Collect less often, and keep what start-up made out of its scans."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated document plus the problem schema, the push body and bearer auth."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, routes=app.routes,
                      description="Proxy sinkronisasi. Semua galat: application/problem+json "
                                  "(RFC 9457) dengan `code` dari katalog /api/-/problems.")
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = problems.ProblemDocument.model_json_schema()
    push_schema = PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in push_schema.pop("$defs", {}).items():
        schemas.setdefault(name, sub)
    schemas["PushRequest"] = push_schema
    app.openapi_schema = doc
    return doc


def _mount_static(app: FastAPI) -> None:
    no_cache = {"Cache-Control": "no-cache"}
    for name in webroot.ROOT_FILES:
        path = webroot.ROOT / name

        def serve(path: str = str(path)) -> FileResponse:
            return FileResponse(path, headers=no_cache)

        app.add_api_route(f"/{name}", serve, include_in_schema=False)
        if name == "index.html":
            app.add_api_route("/", serve, include_in_schema=False)
    for d in webroot.DIRS:
        app.mount(f"/{d}", PrecompressedStaticFiles(directory=webroot.ROOT / d, check_dir=False),
                  name=d)

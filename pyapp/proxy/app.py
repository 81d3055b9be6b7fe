"""The ASGI application: the proxy API under /api/ and, for local use, the static app at /."""

from __future__ import annotations

import mimetypes

from fastapi import FastAPI
from fastapi.responses import FileResponse

import pyapp
from pyapp import webroot
from pyapp.proxy.static import PrecompressedStaticFiles

for _ext, _type in webroot.MIME_TYPES.items():
    mimetypes.add_type(_type, _ext)


def create_app(serve_static: bool = True) -> FastAPI:
    app = FastAPI(
        title="pyapp sync proxy",
        version=pyapp.__version__,
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )

    @app.get("/api/health", tags=["operations"])
    def health() -> dict[str, str]:
        """Liveness and identity; the app uses this to show Terhubung / Belum terhubung."""
        return {"status": "ok", "service": "pyapp-proxy", "version": pyapp.__version__}

    if serve_static:
        _mount_static(app)
    return app


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

"""Security headers on every response, HEAD wherever GET is served, and the API docs page
without any external script.

Content-Security-Policy, the tightest the app runs under (tests/e2e/test_sync_journey.py
drives the whole Sinkronisasi journey under it and fails on any violation):
- scripts only from this origin (no inline script, no CDN), plus 'wasm-unsafe-eval'
  (MicroPython and Pyodide compile WebAssembly) and 'unsafe-eval': PyScript builds small
  functions from strings (its js_import helper and hooks) and Pyodide evaluates the EM_ASM
  snippets of compiled packages (pydantic_core). Without it the interpreter does not start
  (tried: PyScript then falls back to Pyodide from a CDN, which this policy blocks too);
- workers from this origin and blob: (PyScript starts its worker from a blob URL);
- styles from this origin only (no inline style attribute or element);
- connections to this origin, plus PYAPP_CSP_CONNECT_SRC (a sync proxy elsewhere);
- no plugins, no <base> elsewhere, no framing (frame-ancestors 'none', X-Frame-Options).
The API answers JSON only: its policy allows nothing at all. /api/docs is Swagger UI
vendored by scripts/vendor.py (vendor.lock.json, sha256-pinned) and served from here.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pyapp.proxy.settings import Settings

SWAGGER = Path(__file__).parent / "swagger"

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; "
            "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
            "base-uri 'none'; form-action 'none'")


def app_csp(connect_extra: tuple[str, ...] = ()) -> str:
    connect = " ".join(("'self'", *connect_extra))
    return ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'; worker-src 'self' blob:; "
            f"connect-src {connect}; img-src 'self' data:; style-src 'self'; "
            "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            "frame-ancestors 'none'; manifest-src 'self'")


class SecurityHeaders:
    """Adds the headers; answers HEAD as GET without the body."""

    def __init__(self, app: ASGIApp, settings: Settings | None = None) -> None:
        self.app = app
        self.app_csp = app_csp((settings or Settings.from_env()).csp_connect_src)

    def policy(self, path: str) -> str:
        if path.startswith("/api/docs"):
            return DOCS_CSP
        if path.startswith("/api/"):
            return API_CSP
        return self.app_csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        extra = [(k.lower().encode(), v.encode()) for k, v in
                 (*COMMON.items(), ("Content-Security-Policy", self.policy(scope["path"])))]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(h for h in extra if h[0] not in have)]}
            elif head and message["type"] == "http.response.body":
                if message.get("more_body"):
                    return  # HEAD: headers only
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_with_headers)


_DOCS_HTML = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>{title} — API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>
"""
_DOCS_INIT = """window.ui = SwaggerUIBundle({url: "/api/openapi.json", dom_id: "#swagger-ui",
  deepLinking: true, showExtensions: true, showCommonExtensions: true});
"""
_MISSING = ("Swagger UI belum tersedia di server ini: jalankan `python scripts/vendor.py` "
            "(make setup). Dokumen API: /api/openapi.json")


def install_docs(app: FastAPI) -> None:
    """/api/docs from this origin only (FastAPI's default loads Swagger UI from a CDN)."""

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> Response:
        if not (SWAGGER / "swagger-ui-bundle.js").is_file():
            return Response(_MISSING, status_code=503, media_type="text/plain; charset=utf-8")
        return HTMLResponse(_DOCS_HTML.format(title=app.title))

    @app.get("/api/docs/init.js", include_in_schema=False)
    def docs_init() -> Response:
        return Response(_DOCS_INIT, media_type="text/javascript")

    for name, media in (("swagger-ui-bundle.js", "text/javascript"),
                        ("swagger-ui.css", "text/css")):
        def asset(name: str = name, media: str = media) -> Response:
            path = SWAGGER / name
            if not path.is_file():
                return Response(_MISSING, status_code=404, media_type="text/plain")
            return FileResponse(path, media_type=media,
                                headers={"Cache-Control": "public, max-age=86400"})

        app.add_api_route(f"/api/docs/{name}", asset, include_in_schema=False)

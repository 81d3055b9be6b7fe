"""Issue 12, finding 8: security headers on the app and the API, HEAD wherever GET is, and
/api/docs without any external script (real server process)."""

from __future__ import annotations

import re

import pytest

from tests.proxy.remote import RemoteProxy

APP_PATHS = ["/", "/index.html", "/sw.js", "/static/app.css", "/pyapp/ui/main.py"]
API_PATHS = ["/api/health", "/api/openapi.json", "/api/-/problems", "/api/pull"]


@pytest.fixture(scope="module")
def srv(tmp_path_factory):  # type: ignore[no-untyped-def]
    with RemoteProxy(f"sqlite:///{tmp_path_factory.mktemp('hdr') / 'proxy.sqlite3'}") as rp:
        yield rp.remote


def _common(r) -> None:  # type: ignore[no-untyped-def]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", APP_PATHS)
def test_app_files_carry_the_app_policy(srv, path):
    r = srv.get(path)
    assert r.status_code == 200
    _common(r)
    csp = dict(d.strip().split(" ", 1) for d in r.headers["Content-Security-Policy"].split(";"))
    # own origin only: no CDN, no inline script (eval: PyScript/Pyodide need it, see headers.py)
    assert csp["script-src"] == "'self' 'wasm-unsafe-eval' 'unsafe-eval'"
    assert csp["style-src"] == "'self'"
    assert csp["default-src"] == "'self'" and csp["object-src"] == "'none'"
    assert csp["worker-src"] == "'self' blob:" and csp["connect-src"] == "'self'"


@pytest.mark.parametrize("path", API_PATHS)
def test_api_answers_carry_a_deny_all_policy(srv, path):
    r = srv.get(path)
    _common(r)
    assert r.headers["Content-Security-Policy"].startswith("default-src 'none'")


@pytest.mark.parametrize("path", ["/", "/index.html", "/api/health", "/api/openapi.json",
                                  "/static/app.css", "/api/docs"])
def test_head_is_served_where_get_is(srv, path):
    get, head = srv.get(path), srv.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    _common(head)


def test_docs_load_nothing_from_another_origin(srv):
    r = srv.get("/api/docs")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    html = r.text
    assert "http://" not in html and "https://" not in html and "<script>" not in html
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert {"/api/docs/swagger-ui-bundle.js", "/api/docs/swagger-ui.css",
            "/api/docs/init.js"} <= set(refs)
    for ref in refs:
        asset = srv.get(ref)
        assert asset.status_code == 200, ref
        _common(asset)
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-eval" not in csp

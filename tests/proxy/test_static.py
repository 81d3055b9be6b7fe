"""The one local server: API health, the static app, correct MIME types, nothing else exposed."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from pyapp.proxy.app import create_app


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


def test_health_answers_json(client):
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["status"] == "ok"


def test_index_is_the_app_in_indonesian(client):
    r = client.get("/")
    assert r.status_code == 200
    assert '<html lang="id">' in r.text
    assert 'data-testid="engine-status"' in r.text
    assert "cdn." not in r.text and "https://" not in r.text
    # "/" is index.html, and neither is kept by the HTTP cache unchecked (a new version shows)
    index = client.get("/index.html")
    assert index.text == r.text
    assert r.headers["cache-control"] == index.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path,mime", [
    ("/static/vendor/pyodide/pyodide.asm.wasm", "application/wasm"),
    ("/static/vendor/micropython/micropython.wasm", "application/wasm"),
    ("/static/vendor/pyodide/pyodide.mjs", "text/javascript"),
    ("/static/vendor/micropython/micropython.mjs", "text/javascript"),
    ("/sw.js", "text/javascript"),
])
@pytest.mark.usefixtures("vendored_runtime")
def test_runtime_mime_types(client, path, mime):
    r = client.get(path)
    assert r.status_code == 200, path
    assert r.headers["content-type"].split(";")[0] == mime


@pytest.mark.parametrize("path", ["/.git/config", "/pyproject.toml", "/pyapp/proxy/app.py",
                                  "/static/../pyproject.toml", "/Makefile"])
def test_only_the_app_is_exposed(client, path):
    assert client.get(path).status_code == 404


def test_service_worker_is_never_http_cached(client):
    assert client.get("/sw.js").headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path", ["/static/data/wilayah/provinsi.json",
                                  "/static/vendor/pyodide/pyodide.asm.wasm"])
@pytest.mark.usefixtures("vendored_runtime")
def test_precompressed_files_are_sent_gzipped_and_revalidate(client, path):
    plain = client.get(path, headers={"accept-encoding": "identity"})
    gz = client.get(path, headers={"accept-encoding": "gzip"})
    assert gz.status_code == 200 and gz.headers["content-encoding"] == "gzip"
    assert gz.content == plain.content  # the client decodes it back to the same bytes
    assert int(gz.headers["content-length"]) < len(plain.content)
    again = client.get(path, headers={"accept-encoding": "gzip", "if-none-match": gz.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/static/vendor/pyodide/pyodide.asm.wasm",
                                  "/static/build/python_stdlib.zip"])
def test_brotli_is_preferred_when_accepted(client, path):
    plain = client.get(path, headers={"accept-encoding": "identity"})
    br = client.get(path, headers={"accept-encoding": "gzip, deflate, br, zstd"})
    gz = client.get(path, headers={"accept-encoding": "gzip"})
    assert br.headers["content-encoding"] == "br" and br.headers["vary"] == "Accept-Encoding"
    assert br.content == plain.content  # decoded by httpx with the brotli package
    assert int(br.headers["content-length"]) < int(gz.headers["content-length"])
    refused = client.get(path, headers={"accept-encoding": "br;q=0, gzip"})
    assert refused.headers["content-encoding"] == "gzip"
    again = client.get(path, headers={"accept-encoding": "br", "if-none-match": br.headers["etag"]})
    assert again.status_code == 304


def test_every_root_file_is_revalidated(tmp_path):
    """index.html, "/" and sw.js carry no-cache in an app made for this test alone (the
    module's shared app is made once, before mutation testing can tell which test made it)."""
    from tests.proxy.conftest import make_settings

    app = create_app(True, make_settings(f"sqlite:///{tmp_path / 'static.sqlite3'}"))
    with TestClient(app) as c:
        for path in ("/", "/index.html", "/sw.js"):
            r = c.get(path)
            assert (r.status_code, r.headers.get("cache-control")) == (200, "no-cache"), path

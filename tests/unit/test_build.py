"""The build step: the service worker precaches everything the app loads at start-up."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "static" / "build"


def _precache() -> dict:
    text = (BUILD / "precache.js").read_text()
    return json.loads(re.search(r"self.PYAPP_PRECACHE = (\{.*\});", text, re.S).group(1))


def test_precache_covers_runtime_wheels_and_app_files():
    files = set(_precache()["files"])
    for required in ("./", "./index.html", "./static/app.css", "./pyapp/ui/main.py",
                     "./pyapp/engine/boot.py", "./static/build/pyapp.zip",
                     "./static/build/engine.json", "./static/build/ui.json",
                     "./static/vendor/pyodide/pyodide.asm.wasm",
                     "./static/vendor/pyodide/python_stdlib.zip",
                     "./static/vendor/micropython/micropython.wasm"):
        assert required in files, required
    engine = json.loads((BUILD / "engine.json").read_text())
    for wheel in engine["packages"]:
        assert "./static/vendor/wheels/" + wheel.rsplit("/", 1)[1] in files
    for f in files:
        assert (ROOT / f).exists(), f


def test_worker_zip_holds_core_and_engine_but_not_the_server():
    names = zipfile.ZipFile(BUILD / "pyapp.zip").namelist()
    assert "pyapp/__init__.py" in names
    assert "pyapp/engine/api.py" in names
    assert "pyapp/core/__init__.py" in names
    assert not [n for n in names if n.startswith(("pyapp/proxy", "pyapp/ui", "pyapp/cli"))]


def test_no_runtime_url_points_off_origin():
    for name in ("engine.json", "ui.json"):
        assert "://" not in (BUILD / name).read_text()
    assert "://" not in (ROOT / "index.html").read_text()

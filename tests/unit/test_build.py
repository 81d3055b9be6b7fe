"""The build step: the service worker precaches everything the app loads at start-up, and the
browser's Python arrives precompiled."""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "static" / "build"
sys.path.insert(0, str(ROOT))

from scripts.build import APP_WHEEL  # noqa: E402

import pytest  # noqa: E402

pytestmark = pytest.mark.usefixtures("vendored_runtime")


def _precache() -> dict:
    text = (BUILD / "precache.js").read_text()
    return json.loads(re.search(r"self.PYAPP_PRECACHE = (\{.*\});", text, re.S).group(1))


def test_precache_covers_runtime_wheels_and_app_files():
    files = set(_precache()["files"])
    for required in ("./", "./index.html", "./static/app.css", "./pyapp/ui/main.py",
                     "./pyapp/engine/boot.py", "./static/pyodide-loader.mjs",
                     "./static/build/engine.json", "./static/build/ui.json",
                     "./static/build/ui-bundle.json", "./static/build/python_stdlib.zip",
                     "./static/vendor/pyodide/pyodide.asm.wasm",
                     "./static/vendor/pyodide/pyodide-lock.json",
                     "./static/vendor/micropython/micropython.wasm"):
        assert required in files, required
    engine = json.loads((BUILD / "engine.json").read_text())
    lock = json.loads((ROOT / "vendor.lock.json").read_text())
    for wheel in engine["packages"]:
        assert "./static/build/wheels/" + wheel.rsplit("/", 1)[-1] in files, wheel
    # The sync client's wheels are cached by the service worker at first use, not precached.
    on_demand = set(_precache()["on_demand"])
    for w in lock["wheels"]:
        url = "./static/build/wheels/" + w["filename"]
        if w.get("load") == "on-demand":
            assert url in on_demand and url not in files, url
        else:
            assert url in files, url
    # The sources the build replaced by precompiled copies are not shipped.
    assert not [f for f in files if f.startswith(("./static/vendor/wheels/",
                                                  "./static/vendor/pyodide/python_stdlib.zip"))]
    for f in files:
        assert (ROOT / f).exists(), f


def test_start_up_loads_only_the_start_up_wheels():
    engine = json.loads((BUILD / "engine.json").read_text())
    lock = json.loads((ROOT / "vendor.lock.json").read_text())
    loaded = {p.rsplit("/", 1)[1] for p in engine["packages"]}
    on_demand = {w["filename"] for w in lock["wheels"] if w.get("load") == "on-demand"}
    assert {"requests-2.34.2-py3-none-any.whl", "pyodide_http-0.2.2-py3-none-any.whl",
            "openpyxl-3.1.5-py2.py3-none-any.whl"} <= on_demand
    assert not loaded & on_demand
    assert APP_WHEEL in loaded
    names = zipfile.ZipFile(BUILD / "wheels" / APP_WHEEL).namelist()
    # Each group is installed apart, at the first call that needs it (engine/api.py).
    groups = json.loads(zipfile.ZipFile(BUILD / "wheels" / APP_WHEEL).read("pyapp/engine/on_demand.json"))
    assert set(groups) == {"http", "excel"}
    assert groups["excel"] == ["et_xmlfile-2.0.0-py3-none-any.whl", "openpyxl-3.1.5-py2.py3-none-any.whl"]
    assert "requests-2.34.2-py3-none-any.whl" in groups["http"]
    assert sorted(groups["http"] + groups["excel"], key=_lock_order(lock)) == \
        sorted(on_demand, key=_lock_order(lock))
    assert "pyapp/engine/api.py" in names


def _lock_order(lock: dict):  # type: ignore[no-untyped-def]
    order = [w["filename"] for w in lock["wheels"]]
    return order.index


def test_python_archives_carry_bytecode():
    """Sources compiled at every cold start cost seconds: the stdlib and the wheels ship .pyc
    (sourceless), the app ships its sources plus __pycache__ (tracebacks keep their lines)."""
    std = zipfile.ZipFile(BUILD / "python_stdlib.zip").namelist()
    assert "json/__init__.pyc" in std and "json/__init__.py" not in std
    assert not [n for n in std if n.endswith(".py")]
    pyd = zipfile.ZipFile(BUILD / "wheels" / "pydantic-2.14.4-py3-none-any.whl").namelist()
    assert "pydantic/main.pyc" in pyd and "pydantic/main.py" not in pyd
    app = zipfile.ZipFile(BUILD / "wheels" / APP_WHEEL).namelist()
    assert "pyapp/engine/api.py" in app
    assert "pyapp/engine/__pycache__/api.cpython-314.pyc" in app
    # An unchecked-hash pyc (flags 0b01): imported without comparing timestamps, and made by
    # the same interpreter as the stdlib's (same magic number).
    head = zipfile.ZipFile(BUILD / "wheels" / APP_WHEEL).read("pyapp/engine/__pycache__/api.cpython-314.pyc")[:8]
    assert int.from_bytes(head[4:8], "little") == 0b01
    assert head[:4] == zipfile.ZipFile(BUILD / "python_stdlib.zip").read("json/__init__.pyc")[:4]


def test_worker_wheel_holds_core_and_engine_but_not_the_server():
    names = zipfile.ZipFile(BUILD / "wheels" / APP_WHEEL).namelist()
    assert "pyapp/__init__.py" in names
    assert "pyapp/engine/api.py" in names
    assert "pyapp/core/__init__.py" in names
    assert not [n for n in names if n.startswith(("pyapp/proxy", "pyapp/ui", "pyapp/cli"))]


def test_no_runtime_url_points_off_origin():
    for name in ("engine.json", "ui.json"):
        assert "://" not in (BUILD / name).read_text()
    assert "://" not in (ROOT / "index.html").read_text()


def test_every_file_index_html_names_is_shipped():
    """The preloads name PyScript's hashed chunks: a PyScript update must fail here, not 404."""
    files = set(_precache()["files"])
    html = (ROOT / "index.html").read_text()
    named = re.findall(r'(?:href|src|config)="(\./[^"]+)"', html)
    assert "./static/vendor/pyscript/core.js" in named
    for ref in named:
        assert ref in files and (ROOT / ref).exists(), ref


def test_scratch_files_are_never_shipped():
    """static/build/.pyc/ holds the precompiled archives before repacking: never precached."""
    files = set(_precache()["files"]) | set(_precache()["on_demand"])
    assert not [f for f in files if "/." in f]

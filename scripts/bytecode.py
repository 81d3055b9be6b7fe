"""Precompiled bytecode for the browser's Python (used by build.py).

Pyodide's stdlib, the wheels and the app are shipped as archives of `.pyc` made by the
vendored Pyodide under Node (scripts/pyc.mjs): compiling sources at every cold start cost
about 4 s of the engine's start-up. Results are cached by content, so a rebuild only
recompiles what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYODIDE = ROOT / "static" / "vendor" / "pyodide"
SCRIPT = ROOT / "scripts" / "pyc.mjs"
CACHE = Path(os.environ.get("PYAPP_VENDOR_CACHE", Path.home() / ".cache" / "pyapp-vendor")) / "pyc"


class BytecodeError(Exception):
    pass


def _key(src: Path, mode: str) -> str:
    h = hashlib.sha256()
    h.update(SCRIPT.read_bytes())
    h.update((PYODIDE / "pyodide.mjs").read_bytes())  # carries the Pyodide version
    h.update(mode.encode())
    h.update(src.read_bytes())
    return h.hexdigest()[:32]


def precompile(jobs: list[tuple[Path, Path, str]]) -> int:
    """Write each `dst` as the compiled form of `src`; returns how many were compiled now."""
    CACHE.mkdir(parents=True, exist_ok=True)
    todo = []
    for src, _dst, mode in jobs:
        cached = CACHE / f"{_key(src, mode)}.zip"
        if not cached.exists():
            todo.append({"src": str(src), "dst": str(cached), "mode": mode})
    if todo:
        node = shutil.which("node")
        if node is None:
            raise BytecodeError(
                "Node.js is needed to precompile the browser's Python (scripts/pyc.mjs); "
                "install it (Debian: apt-get install nodejs)")
        with tempfile.TemporaryDirectory() as tmp:
            spec = Path(tmp) / "jobs.json"
            # Write to temporary names first: an interrupted run leaves no half file cached.
            for job in todo:
                job["final"], job["dst"] = job["dst"], str(Path(tmp) / Path(job["dst"]).name)
            spec.write_text(json.dumps(todo))
            proc = subprocess.run([node, str(SCRIPT), str(PYODIDE), str(spec)],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                raise BytecodeError(f"precompiling failed:\n{proc.stdout}\n{proc.stderr}")
            for job in todo:
                shutil.move(job["dst"], job["final"])
    for src, dst, mode in jobs:
        dst.parent.mkdir(parents=True, exist_ok=True)
        cached = CACHE / f"{_key(src, mode)}.zip"
        if not dst.exists() or dst.read_bytes() != cached.read_bytes():
            shutil.copyfile(cached, dst)
    return len(todo)

"""Build the generated parts of the static app under static/build/ (not committed).

- wheels/         the worker's wheels, precompiled (see scripts/bytecode.py), and the app's
                  own: pyapp/__init__.py, pyapp/core, pyapp/engine with their bytecode
- python_stdlib.zip
                  Pyodide's standard library, precompiled
- engine.json     PyScript config of the Pyodide worker (pinned wheel URLs, passthrough cache)
- ui.json         PyScript config of the MicroPython UI
- ui-bundle.json  the UI's modules (pyapp/ui/*.py but main.py), see static/ui-boot.mjs
- precache.js     the service worker's precache list and the app version (hash of contents)
- static/data/    reference data the browser fetches on demand (wilayah per province)

    python scripts/build.py              # build in place
    python scripts/build.py --dist DIR   # also copy the whole static site into DIR
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shutil
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pyapp import webroot  # noqa: E402
from scripts import bytecode  # noqa: E402

BUILD = ROOT / "static" / "build"
VENDOR = ROOT / "static" / "vendor"
DATA = ROOT / "static" / "data"
BUILD_OUTPUTS = {"engine.json", "ui.json", "ui-bundle.json", "precache.js", "python_stdlib.zip"}
UNUSED_PLUGINS = ("deprecations-manager", "donkey", "py-editor", "py-game", "py-terminal")
BUILD_DIRS = ("static/build/wheels/",)
# Vendored files the site ships in precompiled form instead (static/build/).
SUPERSEDED = ("static/vendor/wheels/", "static/vendor/pyodide/python_stdlib.zip")
ZIP_EPOCH = (2020, 1, 1, 0, 0, 0)
# Files fetched only on demand (cached by the service worker at first use).
ON_DEMAND = ("static/data/wilayah/desa-",)


def _py_files(base: Path) -> list[Path]:
    return sorted(
        p for p in base.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
        and (p.suffix in {".py", ".json", ".typed"} or p.name.endswith(".json.gz"))
    )


def _version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


APP_WHEEL = f"pyapp-{_version()}-py3-none-any.whl"


def _zip_entry(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def build_wheel() -> Path:
    """The worker's Python as a wheel, loaded with the other wheels (fetched in parallel).
    Deterministic (fixed timestamps, sorted) so the app version only moves with content.
    Written as a scratch file; `build_bytecode` turns it into wheels/APP_WHEEL."""
    files = [ROOT / "pyapp" / "__init__.py"]
    for pkg in ("core", "engine"):
        files += _py_files(ROOT / "pyapp" / pkg)
    dist_info = f"pyapp-{_version()}.dist-info"
    target = BUILD / ".pyapp-src.whl"
    names = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            names.append(f.relative_to(ROOT).as_posix())
            _zip_entry(zf, names[-1], f.read_bytes())
        # What the engine installs at the first Sinkronisasi call (see engine/api.py).
        names.append("pyapp/engine/on_demand.json")
        _zip_entry(zf, names[-1], json.dumps(_wheels("on-demand")).encode())
        meta = {
            "METADATA": f"Metadata-Version: 2.1\nName: pyapp\nVersion: {_version()}\n",
            "WHEEL": "Wheel-Version: 1.0\nGenerator: scripts/build.py\nRoot-Is-Purelib: true\n"
                     "Tag: py3-none-any\n",
        }
        for name, text in meta.items():
            names.append(f"{dist_info}/{name}")
            _zip_entry(zf, names[-1], text.encode())
        _zip_entry(zf, f"{dist_info}/RECORD",
                   "".join(f"{n},,\n" for n in [*names, f"{dist_info}/RECORD"]).encode())
    return target


def _wheels(load: str | None = None) -> list[str]:
    """Filenames of the locked wheels; `load` picks those loaded at start-up ("start-up") or
    at first use ("on-demand")."""
    wheels = json.loads((ROOT / "vendor.lock.json").read_text())["wheels"]
    return [w["filename"] for w in wheels if load is None or w.get("load", "start-up") == load]


def build_bytecode(app_src: Path) -> int:
    jobs = [(VENDOR / "pyodide" / "python_stdlib.zip", BUILD / "python_stdlib.zip", "stdlib"),
            (app_src, BUILD / "wheels" / APP_WHEEL, "cached")]
    jobs += [(VENDOR / "wheels" / w, BUILD / "wheels" / w, "wheel") for w in _wheels()]
    return bytecode.precompile(jobs)


def build_configs() -> None:
    # PyScript resolves `files` (and, inside the worker, `interpreter` and `packages`)
    # relative to the config file, which lives in static/build/.
    wheels = [f"./wheels/{w}" for w in [*_wheels("start-up"), APP_WHEEL]]
    engine = {
        "interpreter": "../pyodide-loader.mjs",
        "packages": wheels,
        "packages_cache": "passthrough",
    }
    (BUILD / "engine.json").write_text(json.dumps(engine, indent=1))
    # The UI's modules travel as one JSON file that static/ui-boot.mjs writes into
    # MicroPython's file system (one request instead of one per module).
    modules = {p.name: p.read_text() for p in sorted((ROOT / "pyapp" / "ui").glob("*.py"))
               if p.name != "main.py"}
    (BUILD / "ui-bundle.json").write_text(json.dumps(modules, sort_keys=True))
    # The main-thread interpreter URL is resolved against the page, not the config.
    ui = {"interpreter": "./static/vendor/micropython/micropython.mjs",
          # PyScript's own plugins (editor, terminal, game, deprecation notices) are not used:
          # not loading them lets the UI start sooner. "error" stays: it shows a crash.
          "plugins": [f"!{name}" for name in UNUSED_PLUGINS]}
    (BUILD / "ui.json").write_text(json.dumps(ui, indent=1))


def build_data() -> None:
    """Reference data for the browser, split so start-up fetches only what it shows."""
    try:
        from pyapp.core.rujukan.wilayah import export_wilayah  # type: ignore[attr-defined]
    except ImportError:
        return
    export_wilayah(DATA / "wilayah")


def site_files() -> list[str]:
    """Every URL path of the static site, relative ('./...')."""
    out = []
    for name in webroot.ROOT_FILES:
        out.append(name)
    for d in webroot.DIRS:
        for p in sorted((ROOT / d).rglob("*")):
            rel = p.relative_to(ROOT).as_posix()
            if rel.startswith("static/build/") and p.name not in BUILD_OUTPUTS \
                    and not rel.startswith(BUILD_DIRS):
                continue  # scratch files (probes, downloads) never ship
            if rel.startswith(SUPERSEDED):
                continue
            if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".") \
                    and p.suffix != ".gz":
                out.append(p.relative_to(ROOT).as_posix())
    return out


GENERATED = ("static/vendor/", "static/build/", "static/data/")  # never in git
COMPRESSIBLE = {".wasm", ".mjs", ".js", ".json", ".css", ".py", ".html", ".svg", ".txt"}


def build_gzip() -> int:
    """Write `.gz` siblings for compressible files (served by the dev server, and usable by
    any static host that serves precompressed files)."""
    written = 0
    for f in site_files():
        src = ROOT / f
        if not f.startswith(GENERATED) or src.suffix not in COMPRESSIBLE or src.stat().st_size < 1024:
            continue
        gz = src.with_name(src.name + ".gz")
        if gz.exists() and gz.stat().st_mtime >= src.stat().st_mtime:
            continue
        with gzip.GzipFile(gz, "wb", compresslevel=9, mtime=0) as out:
            out.write(src.read_bytes())
        written += 1
    return written


def build_precache() -> dict:
    files = [f for f in site_files() if f != "sw.js" and not f.startswith("static/build/precache")]
    precache = [f for f in files if not f.startswith(ON_DEMAND)]
    h = hashlib.sha256()
    for f in files:
        h.update(f.encode())
        h.update(hashlib.sha256((ROOT / f).read_bytes()).digest())
    version = h.hexdigest()[:16]
    d = hashlib.sha256()
    for f in files:
        if f.startswith(ON_DEMAND):
            d.update(f.encode())
            d.update(hashlib.sha256((ROOT / f).read_bytes()).digest())
    manifest = {"version": version, "data_version": d.hexdigest()[:16],
                "files": ["./"] + [f"./{f}" for f in precache]}
    (BUILD / "precache.js").write_text(
        "// Generated by scripts/build.py; do not edit.\n"
        f"self.PYAPP_PRECACHE = {json.dumps(manifest, indent=1)};\n")
    return manifest


def dist(dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    for f in site_files():
        target = dest / f
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, target)
        gz = ROOT / (f + ".gz")
        if gz.exists():
            shutil.copy2(gz, dest / (f + ".gz"))
    print(f"build: static site copied to {dest} ({len(site_files())} files)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="build static/build/")
    parser.add_argument("--dist", type=Path, help="copy the static site into this folder")
    args = parser.parse_args(argv)
    if not (VENDOR / ".stamp").exists():
        print("build: ERROR: static/vendor is missing; run `make vendor` first", file=sys.stderr)
        return 1
    BUILD.mkdir(parents=True, exist_ok=True)
    build_data()
    try:
        compiled = build_bytecode(build_wheel())
    except bytecode.BytecodeError as exc:
        print(f"build: ERROR: {exc}", file=sys.stderr)
        return 1
    build_configs()
    manifest = build_precache()
    build_gzip()
    print(f"build: app version {manifest['version']}, {len(manifest['files'])} files precached, "
          f"{compiled} archives precompiled")
    if args.dist:
        dist(args.dist)
    return 0


if __name__ == "__main__":
    sys.exit(main())

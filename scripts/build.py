"""Build the generated parts of the static app under static/build/ (not committed).

- pyapp.zip       the worker's Python: pyapp/__init__.py, pyapp/core, pyapp/engine
- engine.json     PyScript config of the Pyodide worker (pinned wheel URLs, passthrough cache)
- ui.json         PyScript config of the MicroPython UI (its modules)
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
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pyapp import webroot  # noqa: E402

BUILD = ROOT / "static" / "build"
VENDOR = ROOT / "static" / "vendor"
DATA = ROOT / "static" / "data"
BUILD_OUTPUTS = {"pyapp.zip", "engine.json", "ui.json", "precache.js"}
ZIP_EPOCH = (2020, 1, 1, 0, 0, 0)
# Files fetched only on demand (cached by the service worker at first use).
ON_DEMAND = ("static/data/wilayah/desa-",)


def _py_files(base: Path) -> list[Path]:
    return sorted(
        p for p in base.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
        and (p.suffix in {".py", ".json", ".typed"} or p.name.endswith(".json.gz"))
    )


def build_zip() -> Path:
    """Deterministic zip (fixed timestamps, sorted) so the app version only moves with content."""
    files = [ROOT / "pyapp" / "__init__.py"]
    for pkg in ("core", "engine"):
        files += _py_files(ROOT / "pyapp" / pkg)
    target = BUILD / "pyapp.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            if "__pycache__" in f.parts:
                continue
            info = zipfile.ZipInfo(f.relative_to(ROOT).as_posix(), ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, f.read_bytes())
    return target


def build_configs() -> None:
    lock = json.loads((ROOT / "vendor.lock.json").read_text())
    # PyScript resolves `files` (and, inside the worker, `interpreter` and `packages`)
    # relative to the config file, which lives in static/build/.
    wheels = [f"../vendor/wheels/{w['filename']}" for w in lock["wheels"]]
    engine = {
        "interpreter": "../vendor/pyodide/pyodide.mjs",
        "packages": wheels,
        "packages_cache": "passthrough",
        "files": {"./pyapp.zip": "./*"},
    }
    (BUILD / "engine.json").write_text(json.dumps(engine, indent=1))
    ui_files = {
        f"../../pyapp/ui/{p.name}": f"./ui/{p.name}"
        for p in sorted((ROOT / "pyapp" / "ui").glob("*.py"))
        if p.name != "main.py"
    }
    # The main-thread interpreter URL is resolved against the page, not the config.
    ui = {"interpreter": "./static/vendor/micropython/micropython.mjs", "files": ui_files}
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
            if rel.startswith("static/build/") and p.name not in BUILD_OUTPUTS:
                continue  # scratch files (probes, downloads) never ship
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
    build_zip()
    build_configs()
    manifest = build_precache()
    build_gzip()
    print(f"build: app version {manifest['version']}, {len(manifest['files'])} files precached")
    if args.dist:
        dist(args.dist)
    return 0


if __name__ == "__main__":
    sys.exit(main())

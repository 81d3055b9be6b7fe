"""Build the generated parts of the static app under static/build/ (not committed).

- wheels/         the worker's wheels, precompiled (see scripts/bytecode.py), and the app's
                  own: pyapp/__init__.py, pyapp/core, pyapp/engine with their bytecode
- python_stdlib.zip
                  Pyodide's standard library, precompiled
- engine.json     PyScript config of the Pyodide worker (pinned wheel URLs, passthrough cache)
- ui.json         PyScript config of the MicroPython UI
- ui-bundle.json  the UI's modules (pyapp/ui/*.py but main.py), see static/ui-boot.mjs
- precache.js     the service worker's precache list and the app version (hash of contents)
- *.br, *.gz      brotli and gzip siblings of every large file (served by Accept-Encoding)
- static/data/    reference data the browser fetches on demand (wilayah per province)

    python scripts/build.py              # build in place
    python scripts/build.py --dist DIR   # also copy the whole static site into DIR
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
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
        # What the engine installs at the first call needing each group (see engine/api.py).
        names.append("pyapp/engine/on_demand.json")
        _zip_entry(zf, names[-1], json.dumps(on_demand_groups(), sort_keys=True).encode())
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


def on_demand_groups() -> dict[str, list[str]]:
    """The on-demand wheels per group ("http", "excel"), in lock order: the engine installs
    a group at the first call that needs it (engine/contract.py's `packages`)."""
    groups: dict[str, list[str]] = {}
    for w in json.loads((ROOT / "vendor.lock.json").read_text())["wheels"]:
        if w.get("load") == "on-demand":
            groups.setdefault(w["group"], []).append(w["filename"])
    return groups


def build_bytecode(app_src: Path) -> int:
    """Precompile (scratch copies in static/build/.pyc/), then repack what ships: archives
    stored uncompressed, and the stdlib trimmed to what the app imports."""
    scratch = BUILD / ".pyc"
    jobs = [(VENDOR / "pyodide" / "python_stdlib.zip", scratch / "python_stdlib.zip", "stdlib"),
            (app_src, scratch / APP_WHEEL, "cached")]
    jobs += [(VENDOR / "wheels" / w, scratch / w, "wheel") for w in _wheels()]
    compiled = bytecode.precompile(jobs)
    keep = stdlib_keep()
    repack(scratch / "python_stdlib.zip", BUILD / "python_stdlib.zip", keep)
    for _src, dst, _mode in jobs[1:]:
        repack(dst, BUILD / "wheels" / dst.name)
    return compiled


# What the stdlib zip keeps: the top-level modules and packages the engine worker imported in
# the e2e suite (scripts/stdlib_trace.py), plus STDLIB_ALWAYS. PYAPP_FULL_STDLIB=1 ships all
# of it (for taking a new trace).
STDLIB_TRACE = ROOT / "scripts" / "stdlib_trace.json"
STDLIB_ALWAYS = ("encodings", "site", "sitecustomize", "_pyodide", "pyodide")
# Sub-packages left out of a kept package: openpyxl (the Excel group) needs `xml.etree` and
# `xml.parsers`, never the DOM or SAX APIs, which would add ~280 kB to every first visit.
STDLIB_DROP = ("xml/dom/", "xml/sax/")


def stdlib_keep() -> set[str] | None:
    if os.environ.get("PYAPP_FULL_STDLIB") or not STDLIB_TRACE.exists():
        return None
    return set(json.loads(STDLIB_TRACE.read_text())["modules"]) | set(STDLIB_ALWAYS)


def _top_name(entry: str) -> str:
    top = entry.split("/", 1)[0]
    return top.split(".", 1)[0] if "/" not in entry else top


def repack(src: Path, dst: Path, keep: set[str] | None = None) -> bool:
    """Copy a zip with every entry stored (not deflated): the HTTP layer compresses the whole
    archive (brotli/gzip siblings), which beats per-file deflate, and imports and wheel
    unpacking need no inflating. `keep`: top-level names to keep (None: everything).
    Writes `dst` only when its bytes change (the compressed siblings follow its mtime)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
        for info in zin.infolist():
            if keep is not None and (_top_name(info.filename) not in keep
                                     or info.filename.startswith(STDLIB_DROP)):
                continue
            new = zipfile.ZipInfo(info.filename, info.date_time)
            new.compress_type = zipfile.ZIP_STORED
            new.external_attr = info.external_attr
            out.writestr(new, zin.read(info))
    data = buf.getvalue()
    if dst.exists() and dst.read_bytes() == data:
        return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data)
    return True


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
            hidden = any(part.startswith(".") for part in p.relative_to(ROOT).parts)
            if p.is_file() and "__pycache__" not in p.parts and not hidden \
                    and p.suffix not in ENCODINGS:
                out.append(p.relative_to(ROOT).as_posix())
    return out


GENERATED = ("static/vendor/", "static/build/", "static/data/")  # never in git
COMPRESSIBLE = {".wasm", ".mjs", ".js", ".json", ".css", ".py", ".html", ".svg", ".txt",
                ".whl", ".zip"}  # the archives are stored uncompressed (see repack)
ENCODINGS = (".br", ".gz")


def _brotli(data: bytes) -> bytes:
    import brotli  # type: ignore[import-not-found]  # build-time only (pyproject.toml)

    return bytes(brotli.compress(data, quality=11, lgwin=24))


def build_compressed() -> int:
    """Write `.br` and `.gz` siblings of compressible files. `python -m pyapp serve` picks one
    by Accept-Encoding (pyapp/proxy/static.py); docs/deploy.md shows the same for nginx and
    other static hosts. Brotli makes pyodide.asm.wasm about a fifth smaller than gzip."""
    written = 0
    for f in site_files():
        src = ROOT / f
        if not f.startswith(GENERATED) or src.suffix not in COMPRESSIBLE or src.stat().st_size < 1024:
            continue
        for ext in ENCODINGS:
            out = src.with_name(src.name + ext)
            if out.exists() and out.stat().st_mtime >= src.stat().st_mtime:
                continue
            data = src.read_bytes()
            if ext == ".gz":
                with gzip.GzipFile(out, "wb", compresslevel=9, mtime=0) as gz:
                    gz.write(data)
            else:
                out.write_bytes(_brotli(data))
            written += 1
    return written


def build_precache() -> dict:
    files = [f for f in site_files() if f != "sw.js" and not f.startswith("static/build/precache")]
    # The on-demand wheels (vendor.lock.json: the sync client's HTTP stack, openpyxl) load at
    # first use: precaching them would make every first visit download them; the service
    # worker caches them when they are first fetched instead (sw.js).
    lazy = [f"static/build/wheels/{w}" for w in _wheels("on-demand")]
    precache = [f for f in files if not f.startswith(ON_DEMAND) and f not in lazy]
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
                "files": ["./"] + [f"./{f}" for f in precache],
                "on_demand": [f"./{f}" for f in lazy]}
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
        for ext in ENCODINGS:
            sibling = ROOT / (f + ext)
            if sibling.exists():
                shutil.copy2(sibling, dest / (f + ext))
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
    build_compressed()
    print(f"build: app version {manifest['version']}, {len(manifest['files'])} files precached, "
          f"{compiled} archives precompiled")
    if args.dist:
        dist(args.dist)
    return 0


if __name__ == "__main__":
    sys.exit(main())

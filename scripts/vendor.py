"""Fetch, verify and unpack the pinned browser runtime into static/vendor/.

Everything listed in vendor.lock.json is fetched with the ordinary clients
(`npm pack`, `pip download`), checked against its sha256, kept in a cache
outside the repo and unpacked under static/vendor/. Nothing here is committed.

    python scripts/vendor.py            # fetch (or reuse the cache) and verify
    python scripts/vendor.py --relock   # re-download and rewrite the sha256s
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "vendor.lock.json"
VENDOR = ROOT / "static" / "vendor"
WHEELS = VENDOR / "wheels"
STAMP = VENDOR / ".stamp"
CACHE = Path(os.environ.get("PYAPP_VENDOR_CACHE", Path.home() / ".cache" / "pyapp-vendor"))

PIP_TARGETS = {
    "emscripten": [
        "--python-version", "3.14", "--implementation", "cp", "--abi", "cp314",
        "--platform", "pyemscripten_2026_0_wasm32",
    ],
    "pure": ["--python-version", "3.14", "--implementation", "py", "--abi", "none", "--platform", "any"],
}


class VendorError(Exception):
    pass


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _run(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise VendorError(f"command failed: {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}")


def npm_tarball_name(name: str, version: str) -> str:
    return name.lstrip("@").replace("/", "-") + f"-{version}.tgz"


def fetch_npm(entry: dict) -> Path:
    target = CACHE / npm_tarball_name(entry["name"], entry["version"])
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            _run(["npm", "pack", f"{entry['name']}@{entry['version']}", "--pack-destination", tmp,
                  "--silent"])
            produced = list(Path(tmp).glob("*.tgz"))
            if len(produced) != 1:
                raise VendorError(f"npm pack {entry['name']} produced {produced}")
            shutil.move(str(produced[0]), target)
    return target


def fetch_wheel(entry: dict) -> Path:
    target = CACHE / entry["filename"]
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                  "--only-binary=:all:", *PIP_TARGETS[entry["kind"]], "-d", tmp,
                  f"{entry['name']}=={entry['version']}"])
            produced = Path(tmp) / entry["filename"]
            if not produced.exists():
                raise VendorError(
                    f"pip download {entry['name']}=={entry['version']} gave "
                    f"{[p.name for p in Path(tmp).iterdir()]}, expected {entry['filename']}")
            shutil.move(str(produced), target)
    return target


def verify(path: Path, expected: str, relock: bool) -> str:
    actual = sha256(path)
    if actual != expected and not relock:
        path.unlink()  # never keep a bad file in the cache
        raise VendorError(
            f"sha256 mismatch for {path.name}:\n  expected {expected}\n  got      {actual}\n"
            "The file was removed from the cache. If the pin was changed on purpose, "
            "run `python scripts/vendor.py --relock`.")
    return actual


def _wanted(member: str, entry: dict) -> str | None:
    if not member.startswith(entry["strip"]):
        return None
    rel = member[len(entry["strip"]):]
    if "/" in rel or not rel:
        return None
    if not any(fnmatch.fnmatch(rel, pat) for pat in entry["include"]):
        return None
    if any(fnmatch.fnmatch(rel, pat) for pat in entry["exclude"]):
        return None
    return rel


def unpack_npm(tgz: Path, entry: dict) -> list[str]:
    dest = ROOT / entry["dest"]
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    written = []
    with tarfile.open(tgz) as tar:
        for member in tar.getmembers():
            rel = _wanted(member.name, entry) if member.isfile() else None
            if rel is None:
                continue
            src = tar.extractfile(member)
            assert src is not None
            (dest / rel).write_bytes(src.read())
            written.append(rel)
    missing = [p for p in entry["include"] if "*" not in p and p not in written]
    if missing:
        raise VendorError(f"{entry['name']}: files missing from the package: {missing}")
    return written


def lock_digest(lock: dict) -> str:
    return hashlib.sha256(json.dumps(lock, sort_keys=True).encode()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relock", action="store_true", help="rewrite the sha256 pins")
    parser.add_argument("--force", action="store_true", help="unpack even if up to date")
    args = parser.parse_args(argv)

    lock = json.loads(LOCK.read_text())
    digest = lock_digest(lock)
    if not args.relock and not args.force and STAMP.exists() and STAMP.read_text() == digest:
        print("vendor: static/vendor is up to date")
        return 0
    try:
        for entry in lock["npm"]:
            tgz = fetch_npm(entry)
            entry["sha256"] = verify(tgz, entry["sha256"], args.relock)
            files = unpack_npm(tgz, entry)
            print(f"vendor: {entry['name']}@{entry['version']} ok ({len(files)} files)")
        if WHEELS.exists():
            shutil.rmtree(WHEELS)
        WHEELS.mkdir(parents=True)
        for entry in lock["wheels"]:
            whl = fetch_wheel(entry)
            entry["sha256"] = verify(whl, entry["sha256"], args.relock)
            shutil.copy2(whl, WHEELS / entry["filename"])
            print(f"vendor: {entry['filename']} ok")
    except VendorError as exc:
        print(f"vendor: ERROR: {exc}", file=sys.stderr)
        return 1
    if args.relock:
        LOCK.write_text(json.dumps(lock, indent=2) + "\n")
        digest = lock_digest(lock)
        print("vendor: vendor.lock.json rewritten")
    STAMP.write_text(digest)
    return 0


if __name__ == "__main__":
    sys.exit(main())

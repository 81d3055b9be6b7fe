"""The vendoring step: every pin verified, a mismatch refused with a clear message."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("vendor", ROOT / "scripts" / "vendor.py")
vendor = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vendor)


def test_lock_pins_every_runtime_part_with_a_sha256():
    lock = json.loads((ROOT / "vendor.lock.json").read_text())
    names = {e["name"]: e["version"] for e in lock["npm"]}
    assert names["@pyscript/core"] == "0.7.31"
    assert names["@micropython/micropython-webassembly-pyscript"] == "1.28.0-6"
    assert names["pyodide"].startswith("314.0.")
    wheels = {w["name"]: w["version"] for w in lock["wheels"]}
    assert wheels["pydantic-core"] == "2.50.5"
    assert wheels["pydantic"].startswith("2.14.")
    for needed in ("pyodide-http", "requests", "typing-extensions", "typing-inspection",
                   "annotated-types", "urllib3", "idna", "certifi", "charset-normalizer"):
        assert needed in wheels
    for entry in lock["npm"] + lock["wheels"]:
        assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]), entry


def test_cpython_pins_match_the_browser(monkeypatch):
    import pydantic
    import pydantic_core

    lock = json.loads((ROOT / "vendor.lock.json").read_text())
    wheels = {w["name"]: w["version"] for w in lock["wheels"]}
    assert pydantic.VERSION == wheels["pydantic"]
    assert pydantic_core.__version__ == wheels["pydantic-core"]


def test_mismatch_is_refused_and_the_bad_file_removed(tmp_path):
    bad = tmp_path / "thing.whl"
    bad.write_bytes(b"tampered")
    with pytest.raises(vendor.VendorError) as exc:
        vendor.verify(bad, "0" * 64, relock=False)
    assert "sha256 mismatch for thing.whl" in str(exc.value)
    assert hashlib.sha256(b"tampered").hexdigest() in str(exc.value)
    assert not bad.exists()


def test_matching_file_passes(tmp_path):
    good = tmp_path / "ok.whl"
    good.write_bytes(b"fine")
    digest = hashlib.sha256(b"fine").hexdigest()
    assert vendor.verify(good, digest, relock=False) == digest


@pytest.mark.usefixtures("vendored_runtime")
def test_vendored_files_are_in_place_and_verified():
    stamp = ROOT / "static" / "vendor" / ".stamp"
    lock = json.loads((ROOT / "vendor.lock.json").read_text())
    assert stamp.read_text() == vendor.lock_digest(lock)
    for entry in lock["wheels"]:
        f = ROOT / "static" / "vendor" / "wheels" / entry["filename"]
        assert vendor.sha256(f) == entry["sha256"]

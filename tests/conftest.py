from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import Phase, settings

from tests.harness import ROOT, ServerProcess

# HYPOTHESIS_PROFILE=mutants (set by `make mutants`): a failing example is reported at once, not
# shrunk, so a mutant that breaks a property test is judged in seconds.
settings.register_profile("mutants", phases=[Phase.explicit, Phase.reuse, Phase.generate])
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

#: One file of each part `make setup` generates (vendoring step, build step, reference data).
RUNTIME_PARTS = (Path("static/vendor/pyodide/pyodide.mjs"),
                 Path("static/vendor/micropython/micropython.wasm"),
                 Path("static/build/precache.js"), Path("static/data/wilayah/provinsi.json"))


@pytest.fixture(scope="session")
def vendored_runtime() -> Path:
    """The vendored browser runtime and the build outputs under static/. When they are absent
    (a fresh checkout tested without `make setup`) they are made by the same steps; when that is
    not possible (no network and no vendor cache) the test is skipped with the reason."""
    if all((ROOT / p).exists() for p in RUNTIME_PARTS):
        return ROOT / "static"
    for script in ("scripts/vendor.py", "scripts/build.py"):
        r = subprocess.run([sys.executable, script], cwd=ROOT, capture_output=True, text=True,
                           timeout=1200)
        if r.returncode != 0:
            pytest.skip(f"vendored runtime absent and {script} failed: {(r.stderr or r.stdout)[-400:]}")
    missing = [str(p) for p in RUNTIME_PARTS if not (ROOT / p).exists()]
    if missing:
        pytest.skip(f"vendored runtime still incomplete after the build: {missing}")
    return ROOT / "static"


@pytest.fixture(scope="session")
def server(vendored_runtime: Path):
    """One real app server for the session's browser tests."""
    with ServerProcess() as srv:
        yield srv

"""Take the import trace that decides what python_stdlib.zip keeps (scripts/build.py).

Builds with the whole standard library (PYAPP_FULL_STDLIB=1), runs the e2e suite with
PYAPP_IMPORT_TRACE set (tests/e2e/conftest.py collects every engine worker's stdlib modules
before its browser context closes), writes scripts/stdlib_trace.json, and rebuilds trimmed.

    .venv/bin/python scripts/stdlib_trace.py [pytest args]

Run it after adding a dependency or a stdlib import to the worker's code;
tests/unit/test_stdlib_trace.py fails when the app's own imports are not in the trace.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "scripts" / "stdlib_trace.json"


def main(argv: list[str]) -> int:
    py = sys.executable
    env = {**os.environ, "PYAPP_FULL_STDLIB": "1"}
    subprocess.run([py, "scripts/build.py"], cwd=ROOT, env=env, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        trace = Path(tmp) / "trace.json"
        proc = subprocess.run([py, "-m", "pytest", "tests/e2e", "-q", "-p", "no:cacheprovider",
                               *argv], cwd=ROOT, env={**env, "PYAPP_IMPORT_TRACE": str(trace)})
        if proc.returncode != 0:
            print("stdlib_trace: the e2e suite failed; trace not written", file=sys.stderr)
            return proc.returncode
        modules = json.loads(trace.read_text())
    OUT.write_text(json.dumps({
        "_comment": "Top-level stdlib modules the engine worker imported during the e2e suite "
                    "(scripts/stdlib_trace.py). scripts/build.py keeps only these in "
                    "python_stdlib.zip.",
        "modules": modules}, indent=1) + "\n")
    print(f"stdlib_trace: {len(modules)} top-level modules -> {OUT.relative_to(ROOT)}")
    subprocess.run([py, "scripts/build.py"], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

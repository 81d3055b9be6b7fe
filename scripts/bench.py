"""`make bench`: print the benchmark figures as one JSON object.

Each module in benchmarks/ listed in BENCHES exposes `run() -> dict` of figures; browser
figures are medians of BENCH_RUNS fresh browser processes against a local server
(Chromium headless, 127.0.0.1). Conditions are printed in the "conditions" entry.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.harness import chromium_path  # noqa: E402

# Explicit registry: module names under benchmarks/.
BENCHES = [
    "shell",
    "core",
    "validation",
    "engine_large",
    "excel",
    "proxy",
    "browser_data",
    "sync",
    "sync_ui",
]


def cpu_calibration_ms() -> float:
    """How fast this machine is right now: a CPython loop of 10 million additions (median of 3).
    Shared VMs vary several-fold over a day; compare figures only at similar calibration."""
    from benchmarks.validation import loop_ms

    return round(sorted(loop_ms() for _ in range(3))[1])


def main() -> int:
    started = time.time()
    calibration_before = cpu_calibration_ms()
    only = set(sys.argv[1:])
    out: dict = {}
    failed: dict[str, str] = {}
    for name in BENCHES:
        if only and name not in only:
            continue
        # Only the JSON object goes to stdout; whatever a bench prints goes to stderr. A bench
        # that fails is named in "failed" and the others still run and print.
        try:
            with contextlib.redirect_stdout(sys.stderr):
                out.update(importlib.import_module(f"benchmarks.{name}").run())
        except Exception as exc:  # noqa: BLE001 - reported, and the exit status says so
            traceback.print_exc()
            failed[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    out["runs"] = int(os.environ.get("BENCH_RUNS", "3"))
    out["conditions"] = {
        "browser": f"Chromium headless ({chromium_path()})",
        "server": "python -m pyapp serve on 127.0.0.1 (no throttling)",
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "note": "browser figures are medians over fresh browser processes; "
                "first_visit_bytes counts the cold load plus the service worker's precache",
        "cpu_calibration_ms": {"before": calibration_before, "after": cpu_calibration_ms()},
        "wall_s": round(time.time() - started, 1),
    }
    if failed:
        out["failed"] = failed
    print(json.dumps(out, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

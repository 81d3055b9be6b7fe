"""Domain core figures (issue 3): generating, sizing and loading the large preset in CPython."""

from __future__ import annotations

import gzip
import statistics
import time

from pyapp.core.generator import generate
from pyapp.core.snapshot import dump_snapshot, load_snapshot

REPEAT = 5


def run() -> dict:
    t0 = time.perf_counter()
    snap, _ = generate("large", seed=1)
    generate_ms = (time.perf_counter() - t0) * 1000
    text = dump_snapshot(snap)
    raw = text.encode()
    loads = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        load_snapshot(raw, "large.json")
        loads.append((time.perf_counter() - t0) * 1000)
    return {
        "generate_large_ms": round(generate_ms, 1),
        "snapshot_large_bytes": len(raw),
        "snapshot_large_gzip_bytes": len(gzip.compress(raw, 6)),
        "snapshot_large_records": sum(snap.counts().values()),
        "load_large_cpython_ms": round(statistics.median(loads), 1),
    }

"""Validasi Lokal figures in CPython (issue 4): a full run on the large preset and the
revalidation after one peserta didik edit. Browser figures come from the worker (not here).

`cpython_loop_10m_ms` (a bare 10-million-step loop) is printed so the figures can be compared
across machines: the aims (≤ 150 ms full, a few ms per edit) assume a loop of about 400 ms.
"""

from __future__ import annotations

import os
import statistics
import time

RUNS = max(5, int(os.environ.get("BENCH_RUNS", "5")))
EDITS = 25


def loop_ms() -> float:
    start = time.perf_counter()
    x = 0
    for i in range(10_000_000):
        x += i
    return (time.perf_counter() - start) * 1000


def run() -> dict:
    from pyapp.core.generator import generate
    from pyapp.core.validation import IncrementalValidator, validate

    snapshot, _ = generate("large", seed=1)
    validate(snapshot)  # warm: rujukan, wilayah codes, imports
    full = []
    for _ in range(RUNS):
        start = time.perf_counter()
        report = validate(snapshot)
        full.append((time.perf_counter() - start) * 1000)

    start = time.perf_counter()
    v = IncrementalValidator(snapshot)
    build_ms = (time.perf_counter() - start) * 1000
    pds = snapshot.records.peserta_didik
    one, one_dict = [], []
    for i in range(EDITS):
        pd = pds[i * 97 % len(pds)]
        edited = pd.model_copy(update={"nama_ibu_kandung": pd.nama_ayah, "hobi": None})
        start = time.perf_counter()
        v.apply("peserta_didik", edited)
        one.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        v.apply("peserta_didik", pd.model_dump())  # back to the original, from a form's dict
        one_dict.append((time.perf_counter() - start) * 1000)
    if v.report() != report:
        raise SystemExit("bench: incremental report differs from the full run")
    return {
        "validate_large_cpython_ms": round(statistics.median(full), 1),
        "revalidate_one_cpython_ms": round(statistics.median(one), 2),
        "revalidate_one_dict_cpython_ms": round(statistics.median(one_dict), 2),
        "incremental_build_large_cpython_ms": round(build_ms, 1),
        "validate_large_findings": len(report.findings),
        "cpython_loop_10m_ms": round(loop_ms()),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=1))

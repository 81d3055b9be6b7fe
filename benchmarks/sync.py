"""Sync client figures (issue 7), in CPython against a real proxy process on loopback (SQLite):
the engine's SyncClient over a MemoryStore, driven step by step as the UI drives it.

- sync_full_{small,large}_ms: a full first sync as the UI sees it: sync_begin (Validasi
  Lokal afresh, building and gzipping the push) + every sync_step until "selesai".
- sync_full_{small,large}_bytes: request bytes the client sent (gzip payload + token call).
- sync_full_large_parts: how many upload parts the large push took (256 KiB each).
- sync_delta_one_ms / _bytes: then one changed peserta didik on the large school.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from pyapp.core.generator import generate
from tests.engine.sync_support import Device, Proxy, new_npsn, run as arun, school_text


def _school(proxy: Proxy, preset: str) -> tuple[Device, dict[str, Any]]:
    npsn = new_npsn()
    kode = proxy.register_school(npsn)
    dev = Device(proxy)
    dev.restore(school_text(generate(preset, 1)[0], npsn))
    dev.register(npsn, kode)
    dev.as_principal(kode)
    t0 = time.perf_counter()
    state = dev.sync_all()
    ms = (time.perf_counter() - t0) * 1000
    if state["phase"] != "selesai":
        raise SystemExit(f"bench: sync of {preset} failed: {state}")
    job = dev.sync.job
    return dev, {f"sync_full_{preset}_ms": round(ms), f"sync_full_{preset}_bytes": job["bytes_sent"],
                 f"sync_full_{preset}_parts": len(job["parts"]) if job["mode"] == "upload" else 0}


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="pyapp-bench-sync-") as tmp:
        proxy = Proxy(Path(tmp))
        try:
            out: dict[str, Any] = {}
            out.update(_school(proxy, "small")[1])
            dev, figures = _school(proxy, "large")
            out.update(figures)
            pd = next(iter(dev.svc.data["peserta_didik"].values()))
            arun(dev.svc.save({"type": "peserta_didik",
                               "record": {"id": pd.id, "nama": "Perubahan Untuk Bench"}}))
            t0 = time.perf_counter()
            state = dev.sync_all()
            out["sync_delta_one_ms"] = round((time.perf_counter() - t0) * 1000)
            out["sync_delta_one_bytes"] = dev.sync.job["bytes_sent"]
            if state["phase"] != "selesai":
                raise SystemExit(f"bench: delta sync failed: {state}")
            return out
        finally:
            proxy.stop()


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))

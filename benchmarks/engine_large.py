"""The engine on the large preset (~3000 PD, ~49k records) in CPython: reopen, list pages,
search, save one record. The targets (formerly asserted by tests/engine/test_large.py, which
now checks only the results) are reported next to the figures."""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import datetime, timezone
from typing import Any

from pyapp.core.generator import generate
from pyapp.core.snapshot import dump_snapshot
from pyapp.engine.service import EngineService
from pyapp.engine.store import MemoryStore

#: Targets in ms: a list page, a search, the list after a save, one save.
TARGETS = {"list_page_ms": 100, "search_ms": 200, "list_after_save_ms": 200, "save_ms": 500}
REPEAT = 3


def _run(coro: Any) -> Any:
    return asyncio.run(coro)


def _service(store: MemoryStore) -> EngineService:
    return EngineService(store, clock=lambda: datetime(2025, 8, 1, 2, 30, tzinfo=timezone.utc))


def _timed(coro: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = _run(coro)
    return out, (time.perf_counter() - t0) * 1000


def _once(text: str) -> dict[str, float]:
    store = MemoryStore()
    svc = _service(store)
    _run(svc.open({}))
    _run(svc.restore_backup({"text": text, "filename": "besar.json"}))
    svc2 = _service(store)  # what reopening the app does
    _, open_ms = _timed(svc2.open({}))
    first, first_ms = _timed(svc2.list({"type": "peserta_didik", "offset": 0, "limit": 50}))
    pages = [_timed(svc2.list({"type": "peserta_didik", "offset": o, "limit": 50}))[1]
             for o in (50, 100, 1500, 2950)]
    _, search_ms = _timed(svc2.list({"type": "peserta_didik", "q": "siti", "limit": 50}))
    _, wide_ms = _timed(svc2.list({"type": "peserta_didik", "q": "3", "limit": 50}))
    rid = first["items"][10]["id"]
    rec = _run(svc2.get({"type": "peserta_didik", "id": rid}))["record"]
    _, save_ms = _timed(svc2.save({"type": "peserta_didik", "record": dict(rec, nama="Siti Tersimpan")}))
    _, after_ms = _timed(svc2.list({"type": "peserta_didik", "q": "siti tersimpan"}))
    _, nilai_ms = _timed(svc2.list({"type": "nilai", "limit": 50}))
    return {"open_ms": open_ms, "first_page_ms": first_ms, "list_page_ms": max(pages),
            "search_ms": search_ms, "search_wide_ms": wide_ms, "save_ms": save_ms,
            "list_after_save_ms": after_ms, "nilai_first_page_ms": nilai_ms}


def run() -> dict[str, Any]:
    snap, _ = generate("large", 1, errors=5)
    text = dump_snapshot(snap)
    runs = [_once(text) for _ in range(REPEAT)]
    figures = {k: round(statistics.median(r[k] for r in runs), 1) for k in runs[0]}
    return {"engine_large": {**figures, "targets_ms": TARGETS,
                             "within_targets": all(figures[k] <= v for k, v in TARGETS.items()),
                             "note": f"CPython, MemoryStore, median of {REPEAT}"}}

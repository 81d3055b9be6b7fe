"""Impor dari Excel in the engine (CPython): 1,000 peserta didik rows typed into the import
template, previewed (the xlsx read, every row checked) and saved (one transaction, then
Validasi Lokal), into the small sample school. Also the "Unduh Excel" of the large school's PD
list. Wall and CPU times (process_time), medians of REPEAT runs."""

from __future__ import annotations

import asyncio
import base64
import io
import statistics
import time
from datetime import date, datetime, timezone
from typing import Any

from pyapp.core.generator import generate
from pyapp.core.snapshot import dump_snapshot
from pyapp.engine.importing import import_columns
from pyapp.engine.service import EngineService
from pyapp.engine.store import MemoryStore

ROWS = 1000
REPEAT = 3
#: Target (ms, CPython on this machine): preview + save of 1,000 rows.
TARGETS = {"import_pd_1000_ms": 3000}


def _service() -> EngineService:
    return EngineService(MemoryStore(), clock=lambda: datetime(2025, 8, 1, 2, 30, tzinfo=timezone.utc))


def _cell(spec: dict[str, Any], value: Any) -> Any:
    """A value as an operator types it: the label of a coded value, a date as a date."""
    if value is None:
        return None
    if spec["kind"] == "select":
        return next((lab for code, lab in spec["choices"] or [] if code == value), value)
    if spec["kind"] == "checkbox":
        return "Ya" if value else "Tidak"
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return value


def _workbook(svc: EngineService) -> str:
    """The template with ROWS pupils of another (large) sample school typed in, base64."""
    import openpyxl

    large, _ = generate("large", 2)
    reply = asyncio.run(svc.import_template({"type": "peserta_didik"}))
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(reply["content_b64"])))
    ws = book["Data"]
    cols = import_columns("peserta_didik")
    for r, pd in enumerate(large.records["peserta_didik"][:ROWS], start=2):
        for c, spec in enumerate(cols, start=1):
            ws.cell(r, c, _cell(spec, getattr(pd, spec["name"], None)))
    buf = io.BytesIO()
    book.save(buf)
    return base64.b64encode(buf.getvalue()).decode()


def _once(text: str, content: str) -> dict[str, float]:
    svc = _service()
    asyncio.run(svc.open({}))
    asyncio.run(svc.restore_backup({"text": text}))
    t0, c0 = time.perf_counter(), time.process_time()
    preview = asyncio.run(svc.import_preview({"type": "peserta_didik", "content_b64": content}))
    t1, c1 = time.perf_counter(), time.process_time()
    done = asyncio.run(svc.import_commit({"token": preview["token"]}))
    t2, c2 = time.perf_counter(), time.process_time()
    assert done["ok"] and done["created"] + done["updated"] >= ROWS * 0.9, (preview["counts"], done)
    return {"preview_ms": (t1 - t0) * 1000, "save_ms": (t2 - t1) * 1000,
            "total_ms": (t2 - t0) * 1000, "cpu_preview_ms": (c1 - c0) * 1000,
            "cpu_ms": (c2 - c0) * 1000}


def _export_large_ms() -> float:
    large, _ = generate("large", 1)
    svc = _service()
    asyncio.run(svc.open({}))
    asyncio.run(svc.restore_backup({"text": dump_snapshot(large)}))
    t0 = time.perf_counter()
    reply = asyncio.run(svc.list_xlsx({"type": "peserta_didik"}))
    assert reply["rows"] >= 2000
    return (time.perf_counter() - t0) * 1000


def run() -> dict[str, Any]:
    small, _ = generate("small", 1)
    text = dump_snapshot(small)
    content = _workbook(_service())
    runs = [_once(text, content) for _ in range(REPEAT)]

    def med(key: str) -> float:
        return round(statistics.median(r[key] for r in runs), 1)

    return {
        "import_pd_1000_ms": med("total_ms"),
        "import_pd_1000_parts_ms": {"preview": med("preview_ms"), "save": med("save_ms"),
                                    "cpu_preview": med("cpu_preview_ms"), "cpu": med("cpu_ms")},
        "export_pd_large_xlsx_ms": round(_export_large_ms(), 1),
        "excel_targets_ms": TARGETS,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=1))

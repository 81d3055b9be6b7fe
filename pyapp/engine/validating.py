"""The school's Validasi Lokal in the worker: the validator over the records in memory, its
findings per record, the summary kept in the store, and the open that does not wait for it.

A large school's nilai are most of its records, and validating the school takes longer than
reading it. With `open(defer_validation=True)` the engine answers as soon as the other record
types are decoded (school.py `_load`); the nilai are decoded and the whole school validated
afterwards, once the UI's first page is out (`let_validation_start`) or after START_AFTER_S,
yielding to the event loop every STEP_MS so a list page can still be served. Every call that
needs the whole school (an edit, the findings, a sync) waits for it (`ensure_open`), so an
edit made meanwhile is neither lost nor validated against half the school.

Until then the summary shown is the one kept in the store's meta after the last full
validation (SUMMARY), and `summary_state()` says whether it was made from the data as stored
now (its revision, store.REVISION) or before later changes.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any, Literal

from pyapp.core.snapshot import Snapshot
from pyapp.core.validation import IncrementalValidator, ValidationReport
from pyapp.engine import _gc
from pyapp.engine._time import Clock, iso, ms_since
from pyapp.engine.loading import decode_parts
from pyapp.engine.store import REVISION, Store
from pyapp.engine.wilayah import WilayahSource

__all__ = ["Validating", "DEFERRED", "START_AFTER_S", "STEP_MS", "SUMMARY", "SummaryState",
           "Progress", "kept_summary", "summary_entry", "summary_state"]

#: The school in memory: type -> {id -> record} (school.Records).
Records = dict[str, dict[str, Any]]

#: Record types decoded after the open answers: the grades of every kind (most of a large
#: school's records), the ekskul classes and the pupils' and lessons' details. The first PD
#: list page and Beranda need none of them (they show pupils, rombels and memberships); their
#: decoding was 90 % of a large school's.
DEFERRED: tuple[str, ...] = ("nilai", "nilai_ekskul", "deskripsi_sikap", "kelas_ekskul",
                             "periodik_pd", "registrasi", "kesejahteraan_pd", "pembelajaran")
#: How long the deferred work waits for the UI's first page before it starts anyway.
START_AFTER_S = 1.5
#: A stepwise validation yields to the event loop after this much work (ms).
STEP_MS = 30
#: How long after a deferred open's report the indexes only edits read are built (s).
PREPARE_EDITS_AFTER_S = 0.5
#: The store meta key of the last full validation's summary.
SUMMARY = "validation"
#: Where the summary an answer shows comes from: "final" a validation of the data in memory;
#: "stored" the store's, made from the data as stored now; "stale" the store's, made before
#: later changes; "none" nothing known yet.
SummaryState = Literal["final", "stored", "stale", "none"]


class Progress:
    """The events of one open, each with the ms since the open began (tests and the bench read
    their order: the first list page is served before the validation ends)."""

    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.events: list[dict[str, Any]] = []

    def mark(self, name: str) -> None:
        self.events.append({"event": name, "ms": round(ms_since(self.t0), 1)})

    def seen(self, name: str) -> bool:
        return any(e["event"] == name for e in self.events)


def summary_entry(revision: Any, summary: dict[str, dict[str, int]], counts: dict[str, int],
                  at: str) -> dict[str, Any]:
    """What the store keeps after a full validation."""
    return {"revision": revision, "summary": summary, "counts": counts, "at": at}


def kept_summary(entry: Any) -> dict[str, dict[str, int]] | None:
    """The per-tab counts of a kept entry, or None when it is missing or malformed."""
    summary = entry.get("summary") if isinstance(entry, dict) else None
    if not isinstance(summary, dict):
        return None
    out: dict[str, dict[str, int]] = {}
    for tab, counts in summary.items():
        if isinstance(counts, dict):
            out[str(tab)] = {k: int(counts.get(k) or 0) for k in ("invalid", "warning")}
    return out


def summary_state(entry: Any, revision: Any) -> SummaryState:
    """Whether a kept entry describes the data of `revision`."""
    if kept_summary(entry) is None:
        return "none"
    return "stored" if revision is not None and entry.get("revision") == revision else "stale"


class Validating:
    """The validation half of `School` (a base class of it; the attributes are School's)."""

    store: Store
    clock: Clock
    wilayah_source: WilayahSource
    data: Records
    meta: dict[str, Any]
    load_problems: list[str]
    validator: IncrementalValidator | None
    report: ValidationReport | None
    timings: dict[str, float]
    progress: Progress
    revision: int
    _by_record: dict[str, list[Any]]
    _rows: dict[str, Any]
    _lock: asyncio.Lock
    _deferred: dict[str, list[str]] | None
    _pending: asyncio.Task[None] | None
    _go: asyncio.Event | None
    _generation: int
    _wilayah: asyncio.Future[Any] | None

    if TYPE_CHECKING:
        async def ensure_read(self, base_url: str | None = None, defer: bool = False) -> None: ...
        def snapshot(self, data: Records | None = None, *, sort: bool = False) -> Snapshot: ...
        def counts(self) -> dict[str, int]: ...

    async def ensure_open(self, base_url: str | None = None) -> None:
        """Every record in memory and the school validated (what every edit waits for)."""
        await self.ensure_read(base_url)
        while self._deferred is not None:
            await self._finish_open()

    @property
    def validating(self) -> bool:
        """The open answered before the deferred records were decoded and validated."""
        return self._deferred is not None

    def _deferred_task(self) -> asyncio.Task[None]:
        """The deferred decoding and validation, in the running loop (made anew when the last
        one ended without doing it: cut short, failed, or made void by a newer load)."""
        loop = asyncio.get_running_loop()
        task = self._pending
        if task is None or task.done() or task.get_loop() is not loop:
            self._go = asyncio.Event()
            task = self._pending = loop.create_task(self._complete(self._generation, self._go))
        return task

    async def _finish_open(self) -> None:
        """Start (or join) the deferred decoding and validation, and wait for it."""
        task = self._deferred_task()
        self.let_validation_start()
        await asyncio.shield(task)

    async def wait_validated(self) -> None:
        """Wait for a deferred validation without hurrying it (it still waits for the first
        page): what the UI's `validation` call does right after the open."""
        while self._deferred is not None:
            await asyncio.shield(self._deferred_task())

    def let_validation_start(self) -> None:
        """The UI's first page is out: deferred work may start now, not at START_AFTER_S."""
        if self._deferred is not None:
            self._deferred_task()
            assert self._go is not None  # noqa: S101 - made with the task
            self._go.set()

    def first_view_out(self, name: str) -> None:
        """A call that shows a first view (a list page, Beranda) is answering: note it, and
        let the deferred work start."""
        if self._deferred is not None:
            self.progress.mark(name)
            self.let_validation_start()

    async def _complete(self, generation: int, go: asyncio.Event) -> None:
        """Decode the deferred records, validate the whole school and keep its summary. Runs
        under the lock, yielding now and then so a list page can still be served; it changes
        nothing until the end, so a run cut short (a closed loop) is simply run again."""
        try:
            await asyncio.wait_for(go.wait(), START_AFTER_S)
        except asyncio.TimeoutError:
            pass
        async with self._lock:
            later = self._deferred
            if later is None or generation != self._generation:
                return
            t1 = time.perf_counter()
            problems_found: list[str] = []
            data = dict(self.data)
            # Text by text (up to CHUNK records each), yielding every STEP_MS: a call that came
            # meanwhile (the first page's reply still on its way, the next page) is not held up
            # by the whole decoding (~0.6 s for a large school in the browser).
            since = time.perf_counter()
            for tname, texts in later.items():
                decoded: dict[str, Any] = {}
                for text in texts:
                    decoded.update(decode_parts(tname, [text], problems_found))
                    if ms_since(since) > STEP_MS:
                        await asyncio.sleep(0)
                        since = time.perf_counter()
                data[tname] = decoded
            self.progress.mark("decoded")
            self.timings["decode_later"] = ms_since(t1)
            await asyncio.sleep(0)
            t2 = time.perf_counter()
            validator = await self._validator_of(data, stepwise=True)
            self.timings["validate_wall"] = ms_since(t2)  # with the region list and the yields
            if generation != self._generation:
                return
            self.data = data
            self.revision += 1  # the data in memory changed (school.py)
            self.load_problems = self.load_problems + problems_found
            self.validator = validator
            self._set_report(validator.report())
            self._deferred = None
            for tname in later:
                self._rows[tname] = None
            self.progress.mark("validated")
            await self._remember_summary()

    # -- validation ----------------------------------------------------------------------------
    async def _validator_of(self, data: Records, stepwise: bool = False) -> IncrementalValidator:
        """A validator over `data`; `stepwise`: yields to the event loop every STEP_MS."""
        wilayah_task, self._wilayah = self._wilayah, None
        if wilayah_task is not None:
            await wilayah_task
        wilayah = await self.wilayah_source.for_validation(self.meta.get("base_url"))
        # timings["validate"]: the validation's own work (indexing the school, running the
        # rules), without waiting for the region list nor the calls served between steps.
        since = time.perf_counter()
        with _gc.paused():
            validator = IncrementalValidator(self.snapshot(data), wilayah=wilayah, defer=True)
        busy = ms_since(since)
        since = time.perf_counter()
        for _left in validator.steps():
            if stepwise and ms_since(since) > STEP_MS:
                busy += ms_since(since)
                await asyncio.sleep(0)
                since = time.perf_counter()
        self.timings["validate"] = busy + ms_since(since)
        # The indexes only edits read (~40 ms in the browser for a large school), built once
        # the UI has had the report; an edit before then builds what it needs itself.
        asyncio.get_running_loop().call_later(PREPARE_EDITS_AFTER_S, self._prepare_edits,
                                              validator)
        return validator

    def _prepare_edits(self, validator: IncrementalValidator) -> None:
        if self.validator is validator:  # still the school's (not replaced by a newer load)
            validator.prepare_edits()

    async def _rebuild_validator(self) -> None:
        self.validator = await self._validator_of(self.data)
        self._set_report(self.validator.report())

    async def _remember_summary(self) -> None:
        """Keep the summary of a full validation in the store, with the data's revision (not
        for a store that never held records, nor when the kept one says the same)."""
        revision = await self.store.meta_get(REVISION)
        kept = self.meta.get(SUMMARY)
        summary = self.summary_counts()
        self.meta[REVISION] = revision
        if revision is None or (isinstance(kept, dict) and kept.get("revision") == revision
                                and kept_summary(kept) == summary):
            return
        entry = summary_entry(revision, summary, self.counts(), iso(self.clock()))
        self.meta[SUMMARY] = entry
        try:
            await self.store.meta_put(SUMMARY, entry)
        except Exception:  # noqa: BLE001, S110 - a hint for the next open, never worth failing for
            pass

    def _set_report(self, report: ValidationReport) -> None:
        self.report = report
        by_record: dict[str, list[Any]] = {}
        for f in report.findings:
            by_record.setdefault(f.record_id, []).append(f)
        self._by_record = by_record

    def summary_state(self) -> SummaryState:
        """Where `summary_counts()` comes from (SummaryState)."""
        if self.report is not None:
            return "final"
        return summary_state(self.meta.get(SUMMARY), self.meta.get(REVISION))

    def summary_counts(self) -> dict[str, dict[str, int]]:
        """tab -> {"invalid": n, "warning": n}: the last stored summary while `validating`."""
        if self.report is None:
            return kept_summary(self.meta.get(SUMMARY)) or {}
        return {tab: dict(v) for tab, v in self.report.summary.items()}

    def totals(self) -> tuple[int, int]:
        s = self.summary_counts()
        return sum(v["invalid"] for v in s.values()), sum(v["warning"] for v in s.values())

    def findings_of(self, rid: str) -> list[dict[str, Any]]:
        return [f.to_dict() for f in self._by_record.get(rid, ())]

    async def revalidate(self) -> tuple[int, int]:
        """Validasi Lokal afresh over the whole school; (invalid, warning) totals."""
        await self.ensure_open()
        async with self._lock:
            await self._rebuild_validator()
            await self._remember_summary()
        return self.totals()

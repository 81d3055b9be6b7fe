"""What a proxy process keeps of each school between pushes: its live records and validation
findings (`IncrementalValidator`), tagged with the school's record revision.

The database stays the only source of truth. A state is used only while its school's push lock
is held, and first brought up to date from the database: a state at revision r catches up by
reading the records whose revision is above r (what other processes wrote meanwhile; usually
none), a missing state is built from the school's live records. So every process answers as a
full validation of the stored school would, whichever process served the previous push.

The cache is bounded by the number of records it holds (least recently used schools go first),
so a process's memory stays flat however many schools push.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from pyapp.core.models import RECORD_TYPES, Record
from pyapp.core.snapshot import SNAPSHOT_VERSION, RecordSet, SchoolInfo, Snapshot
from pyapp.core.validation import IncrementalValidator
from pyapp.proxy import db

_ADAPTERS = {name: TypeAdapter(cls) for name, cls in RECORD_TYPES.items()}
_LIST_ADAPTERS = {name: TypeAdapter(list[cls]) for name, cls in RECORD_TYPES.items()}  # type: ignore[valid-type]
#: A batch bigger than this share of the school's records is validated by a full rebuild
#: (one pass per rule) rather than record by record.
REBUILD_SHARE = 0.25
REBUILD_MIN = 2000


def parse(rtype: str, data: str) -> Record:
    return _ADAPTERS[rtype].validate_json(data)


def _validator(info: SchoolInfo, records: dict[str, list[Record]]) -> IncrementalValidator:
    snapshot = Snapshot.model_construct(
        format="pyapp-snapshot", version=SNAPSHOT_VERSION, created_at=datetime.now(timezone.utc),
        generator="pyapp-proxy", school=info,
        records=RecordSet.model_construct(  # type: ignore[arg-type]  # built by create_model
            **{t: records.get(t, []) for t in RECORD_TYPES}))  # type: ignore[arg-type]
    return IncrementalValidator(snapshot)


@dataclass
class SchoolState:
    """One school's live records and findings as of record revision `rev`."""

    school_id: int
    info: SchoolInfo
    rev: int
    validator: IncrementalValidator

    @property
    def size(self) -> int:
        return sum(len(v) for v in self.validator.index.records.values())

    def records(self, rtype: str) -> dict[str, Any]:
        return self.validator.index.records[rtype]

    def principal_records(self, ptk_id: str) -> list[tuple[str, dict[str, Any]]]:
        """The live ptk, penugasan and tugas_tambahan records of one PTK (principal.py), as
        Python values (the principal rule reads its dates through str())."""
        ix = self.validator.index
        out = [("ptk", r.model_dump()) for r in [ix.get("ptk", ptk_id)] if r]
        out += [("penugasan", r.model_dump()) for r in ix.related("penugasan_by_ptk", ptk_id)]
        out += [("tugas_tambahan", r.model_dump())
                for r in ix.related("tugas_by_ptk", ptk_id)]
        return out

    def apply(self, items: list[tuple[str, Record]]) -> list[tuple[str, Record, Record | None]]:
        """Apply records (deleted=True removes); return what `undo` takes to revert it."""
        live = self.validator.index.records
        undo = [(rtype, rec, live[rtype].get(rec.id)) for rtype, rec in items]
        if len(items) > max(REBUILD_MIN, REBUILD_SHARE * self.size):
            merged = {t: dict(v) for t, v in live.items()}
            for rtype, rec in items:
                if rec.deleted:
                    merged[rtype].pop(rec.id, None)
                else:
                    merged[rtype][rec.id] = rec
            self.validator = _validator(self.info, {t: list(v.values())
                                                    for t, v in merged.items()})
        else:
            self.validator.apply_many(items)
        return undo

    def undo(self, undo: list[tuple[str, Record, Record | None]]) -> None:
        self.apply([(rtype, old if old is not None else new.model_copy(update={"deleted": True}))
                    for rtype, new, old in undo])

    def for_semester(self, info: SchoolInfo) -> None:
        """Another semester moves the date rules measure from: validate everything again."""
        if info.semester_id != self.info.semester_id:
            self.info = info
            self.validator = _validator(info, {t: list(v.values()) for t, v in
                                               self.validator.index.records.items()})


def load(session: Session, school_id: int, rev: int, info: SchoolInfo) -> SchoolState:
    """Build a school's state from its live records (a cache miss)."""
    texts: dict[str, list[str]] = {t: [] for t in RECORD_TYPES}
    for rtype, data in db.live_records(session, school_id):
        texts[rtype].append(data)
    records = {t: _LIST_ADAPTERS[t].validate_json("[" + ",".join(v) + "]") if v else []
               for t, v in texts.items()}
    return SchoolState(school_id, info, rev, _validator(info, records))


def catch_up(session: Session, state: SchoolState, rev: int) -> None:
    """Apply what was written after the state's revision (by another process)."""
    if rev == state.rev:
        return
    items = [(rtype, parse(rtype, data)) for rtype, data in
             db.records_since(session, state.school_id, state.rev)]
    state.apply(items)
    state.rev = rev


class _Lock:
    __slots__ = ("lock", "__weakref__")

    def __init__(self) -> None:
        self.lock = threading.Lock()


class StateCache:
    """Per-process: school id -> SchoolState, least recently used evicted past `budget`
    records, plus the per-school lock that serialises this process's pushes of a school and a
    bound on how many pushes it works on at once (more threads would only take turns on the
    GIL, and the one holding a school's lock would get a small share of it)."""

    def __init__(self, budget_records: int, workers: int = 4) -> None:
        self.budget = budget_records
        self._workers = threading.BoundedSemaphore(max(1, workers))
        self._states: OrderedDict[int, SchoolState] = OrderedDict()
        self._held = 0
        self._guard = threading.Lock()
        self._locks: weakref.WeakValueDictionary[int, _Lock] = weakref.WeakValueDictionary()
        self._n_workers = max(1, workers)
        self._turns: dict[int, tuple[asyncio.Lock, list[int]]] = {}
        self._slots: asyncio.Semaphore | None = None
        self.hits = self.misses = 0

    @asynccontextmanager
    async def turn(self, school_id: int) -> AsyncIterator[None]:
        """The event loop's side of `school_lock`: a request waits here, holding no worker
        thread, for its school's turn and then for one of the `workers` slots. (Waiting in
        threads instead, 64 clients filled anyio's 40 threads with blocked pushes, and every
        other request of the process queued behind them.)"""
        entry = self._turns.get(school_id)
        if entry is None:
            entry = self._turns[school_id] = (asyncio.Lock(), [0])
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._n_workers)
        lock, users = entry
        users[0] += 1
        try:
            async with lock, self._slots:
                yield
        finally:
            users[0] -= 1
            if not users[0]:
                self._turns.pop(school_id, None)

    @contextmanager
    def school_lock(self, school_id: int) -> Iterator[None]:
        with self._guard:
            lock = self._locks.get(school_id)
            if lock is None:
                lock = self._locks[school_id] = _Lock()
        with lock.lock, self._workers:
            yield

    def take(self, school_id: int) -> SchoolState | None:
        """The school's state, out of the cache while in use (put it back when consistent)."""
        with self._guard:
            state = self._states.pop(school_id, None)
            if state is not None:
                self._held -= state.size
                self.hits += 1
            else:
                self.misses += 1
            return state

    def put(self, state: SchoolState) -> None:
        size = state.size
        if size > self.budget:
            return
        with self._guard:
            old = self._states.pop(state.school_id, None)
            if old is not None:
                self._held -= old.size
            self._states[state.school_id] = state
            self._held += size
            while self._held > self.budget and self._states:
                _, gone = self._states.popitem(last=False)
                self._held -= gone.size

    def stats(self) -> dict[str, Any]:
        with self._guard:
            return {"schools": len(self._states), "records": self._held, "hits": self.hits,
                    "misses": self.misses}

    def clear(self) -> None:
        with self._guard:
            self._states.clear()
            self._held = 0

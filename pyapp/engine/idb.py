"""IndexedDBStore: the browser's Store, on raw IndexedDB through the Pyodide FFI.

Browser only (imports `js`/`pyodide`); tested in Chromium by the e2e tests. Kept thin: the
logic is in service.py and tested with MemoryStore.

Layout (database "pyapp", version DB_VERSION):
- "chunks": a whole school written at once (restore, prefill) as JSON array texts of up to
  store.CHUNK records, key "<type>:<00000>": ~50 values instead of ~49,000 objects, so
  writing and reading them costs no structured clone per record and decodes in one
  pydantic call per chunk;
- one object store per record type, keyPath "id", with the indexes of store.INDEXES: records
  saved one by one since; at load they replace the same ids from the chunks;
- "changes": the outbox, keyPath "seq", autoIncrement; {seq, type, id, op, version, at};
- "meta": out-of-line keys, values stored as JSON text.

Rules paid for (measured when the store was built): a transaction commits as soon as control returns to the
event loop with no request pending, so every request of a transaction is queued before the
one `await` on its completion. Bulk writes convert the records once with JSON.parse and put
them in a JS loop (one transaction, never one per record).
"""

from __future__ import annotations

import json
from typing import Any

from js import JSON, IDBKeyRange, Promise, indexedDB
from pyodide.ffi import create_once_callable, create_proxy, to_js

from pyapp.core.models import RECORD_TYPES
from pyapp.engine.store import CHUNK, INDEXES, REVISION, Store, StoreError, new_revision

__all__ = ["IndexedDBStore", "DB_NAME", "DB_VERSION"]

DB_NAME = "pyapp"
DB_VERSION = 3  # 2: the "chunks" store; 3: sanitasi, bangunan_, ruang_ and alat_longitudinal, rwy_pendidikan_formal,
# deskripsi_sikap, kelas_ekskul and nilai_ekskul stores
CHANGES = "changes"
META = "meta"
CHUNKS = "chunks"

try:  # a JS loop for bulk puts: one FFI call instead of one per record
    from js import Function

    _PUT_ALL = Function("store", "items", "for (let i = 0; i < items.length; i++) store.put(items[i]);")
except Exception:  # noqa: BLE001 - e.g. a CSP without 'unsafe-eval': fall back to a Python loop
    _PUT_ALL = None


try:  # how many change-log entries a getAll holds (a batch value counts its "n")
    _COUNT_ENTRIES = Function("req", "return () => req.result.reduce((s, e) => s + (e.n || 1), 0);")
except Exception:  # noqa: BLE001 - no eval (CSP): the count is then unknown (-1)
    _COUNT_ENTRIES = None


def _put_all(store: Any, items: Any) -> None:
    if _PUT_ALL is not None:
        _PUT_ALL(store, items)
    else:
        for i in range(items.length):
            store.put(items[i])


def _js(value: Any) -> Any:
    """A JSON-like Python value → a plain JS value (objects, not Maps)."""
    return JSON.parse(json.dumps(value, ensure_ascii=False))


def _put_chunks(tx: Any, chunks: dict[str, list[str]]) -> None:
    """Inside `tx`: every record store emptied and the chunks store holding exactly `chunks`
    (record type -> JSON texts of up to CHUNK records each)."""
    for tname in RECORD_TYPES:
        tx.objectStore(tname).clear()
    store = tx.objectStore(CHUNKS)
    store.clear()
    for tname, texts in chunks.items():
        for i, text in enumerate(texts):
            store.put(text, f"{tname}:{i:05d}")


def _batches(changes: list[dict[str, Any]]) -> list[Any]:
    """The change-log entries of a whole school written at once, CHUNK per value as JSON text
    (`{"batch": "[...]"}`): a restore logs ~49,000 entries, which as objects cost a structured
    clone and an auto-increment each. The entries of a batch share its seq: they are always
    sent in one push and acknowledged together (`ack_changes` drops whole values)."""
    return [_js({"n": len(part), "batch": json.dumps(part, ensure_ascii=False,
                                                      separators=(",", ":"))})
            for part in (changes[i:i + CHUNK] for i in range(0, len(changes), CHUNK))]


def _error_text(target: Any) -> str:
    err = getattr(target, "error", None)
    if err is None:
        return "tidak diketahui"
    return f"{getattr(err, 'name', 'Error')}: {getattr(err, 'message', err)}"


def _request(req: Any) -> Any:
    """An awaitable for one IDBRequest's result."""

    def executor(resolve: Any, reject: Any) -> None:
        req.onsuccess = create_once_callable(lambda _e: resolve(req.result))
        req.onerror = create_once_callable(lambda _e: reject(_error_text(req)))

    return Promise.new(create_once_callable(executor))


def _done(tx: Any) -> Any:
    """An awaitable that resolves when the transaction commits, rejects when it aborts."""

    def executor(resolve: Any, reject: Any) -> None:
        handlers: list[Any] = []

        def finish(ok: bool, _event: Any = None) -> None:
            for h in handlers:
                h.destroy()
            if ok:
                resolve(None)
            else:
                reject(_error_text(tx))

        on_ok = create_proxy(lambda e: finish(True, e))
        on_err = create_proxy(lambda e: finish(False, e))
        handlers.extend([on_ok, on_err])
        tx.oncomplete = on_ok
        tx.onabort = on_err
        tx.onerror = None  # an error aborts the transaction; reported once, by onabort

    return Promise.new(create_once_callable(executor))


def _take_prefetch(name: str) -> Any:
    """The read the worker's loader started at its start (static/pyodide-loader.mjs), once."""
    import js

    found = getattr(js, "pyappPrefetch", None) if name == DB_NAME else None
    js.pyappPrefetch = None
    return found


def _parts(names: list[str], keys: Any, texts: Any, results: list[Any]) -> dict[str, list[str]]:
    """Record type -> JSON texts: its chunks in order, then its records saved one by one."""
    parts: dict[str, list[str]] = {t: [] for t in names}
    for i in range(keys.length):  # keys sort as "<type>:<n>", so chunks come in order
        tname = str(keys[i]).split(":", 1)[0]
        if tname in parts:
            parts[tname].append(str(texts[i]))
    for t, result in zip(names, results, strict=True):
        if result.length:
            parts[t].append(str(JSON.stringify(result)))
    return parts


class IndexedDBStore(Store):
    def __init__(self, name: str = DB_NAME) -> None:
        self.name = name
        self.db: Any = None
        #: the loader's read of the stored school, used by the first `load_parts` when nothing
        #: was written since (by this store or another tab: same revision and format marker)
        self._prefetch: Any = _take_prefetch(name)

    # -- opening and schema ----------------------------------------------------------------
    async def open(self) -> None:
        if self.db is not None:
            return
        req = indexedDB.open(self.name, DB_VERSION)
        req.onupgradeneeded = create_once_callable(lambda _e: self._upgrade(req.result, req.transaction))
        req.onblocked = create_once_callable(lambda _e: None)
        try:
            self.db = await _request(req)
        except Exception as exc:  # noqa: BLE001
            raise StoreError(f"Basis data peramban tidak dapat dibuka ({exc}).") from None

    @staticmethod
    def _upgrade(db: Any, tx: Any) -> None:
        names = {db.objectStoreNames.item(i) for i in range(db.objectStoreNames.length)}
        for tname in RECORD_TYPES:
            if tname in names:
                store = tx.objectStore(tname)
            else:
                store = db.createObjectStore(tname, _js({"keyPath": "id"}))
            existing = {store.indexNames.item(i) for i in range(store.indexNames.length)}
            for field in INDEXES.get(tname, ()):
                if field not in existing:
                    store.createIndex(field, field, _js({"unique": False}))
        if CHANGES not in names:
            db.createObjectStore(CHANGES, _js({"keyPath": "seq", "autoIncrement": True}))
        if META not in names:
            db.createObjectStore(META)
        if CHUNKS not in names:
            db.createObjectStore(CHUNKS)

    def _tx(self, stores: list[str], mode: str = "readonly") -> Any:
        if self.db is None:
            raise StoreError("Basis data peramban belum dibuka.")
        if mode != "readonly":
            self._prefetch = None  # written since: the loader's read is stale
        return self.db.transaction(to_js(stores), mode)

    async def _prefetched(self) -> Any:
        """The loader's read, when it still describes the store (else None)."""
        pending, self._prefetch = self._prefetch, None
        if pending is None:
            return None
        try:
            got = await pending
            if got is None or got.revision is None or got.version != self.db.version:
                return None
            meta = self._tx([META]).objectStore(META)
            revision, fmt = meta.get(REVISION), meta.get("format_version")
            await _request(fmt)
            if revision.result != got.revision or fmt.result != got.format:
                return None
            return got
        except Exception:  # noqa: BLE001 - then read as usual
            return None

    # -- reads -----------------------------------------------------------------------------
    async def get(self, type_name: str, record_id: str) -> dict[str, Any] | None:
        req = self._tx([type_name]).objectStore(type_name).get(record_id)
        result = await _request(req)
        if result is not None:
            return json.loads(JSON.stringify(result))  # type: ignore[no-any-return]
        return next((r for r in await self.all(type_name) if r.get("id") == record_id), None)

    async def all(self, type_name: str) -> list[dict[str, Any]]:
        """The records of a type: the chunks, then what was saved one by one since."""
        merged: dict[str, dict[str, Any]] = {}
        for text in (await self.load_parts())[type_name]:
            merged.update((r["id"], r) for r in json.loads(text))
        return list(merged.values())

    async def all_json(self, type_name: str) -> str:
        return json.dumps(await self.all(type_name), ensure_ascii=False)

    async def load_parts(self) -> dict[str, list[str]]:
        """One read-only transaction: getAll on the chunks and on every record store, all
        queued before the one await (or the same, read by the worker's loader at its start)."""
        names = list(RECORD_TYPES)
        got = await self._prefetched()
        self.read_ahead = False
        if got is not None:
            results = [getattr(got.records, t, None) for t in names]
            if all(r is not None for r in results):
                self.read_ahead = True
                return _parts(names, got.keys, got.texts, results)
        tx = self._tx([CHUNKS, *names])
        chunks = tx.objectStore(CHUNKS)
        reqs = [chunks.getAllKeys(), chunks.getAll()]
        reqs += [tx.objectStore(t).getAll() for t in names]
        try:
            await _done(tx)
        except Exception as exc:  # noqa: BLE001
            raise StoreError(f"Basis data peramban tidak dapat dibaca ({exc}).") from None
        return _parts(names, reqs[0].result, reqs[1].result, [r.result for r in reqs[2:]])

    async def by_index(self, type_name: str, index: str, value: Any) -> list[dict[str, Any]]:
        return [r for r in await self.all(type_name) if r.get(index) == value]

    async def meta_get(self, key: str) -> Any:
        result = await _request(self._tx([META]).objectStore(META).get(key))
        return None if result is None else json.loads(str(result))

    async def changes_since(self, seq: int) -> list[dict[str, Any]]:
        rng = IDBKeyRange.lowerBound(seq, True)
        req = self._tx([CHANGES]).objectStore(CHANGES).getAll(rng)
        out: list[dict[str, Any]] = []
        for entry in json.loads(str(JSON.stringify(await _request(req)))):
            batch = entry.get("batch")
            if batch is None:
                out.append(entry)
            else:  # a whole school's entries written at once share one seq (see _batches)
                out.extend({**item, "seq": entry["seq"]} for item in json.loads(batch))
        return out

    async def changes_head(self) -> tuple[int, int]:
        store = self._tx([CHANGES]).objectStore(CHANGES)
        # both handlers attached before the first await (a request's event may come before)
        count, last = _request(store.count()), _request(store.openKeyCursor(None, "prev"))
        n = int(await count)
        cursor = await last  # JS null (Pyodide's jsnull, not None) when the log is empty
        return n, int(cursor.key) if n and cursor else 0

    # -- writes (each one transaction; all requests queued before the only await) ----------
    async def put_many(self, records: dict[str, list[dict[str, Any]]],
                       changes: list[dict[str, Any]]) -> list[int]:
        for type_name, rows in records.items():
            for rec in rows:
                if not isinstance(rec.get("id"), str):
                    raise StoreError(f"Data {type_name} tanpa id tidak dapat disimpan.")
        tx = self._tx([*records, CHANGES, META], "readwrite")
        done = _done(tx)
        for type_name, rows in records.items():
            _put_all(tx.objectStore(type_name), _js(rows))
        tx.objectStore(META).put(json.dumps(new_revision()), REVISION)
        log = tx.objectStore(CHANGES)
        seq_reqs = [log.add(_js(ch)) for ch in changes]
        try:
            await done
        except Exception as exc:  # noqa: BLE001
            raise StoreError(str(exc)) from None
        return [int(r.result) for r in seq_reqs]

    async def replace_all(
        self, records: dict[str, list[dict[str, Any]]], changes: list[dict[str, Any]],
        meta: dict[str, Any] | None = None,
    ) -> None:
        for type_name, rows in records.items():
            for rec in rows:
                if not isinstance(rec.get("id"), str):
                    raise StoreError(f"Data {type_name} tanpa id tidak dapat disimpan.")
        chunks = {t: [json.dumps(rows[i:i + CHUNK], ensure_ascii=False, separators=(",", ":"))
                      for i in range(0, len(rows), CHUNK)] for t, rows in records.items()}
        await self.replace_all_chunks(chunks, changes, meta)

    async def replace_all_chunks(
        self, chunks: dict[str, list[str]], changes: list[dict[str, Any]],
        meta: dict[str, Any] | None = None,
    ) -> None:
        names = list(RECORD_TYPES) + [CHUNKS, CHANGES, META]
        tx = self._tx(names, "readwrite")
        done = _done(tx)
        _put_chunks(tx, chunks)
        log = tx.objectStore(CHANGES)
        log.clear()
        for entry in _batches(changes):
            log.add(entry)
        meta_store = tx.objectStore(META)
        for key, value in (meta or {}).items():
            meta_store.put(json.dumps(value, ensure_ascii=False), key)
        meta_store.put(json.dumps(new_revision()), REVISION)
        try:
            await done
        except Exception as exc:  # noqa: BLE001
            raise StoreError(str(exc)) from None

    async def rewrite_records(self, chunks: dict[str, list[str]], meta: dict[str, Any],
                              marker: str, version: Any) -> bool:
        """The marker is read in the same transaction that writes, and the writes are queued
        from its success callback (the transaction is still active there), so two tabs
        opening at once migrate once; an abort (a closed tab, a full disk) keeps all of the
        old data and its missing marker, and the next open starts over."""
        names = list(RECORD_TYPES) + [CHUNKS, META]
        tx = self._tx(names, "readwrite")
        done = _done(tx)
        wrote: list[bool] = []
        req = tx.objectStore(META).get(marker)

        def write(_event: Any) -> None:
            found = req.result
            if found is not None and json.loads(str(found)) == version:
                return
            _put_chunks(tx, chunks)
            meta_store = tx.objectStore(META)
            for key, value in meta.items():
                meta_store.put(json.dumps(value, ensure_ascii=False), key)
            wrote.append(True)

        req.onsuccess = create_once_callable(write)
        try:
            await done
        except Exception as exc:  # noqa: BLE001
            raise StoreError(str(exc)) from None
        return bool(wrote)

    async def delete_all(self) -> None:
        names = list(RECORD_TYPES) + [CHUNKS, CHANGES, META]
        tx = self._tx(names, "readwrite")
        done = _done(tx)
        for name in names:
            tx.objectStore(name).clear()
        try:
            await done
        except Exception as exc:  # noqa: BLE001
            raise StoreError(str(exc)) from None

    async def meta_put(self, key: str, value: Any) -> None:
        tx = self._tx([META], "readwrite")
        done = _done(tx)
        tx.objectStore(META).put(json.dumps(value, ensure_ascii=False), key)
        try:
            await done
        except Exception as exc:  # noqa: BLE001
            raise StoreError(str(exc)) from None

    async def ack_changes(self, upto_seq: int) -> int:
        tx = self._tx([CHANGES], "readwrite")
        done = _done(tx)
        store = tx.objectStore(CHANGES)
        rng = IDBKeyRange.upperBound(upto_seq)
        sizes = _COUNT_ENTRIES(store.getAll(rng)) if _COUNT_ENTRIES is not None else None
        store.delete(rng)
        try:
            await done
        except Exception as exc:  # noqa: BLE001
            raise StoreError(str(exc)) from None
        return int(sizes()) if sizes is not None else -1

    # -- storage -----------------------------------------------------------------------------
    async def storage_info(self) -> dict[str, Any]:
        from pyapp.engine.browser_io import storage_info

        return await storage_info()

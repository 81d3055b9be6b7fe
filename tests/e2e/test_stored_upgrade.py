"""A browser that holds a school stored by the format-1 app (old codes) or the format-2 app
(the app's own jenis sarana codes) opens it in real Chromium: the records are migrated once at
open (pyapp/engine/upgrade.py), nothing fails to load, and the unsent changes (the outbox) are
kept."""

from __future__ import annotations

import copy
import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from pyapp.core.migration import CURRENT_VERSION, migrate
from pyapp.core.models import RECORD_TYPES
from pyapp.engine.store import CHUNK, INDEXES
from tests.harness import wait_engine

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
LEGACY = ROOT / "tests" / "fixtures" / "legacy" / "snapshot-v1-small-seed3.json.gz"
LEGACY_V2 = ROOT / "tests" / "fixtures" / "legacy" / "snapshot-v2-small-seed5.json.gz"

# The layout of pyapp/engine/idb.py at database version 2, the version-1 app's, seeded as it
# was. Version 3 added the stores of ADDED_IN_3, which the app creates when it opens the
# database (checked below, so a later schema change makes this test say it must follow).
DB_VERSION = 2
ADDED_IN_3 = ("sanitasi", "bangunan_longitudinal", "ruang_longitudinal", "alat_longitudinal",
              "rwy_pendidikan_formal", "deskripsi_sikap", "kelas_ekskul", "nilai_ekskul")
V2_TYPES = [t for t in RECORD_TYPES if t not in ADDED_IN_3]

SEED = """async ({dbVersion, types, indexes, chunks, singles, changes, meta}) => {
  const req = indexedDB.open("pyapp", dbVersion);
  req.onupgradeneeded = () => {
    const db = req.result;
    for (const t of types) {
      const s = db.createObjectStore(t, {keyPath: "id"});
      for (const f of (indexes[t] || [])) s.createIndex(f, f, {unique: false});
    }
    db.createObjectStore("changes", {keyPath: "seq", autoIncrement: true});
    db.createObjectStore("meta");
    db.createObjectStore("chunks");
  };
  const db = await new Promise((ok, bad) => { req.onsuccess = () => ok(req.result);
                                              req.onerror = () => bad(req.error); });
  const tx = db.transaction([...types, "changes", "meta", "chunks"], "readwrite");
  for (const [key, text] of Object.entries(chunks)) tx.objectStore("chunks").put(text, key);
  for (const [t, rows] of Object.entries(singles)) for (const r of rows) tx.objectStore(t).put(r);
  for (const c of changes) tx.objectStore("changes").add(c);
  for (const [k, v] of Object.entries(meta)) tx.objectStore("meta").put(JSON.stringify(v), k);
  await new Promise((ok, bad) => { tx.oncomplete = ok; tx.onabort = () => bad(tx.error); });
  db.close();
}"""

READ = """async () => {
  const db = await new Promise((ok, bad) => { const r = indexedDB.open("pyapp");
    r.onsuccess = () => ok(r.result); r.onerror = () => bad(r.error); });
  const names = Array.from(db.objectStoreNames);
  const tx = db.transaction(names);
  const get = (req) => new Promise((ok) => { req.onsuccess = () => ok(req.result); });
  const out = {chunks: {}, singles: {}};
  const keys = await get(tx.objectStore("chunks").getAllKeys());
  const texts = await get(tx.objectStore("chunks").getAll());
  keys.forEach((k, i) => { out.chunks[k] = texts[i]; });
  for (const n of names) if (!["chunks", "changes", "meta"].includes(n))
    out.singles[n] = await get(tx.objectStore(n).getAll());
  out.changes = await get(tx.objectStore("changes").getAll());
  out.format = await get(tx.objectStore("meta").get("format_version"));
  db.close();
  return out;
}"""


def _records(dump: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What the store holds per type and id: chunks, then the records saved one by one."""
    out: dict[str, dict[str, Any]] = {t: {} for t in RECORD_TYPES}
    for key in sorted(dump["chunks"]):
        out[key.split(":")[0]].update((r["id"], r) for r in json.loads(dump["chunks"][key]))
    for tname, rows in dump["singles"].items():
        out[tname].update((r["id"], r) for r in rows)
    return out


def test_layout_is_idb_s() -> None:
    source = (ROOT / "pyapp" / "engine" / "idb.py").read_text()
    assert re.search(rf"^DB_VERSION = {DB_VERSION + 1}\b", source, re.M)
    assert set(ADDED_IN_3) < set(RECORD_TYPES)


def test_a_school_stored_by_the_v1_app_opens_migrated_with_its_outbox(browser, server) -> None:  # type: ignore[no-untyped-def]
    raw = json.loads(gzip.decompress(LEGACY.read_bytes()))
    assert raw["version"] == 1
    records = raw["records"]
    # As the version-1 app left it: the restored school in chunks, then a few records saved
    # one by one (one of them a newer copy of a chunked record), and their outbox entries.
    principal = next(r for r in records["tugas_tambahan"] if r["jabatan"] == 1)
    pd = records["peserta_didik"][0]
    edited_pd = {**pd, "alat_transportasi": 11, "version": pd["version"] + 1}  # 11: v1 Sepeda
    chunks = {f"{t}:{i // CHUNK:05d}": json.dumps(rows[i:i + CHUNK])
              for t, rows in records.items() for i in range(0, len(rows), CHUNK)}
    singles = {"peserta_didik": [edited_pd], "tugas_tambahan": [principal]}
    changes = [{"n": 2, "batch": json.dumps([
                   {"type": "rombel", "id": records["rombel"][0]["id"], "op": "upsert",
                    "version": records["rombel"][0]["version"], "at": "2025-07-20T01:00:00Z"},
                   {"type": "ptk", "id": records["ptk"][0]["id"], "op": "upsert",
                    "version": records["ptk"][0]["version"], "at": "2025-07-20T01:00:00Z"}])},
               {"type": "peserta_didik", "id": pd["id"], "op": "upsert",
                "version": edited_pd["version"], "at": "2025-07-21T01:00:00Z"},
               {"type": "tugas_tambahan", "id": principal["id"], "op": "upsert",
                "version": principal["version"], "at": "2025-07-21T01:00:00Z"}]
    expected = migrate(copy.deepcopy({"version": 1, "school": raw["school"], "records": {
        t: [edited_pd if r["id"] == pd["id"] else r for r in rows] for t, rows in records.items()}}))

    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    try:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url + "/api/-/version")  # the app's origin, before the app runs
        page.evaluate(SEED, {"dbVersion": DB_VERSION, "types": V2_TYPES,
                             "indexes": {t: list(f) for t, f in INDEXES.items() if t in V2_TYPES},
                             "chunks": chunks, "singles": singles, "changes": changes,
                             "meta": {"school": raw["school"]}})
        before = page.evaluate(READ)
        assert before["format"] is None and len(before["changes"]) == 3

        page.goto(server.url + "/")
        assert wait_engine(page) == "ready"
        page.wait_for_selector("body[data-load-problems]", state="attached", timeout=120_000)
        assert page.get_attribute("body", "data-load-problems") == "0"
        upgraded = json.loads(page.get_attribute("body", "data-upgraded") or "null")
        assert upgraded == {"from": 1, "records": sum(map(len, records.values())), "written": True}
        expect(page.get_by_test_id("beranda")).to_be_visible(timeout=60_000)
        expect(page.get_by_text(raw["school"]["nama"]).first).to_be_visible()

        after = page.evaluate(READ)
        assert json.loads(after["format"]) == CURRENT_VERSION
        assert set(after["singles"]) == set(RECORD_TYPES)  # version 3's stores were added, empty
        assert not any(after["singles"][t] for t in ADDED_IN_3)
        held = _records(after)
        for tname, rows in expected["records"].items():
            assert held[tname] == {r["id"]: r for r in rows}, tname
        assert held["tugas_tambahan"][principal["id"]]["jabatan"] == 2  # Kepala Sekolah now 2
        assert held["peserta_didik"][pd["id"]]["alat_transportasi"] == 12  # Sepeda now 12
        assert after["changes"] == before["changes"]  # the outbox, untouched

        page.reload()  # a second open finds the marker: nothing to do
        assert wait_engine(page) == "ready"
        page.wait_for_selector("body[data-load-problems]", state="attached", timeout=120_000)
        assert page.get_attribute("body", "data-upgraded") == "null"
        assert page.get_attribute("body", "data-load-problems") == "0"
        assert errors == [], errors
    finally:
        ctx.close()


def test_a_school_stored_by_the_v2_app_opens_with_official_sarana_ids(browser, server) -> None:  # type: ignore[no-untyped-def]
    raw = json.loads(gzip.decompress(LEGACY_V2.read_bytes()))
    assert raw["version"] == 2
    records = raw["records"]
    # As the format-2 app left it (today's database layout, marker 2): the school in chunks, a
    # Papan Tulis (format-2 code 5) saved since with its unsent change.
    papan = next(r for r in records["alat"] if r["jenis_sarana"] == 5)
    edited = {**papan, "jumlah": (papan.get("jumlah") or 0) + 1, "version": papan["version"] + 1}
    chunks = {f"{t}:{i // CHUNK:05d}": json.dumps(rows[i:i + CHUNK])
              for t, rows in records.items() for i in range(0, len(rows), CHUNK)}
    changes = [{"type": "alat", "id": papan["id"], "op": "upsert", "version": edited["version"],
                "at": "2025-07-21T01:00:00Z"}]
    expected = migrate(copy.deepcopy({"version": 2, "school": raw["school"], "records": {
        t: [edited if r["id"] == papan["id"] else r for r in rows] for t, rows in records.items()}}))

    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    try:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url + "/api/-/version")
        page.evaluate(SEED, {"dbVersion": DB_VERSION + 1, "types": list(RECORD_TYPES),
                             "indexes": {t: list(f) for t, f in INDEXES.items()},
                             "chunks": chunks, "singles": {"alat": [edited]}, "changes": changes,
                             "meta": {"school": raw["school"], "format_version": 2}})
        before = page.evaluate(READ)
        assert json.loads(before["format"]) == 2

        page.goto(server.url + "/")
        assert wait_engine(page) == "ready"
        page.wait_for_selector("body[data-load-problems]", state="attached", timeout=120_000)
        assert page.get_attribute("body", "data-load-problems") == "0"
        upgraded = json.loads(page.get_attribute("body", "data-upgraded") or "null")
        assert upgraded == {"from": 2, "records": sum(map(len, records.values())), "written": True}

        after = page.evaluate(READ)
        assert json.loads(after["format"]) == CURRENT_VERSION == 3
        held = _records(after)
        for tname, rows in expected["records"].items():
            assert held[tname] == {r["id"]: r for r in rows}, tname
        assert held["alat"][papan["id"]]["jenis_sarana"] == 7  # Papan Tulis's official id
        assert held["alat"][papan["id"]]["jumlah"] == edited["jumlah"]  # the later save won
        assert after["changes"] == before["changes"]

        page.reload()
        assert wait_engine(page) == "ready"
        page.wait_for_selector("body[data-load-problems]", state="attached", timeout=120_000)
        assert page.get_attribute("body", "data-upgraded") == "null"
        assert _records(page.evaluate(READ))["alat"][papan["id"]]["jenis_sarana"] == 7
        assert errors == [], errors
    finally:
        ctx.close()

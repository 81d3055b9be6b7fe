"""Records a browser stored with the version-1 or version-2 codes are migrated once at open
(pyapp/engine/upgrade.py), keeping the outbox; on MemoryStore, which mirrors IndexedDB's
all-or-nothing writes. The IndexedDB layout itself: tests/e2e/test_stored_upgrade.py."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path
from typing import Any

from pyapp.core.generator import generate
from pyapp.core.migration import CURRENT_VERSION, migrate
from pyapp.core.snapshot import dump_snapshot
from pyapp.engine.store import MemoryStore
from pyapp.engine.upgrade import FORMAT_KEY
from tests.engine.conftest import new_service, run

LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "legacy"


def _v1() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(gzip.decompress(
        (LEGACY / "snapshot-v1-small-seed3.json.gz").read_bytes()))
    assert raw["version"] == 1
    return raw


def _pick(raw: dict[str, Any], tname: str, pred: Any) -> dict[str, Any]:
    return next(r for r in raw["records"][tname] if pred(r))


def _v1_store(raw: dict[str, Any]) -> tuple[MemoryStore, list[dict[str, Any]]]:
    """A store as the version-1 app left it: records, an outbox of three unsent changes, the
    school block, a push frozen mid-way and a conflict holding the server's record."""
    store = MemoryStore()
    for tname, rows in raw["records"].items():
        store.records[tname] = {r["id"]: json.dumps(r) for r in rows}
    outbox = []
    for tname in ("tugas_tambahan", "rombel", "peserta_didik"):
        rec = raw["records"][tname][0]
        outbox.append({"type": tname, "id": rec["id"], "op": "upsert",
                       "version": rec["version"], "at": "2025-07-30T01:00:00Z"})
    store._append_changes(outbox)
    pem = raw["records"]["pembelajaran"][0]
    store.meta = {k: json.dumps(v) for k, v in {
        "school": raw["school"],
        "sync_job": {"key": "k1", "phase": "mengirim", "upto_seq": 3},
        "sync_payload": {"key": "k1", "b64": "AAAA"},
        "sync_conflicts": {pem["id"]: {"type": "pembelajaran", "id": pem["id"],
                                       "server_version": 9, "server_deleted": False,
                                       "server_record": copy.deepcopy(pem),
                                       "found_at": "2025-07-30T01:00:00Z", "resolved": False}},
    }.items()}
    return store, outbox


def _records(store: MemoryStore) -> dict[str, dict[str, Any]]:
    return {t: {i: json.loads(v) for i, v in rows.items()} for t, rows in store.records.items()}


def test_v1_records_are_migrated_once_at_open_and_the_outbox_is_kept() -> None:
    raw = _v1()
    store, outbox = _v1_store(raw)
    principal = _pick(raw, "tugas_tambahan", lambda r: r.get("jabatan") == 1)
    expected = migrate(copy.deepcopy(raw))
    svc = new_service(store)
    opened = run(svc.open({}))
    assert opened.get("load_problems") is None, opened.get("load_problems")
    assert svc.upgraded == {"from": 1, "records": sum(map(len, raw["records"].values())),
                            "written": True}
    held = _records(store)
    for tname, rows in expected["records"].items():
        assert held[tname] == {r["id"]: r for r in rows}, tname
    # Kepala Sekolah was jabatan 1 in version 1, 2 now; a kendaraan code moved by one.
    assert held["tugas_tambahan"][principal["id"]]["jabatan"] == 2
    assert svc.data["tugas_tambahan"][principal["id"]].jabatan == 2
    # The outbox: the same entries, nothing acknowledged or dropped.
    assert [{k: e[k] for k in ("type", "id", "op", "version")} for e in run(store.changes_since(0))] \
        == [{k: e[k] for k in ("type", "id", "op", "version")} for e in outbox]
    meta = {k: json.loads(v) for k, v in store.meta.items()}
    assert meta[FORMAT_KEY] == CURRENT_VERSION
    assert meta["school"]["bentuk_pendidikan"] == expected["school"]["bentuk_pendidikan"]
    assert meta["sync_job"] is None and meta["sync_payload"] is None  # frozen with old codes
    pem = expected["records"]["pembelajaran"][0]
    conflict = meta["sync_conflicts"][pem["id"]]["server_record"]
    assert conflict["mata_pelajaran_id"] == pem["mata_pelajaran_id"] != raw["records"]["pembelajaran"][0]["mata_pelajaran_id"]


def test_a_second_open_finds_the_marker_and_writes_nothing() -> None:
    store, _ = _v1_store(_v1())
    run(new_service(store).open({}))
    before, writes = _records(store), store.transactions
    svc = new_service(store)
    run(svc.open({}))
    assert svc.upgraded is None and store.transactions == writes and _records(store) == before


def test_a_failed_write_loses_nothing_and_the_next_open_migrates() -> None:
    raw = _v1()
    store, outbox = _v1_store(raw)
    original, meta = _records(store), dict(store.meta)
    store.fail_next_write = True  # the migration's one transaction aborts (a crash, a full disk)
    failed = run(new_service(store).open({}))
    assert failed["ok"] is False
    assert _records(store) == original and store.meta == meta and len(store.changes) == len(outbox)
    svc = new_service(store)
    assert run(svc.open({})).get("load_problems") is None
    assert svc.upgraded is not None and svc.upgraded["written"]
    assert _records(store)["tugas_tambahan"] == {
        r["id"]: r for r in migrate(copy.deepcopy(raw))["records"]["tugas_tambahan"]}


def test_a_tab_that_migrated_first_wins_and_the_other_writes_nothing() -> None:
    store, _ = _v1_store(_v1())
    store.meta[FORMAT_KEY] = json.dumps(CURRENT_VERSION)  # the other tab's commit
    assert run(store.rewrite_records({"ptk": ["[]"]}, {FORMAT_KEY: CURRENT_VERSION},
                                     FORMAT_KEY, CURRENT_VERSION)) is False
    assert store.records["ptk"]


def test_todays_records_without_a_marker_are_only_marked() -> None:
    snap, _ = generate("small", 2)
    raw = json.loads(dump_snapshot(snap))
    store = MemoryStore()
    for tname, rows in raw["records"].items():
        store.records[tname] = {r["id"]: json.dumps(r) for r in rows}
    before = _records(store)
    svc = new_service(store)
    assert run(svc.open({})).get("load_problems") is None
    assert svc.upgraded == {"from": 3, "records": sum(map(len, raw["records"].values())),
                            "written": False}  # its official sarana ids say so
    assert _records(store) == before and json.loads(store.meta[FORMAT_KEY]) == CURRENT_VERSION



def _v2() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(gzip.decompress(
        (LEGACY / "snapshot-v2-small-seed5.json.gz").read_bytes()))
    assert raw["version"] == 2
    return raw


def _v2_store(raw: dict[str, Any], marked: bool = True) -> MemoryStore:
    """A store as the version-2 app left it: marked 2, an unsent alat change, a push frozen
    mid-way and a conflict holding the server's alat."""
    store = MemoryStore()
    for tname, rows in raw["records"].items():
        store.records[tname] = {r["id"]: json.dumps(r) for r in rows}
    alat = _pick(raw, "alat", lambda r: r["jenis_sarana"] == 5)  # Papan Tulis in format 2
    store._append_changes([{"type": "alat", "id": alat["id"], "op": "upsert", "version": alat["version"],
                            "at": "2025-07-30T01:00:00Z"}])
    meta: dict[str, Any] = {
        "school": raw["school"],
        "sync_job": {"key": "k1", "phase": "menunggu", "upto_seq": 1},
        "sync_payload": {"key": "k1", "b64": "AAAA"},
        "sync_conflicts": {alat["id"]: {"type": "alat", "id": alat["id"], "server_version": 9,
                                        "server_deleted": False, "server_record": copy.deepcopy(alat),
                                        "found_at": "2025-07-30T01:00:00Z", "resolved": False}}}
    if marked:
        meta[FORMAT_KEY] = 2
    store.meta = {k: json.dumps(v) for k, v in meta.items()}
    return store


def _sarana(store: MemoryStore) -> dict[str, int]:
    return {i: r["jenis_sarana"] for i, r in _records(store)["alat"].items()}


def test_v2_records_are_migrated_once_at_open_and_the_outbox_is_kept() -> None:
    raw = _v2()
    store = _v2_store(raw)
    outbox = run(store.changes_since(0))
    expected = migrate(copy.deepcopy(raw))
    svc = new_service(store)
    assert run(svc.open({})).get("load_problems") is None
    assert svc.upgraded == {"from": 2, "records": sum(map(len, raw["records"].values())), "written": True}
    held = _records(store)
    for tname, rows in expected["records"].items():
        assert held[tname] == {r["id"]: r for r in rows}, tname
    papan = outbox[0]["id"]
    assert held["alat"][papan]["jenis_sarana"] == 7 and svc.data["alat"][papan].label().startswith("Papan Tulis")
    assert run(store.changes_since(0)) == outbox  # the unsent change still names the record
    meta = {k: json.loads(v) for k, v in store.meta.items()}
    assert meta[FORMAT_KEY] == CURRENT_VERSION == 3
    assert meta["sync_job"] is None and meta["sync_payload"] is None  # frozen with format-2 codes
    assert meta["sync_conflicts"][papan]["server_record"]["jenis_sarana"] == 7
    # the next open writes nothing: the map is never applied twice (7 would become 13)
    writes = store.transactions
    again = new_service(store)
    run(again.open({}))
    assert again.upgraded is None and store.transactions == writes and _sarana(store)[papan] == 7


def test_unmarked_v2_records_are_recognised_and_migrated() -> None:
    raw = _v2()
    store = _v2_store(raw, marked=False)
    svc = new_service(store)
    run(svc.open({}))
    assert svc.upgraded is not None and svc.upgraded["from"] == 2 and svc.upgraded["written"]
    old = {r["id"]: r["jenis_sarana"] for r in raw["records"]["alat"]}
    assert _sarana(store) == {i: {5: 7, 6: 8, 9: 171, 10: 23826, 12: 202, 13: 26412}.get(c, c) for i, c in old.items()}


def test_a_failed_v2_write_loses_nothing_and_the_next_open_migrates_once() -> None:
    raw = _v2()
    store = _v2_store(raw)
    original, meta = _records(store), dict(store.meta)
    store.fail_next_write = True
    assert run(new_service(store).open({}))["ok"] is False
    assert _records(store) == original and store.meta == meta
    run(new_service(store).open({}))
    run(new_service(store).open({}))
    assert _records(store)["alat"] == {r["id"]: r for r in migrate(copy.deepcopy(raw))["records"]["alat"]}


def test_a_wiped_store_stays_marked_so_new_data_is_never_migrated() -> None:
    svc = new_service()
    run(svc.open({}))
    assert run(svc.wipe({"confirm": "HAPUS"}))["ok"]
    assert json.loads(svc.store.meta[FORMAT_KEY]) == CURRENT_VERSION
    store = svc.store
    assert isinstance(store, MemoryStore)
    store.records["alat"] = {"a1": json.dumps({"id": "a1", "jenis_sarana": 7})}  # Papan Tulis, today
    run(new_service(store).open({}))
    assert _sarana(store) == {"a1": 7}


def test_a_store_marked_by_a_newer_app_is_left_alone() -> None:
    store = _v2_store(_v2())
    store.meta[FORMAT_KEY] = json.dumps(CURRENT_VERSION + 1)
    before = _records(store)
    svc = new_service(store)
    run(svc.open({}))
    assert svc.upgraded == {"from": CURRENT_VERSION + 1, "records": None, "written": False}
    assert _records(store) == before and json.loads(store.meta[FORMAT_KEY]) == CURRENT_VERSION + 1

"""Data this browser stored in an older format, brought up to the current one once, at open,
before the school is loaded (snapshot format versions: core/migration.py).

The store's meta holds `format_version`. When it is missing or older, every record (the chunks
and the records saved one by one since) is read, migrated in memory through each format step
from the one found (1 → 2 → 3: a store left by the format-1 app takes both), and written back
as chunks in ONE transaction together with the new marker (`Store.rewrite_records`):

- the change log (outbox) is not touched: its entries name records by type, id and version,
  and the records they name now carry the new codes, so every unsent change is still sent;
- the `school` meta block is migrated like a snapshot's;
- the server records kept with unresolved conflicts are migrated too;
- a push frozen before the migration (`sync_payload`, an active `sync_job`) holds the old
  codes, so it is dropped: its changes are still in the change log and the principal
  confirms and sends them again from the migrated records.

A crash or a closed tab before that transaction commits leaves the old data and no marker,
and the next open starts over; a second open (or a second tab) finds the marker and does
nothing. The marker is what keeps a map from being applied twice (format 3 reuses format 2's
jenis sarana numbers for other kinds), so it is never lowered: a store marked by a newer app
is left as it is. Records that still fail the models after the migration are listed in
`open`'s `load_problems` as before, never deleted.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from pyapp.core.migration import CURRENT_VERSION, migrate_records, stored_version
from pyapp.engine.store import CHUNK, Store

__all__ = ["FORMAT_KEY", "upgrade"]

FORMAT_KEY = "format_version"
#: sync meta keys (engine/sync/state.py), named here so the worker's start does not import
#: the sync client
_JOB, _PAYLOAD, _CONFLICTS = "sync_job", "sync_payload", "sync_conflicts"
_ACTIVE = ("menyiapkan", "mengirim", "memvalidasi", "menunggu")


def _merged(parts: dict[str, list[str]]) -> dict[str, list[dict[str, Any]]]:
    """Every record per type; a later part replaces the same id of an earlier one."""
    out: dict[str, list[dict[str, Any]]] = {}
    for tname, texts in parts.items():
        by_id: dict[str, dict[str, Any]] = {}
        for text in texts:
            for rec in json.loads(text):
                if isinstance(rec, dict) and isinstance(rec.get("id"), str):
                    by_id[rec["id"]] = rec
        out[tname] = list(by_id.values())
    return out


def _conflicts(conflicts: dict[str, Any], rombels: list[dict[str, Any]], found: int) -> dict[str, Any]:
    """The server records kept with conflicts, migrated from format `found` (a pembelajaran's
    mapel depends on its rombel: the school's own rombels are migrated alongside, on copies)."""
    grouped: dict[str, list[dict[str, Any]]] = {"rombel": copy.deepcopy(rombels)}
    for entry in conflicts.values():
        rec = entry.get("server_record") if isinstance(entry, dict) else None
        if isinstance(rec, dict) and isinstance(entry.get("type"), str):
            grouped.setdefault(entry["type"], []).append(rec)  # migrated in place
    migrate_records(grouped, found=found)
    return conflicts


async def upgrade(store: Store) -> dict[str, Any] | None:
    """Migrate the store's records to the current format once; None when they already are.
    Otherwise {"from": version found, "records": count, "written": whether this call wrote}."""
    marked = await store.meta_get(FORMAT_KEY)
    if marked == CURRENT_VERSION:
        return None
    if isinstance(marked, int) and marked > CURRENT_VERSION:
        return {"from": marked, "records": None, "written": False}  # a newer app's: never lowered
    records = _merged(await store.load_parts())
    count = sum(len(rows) for rows in records.values())
    if isinstance(marked, int):
        found = marked
    else:  # unmarked: written by an app of format 1 or 2 (nothing stored yet is today's format)
        found = stored_version(records) if count else CURRENT_VERSION
    meta: dict[str, Any] = {FORMAT_KEY: CURRENT_VERSION}
    if found < CURRENT_VERSION and count:
        conflicts = await store.meta_get(_CONFLICTS)
        if isinstance(conflicts, dict) and conflicts:
            meta[_CONFLICTS] = _conflicts(conflicts, records.get("rombel") or [], found)
        school = await store.meta_get("school")
        migrate_records(records, school if isinstance(school, dict) else None, found=found)
        if isinstance(school, dict):
            meta["school"] = school
        job = await store.meta_get(_JOB)
        if isinstance(job, dict) and job.get("phase") in _ACTIVE:
            meta[_JOB] = None
            meta[_PAYLOAD] = None
    else:
        # Nothing stored yet, or today's format without the marker: mark only.
        await store.meta_put(FORMAT_KEY, CURRENT_VERSION)
        return {"from": found, "records": count, "written": False}
    chunks = {t: [json.dumps(rows[i:i + CHUNK], ensure_ascii=False, separators=(",", ":"))
                  for i in range(0, len(rows), CHUNK)] for t, rows in records.items()}
    written = await store.rewrite_records(chunks, meta, FORMAT_KEY, CURRENT_VERSION)
    return {"from": found, "records": count, "written": written}

"""What is waiting to be sent: the change log read per record.

The change log holds one entry per local write (`{seq, type, id, op, version}`); entries up
to the last receipted push are acknowledged (dropped). Per record, the FIRST pending entry
says which version the server last saw: `base_version = first.version - 1` (None when the
record was created here, version 1, or when this device has never synced). The record sent
is the one in memory now. A conflict the operator resolved overrides that base with the
server's version the choice was made against (`bases`), so the choice is applied, not refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyapp.core.models import RECORD_TYPES, TAB_OF
from pyapp.core.sync import encode_sorted, sort_key

__all__ = ["Pending", "read_outbox", "encode"]


@dataclass(repr=False)
class Pending:
    """The outbox read per record."""

    #: the changes as plain dicts (Change's fields), sorted as `content_hash` sorts them
    changes: list[dict[str, Any]]
    upto_seq: int
    #: tab -> {"created", "updated", "deleted"}
    tabs: dict[str, dict[str, int]]
    #: record id -> first pending version (for Tarik Data's conflict check)
    first_version: dict[str, int]

    @property
    def total(self) -> int:
        return sum(sum(v.values()) for v in self.tabs.values())


def read_outbox(entries: list[dict[str, Any]], data: dict[str, dict[str, Any]],
                ever_synced: bool, records: bool = True,
                bases: dict[str, int] | None = None) -> Pending:
    """`records=False`: counts only (no change dicts; much cheaper on a large school)."""
    first: dict[str, dict[str, Any]] = {}
    upto = 0
    for e in entries:
        upto = max(upto, int(e.get("seq") or 0))
        first.setdefault(e["id"], e)
    changes: list[dict[str, Any]] = []
    tabs: dict[str, dict[str, int]] = {}
    items = list(first.items())
    if records:  # the order content_hash uses
        items.sort(key=lambda kv: sort_key({"type": kv[1]["type"], "id": kv[0]}))
    for rid, e in items:
        tname = e["type"]
        rec = data.get(tname, {}).get(rid)
        if rec is None or tname not in RECORD_TYPES:
            continue
        version = int(e.get("version") or 1)
        base = version - 1 if ever_synced and version > 1 else None
        if bases and rid in bases:
            base = bases[rid]
        if rec.deleted and base is None:
            continue  # created and deleted here, the server never had it
        if records:
            changes.append({"type": tname, "id": rid, "op": "delete" if rec.deleted else "upsert",
                            "base_version": base,
                            "record": rec.model_dump(mode="json", exclude_none=True)})
        kind = "deleted" if rec.deleted else "created" if base is None else "updated"
        bucket = tabs.setdefault(TAB_OF[tname], {"created": 0, "updated": 0, "deleted": 0})
        bucket[kind] += 1
    firsts = {rid: int(e.get("version") or 1) for rid, e in first.items()}
    for rid, base_version in (bases or {}).items():
        if rid in firsts:
            firsts[rid] = base_version + 1
    return Pending(changes, upto, tabs, firsts)


def encode(changes: list[dict[str, Any]]) -> tuple[list[str], str]:
    """Each change as canonical JSON, and the content hash over them: the same bytes and the
    same hash as `pyapp.core.sync.content_hash` (the changes come sorted from read_outbox)."""
    return encode_sorted(changes)

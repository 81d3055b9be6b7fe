"""Canonical hashes and manifests of a change set (the client and the proxy compute the same).

The content hash is order-independent: changes are sorted by (type order, id) and each is
written as canonical JSON (sorted keys, no spaces, UTF-8), one per line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from pyapp.core.models import RECORD_TYPES, TAB_OF
from pyapp.core.sync.messages import HASH_PREFIX, Change, Manifest

__all__ = ["canonical_json", "content_hash", "manifest_for", "sha256_hex", "tab_counts"]

_ORDER = {name: i for i, name in enumerate(RECORD_TYPES)}


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _as_dict(change: Change | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(change, Change):
        return change.model_dump(mode="json")
    d = dict(change)
    d.setdefault("op", "upsert")
    d.setdefault("base_version", None)
    d.setdefault("record", None)
    return d


def _line(change: Change | Mapping[str, Any]) -> str:
    if isinstance(change, Change):
        # The fields as they are: the same text model_dump(mode="json") gives when the record
        # holds only JSON values (always so for a parsed request), without its cost; anything
        # else (a date put in by hand) goes through pydantic.
        try:
            return canonical_json({"type": change.type, "id": change.id, "op": change.op,
                                   "base_version": change.base_version,
                                   "record": change.record})
        except (TypeError, ValueError):
            pass
    return canonical_json(_as_dict(change))


def _key(change: Change | Mapping[str, Any]) -> tuple[int, str, str]:
    rtype, rid = (change.type, change.id) if isinstance(change, Change) else (
        change["type"], change["id"])
    return (_ORDER.get(rtype, len(_ORDER)), rtype, rid)


def content_hash(changes: Iterable[Change | Mapping[str, Any]]) -> str:
    """`sha256:<hex>` of the change set, independent of the order of the changes."""
    h = hashlib.sha256()
    for change in sorted(changes, key=_key):
        h.update(_line(change).encode("utf-8"))
        h.update(b"\n")
    return HASH_PREFIX + h.hexdigest()


def tab_counts(changes: Iterable[Change | Mapping[str, Any]]) -> dict[str, int]:
    """Number of changes per tab (tabs without changes left out)."""
    counts: dict[str, int] = {}
    for c in changes:
        rtype = c.type if isinstance(c, Change) else c["type"]
        tab = TAB_OF[rtype]
        counts[tab] = counts.get(tab, 0) + 1
    return counts


def manifest_for(changes: list[Change]) -> Manifest:
    return Manifest(counts=tab_counts(changes), content_hash=content_hash(changes))

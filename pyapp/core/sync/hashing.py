"""Canonical hashes and manifests of a change set (the client and the proxy compute the same).

The content hash is order-independent: changes are sorted by (type order, id) and each is
written as canonical JSON (sorted keys, no spaces, UTF-8), one per line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

try:  # the proxy's faster encoder; the browser and a bare CLI run without it
    import orjson
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None  # type: ignore[assignment]

from pyapp.core.models import RECORD_TYPES, TAB_OF
from pyapp.core.sync.messages import DATA_FORMAT, HASH_PREFIX, Change, Manifest

__all__ = ["canonical_json", "content_hash", "encode_sorted", "manifest_for", "prefixed_sha256", "sort_key",
           "sha256_hex", "tab_counts"]

_ORDER = {name: i for i, name in enumerate(RECORD_TYPES)}


#: What json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
#: builds on every call, built once (a full push encodes ~50k changes).
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                            allow_nan=False)


def canonical_json(value: Any) -> str:
    return _ENCODER.encode(value)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def prefixed_sha256(data: bytes) -> str:
    """`sha256:<hex>` of some bytes (upload bodies, part hashes, receipts)."""
    return HASH_PREFIX + sha256_hex(data)


def _as_dict(change: Change | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(change, Change):
        return change.model_dump(mode="json")
    d = dict(change)
    d.setdefault("op", "upsert")
    d.setdefault("base_version", None)
    d.setdefault("record", None)
    return d


def _fields(change: Change | Mapping[str, Any]) -> dict[str, Any]:
    """The change's fields as they are: what model_dump(mode="json") gives when the record
    holds only JSON values (always so for a parsed request), without its cost."""
    if isinstance(change, Change):
        return {"type": change.type, "id": change.id, "op": change.op,
                "base_version": change.base_version, "record": change.record}
    return _as_dict(change)


def sort_key(change: Mapping[str, Any]) -> tuple[int, str, str]:
    """The order the content hash puts changes in: record type order, then id."""
    return _ORDER.get(change["type"], len(_ORDER)), change["type"], change["id"]


def encode_sorted(rows: Iterable[Mapping[str, Any]]) -> tuple[list[str], str]:
    """Changes ALREADY in `sort_key` order (plain dicts with every Change field), as canonical
    JSON lines, and the content hash over them. `content_hash` is this after sorting; the
    engine calls it directly on the outbox (already sorted) to skip 50k pydantic objects."""
    lines = [canonical_json(row) for row in rows]
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return lines, HASH_PREFIX + h.hexdigest()


def _plain(record: Any) -> bool:
    """True when orjson writes this record exactly as `canonical_json` does: a flat record
    whose floats are all written without an exponent by Python (0, or 1e-4 <= |x| < 1e16;
    orjson writes 1e-05 as `0.00001` and 1.5e-07 as `1.5e-7`). NaN and infinities are not."""
    if record is None:
        return True
    if type(record) is not dict:
        return False
    for value in record.values():
        kind = type(value)
        if kind is float:
            if value != 0.0 and not 1e-4 <= abs(value) < 1e16:
                return False
        elif kind is list or kind is dict:
            return False
    return True


def _fast_lines(rows: list[dict[str, Any]]) -> list[bytes]:
    """`canonical_json` of each row, encoded: by orjson (about 2.5 times faster) where
    `_plain` says it writes the same bytes, else (or for a value orjson cannot write, such as
    an integer beyond 64 bits) by `canonical_json` itself."""
    assert orjson is not None
    option = orjson.OPT_SORT_KEYS
    out = []
    for row in rows:
        try:
            line = orjson.dumps(row, option=option)
        except TypeError:
            line = None
        # Every number written differently shows "e-", "e+" or "0.0000" (so does many a uuid:
        # only then is the record looked at).
        if line is None or ((b"e-" in line or b"e+" in line or b"0.0000" in line)
                            and not _plain(row["record"])):
            line = canonical_json(row).encode("utf-8")
        out.append(line)
    return out


def content_hash(changes: Iterable[Change | Mapping[str, Any]], parsed: bool = False) -> str:
    """`sha256:<hex>` of the change set, independent of the order of the changes.

    `parsed`: the changes are `Change` objects parsed from JSON (the proxy's check of a push),
    so the lines may be written by `_fast_lines`; the hash is the same (a NaN or infinity,
    which a JSON parser may accept, is null either way: below, through `_as_dict`)."""
    changes = list(changes)
    rows = [_fields(c) for c in changes]
    rows.sort(key=sort_key)
    if parsed and orjson is not None and all(isinstance(c, Change) for c in changes):
        try:
            lines = _fast_lines(rows)
        except (TypeError, ValueError):
            pass  # the canonical encoder's own refusals: handled below, as without orjson
        else:
            h = hashlib.sha256(b"\n".join(lines))
            if lines:
                h.update(b"\n")
            return HASH_PREFIX + h.hexdigest()
    try:
        return encode_sorted(rows)[1]
    except (TypeError, ValueError):  # a record holding Python values (a date put in by hand)
        rows = [_as_dict(c) for c in changes]
        rows.sort(key=sort_key)
        return encode_sorted(rows)[1]


def tab_counts(changes: Iterable[Change | Mapping[str, Any]]) -> dict[str, int]:
    """Number of changes per tab (tabs without changes left out)."""
    counts: dict[str, int] = {}
    for c in changes:
        rtype = c.type if isinstance(c, Change) else c["type"]
        tab = TAB_OF[rtype]
        counts[tab] = counts.get(tab, 0) + 1
    return counts


def manifest_for(changes: list[Change]) -> Manifest:
    return Manifest(counts=tab_counts(changes), content_hash=content_hash(changes),
                    format_version=DATA_FORMAT)

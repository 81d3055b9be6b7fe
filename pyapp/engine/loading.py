"""Reading a whole school from the store into models, and writing one back as chunks.

IndexedDB keeps a school written at once (restore, prefill) as JSON array texts of up to
store.CHUNK records (idb.py), and records saved one by one since in per-type stores. Both are
read in ONE transaction (`Store.load_parts`) and every text is decoded with one pydantic
`validate_json` call; a text that fails is decoded record by record so one bad record does
not lose the others. Writing goes the other way with pydantic's `dump_json`, never through
Python dicts.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter, ValidationError

from pyapp.core.models import RECORD_TYPES, Record
from pyapp.core.messages import pesan
from pyapp.engine import _gc
from pyapp.engine.store import CHUNK

__all__ = ["adapter", "decode_parts", "chunk_texts"]


_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def adapter(type_name: str) -> TypeAdapter[Any]:
    """`TypeAdapter(list[Model])` of a record type, built once."""
    ad = _ADAPTERS.get(type_name)
    if ad is None:
        model = RECORD_TYPES[type_name]
        ad = _ADAPTERS[type_name] = TypeAdapter(list[model])  # type: ignore[valid-type]
    return ad


def _one_by_one(tname: str, text: str, problems: list[str]) -> list[Record]:
    model = RECORD_TYPES[tname]
    out = []
    for raw in json.loads(text):
        try:
            out.append(model.model_validate(raw))
        except ValidationError as exc:
            rid = raw.get("id") if isinstance(raw, dict) else None
            err = exc.errors()[0]
            where = ".".join(str(x) for x in err.get("loc", ())) or "data"
            problems.append(f"{tname} {rid}, kolom {where}: {pesan(err)}")
    return out


def decode_parts(tname: str, texts: list[str], problems: list[str]) -> dict[str, Any]:
    """The records of one type by id; a later text replaces the same id of an earlier one."""
    out: dict[str, Any] = {}
    ad = adapter(tname)
    with _gc.paused():
        for text in texts:
            try:
                items = ad.validate_json(text)
            except ValidationError:
                items = _one_by_one(tname, text, problems)
            out.update((r.id, r) for r in items)
    return out


def chunk_texts(records: Any) -> dict[str, list[str]]:
    """Records per type as JSON array texts of up to CHUNK records each, as
    `model_dump(mode="json", exclude_none=True)` would write them."""
    out: dict[str, list[str]] = {}
    with _gc.paused():
        for tname, items in records.items():
            items = list(items)
            ad = adapter(tname)
            out[tname] = [ad.dump_json(items[i:i + CHUNK], exclude_none=True).decode()
                          for i in range(0, len(items), CHUNK)]
    return out

"""Snapshot format 2 → 3: jenis sarana on the official Dapodik ids.

Format 2 kept a short jenis_sarana list of this app's own (1–15, 99). Format 3 uses the ids of
Dapodik's `ref.jenis_sarana` (rujukan jenis_sarana names the public copy). The old numbers
are reused by the official table for other things (official 5 is Meja TU, 7 Papan Tulis, 13
Komputer), so the map must be applied exactly once, to data known to be in format 2: a
snapshot says so in its `version`, stored data in its marker (engine/upgrade.py, proxy
migration 0004), and a push or upload in its manifest's `format` (core/sync/protocol.py).

Lossy cases (docs/rujukan.md lists the whole map):

- 7 Komputer/Laptop → 13 Komputer (the official table keeps laptops apart, 24900);
- 12 Kloset → 202 Kloset Jongkok (the jamban of Permendiknas 24/2007 has a squat closet;
  a sitting one has to be changed by hand to 203);
- 10 Buku Teks → 23826 Buku Teks Pelajaran, retired in Dapodik since 2016 (no book row is
  live): old data keeps it, forms never offer it;
- 14 Peralatan Laboratorium → 25480 Peralatan, 15 Peralatan Praktik Kejuruan → 25484
  Peralatan Ketrampilan: no official row names either.
"""

from __future__ import annotations

from typing import Any

__all__ = ["V2_CODES", "migrate_v2", "apply_codes", "coded_fields"]

# rujukan name -> {version-2 code: version-3 code}; codes missing from a map stay (1–4)
V2_CODES: dict[str, dict[Any, Any]] = {
    "jenis_sarana": {5: 7, 6: 8, 7: 13, 8: 230, 9: 171, 10: 23826, 11: 20102, 12: 202,
                     13: 26412, 14: 25480, 15: 25484, 99: 999},
}


def coded_fields(tables: dict[str, dict[Any, Any]]) -> dict[str, dict[str, str]]:
    """record type -> {field: rujukan} for every model field coded by one of `tables`."""
    from pyapp.core.models import RECORD_TYPES

    out: dict[str, dict[str, str]] = {}
    for tname, model in RECORD_TYPES.items():
        for fname, info in model.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            ruj = extra.get("rujukan")
            if isinstance(ruj, str) and ruj in tables:
                out.setdefault(tname, {})[fname] = ruj
    return out


def apply_codes(records: dict[str, Any], tables: dict[str, dict[Any, Any]]) -> None:
    """Every coded field of `records` (type -> record dicts) through its table's map, in place."""
    for tname, fields in coded_fields(tables).items():
        for rec in records.get(tname) or []:
            if not isinstance(rec, dict):
                continue
            for fname, ruj in fields.items():
                old = rec.get(fname)
                if old is not None and not isinstance(old, (list, dict)) and old in tables[ruj]:
                    rec[fname] = tables[ruj][old]


def migrate_v2(raw: dict[str, Any]) -> dict[str, Any]:
    """A version-2 document to version 3, in place (returned)."""
    records = raw.get("records")
    if isinstance(records, dict):
        apply_codes(records, V2_CODES)
    raw["version"] = 3
    return raw

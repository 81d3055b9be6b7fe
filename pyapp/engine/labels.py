"""How a record is named in lists, pickers and messages, and the sorted list rows built
from those names (searchable, kept up to date edit by edit).

A child record's label names what it belongs to (a registrasi shows its pupil, a nilai its
pupil and mapel); when a parent's name changes, the rows of the types in `LABEL_DEPENDS`
are rebuilt.
"""

from __future__ import annotations

import bisect
from typing import Any

from pyapp.core.models import Record
from pyapp.engine import fields as F

__all__ = ["LABEL_DEPENDS", "Labeller", "Row", "Rows"]

#: type -> the types whose labels show it (their rows are rebuilt when its label changes)
LABEL_DEPENDS: dict[str, tuple[str, ...]] = {
    "peserta_didik": ("anggota_rombel", "registrasi", "periodik_pd", "kesejahteraan_pd", "nilai",
                      "deskripsi_sikap", "nilai_ekskul"),
    "ptk": ("penugasan", "tugas_tambahan", "rwy_pendidikan_formal"),
    "rombel": ("pembelajaran", "anggota_rombel"),
    "anggota_rombel": ("nilai", "deskripsi_sikap", "nilai_ekskul"),
    "pembelajaran": ("nilai",),
    "kelas_ekskul": ("nilai_ekskul",),
    "ruang": ("ruang_longitudinal",),
    "bangunan": ("bangunan_longitudinal",),
    "alat": ("alat_longitudinal",),
}
NOT_FOUND_LABEL = "(tidak ditemukan)"
_OF_PD = ("registrasi", "periodik_pd", "kesejahteraan_pd")

#: (sort key, id, search text, label)
Row = tuple[str, str, str, str]


class Labeller:
    """Labels over the in-memory school (type -> {id -> record})."""

    def __init__(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data

    def ref_label(self, tname: str, rid: Any) -> str:
        rec = self.data[tname].get(rid) if isinstance(rid, str) else None
        return NOT_FOUND_LABEL if rec is None else self.display_label(tname, rec)

    def display_label(self, tname: str, rec: Any, memo: dict[str, str | None] | None = None) -> str:
        """The list label: the record's own, or with the referenced person/rombel/mapel for
        child types. `memo` caches referenced labels while a whole list is built."""
        own = str(rec.label())
        if tname == "anggota_rombel":
            member = self._ref_text("peserta_didik", rec.peserta_didik_id, memo, full=True) or own
            rombel = self._ref_text("rombel", rec.rombel_id, memo)
            return f"{member} — {rombel}" if rombel else member
        if tname in ("registrasi", "periodik_pd", "kesejahteraan_pd", "penugasan",
                     "tugas_tambahan", "rwy_pendidikan_formal"):
            parent = "peserta_didik" if tname in _OF_PD else "ptk"
            who = self._ref_text(parent, getattr(rec, f"{parent}_id"), memo)
            return f"{who} — {own}" if who else own
        if tname in ("ruang_longitudinal", "bangunan_longitudinal", "alat_longitudinal"):
            parent = tname.split("_")[0]
            where = self._ref_text(parent, getattr(rec, f"{parent}_id"), memo)
            return f"{where} — {own}" if where else own
        if tname == "pembelajaran":
            rombel = self._ref_text("rombel", rec.rombel_id, memo)
            return f"{own} — {rombel}" if rombel else own
        if tname in ("nilai", "deskripsi_sikap", "nilai_ekskul"):
            ar = self.data["anggota_rombel"].get(rec.anggota_rombel_id)
            who = (self._ref_text("peserta_didik", ar.peserta_didik_id, memo)
                   if ar is not None else None) or own
            what = (self._ref_text("pembelajaran", rec.pembelajaran_id, memo, full=True) if tname == "nilai"
                    else self._ref_text("kelas_ekskul", rec.kelas_ekskul_id, memo) if tname == "nilai_ekskul"
                    else "Sikap")
            return f"{who} — {what}" if what else who
        return own

    def _ref_text(self, tname: str, rid: str, memo: dict[str, str | None] | None,
                  full: bool = False) -> str | None:
        """A referenced record's short text: `nama` (or the label with full=True)."""
        key = f"{tname}:{rid}:{full}"
        if memo is not None and key in memo:
            return memo[key]
        rec = self.data[tname].get(rid)
        text: str | None = None if rec is None else (
            str(rec.label()) if full or not hasattr(rec, "nama") else str(rec.nama))
        if memo is not None:
            memo[key] = text
        return text

    def row(self, tname: str, rec: Record, memo: dict[str, str | None] | None = None) -> Row:
        label = self.display_label(tname, rec, memo)
        parts = [label]
        for name in F.SEARCH_OF[tname]:
            val = getattr(rec, name)
            if val:
                parts.append(str(val))
        return (label.casefold(), rec.id, "\n".join(parts).casefold(), label)


class Rows:
    """One type's live records as rows, kept sorted by label."""

    __slots__ = ("rows", "by_id")

    def __init__(self, rows: list[Row]) -> None:
        rows.sort()
        self.rows = rows
        self.by_id = {r[1]: r for r in rows}

    def remove(self, rid: str) -> None:
        row = self.by_id.pop(rid, None)
        if row is not None:
            i = bisect.bisect_left(self.rows, row)
            if i < len(self.rows) and self.rows[i] == row:
                del self.rows[i]
            else:  # pragma: no cover - defensive
                self.rows.remove(row)

    def upsert(self, row: Row) -> None:
        self.remove(row[1])
        bisect.insort(self.rows, row)
        self.by_id[row[1]] = row

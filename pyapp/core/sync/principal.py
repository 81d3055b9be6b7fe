"""Who may send a school's data: an active Kepala Sekolah (or Plt.), decided from the
school's own records. One rule for the browser (it offers only these GTK in Ubah Akses
Pengguna) and the proxy (it refuses a token or a push for anyone else).

A PTK qualifies on a date when:
- its `ptk` record exists and is not deleted;
- it has a `penugasan` (ptk_terdaftar), not deleted, with no tanggal_keluar before the date;
- it has a `tugas_tambahan` with jabatan Kepala Sekolah or Plt. Kepala Sekolah
  (`KS_JABATAN`), not deleted, with TMT on or before the date and no TST before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from pyapp.core.models.gtk import KS_JABATAN

__all__ = ["PRINCIPAL_TYPES", "why_not"]

#: the record types the rule reads (only those of the one PTK matter)
PRINCIPAL_TYPES = ("ptk", "penugasan", "tugas_tambahan")


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def why_not(ptk_id: str, records: Iterable[tuple[str, dict[str, Any]]], on: dt.date) -> str | None:
    """None when `ptk_id` is an active principal in `records` ((type, record) pairs, only those
    of this PTK matter); else the reason, in Indonesian, naming what to fix."""
    ptk, assigned, tugas = None, False, []
    for rtype, rec in records:
        if rec.get("deleted"):
            continue
        if rtype == "ptk" and rec.get("id") == ptk_id:
            ptk = rec
        elif rec.get("ptk_id") != ptk_id:
            continue
        elif rtype == "penugasan":
            keluar = _date(rec.get("tanggal_keluar"))
            assigned = assigned or keluar is None or keluar >= on
        elif rtype == "tugas_tambahan" and rec.get("jabatan") in KS_JABATAN:
            tugas.append(rec)
    if ptk is None:
        return "PTK tidak ada di data GTK sekolah"
    if not assigned:
        return "PTK tidak memiliki penugasan aktif di sekolah ini"
    if not tugas:
        return "PTK tidak memiliki tugas tambahan Kepala Sekolah atau Plt. Kepala Sekolah"
    for t in tugas:
        tmt, tst = _date(t.get("tmt_tambahan")), _date(t.get("tst_tambahan"))
        if tmt is not None and tmt <= on and (tst is None or tst >= on):
            return None
    if all(_date(t.get("tmt_tambahan")) is None for t in tugas):
        return "TMT tugas tambahan Kepala Sekolah belum diisi"
    return f"tugas tambahan Kepala Sekolah tidak berlaku pada {on.isoformat()} (periksa TMT/TST)"

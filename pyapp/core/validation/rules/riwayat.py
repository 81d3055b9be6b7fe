"""Tab GTK: a PTK's riwayat pendidikan formal (years, "pendidikan tidak berjenjang", and the
pendidikan terakhir that must agree with it)."""

from __future__ import annotations

from typing import Any

from pyapp.core import rujukan
from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import hit

registry = Registry()
rule = registry.rule
TAB = "GTK"

# official jenjang_pendidikan ids of higher education: D1–D4, S1, S2, S3
D4, S1, S2, S3 = 23, 30, 35, 40
TINGGI = frozenset({20, 21, 22, D4, S1, S2, S3})
#: a degree and the lower ones one of which it needs before it
SYARAT: dict[int, tuple[int, ...]] = {S2: (S1, D4), S3: (S2,)}


def _ptk_of(rec: Any, ix: Any) -> list[str]:
    return [rec.ptk_id]


def _self(p: Any, ix: Any) -> list[str]:
    return [p.id]


@rule(id="GTK-RWY-TAHUN", tab=TAB, severity="invalid", reads=("rwy_pendidikan_formal",),
      title="Tahun lulus sebelum tahun masuk",
      message="{label}: tahun lulus {lulus} lebih awal dari tahun masuk {masuk}.",
      hint="Periksa tahun masuk dan tahun lulus pada ijazah.",
      why="Pendidikan tidak mungkin selesai sebelum dimulai.",
      ok={"tahun_masuk": 2008, "tahun_lulus": 2012}, bad={"tahun_masuk": 2012, "tahun_lulus": 2008},
      more_ok={"lulus pada tahun masuk": {"tahun_masuk": 2012, "tahun_lulus": 2012},
               "masih kuliah": {"tahun_masuk": 2024, "tahun_lulus": None}},
      more_bad={"setahun sebelumnya": {"tahun_masuk": 2012, "tahun_lulus": 2011}})
def rwy_tahun(r: Any, ix: Any) -> Any:
    if r.tahun_masuk is None or r.tahun_lulus is None or r.tahun_lulus >= r.tahun_masuk:
        return None
    return [hit("tahun_lulus", lulus=r.tahun_lulus, masuk=r.tahun_masuk)]


def _rwy(jenjang: int, lulus: int | None = None, rid: str | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {"ptk_id": "ptk1", "jenjang_pendidikan_id": jenjang, "tahun_lulus": lulus}
    return {**row, "id": rid} if rid else row


_PTK = {"ptk": [{"id": "ptk1"}]}


@rule(id="GTK-RWY-BERJENJANG", tab=TAB, severity="warning", reads=("rwy_pendidikan_formal",),
      title="Pendidikan tidak berjenjang",
      message="{label}: {masalah}.",
      hint="Lengkapi riwayat pendidikan formal dengan jenjang sebelumnya, atau perbaiki tahun lulusnya.",
      why="Peringatan Dapodik \"pendidikan tidak berjenjang\": S2 didahului S1 (atau D4) dan S3 didahului S2, "
          "dan jenjang yang lebih tinggi tidak lulus lebih dulu.",
      ok={**_PTK, "rwy_pendidikan_formal": [_rwy(S1, 2010, "a"), _rwy(S2, 2014, "b")]},
      bad={**_PTK, "rwy_pendidikan_formal": [_rwy(S2, 2014)]},
      more_ok={"D4 lalu S2": {**_PTK, "rwy_pendidikan_formal": [_rwy(D4, 2010, "a"), _rwy(S2, 2014, "b")]},
               "S2 lulus pada tahun yang sama dengan S1": {
                   **_PTK, "rwy_pendidikan_formal": [_rwy(S1, 2012, "a"), _rwy(S2, 2012, "b")]},
               "hanya S1": {**_PTK, "rwy_pendidikan_formal": [_rwy(S1, 2010)]}},
      more_bad={"S3 tanpa S2": {**_PTK, "rwy_pendidikan_formal": [_rwy(S1, 2005, "a"), _rwy(S3, 2015, "b")]},
                "S2 lulus setahun sebelum S1": {
                    **_PTK, "rwy_pendidikan_formal": [_rwy(S1, 2013, "a"), _rwy(S2, 2012, "b")]}},
      groups=lambda ix: list(ix.by["rwy_by_ptk"]), affects={"rwy_pendidikan_formal": _ptk_of})
def rwy_berjenjang(ix: Any, key: str) -> Any:
    recs = ix.related("rwy_by_ptk", key)
    lulus: dict[int, list[int | None]] = {}
    for r in recs:
        lulus.setdefault(r.jenjang_pendidikan_id, []).append(r.tahun_lulus)
    out = []
    for r in recs:
        syarat = SYARAT.get(r.jenjang_pendidikan_id)
        if syarat is None:
            continue
        nama = rujukan.label("jenjang_pendidikan", r.jenjang_pendidikan_id)
        lower = [y for j in syarat for y in lulus.get(j, [])]
        if not lower:
            bawah = " atau ".join(rujukan.label("jenjang_pendidikan", j) for j in syarat)
            out.append((r, "jenjang_pendidikan_id", {"masalah": f"ada {nama} tanpa {bawah}"}))
        elif r.tahun_lulus is not None and all(y is not None and y > r.tahun_lulus for y in lower):
            out.append((r, "tahun_lulus", {"masalah": f"{nama} lulus {r.tahun_lulus}, sebelum jenjang di bawahnya"}))
    return out or None


@rule(id="GTK-RWY-TERAKHIR", tab=TAB, severity="warning", reads=("ptk", "rwy_pendidikan_formal"),
      title="Pendidikan terakhir tidak sesuai riwayat",
      message="{label}: pendidikan terakhir {terakhir}, tetapi riwayat pendidikan tertinggi {riwayat}.",
      hint="Samakan pendidikan terakhir dengan jenjang tertinggi di riwayat pendidikan formal.",
      why="Peringatan: pendidikan terakhir diturunkan dari riwayat pendidikan formal; keduanya harus sama.",
      ok={"ptk": [{"id": "ptk1", "pendidikan_terakhir": S2}],
          "rwy_pendidikan_formal": [_rwy(S1, 2010, "a"), _rwy(S2, 2014, "b")]},
      bad={"ptk": [{"id": "ptk1", "pendidikan_terakhir": S1}],
           "rwy_pendidikan_formal": [_rwy(S1, 2010, "a"), _rwy(S2, 2014, "b")]},
      more_ok={"tanpa riwayat": {"ptk": [{"id": "ptk1", "pendidikan_terakhir": S1}]},
               "riwayat hanya SMA": {"ptk": [{"id": "ptk1", "pendidikan_terakhir": S1}],
                                     "rwy_pendidikan_formal": [_rwy(6, 2005)]}},
      more_bad={"pendidikan terakhir S3, riwayat S2": {"ptk": [{"id": "ptk1", "pendidikan_terakhir": S3}],
                                                        "rwy_pendidikan_formal": [_rwy(S2, 2014)]}},
      affects={"rwy_pendidikan_formal": _ptk_of, "ptk": _self})
def rwy_terakhir(p: Any, ix: Any) -> Any:
    if p.pendidikan_terakhir not in TINGGI:
        return None
    tinggi = [r.jenjang_pendidikan_id for r in ix.related("rwy_by_ptk", p.id) if r.jenjang_pendidikan_id in TINGGI]
    if not tinggi or max(tinggi) == p.pendidikan_terakhir:
        return None
    return [hit("pendidikan_terakhir", terakhir=rujukan.label("jenjang_pendidikan", p.pendidikan_terakhir),
                riwayat=rujukan.label("jenjang_pendidikan", max(tinggi)))]

"""Tab Nilai: KKM, completeness, predikat vs KKM, nilai that belong to the right rombel."""

from __future__ import annotations

from typing import Any

from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import empty, hit

registry = Registry()
rule = registry.rule
TAB = "Nilai"

_N = {"pembelajaran": [{"id": "pb1", "rombel_id": "rb1", "kkm": 75}],
      "anggota_rombel": [{"id": "ar1", "rombel_id": "rb1"}]}


@rule(id="NILAI-KKM-KOSONG", tab=TAB, severity="warning", reads=("pembelajaran",),
      title="KKM belum diisi",
      message="KKM {label} belum diisi.",
      hint="Isi KKM (0–100) pembelajaran ini sesuai keputusan satuan pendidikan.",
      why="Peringatan: tanpa KKM predikat tidak dapat diperiksa, tetapi nilai tetap bisa dikirim.",
      ok={"kkm": 75}, bad={"kkm": None})
def kkm_kosong(p: Any, ix: Any) -> Any:
    return [hit("kkm")] if p.semester_id == ix.semester_id and p.kkm is None else None


@rule(id="NILAI-KOSONG", tab=TAB, severity="warning", reads=("nilai",),
      title="Nilai belum lengkap",
      message="{kolom} pada {label} belum diisi.",
      hint="Isi {kolom} dari rapor.",
      why="Peringatan: nilai boleh dilengkapi bertahap selama semester.",
      ok={"nilai_pengetahuan": 80, "nilai_keterampilan": 82, "predikat": "B"},
      bad={"nilai_pengetahuan": 80, "nilai_keterampilan": None, "predikat": "B"})
def nilai_kosong(n: Any, ix: Any) -> Any:
    if n.nilai_pengetahuan is not None and n.nilai_keterampilan is not None and n.predikat is not None:
        return None
    out = []
    for fld, kolom in (("nilai_pengetahuan", "Nilai pengetahuan"), ("nilai_keterampilan", "Nilai keterampilan"),
                       ("predikat", "Predikat")):
        if getattr(n, fld) is None:
            out.append(hit(fld, kolom=kolom))
    return out


@rule(id="NILAI-DESKRIPSI", tab=TAB, severity="warning", reads=("nilai",),
      title="Deskripsi capaian kosong",
      message="Deskripsi capaian {label} belum diisi.",
      hint="Tulis deskripsi capaian kompetensi singkat (mis. \"Capaian baik dalam ...\").",
      why="Peringatan: deskripsi melengkapi rapor, tidak menahan sinkronisasi.",
      ok={"deskripsi": "Capaian baik."}, bad={"deskripsi": " "})
def deskripsi(n: Any, ix: Any) -> Any:
    return [hit("deskripsi")] if empty(n.deskripsi) else None


@rule(id="NILAI-PREDIKAT-KKM", tab=TAB, severity="invalid", reads=("nilai", "pembelajaran"),
      title="Predikat tidak sesuai KKM",
      message="{label}: rata-rata {rata} {banding} KKM {kkm}, tetapi predikat {predikat}.",
      hint="Predikat D hanya untuk rata-rata di bawah KKM; perbaiki nilai atau predikatnya.",
      why="Rapor yang predikatnya bertentangan dengan KKM pasti salah isi (invalid).",
      ok={**_N, "nilai": [{"pembelajaran_id": "pb1", "anggota_rombel_id": "ar1", "nilai_pengetahuan": 80,
                           "nilai_keterampilan": 84, "predikat": "B"}]},
      bad={**_N, "nilai": [{"pembelajaran_id": "pb1", "anggota_rombel_id": "ar1", "nilai_pengetahuan": 60,
                            "nilai_keterampilan": 64, "predikat": "B"}]},
      groups=lambda ix: list(ix.records["nilai"]),
      affects={"nilai": lambda n, ix: [n.id], "pembelajaran": lambda p, ix: list(ix.ids("nilai_by_pembelajaran", p.id))})
def predikat_kkm(ix: Any, key: str) -> Any:
    n = ix.records["nilai"].get(key)
    if n is None or n.predikat is None:
        return None
    p = ix.records["pembelajaran"].get(n.pembelajaran_id)
    if p is None or p.kkm is None:
        return None
    values = [v for v in (n.nilai_pengetahuan, n.nilai_keterampilan) if v is not None]
    if not values:
        return None
    rata = sum(values) / len(values)
    if (rata < p.kkm) == (n.predikat == "D"):
        return None
    return [(n, "predikat", {"rata": f"{rata:g}", "banding": "di bawah" if rata < p.kkm else "mencapai",
                             "kkm": p.kkm, "predikat": n.predikat})]


@rule(id="NILAI-ROMBEL", tab=TAB, severity="invalid", reads=("nilai", "anggota_rombel", "pembelajaran"),
      title="Nilai di luar rombel",
      message="{label} {masalah}.",
      hint="Hapus nilai ini, atau masukkan nilai lewat pembelajaran rombel tempat peserta didik terdaftar.",
      why="Nilai yang tidak terhubung ke anggota dan pembelajaran rombel yang sama tidak dapat masuk rapor.",
      ok={**_N, "nilai": [{"pembelajaran_id": "pb1", "anggota_rombel_id": "ar1"}]},
      bad={**_N, "anggota_rombel": [{"id": "ar1", "rombel_id": "rb2"}],
           "nilai": [{"pembelajaran_id": "pb1", "anggota_rombel_id": "ar1"}]},
      groups=lambda ix: list(ix.records["nilai"]),
      affects={"nilai": lambda n, ix: [n.id],
               "anggota_rombel": lambda a, ix: list(ix.ids("nilai_by_anggota", a.id)),
               "pembelajaran": lambda p, ix: list(ix.ids("nilai_by_pembelajaran", p.id))})
def nilai_rombel(ix: Any, key: str) -> Any:
    n = ix.records["nilai"].get(key)
    if n is None:
        return None
    a = ix.records["anggota_rombel"].get(n.anggota_rombel_id)
    p = ix.records["pembelajaran"].get(n.pembelajaran_id)
    if a is not None and p is not None and a.rombel_id == p.rombel_id:
        return None
    if a is None:
        masalah = "merujuk ke anggota rombel yang sudah dihapus"
    elif p is None:
        masalah = "merujuk ke pembelajaran yang sudah dihapus"
    else:
        masalah = "milik anggota rombel lain dari rombel pembelajarannya"
    return [(n, "anggota_rombel_id" if a is None else "pembelajaran_id", {"masalah": masalah})]


@rule(id="NILAI-GANDA", tab=TAB, severity="invalid", reads=("nilai",),
      title="Nilai ganda",
      message="{label} tercatat {n} kali untuk pembelajaran yang sama.",
      hint="Hapus nilai yang ganda; satu peserta didik hanya punya satu nilai per pembelajaran.",
      why="Nilai ganda membuat rapor ambigu (invalid).",
      ok={**_N, "nilai": [{"id": "a", "pembelajaran_id": "pb1", "anggota_rombel_id": "ar1"}]},
      bad={**_N, "nilai": [{"id": "a", "pembelajaran_id": "pb1", "anggota_rombel_id": "ar1"},
                           {"id": "b", "pembelajaran_id": "pb1", "anggota_rombel_id": "ar1"}]},
      groups=lambda ix: list(ix.by["nilai_by_anggota"]),
      affects={"nilai": lambda n, ix: [n.anggota_rombel_id]})
def nilai_ganda(ix: Any, key: str) -> Any:
    recs = ix.related("nilai_by_anggota", key)
    if len(recs) < 2:
        return None
    seen: dict[str, list[Any]] = {}
    for n in recs:
        seen.setdefault(n.pembelajaran_id, []).append(n)
    return [(n, "pembelajaran_id", {"n": len(group)}) for group in seen.values() if len(group) > 1 for n in group]

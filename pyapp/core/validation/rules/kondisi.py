"""Tab Sarpras per semester: each room's and building's condition (ruang_longitudinal,
bangunan_longitudinal: recorded for the active semester, once, and a room used by a rombel not
reported as unusable) and each sarana's count (alat_longitudinal: laik within the total, once)."""

from __future__ import annotations

from typing import Any

from pyapp.core.types import semester_text
from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import hit

registry = Registry()
rule = registry.rule
TAB = "Sarpras"

_RUANG = {"ruang": [{"id": "r1"}]}


def _nama(ix: Any, ruang_id: str) -> str:
    r = ix.get("ruang", ruang_id)
    return r.nama if r is not None else "(terhapus)"


def _kondisi_now(ix: Any, ruang_id: str) -> list[Any]:
    return [k for k in ix.related("kondisi_by_ruang", ruang_id) if k.semester_id == ix.semester_id]


@rule(id="SAR-KONDISI-KOSONG", tab=TAB, severity="warning", reads=("ruang", "ruang_longitudinal"),
      title="Kondisi ruang semester ini",
      message="Kondisi {label} semester {semester} belum diisi.",
      hint="Tambahkan Kondisi Ruang semester {semester}: persentase kerusakan tiap bagian dan apakah ruang "
           "berfungsi.",
      why="Peringatan: kondisi sarpras dicatat per semester dan dipakai untuk bantuan rehabilitasi; tidak "
          "menahan sinkronisasi.",
      ok={**_RUANG, "ruang_longitudinal": [{"ruang_id": "r1"}]},
      bad=_RUANG,
      more_bad={"hanya semester lalu": {**_RUANG, "ruang_longitudinal": [{"ruang_id": "r1", "semester_id": "20242"}]}},
      affects={"ruang_longitudinal": lambda k, ix: [k.ruang_id]})
def kondisi_kosong(r: Any, ix: Any) -> Any:
    return None if _kondisi_now(ix, r.id) else [hit("kondisi", semester=semester_text(ix.semester_id))]


@rule(id="SAR-KONDISI-GANDA", tab=TAB, severity="invalid", reads=("ruang_longitudinal", "ruang"),
      title="Kondisi ruang ganda",
      message="{label} ruang {ruang} tercatat {n} kali.",
      hint="Hapus kondisi yang ganda; satu ruang punya satu data kondisi per semester.",
      why="Dua data kondisi satu ruang dalam satu semester membuat rekap kerusakan ambigu.",
      ok={**_RUANG, "ruang_longitudinal": [{"id": "a"}, {"id": "b", "semester_id": "20242"}]},
      bad={**_RUANG, "ruang_longitudinal": [{"id": "a"}, {"id": "b"}]},
      groups=lambda ix: list(ix.by["kondisi_by_ruang"]),
      affects={"ruang_longitudinal": lambda k, ix: [k.ruang_id], "ruang": lambda r, ix: [r.id]})
def kondisi_ganda(ix: Any, key: str) -> Any:
    seen: dict[str, list[Any]] = {}
    for k in ix.related("kondisi_by_ruang", key):
        seen.setdefault(k.semester_id, []).append(k)
    out = [(k, "semester_id", {"n": len(g), "ruang": _nama(ix, key)}) for g in seen.values() if len(g) > 1 for k in g]
    return out or None


@rule(id="SAR-KONDISI-TIDAK-BERFUNGSI", tab=TAB, severity="warning",
      reads=("ruang_longitudinal", "rombel", "ruang"),
      title="Ruang kelas tidak berfungsi",
      message="{label}: ruang {ruang} dinyatakan tidak berfungsi, tetapi dipakai rombel {rombel}.",
      hint="Periksa isian Berfungsi, atau pindahkan rombel ke ruang yang dapat dipakai.",
      why="Peringatan: rombel semester ini belajar di ruang yang dilaporkan tidak dapat dipakai.",
      ok={**_RUANG, "rombel": [{"ruang_id": "r1"}], "ruang_longitudinal": [{"ruang_id": "r1", "berfungsi": True}]},
      bad={**_RUANG, "rombel": [{"ruang_id": "r1"}], "ruang_longitudinal": [{"ruang_id": "r1", "berfungsi": False}]},
      more_ok={"tidak berfungsi dan tidak dipakai": {**_RUANG, "ruang_longitudinal": [{"berfungsi": False}]},
               "dipakai rombel semester lalu": {**_RUANG, "rombel": [{"ruang_id": "r1", "semester_id": "20242"}],
                                                "ruang_longitudinal": [{"berfungsi": False}]}},
      affects={"rombel": lambda r, ix: list(ix.ids("kondisi_by_ruang", r.ruang_id)) if r.ruang_id else [],
               "ruang": lambda r, ix: list(ix.ids("kondisi_by_ruang", r.id))})
def tidak_berfungsi(k: Any, ix: Any) -> Any:
    if k.berfungsi is not False or k.semester_id != ix.semester_id:
        return None
    rombel = [r.nama for r in ix.related("rombel_by_ruang", k.ruang_id) if r.semester_id == ix.semester_id]
    return [hit("berfungsi", rombel=", ".join(sorted(rombel)), ruang=_nama(ix, k.ruang_id))] if rombel else None


_BANGUNAN = {"bangunan": [{"id": "bgn1"}]}


@rule(id="SAR-KONDISI-BANGUNAN-KOSONG", tab=TAB, severity="warning", reads=("bangunan", "bangunan_longitudinal"),
      title="Kondisi bangunan semester ini",
      message="Kondisi {label} semester {semester} belum diisi.",
      hint="Tambahkan Kondisi Bangunan semester {semester}: persentase kerusakan pondasi, struktur dan atap.",
      why="Peringatan: kondisi sarpras dicatat per semester; tidak menahan sinkronisasi.",
      ok={**_BANGUNAN, "bangunan_longitudinal": [{"bangunan_id": "bgn1"}]},
      bad=_BANGUNAN,
      more_bad={"hanya semester lalu": {**_BANGUNAN, "bangunan_longitudinal": [
          {"bangunan_id": "bgn1", "semester_id": "20242"}]}},
      affects={"bangunan_longitudinal": lambda k, ix: [k.bangunan_id]})
def bangunan_kosong(b: Any, ix: Any) -> Any:
    now = [k for k in ix.related("kondisi_by_bangunan", b.id) if k.semester_id == ix.semester_id]
    return None if now else [hit("kondisi", semester=semester_text(ix.semester_id))]


@rule(id="SAR-KONDISI-BANGUNAN-GANDA", tab=TAB, severity="invalid", reads=("bangunan_longitudinal", "bangunan"),
      title="Kondisi bangunan ganda",
      message="{label} bangunan {bangunan} tercatat {n} kali.",
      hint="Hapus kondisi yang ganda; satu bangunan punya satu data kondisi per semester.",
      why="Dua data kondisi satu bangunan dalam satu semester membuat rekap kerusakan ambigu.",
      ok={**_BANGUNAN, "bangunan_longitudinal": [{"id": "a"}, {"id": "b", "semester_id": "20242"}]},
      bad={**_BANGUNAN, "bangunan_longitudinal": [{"id": "a"}, {"id": "b"}]},
      groups=lambda ix: list(ix.by["kondisi_by_bangunan"]),
      affects={"bangunan_longitudinal": lambda k, ix: [k.bangunan_id], "bangunan": lambda b, ix: [b.id]})
def bangunan_ganda(ix: Any, key: str) -> Any:
    seen: dict[str, list[Any]] = {}
    for k in ix.related("kondisi_by_bangunan", key):
        seen.setdefault(k.semester_id, []).append(k)
    b = ix.get("bangunan", key)
    nama = b.nama if b is not None else "(terhapus)"
    out = [(k, "semester_id", {"n": len(g), "bangunan": nama}) for g in seen.values() if len(g) > 1 for k in g]
    return out or None


@rule(id="SAR-ALAT-SEMESTER-LAIK", tab=TAB, severity="invalid", reads=("alat_longitudinal",),
      title="Sarana laik melebihi jumlah (per semester)",
      message="{label}: jumlah laik pakai {laik} melebihi jumlah {jumlah}.",
      hint="Jumlah laik pakai adalah bagian dari jumlah; periksa kedua angka.",
      why="Tidak mungkin (invalid), seperti pada data sarana itu sendiri.",
      ok={"jumlah": 30, "jumlah_laik": 28}, bad={"jumlah": 30, "jumlah_laik": 32},
      more_ok={"laik sama dengan jumlah": {"jumlah": 30, "jumlah_laik": 30}},
      more_bad={"laik satu lebih": {"jumlah": 30, "jumlah_laik": 31},
                "jumlah kosong": {"jumlah_laik": 1}})
def alat_laik(a: Any, ix: Any) -> Any:
    if a.jumlah_laik is None or a.jumlah_laik <= (a.jumlah or 0):
        return None
    return [hit("jumlah_laik", laik=a.jumlah_laik, jumlah=a.jumlah or 0)]


@rule(id="SAR-ALAT-SEMESTER-GANDA", tab=TAB, severity="invalid", reads=("alat_longitudinal",),
      title="Jumlah sarana per semester ganda",
      message="{label} tercatat {n} kali untuk sarana yang sama.",
      hint="Hapus yang ganda; satu sarana punya satu jumlah per semester.",
      why="Dua jumlah untuk satu sarana dalam satu semester membuat rekap sarana ambigu.",
      ok={"alat_longitudinal": [{"id": "a"}, {"id": "b", "semester_id": "20242"}]},
      bad={"alat_longitudinal": [{"id": "a"}, {"id": "b"}]},
      groups=lambda ix: list(ix.by["jumlah_by_alat"]),
      affects={"alat_longitudinal": lambda k, ix: [k.alat_id]})
def alat_ganda(ix: Any, key: str) -> Any:
    seen: dict[str, list[Any]] = {}
    for k in ix.related("jumlah_by_alat", key):
        seen.setdefault(k.semester_id, []).append(k)
    out = [(k, "semester_id", {"n": len(g)}) for g in seen.values() if len(g) > 1 for k in g]
    return out or None

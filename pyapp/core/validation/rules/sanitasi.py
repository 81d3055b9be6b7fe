"""Tab Sekolah: sanitasi per semester (present, once, counts that add up, a usable jamban)."""

from __future__ import annotations

from typing import Any

from pyapp.core.types import semester_text
from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import hit

registry = Registry()
rule = registry.rule
TAB = "Sekolah"

_LAYAK = ("jml_jamban_l_g", "jml_jamban_p_g", "jml_jamban_lp_g")
_SEMUA = _LAYAK + ("jml_jamban_l_tg", "jml_jamban_p_tg", "jml_jamban_lp_tg")
_ALL = (lambda r, ix: ["sekolah"])  # noqa: E731 - a rule scope, read as data


@rule(id="SEK-SANITASI-KOSONG", tab=TAB, severity="warning", reads=("sekolah", "sanitasi"),
      title="Data sanitasi semester ini",
      message="{label}: data sanitasi semester {semester} belum ada.",
      hint="Isi data sanitasi semester {semester}: air, toilet, jamban dan tempat cuci tangan.",
      why="Peringatan: sanitasi dicatat per semester dan dipakai program bantuan sarana; tidak menahan "
          "sinkronisasi.",
      ok={"sekolah": [{"id": "sek"}], "sanitasi": [{"sekolah_id": "sek"}]},
      bad={"sekolah": [{"id": "sek"}]},
      more_bad={"hanya semester lalu": {"sekolah": [{"id": "sek"}],
                                        "sanitasi": [{"sekolah_id": "sek", "semester_id": "20242"}]}},
      groups=lambda ix: ["sekolah"], affects={"sekolah": _ALL, "sanitasi": _ALL})
def sanitasi_kosong(ix: Any, key: str) -> Any:
    s = ix.sekolah
    if s is None or ix.by["sanitasi_by_semester"].get(ix.semester_id):
        return None
    return [(s, "sanitasi", {"semester": semester_text(ix.semester_id)})]


@rule(id="SEK-SANITASI-GANDA", tab=TAB, severity="invalid", reads=("sanitasi",),
      title="Data sanitasi ganda",
      message="{label} tercatat {n} kali.",
      hint="Hapus data sanitasi yang ganda; satu sekolah punya satu data sanitasi per semester.",
      why="Dua data sanitasi untuk satu semester membuat rekap sarana ambigu.",
      ok={"sanitasi": [{"id": "a"}, {"id": "b", "semester_id": "20242"}]},
      bad={"sanitasi": [{"id": "a"}, {"id": "b"}]},
      groups=lambda ix: list(ix.by["sanitasi_by_semester"]),
      affects={"sanitasi": lambda s, ix: [s.semester_id]})
def sanitasi_ganda(ix: Any, key: str) -> Any:
    recs = ix.related("sanitasi_by_semester", key)
    return [(s, "semester_id", {"n": len(recs)}) for s in recs] if len(recs) > 1 else None


@rule(id="SEK-SANITASI-CUCI-TANGAN", tab=TAB, severity="invalid", reads=("sanitasi",),
      title="Tempat cuci tangan rusak melebihi jumlahnya",
      message="{label}: {rusak} tempat cuci tangan rusak dari {jumlah}.",
      hint="Jumlah yang rusak adalah bagian dari jumlah tempat cuci tangan; periksa kedua angka.",
      why="Yang rusak tidak mungkin lebih banyak dari seluruhnya.",
      ok={"tempat_cuci_tangan": 4, "tempat_cuci_tangan_rusak": 1},
      bad={"tempat_cuci_tangan": 2, "tempat_cuci_tangan_rusak": 5},
      more_ok={"semua rusak": {"tempat_cuci_tangan": 3, "tempat_cuci_tangan_rusak": 3}},
      more_bad={"satu lebih banyak": {"tempat_cuci_tangan": 3, "tempat_cuci_tangan_rusak": 4},
                "jumlah kosong": {"tempat_cuci_tangan_rusak": 1}})
def cuci_tangan(s: Any, ix: Any) -> Any:
    rusak = s.tempat_cuci_tangan_rusak
    jumlah = s.tempat_cuci_tangan or 0
    if rusak is None or rusak <= jumlah:
        return None
    return [hit("tempat_cuci_tangan_rusak", rusak=rusak, jumlah=jumlah)]


@rule(id="SEK-SANITASI-JAMBAN", tab=TAB, severity="warning", reads=("sanitasi",),
      title="Tidak ada jamban layak pakai",
      message="{label}: tidak ada jamban yang layak pakai.",
      hint="Periksa jumlah jamban layak pakai (laki-laki, perempuan, bersama); jika memang tidak ada, "
           "laporkan kebutuhan perbaikan.",
      why="Peringatan: sekolah tanpa jamban layak pakai perlu ditindaklanjuti; dihitung hanya bila jumlah "
          "jamban sudah diisi.",
      ok={"jml_jamban_l_g": 2, "jml_jamban_p_g": 3},
      bad={"jml_jamban_l_g": 0, "jml_jamban_p_g": 0, "jml_jamban_l_tg": 2},
      more_ok={"satu jamban bersama": {"jml_jamban_lp_g": 1, "jml_jamban_l_tg": 2},
               "belum diisi": {}},
      more_bad={"semua nol": {"jml_jamban_l_g": 0, "jml_jamban_p_g": 0, "jml_jamban_lp_g": 0}})
def jamban(s: Any, ix: Any) -> Any:
    values = [getattr(s, f) for f in _SEMUA]
    if all(v is None for v in values) or any(getattr(s, f) for f in _LAYAK):
        return None
    return [hit("jml_jamban_l_g")]

"""Tab Sarpras: tanah, bangunan, ruang and alat: areas, condition, capacity (docs/domain.md#validasi-lokal)."""

from __future__ import annotations

from typing import Any

from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import KLOSET, TOILET, hit

registry = Registry()
rule = registry.rule
TAB = "Sarpras"

_KERUSAKAN_BANGUNAN = ("kerusakan_pondasi", "kerusakan_kolom_balok", "kerusakan_atap", "kerusakan_dinding",
                       "kerusakan_lantai")
_KERUSAKAN_RUANG = ("kerusakan_lantai", "kerusakan_dinding", "kerusakan_atap", "kerusakan_pintu", "kerusakan_jendela")


@rule(id="SAR-TANAH-LUAS", tab=TAB, severity="invalid", reads=("tanah",),
      title="Luas tanah", message="Luas {label} belum diisi.",
      hint="Isi luas tanah (m²) sesuai sertifikat atau bukti kepemilikan/pinjam pakai.",
      why="Invalid di Dapodik: luas tanah kosong (docs/domain.md#validasi-lokal).", ok={"luas": 2500}, bad={"luas": 0})
def tanah_luas(t: Any, ix: Any) -> Any:
    return [hit("luas")] if not t.luas else None


@rule(id="SAR-TANAH-KOSONG", tab=TAB, severity="warning", reads=("sekolah", "tanah"),
      title="Sekolah tanpa data tanah",
      message="{label} belum punya data tanah.",
      hint="Tambahkan data tanah tempat sekolah berdiri (luas, status kepemilikan, nomor sertifikat).",
      why="Peringatan: sekolah yang menumpang di lahan pihak lain bisa belum punya data tanah.",
      ok={"sekolah": [{"id": "sek"}], "tanah": [{}]}, bad={"sekolah": [{"id": "sek"}]},
      groups=lambda ix: ["sekolah"],
      affects={"sekolah": lambda r, ix: ["sekolah"], "tanah": lambda r, ix: ["sekolah"]})
def tanah_kosong(ix: Any, key: str) -> Any:
    if ix.sekolah is None or ix.records["tanah"]:
        return None
    return [(ix.sekolah, "tanah", {})]


@rule(id="SAR-BANGUNAN-KONDISI", tab=TAB, severity="invalid", reads=("bangunan",),
      title="Kondisi bangunan belum diisi",
      message="Kondisi {label} belum lengkap: {kolom} kosong.",
      hint="Isi persentase kerusakan setiap komponen bangunan (0 jika tidak rusak).",
      why="Kondisi bangunan dipakai untuk alokasi rehabilitasi (DAK); kosong dianggap belum didata (invalid).",
      ok=dict.fromkeys(_KERUSAKAN_BANGUNAN, 0), bad={**dict.fromkeys(_KERUSAKAN_BANGUNAN, 0), "kerusakan_atap": None})
def bangunan_kondisi(b: Any, ix: Any) -> Any:
    kosong = [f.removeprefix("kerusakan_").replace("_", "/") for f in _KERUSAKAN_BANGUNAN if getattr(b, f) is None]
    return [hit("kerusakan", kolom=", ".join(kosong))] if kosong else None


@rule(id="SAR-RUANG-KONDISI", tab=TAB, severity="invalid", reads=("ruang",),
      title="Kondisi ruang belum diisi",
      message="Kondisi {label} belum lengkap: {kolom} kosong.",
      hint="Isi persentase kerusakan lantai, dinding, atap, pintu dan jendela ruang ini (0 jika tidak rusak).",
      why="Sama dengan kondisi bangunan: kosong berarti belum didata (invalid).",
      ok=dict.fromkeys(_KERUSAKAN_RUANG, 0), bad={**dict.fromkeys(_KERUSAKAN_RUANG, 0), "kerusakan_pintu": None})
def ruang_kondisi(r: Any, ix: Any) -> Any:
    kosong = [f.removeprefix("kerusakan_") for f in _KERUSAKAN_RUANG if getattr(r, f) is None]
    return [hit("kerusakan", kolom=", ".join(kosong))] if kosong else None


@rule(id="SAR-RUANG-UKURAN", tab=TAB, severity="warning", reads=("ruang",),
      title="Ukuran ruang", message="Panjang/lebar {label} belum diisi.",
      hint="Ukur ruang dan isi panjang dan lebar dalam meter.",
      why="Peringatan: luas ruang dipakai rasio siswa per m², tidak menahan sinkronisasi.",
      ok={"panjang": 9, "lebar": 8}, bad={"panjang": 9, "lebar": None},
      more_bad={"panjang kosong": {"panjang": None, "lebar": 8}})
def ruang_ukuran(r: Any, ix: Any) -> Any:
    return [hit("panjang" if not r.panjang else "lebar")] if not r.panjang or not r.lebar else None


@rule(id="SAR-RUANG-LANTAI", tab=TAB, severity="invalid", reads=("ruang", "bangunan"),
      title="Lantai ruang melebihi lantai bangunan",
      message="{label} berada di lantai {lantai}, padahal {bangunan} hanya {jumlah} lantai.",
      hint="Perbaiki lantai ruang atau jumlah lantai bangunannya.",
      why="Ruang di lantai yang tidak ada pasti salah isi (invalid).",
      ok={"bangunan": [{"id": "bgn1", "jumlah_lantai": 2}], "ruang": [{"bangunan_id": "bgn1", "lantai": 2}]},
      bad={"bangunan": [{"id": "bgn1", "jumlah_lantai": 1}], "ruang": [{"bangunan_id": "bgn1", "lantai": 2}]},
      more_bad={"satu lantai di atas": {"bangunan": [{"id": "bgn1", "jumlah_lantai": 2}], "ruang": [{"lantai": 3}]}},
      groups=lambda ix: list(ix.records["ruang"]),
      affects={"ruang": lambda r, ix: [r.id], "bangunan": lambda b, ix: list(ix.ids("ruang_by_bangunan", b.id))})
def ruang_lantai(ix: Any, key: str) -> Any:
    r = ix.records["ruang"].get(key)
    b = ix.records["bangunan"].get(r.bangunan_id) if r is not None else None
    if b is None or r.lantai is None or b.jumlah_lantai is None or r.lantai <= b.jumlah_lantai:
        return None
    return [(r, "lantai", {"lantai": r.lantai, "bangunan": b.nama, "jumlah": b.jumlah_lantai})]


def _ruang_of_anggota(a: Any, ix: Any) -> Any:
    r = ix.records["rombel"].get(a.rombel_id)
    return [r.ruang_id] if r is not None and r.ruang_id else []


@rule(id="SAR-RUANG-KAPASITAS", tab=TAB, severity="warning", reads=("ruang", "rombel", "anggota_rombel"),
      title="Anggota rombel melebihi kapasitas ruang",
      message="{label} berkapasitas {kapasitas} orang, tetapi rombel {rombel} berisi {n} peserta didik.",
      hint="Pindahkan rombel ke ruang yang lebih besar, atau perbarui kapasitas ruang jika keliru.",
      why="Peringatan: kapasitas ruang diisi sekolah sendiri dan sering tidak diperbarui.",
      ok={"ruang": [{"id": "r1", "kapasitas": 28}], "rombel": [{"id": "rb1", "ruang_id": "r1"}],
          "anggota_rombel": [{"rombel_id": "rb1"}] * 3},
      bad={"ruang": [{"id": "r1", "kapasitas": 2}], "rombel": [{"id": "rb1", "ruang_id": "r1"}],
           "anggota_rombel": [{"rombel_id": "rb1"}] * 3},
      more_ok={"anggota sama dengan kapasitas": {"ruang": [{"id": "r1", "kapasitas": 3}], "rombel": [{"ruang_id": "r1"}],
                                                 "anggota_rombel": [{}] * 3},
               "rombel semester lain": {"ruang": [{"id": "r1", "kapasitas": 2}],
                                        "rombel": [{"ruang_id": "r1", "semester_id": "20242"}], "anggota_rombel": [{}] * 3}},
      more_bad={"satu lebih dari kapasitas": {"ruang": [{"id": "r1", "kapasitas": 3}], "rombel": [{"ruang_id": "r1"}],
                                              "anggota_rombel": [{}] * 4}},
      groups=lambda ix: list(ix.records["ruang"]),
      affects={"ruang": lambda r, ix: [r.id], "rombel": lambda r, ix: [r.ruang_id] if r.ruang_id else [],
               "anggota_rombel": _ruang_of_anggota})
def ruang_kapasitas(ix: Any, key: str) -> Any:
    ruang = ix.records["ruang"].get(key)
    if ruang is None or not ruang.kapasitas:
        return None
    out = []
    for r in ix.related("rombel_by_ruang", key):
        if r.semester_id != ix.semester_id:
            continue
        n = len(ix.ids("anggota_by_rombel", r.id))
        if n > ruang.kapasitas:
            out.append((ruang, "kapasitas", {"kapasitas": ruang.kapasitas, "rombel": r.nama, "n": n}))
    return out


@rule(id="SAR-ALAT-LAIK", tab=TAB, severity="invalid", reads=("alat",),
      title="Jumlah laik melebihi jumlah",
      message="{label}: jumlah laik pakai ({laik}) lebih besar dari jumlahnya ({jumlah}).",
      hint="Jumlah laik pakai paling banyak sama dengan jumlah sarana; perbaiki salah satunya.",
      why="Tidak mungkin (invalid).", ok={"jumlah": 30, "jumlah_laik": 28}, bad={"jumlah": 30, "jumlah_laik": 32},
      more_ok={"laik sama dengan jumlah": {"jumlah": 30, "jumlah_laik": 30}},
      more_bad={"laik satu lebih": {"jumlah": 30, "jumlah_laik": 31}})
def alat_laik(a: Any, ix: Any) -> Any:
    if a.jumlah is not None and a.jumlah_laik is not None and a.jumlah_laik > a.jumlah:
        return [hit("jumlah_laik", laik=a.jumlah_laik, jumlah=a.jumlah)]
    return None


@rule(id="SAR-TOILET-SANITASI", tab=TAB, severity="warning", reads=("ruang", "alat"),
      title="Toilet tanpa data sanitasi",
      message="{label} adalah toilet tetapi belum punya sarana kloset.",
      hint="Tambahkan sarana Kloset Jongkok atau Kloset Duduk (dan Wastafel) pada ruang toilet ini dengan jumlah dan jumlah laiknya.",
      why="Peringatan: jumlah sanitasi harus cocok dengan sarana toilet (docs/domain.md#validasi-lokal); severity resmi tidak diketahui.",
      ok={"ruang": [{"id": "r1", "jenis_prasarana": 28}], "alat": [{"ruang_id": "r1", "jenis_sarana": 202, "jumlah": 1}]},
      bad={"ruang": [{"id": "r1", "jenis_prasarana": 28}], "alat": [{"ruang_id": "r1", "jenis_sarana": 26412, "jumlah": 1}]},
      more_ok={"bukan toilet": {"ruang": [{"jenis_prasarana": 1}]},
               "kloset duduk": {"ruang": [{"jenis_prasarana": 28}], "alat": [{"jenis_sarana": 203, "jumlah": 1}]}},
      more_bad={"kloset berjumlah 0": {"ruang": [{"jenis_prasarana": 28}], "alat": [{"jenis_sarana": 202, "jumlah": 0}]},
                "nomor lama 12 kini Foto Copy": {"ruang": [{"jenis_prasarana": 28}], "alat": [{"jenis_sarana": 12, "jumlah": 1}]}},
      groups=lambda ix: list(ix.records["ruang"]),
      affects={"ruang": lambda r, ix: [r.id], "alat": lambda a, ix: [a.ruang_id]})
def toilet(ix: Any, key: str) -> Any:
    r = ix.records["ruang"].get(key)
    if r is None or r.jenis_prasarana not in TOILET:
        return None
    if any(a.jenis_sarana in KLOSET and a.jumlah for a in ix.related("alat_by_ruang", key)):
        return None
    return [(r, "alat", {})]

"""Tab Rombongan Belajar: wali kelas, ruang, names, daya tampung, parallel rombels, kurikulum,
tingkat and jurusan (docs/domain.md#validasi-lokal). Only the active semester's rombels are checked."""

from __future__ import annotations

import math
from typing import Any

from pyapp.core import rujukan
from pyapp.core.types import semester_text
from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import hit

registry = Registry()
rule = registry.rule
TAB = "Rombongan Belajar"

#: Minimum members per rombel (Permendikbud 22/2016 standar proses: SD/SMP/SMA 20, SMK 15);
#: a school may open more parallel rombels at the entry tingkat only when each keeps at least
#: this many (inferred from operators' reports of the "rasio rombel" invalid).
MIN_ANGGOTA = {"SD": 20, "SMP": 20, "SMA": 20, "SMK": 15}

_SEK = {"sekolah": [{"bentuk_pendidikan": 5}]}


def _rombel_ids(ix: Any) -> Any:
    return list(ix.records["rombel"])


def _active(ix: Any, rombel: Any) -> bool:
    return rombel is not None and rombel.semester_id == ix.semester_id


@rule(id="ROMBEL-TANPA-WALI", tab=TAB, severity="invalid", reads=("rombel",),
      title="Rombel tanpa wali kelas",
      message="{label} belum punya wali kelas.",
      hint="Pilih wali kelas (PTK aktif yang punya penugasan di sekolah ini) pada data rombel.",
      why="Invalid di Dapodik (docs/domain.md#validasi-lokal).",
      ok={"jenis_rombel": 1, "ptk_id": "ptk1"}, bad={"jenis_rombel": 1, "ptk_id": None},
      more_ok={"rombel ekskul": {"jenis_rombel": 9, "ptk_id": None},
               "rombel semester lalu": {"semester_id": "20242", "ptk_id": None}},
      more_bad={"jenis rombel kosong": {"jenis_rombel": None, "ptk_id": None}})
def tanpa_wali(r: Any, ix: Any) -> Any:
    return [hit("ptk_id")] if ix.is_active_rombel_kelas(r) and r.ptk_id is None else None


@rule(id="ROMBEL-WALI-TIDAK-AKTIF", tab=TAB, severity="invalid", reads=("rombel", "ptk", "penugasan"),
      title="Wali kelas bukan PTK aktif",
      message="Wali kelas {label} ({wali}) {masalah}.",
      hint="Pilih wali kelas lain, atau lengkapi penugasan PTK tersebut untuk tahun ajaran {ta}.",
      why="Invalid di Dapodik: wali kelas harus PTK aktif dengan penugasan (docs/domain.md#validasi-lokal).",
      ok={"rombel": [{"ptk_id": "ptk1"}], "ptk": [{"id": "ptk1"}],
          "penugasan": [{"ptk_id": "ptk1", "tahun_ajaran_id": "2025"}]},
      bad={"rombel": [{"ptk_id": "ptk1"}], "ptk": [{"id": "ptk1"}],
           "penugasan": [{"ptk_id": "ptk1", "tahun_ajaran_id": "2024"}]},
      more_bad={"wali sudah dihapus": {"rombel": [{"ptk_id": "ptk9"}]},
                "penugasan sudah berakhir": {"rombel": [{"ptk_id": "ptk1"}], "ptk": [{"id": "ptk1"}],
                                             "penugasan": [{"tahun_ajaran_id": "2025", "tanggal_keluar": "2025-08-01"}]}},
      groups=_rombel_ids,
      affects={"rombel": lambda r, ix: [r.id],
               "ptk": lambda p, ix: list(ix.ids("rombel_by_wali", p.id)),
               "penugasan": lambda p, ix: list(ix.ids("rombel_by_wali", p.ptk_id))})
def wali_tidak_aktif(ix: Any, key: str) -> Any:
    r = ix.get("rombel", key)
    if not ix.is_active_rombel_kelas(r) or r.ptk_id is None or ix.ptk_is_active(r.ptk_id):
        return None
    ptk = ix.get("ptk", r.ptk_id)
    if ptk is None:
        return [(r, "ptk_id", {"wali": "tidak ditemukan", "masalah": "sudah dihapus dari data GTK",
                               "ta": ix.tahun_ajaran_id})]
    return [(r, "ptk_id", {"wali": ptk.nama, "ta": ix.tahun_ajaran_id,
                           "masalah": f"tidak punya penugasan aktif tahun ajaran {ix.tahun_ajaran_id}"})]


@rule(id="ROMBEL-TANPA-RUANG", tab=TAB, severity="invalid", reads=("rombel",),
      title="Rombel tanpa ruang",
      message="{label} belum punya ruang.",
      hint="Pilih ruang kelas yang dipakai rombel ini (data ruang ada di Sarpras).",
      why="Invalid di Dapodik (docs/domain.md#validasi-lokal).",
      ok={"jenis_rombel": 1, "ruang_id": "r1"}, bad={"jenis_rombel": 1, "ruang_id": None},
      more_ok={"rombel ekskul": {"jenis_rombel": 9, "ruang_id": None}})
def tanpa_ruang(r: Any, ix: Any) -> Any:
    return [hit("ruang_id")] if ix.is_active_rombel_kelas(r) and r.ruang_id is None else None


@rule(id="ROMBEL-RUANG-TIDAK-ADA", tab=TAB, severity="invalid", reads=("rombel", "ruang"),
      title="Ruang rombel sudah dihapus",
      message="Ruang yang dipilih untuk {label} tidak ada lagi di data Sarpras.",
      hint="Pilih ulang ruang kelas rombel ini dari daftar ruang yang ada.",
      why="Rujukan ke ruang yang terhapus membuat data sarpras dan rombel tidak padan (invalid).",
      ok={"rombel": [{"ruang_id": "r1"}], "ruang": [{"id": "r1"}]}, bad={"rombel": [{"ruang_id": "r1"}]},
      more_ok={"rombel semester lalu": {"rombel": [{"ruang_id": "r1", "semester_id": "20242"}]},
               "tanpa ruang": {"rombel": [{"ruang_id": None}]}},
      groups=_rombel_ids,
      affects={"rombel": lambda r, ix: [r.id], "ruang": lambda r, ix: list(ix.ids("rombel_by_ruang", r.id))})
def ruang_tidak_ada(ix: Any, key: str) -> Any:
    r = ix.get("rombel", key)
    if not _active(ix, r) or r.ruang_id is None or r.ruang_id in ix.records["ruang"]:
        return None
    return [(r, "ruang_id", {})]


@rule(id="ROMBEL-NAMA-GANDA", tab=TAB, severity="invalid", reads=("rombel",),
      title="Nama rombel ganda",
      message="Nama rombel \"{nama}\" dipakai {n} rombel di semester {semester}.",
      hint="Beri nama yang berbeda untuk tiap rombel (mis. 7A, 7B), atau hapus rombel yang terbuat ganda.",
      why="Invalid di Dapodik (docs/domain.md#validasi-lokal: nama rombel ganda).",
      ok={"rombel": [{"id": "a", "nama": "7A"}, {"id": "b", "nama": "7B"}]},
      bad={"rombel": [{"id": "a", "nama": "7A"}, {"id": "b", "nama": "7a "}]},
      more_ok={"spasi di tengah membedakan": {"rombel": [{"id": "a", "nama": "7A"}, {"id": "b", "nama": "7 A"}]},
               "nama sama di semester lain": {"rombel": [{"id": "a", "nama": "7A"},
                                                         {"id": "b", "nama": "7A", "semester_id": "20242"}]}},
      groups=lambda ix: [k for k, v in ix.by["rombel_by_nama"].items() if len(v) > 1 and k[0] == ix.semester_id],
      affects={"rombel": lambda r, ix: [(r.semester_id, " ".join(r.nama.split()).lower())]})
def nama_ganda(ix: Any, key: Any) -> Any:
    if key[0] != ix.semester_id:
        return None
    recs = ix.related("rombel_by_nama", key)
    if len(recs) < 2:
        return None
    return [(r, "nama", {"nama": r.nama, "n": len(recs), "semester": semester_text(key[0])}) for r in recs]


def _anggota_to_rombel(a: Any, ix: Any) -> Any:
    return [a.rombel_id]


@rule(id="ROMBEL-DAYA-TAMPUNG", tab=TAB, severity="invalid", reads=("rombel", "anggota_rombel", "sekolah"),
      title="Anggota melebihi daya tampung",
      message="{label} berisi {n} peserta didik, melebihi daya tampung {bentuk} ({maks}).",
      hint="Pindahkan {lebih} peserta didik ke rombel paralel lain atau buka rombel baru.",
      why="Invalid daya tampung Dapodik: SD 28, SMP 32, SMA/SMK 36, TK 22 (docs/domain.md#validasi-lokal).",
      ok={**_SEK, "rombel": [{"id": "rb1"}], "anggota_rombel": [{"rombel_id": "rb1"}] * 3},
      bad={**_SEK, "rombel": [{"id": "rb1"}], "anggota_rombel": [{"rombel_id": "rb1"}] * 29},
      more_ok={"SD: 28 anggota, tepat daya tampung": {**_SEK, "rombel": [{}], "anggota_rombel": [{}] * 28},
               "SMP: 32 anggota": {"sekolah": [{"bentuk_pendidikan": 6}], "rombel": [{"tingkat": 7}],
                                   "anggota_rombel": [{}] * 32},
               "29 anggota di rombel ekskul": {**_SEK, "rombel": [{"jenis_rombel": 9}],
                                                          "anggota_rombel": [{}] * 29}},
      more_bad={"SMP: 33 anggota": {"sekolah": [{"bentuk_pendidikan": 6}], "rombel": [{"tingkat": 7}],
                                    "anggota_rombel": [{}] * 33}},
      groups=_rombel_ids, affects={"rombel": lambda r, ix: [r.id], "anggota_rombel": _anggota_to_rombel})
def daya_tampung(ix: Any, key: str) -> Any:
    r = ix.get("rombel", key)
    maks = ix.bentuk.get("maks_anggota_rombel")
    if not ix.is_active_rombel_kelas(r) or maks is None:
        return None
    n = len(ix.ids("anggota_by_rombel", key))
    if n <= maks:
        return None
    return [(r, "anggota", {"n": n, "maks": maks, "lebih": n - maks, "bentuk": ix.bentuk.get("label")})]


def _tingkat_of_anggota(a: Any, ix: Any) -> Any:
    r = ix.get("rombel", a.rombel_id)
    return [r.tingkat] if r is not None else []


@rule(id="ROMBEL-PARALEL", tab=TAB, severity="invalid", reads=("rombel", "anggota_rombel", "sekolah"),
      title="Terlalu banyak rombel paralel",
      message="Tingkat {tingkat} punya {n} rombel kelas untuk {pd} peserta didik; paling banyak {maks} "
              "(minimal {min} PD per rombel).",
      hint="Gabungkan rombel paralel di tingkat {tingkat} sampai tiap rombel berisi minimal {min} peserta didik.",
      why="Invalid di Dapodik: rombel paralel berlebih di tingkat awal (docs/domain.md#validasi-lokal). Batas minimal per "
          "rombel dari Permendikbud 22/2016 (SD/SMP/SMA 20, SMK 15), disimpulkan dari laporan operator.",
      ok={**_SEK, "rombel": [{"id": "rb1", "tingkat": 1}], "anggota_rombel": [{"rombel_id": "rb1"}] * 25},
      bad={**_SEK, "rombel": [{"id": "rb1", "tingkat": 1, "nama": "1A"}, {"id": "rb2", "tingkat": 1, "nama": "1B"}],
           "anggota_rombel": [{"rombel_id": "rb1"}] * 10 + [{"rombel_id": "rb2"}] * 10},
      more_ok={"SD: 2 rombel untuk 21 PD": {**_SEK, "rombel": [{"id": "a", "tingkat": 1}, {"id": "b", "tingkat": 1}],
                                            "anggota_rombel": [{"rombel_id": "a"}] * 11 + [{"rombel_id": "b"}] * 10},
               "SD: 2 rombel tingkat 2 (bukan tingkat awal) untuk 20 PD":
                   {**_SEK, "rombel": [{"id": "a", "tingkat": 2}, {"id": "b", "tingkat": 2}],
                    "anggota_rombel": [{"rombel_id": "a"}] * 10 + [{"rombel_id": "b"}] * 10},
               "SMK: 2 rombel untuk 16 PD": {"sekolah": [{"bentuk_pendidikan": 15}],
                                             "rombel": [{"id": "a", "tingkat": 10},
                                                        {"id": "b", "tingkat": 10}],
                                             "anggota_rombel": [{"rombel_id": "a"}] * 8 + [{"rombel_id": "b"}] * 8}},
      more_bad={"SD: 3 rombel untuk 40 PD": {**_SEK, "rombel": [{"id": x, "tingkat": 1} for x in "abc"],
                                             "anggota_rombel": [{"rombel_id": "a"}] * 14 + [{"rombel_id": "b"}] * 13
                                             + [{"rombel_id": "c"}] * 13},
                "SMK: 2 rombel untuk 15 PD": {"sekolah": [{"bentuk_pendidikan": 15}],
                                              "rombel": [{"id": "a", "tingkat": 10},
                                                         {"id": "b", "tingkat": 10}],
                                              "anggota_rombel": [{"rombel_id": "a"}] * 8 + [{"rombel_id": "b"}] * 7}},
      groups=lambda ix: [ix.bentuk.get("tingkat_min")],
      affects={"rombel": lambda r, ix: [r.tingkat], "anggota_rombel": _tingkat_of_anggota})
def paralel(ix: Any, key: Any) -> Any:
    minimum = MIN_ANGGOTA.get(ix.jenjang or "")
    if minimum is None or key is None or key != ix.bentuk.get("tingkat_min"):
        return None
    rombels = [r for r in ix.related("rombel_by_tingkat", (ix.semester_id, key)) if ix.is_active_rombel_kelas(r)]
    pd = sum(len(ix.ids("anggota_by_rombel", r.id)) for r in rombels)
    maks = max(1, math.ceil(pd / minimum))
    if len(rombels) <= maks:
        return None
    params = {"tingkat": key, "n": len(rombels), "pd": pd, "maks": maks, "min": minimum}
    return [(r, "tingkat", params) for r in rombels]


def _jenjang_kurikulum(kode: Any) -> Any:
    item = rujukan.item("kurikulum", kode)
    return item.get("jenjang") if item else None


@rule(id="ROMBEL-KURIKULUM", tab=TAB, severity="invalid", reads=("rombel", "sekolah"),
      title="Kurikulum tidak sesuai bentuk pendidikan",
      message="{label} memakai {kurikulum}, yang bukan untuk {bentuk}.",
      hint="Pilih kurikulum jenjang {jenjang} untuk rombel ini.",
      why="Invalid di Dapodik: kurikulum harus sesuai bentuk pendidikan (docs/domain.md#validasi-lokal).",
      ok={**_SEK, "rombel": [{"kurikulum": 10111}]}, bad={**_SEK, "rombel": [{"kurikulum": 10211}]},
      more_ok={"kesetaraan memakai kurikulum mana pun": {"sekolah": [{"bentuk_pendidikan": 11}], "rombel": [{"kurikulum": 10211}]},
               "rombel semester lalu": {**_SEK, "rombel": [{"kurikulum": 10211, "semester_id": "20242"}]}})
def kurikulum(r: Any, ix: Any) -> Any:
    if not _active(ix, r) or r.kurikulum is None or ix.jenjang is None or ix.jenjang == "Kesetaraan":
        return None
    item = rujukan.item("kurikulum", r.kurikulum) or {}
    lo, hi = item.get("tingkat", (0, 99))
    if item.get("jenjang") == ix.jenjang and (r.tingkat is None or lo <= r.tingkat <= hi):
        return None
    return [hit("kurikulum", kurikulum=rujukan.label("kurikulum", r.kurikulum),
                bentuk=ix.bentuk.get("label"), jenjang=ix.jenjang)]


@rule(id="ROMBEL-TINGKAT", tab=TAB, severity="invalid", reads=("rombel", "sekolah"),
      title="Tingkat rombel",
      message="{label}: {masalah}.",
      hint="Isi tingkat rombel sesuai bentuk pendidikan ({bentuk}: tingkat {min}–{max}).",
      why="Invalid di Dapodik: rombel tanpa tingkat (docs/domain.md#validasi-lokal); tingkat di luar jenjang tidak mungkin.",
      ok={**_SEK, "rombel": [{"tingkat": 3}]}, bad={**_SEK, "rombel": [{"tingkat": 8}]},
      more_ok={"SD tingkat 1": {**_SEK, "rombel": [{"tingkat": 1}]}, "SD tingkat 6": {**_SEK, "rombel": [{"tingkat": 6}]},
               "rombel ekskul tanpa tingkat": {**_SEK, "rombel": [{"jenis_rombel": 9, "tingkat": None}]},
               "rombel semester lalu tingkat 8": {**_SEK, "rombel": [{"semester_id": "20242", "tingkat": 8}]}},
      more_bad={"SD tingkat 0": {**_SEK, "rombel": [{"tingkat": 0}]}, "SD tingkat 7": {**_SEK, "rombel": [{"tingkat": 7}]},
                "tingkat kosong": {**_SEK, "rombel": [{"tingkat": None}]}})
def tingkat(r: Any, ix: Any) -> Any:
    if not ix.is_active_rombel_kelas(r) or not ix.bentuk:
        return None
    lo, hi = ix.bentuk["tingkat_min"], ix.bentuk["tingkat_max"]
    params = {"bentuk": ix.bentuk["label"], "min": lo, "max": hi}
    if r.tingkat is None:
        return [hit("tingkat", masalah="tingkat belum diisi", **params)]
    if not lo <= r.tingkat <= hi:
        return [hit("tingkat", masalah=f"tingkat {r.tingkat} tidak ada di {ix.bentuk['label']}", **params)]
    return None


@rule(id="ROMBEL-JURUSAN", tab=TAB, severity="invalid", reads=("rombel", "sekolah"),
      title="Jurusan rombel SMK",
      message="{label}: {masalah}.",
      hint="Pilih jurusan yang sama dengan jurusan kurikulum rombel (Kurikulum Merdeka SMK: program keahlian "
           "di kelas X, konsentrasi keahlian di kelas XI–XIII), atau pilih kurikulum jurusan rombel ini.",
      why="Invalid di Dapodik: jurusan SMK harus sesuai kurikulum (docs/domain.md#validasi-lokal); di rujukan "
          "resmi setiap kurikulum SMK dan peminatan SMA K13 menunjuk satu jurusan_id (eraporsmk/erapor8 "
          "database/data/kurikulum.json).",
      ok={"sekolah": [{"bentuk_pendidikan": 15}], "rombel": [{"tingkat": 10, "jurusan": "16010", "kurikulum": 10721}]},
      bad={"sekolah": [{"bentuk_pendidikan": 15}],
           "rombel": [{"tingkat": 10, "jurusan": "16012425", "kurikulum": 10721}]},
      more_ok={"SMA dengan jurusan": {"sekolah": [{"bentuk_pendidikan": 13}], "rombel": [{"tingkat": 10, "jurusan": "00000095", "kurikulum": 23}]},
               "SMA tanpa jurusan": {"sekolah": [{"bentuk_pendidikan": 13}], "rombel": [{"tingkat": 10}]}},
      more_bad={"SD dengan jurusan": {**_SEK, "rombel": [{"jurusan": "00000095"}]}})
def jurusan(r: Any, ix: Any) -> Any:
    if not ix.is_active_rombel_kelas(r):
        return None
    if ix.jenjang == "SMK" and r.jurusan is None:
        return [hit("jurusan", masalah="rombel SMK belum punya jurusan/program keahlian")]
    if r.jurusan is not None and ix.jenjang not in ("SMK", "SMA", None):
        return [hit("jurusan", masalah=f"jurusan tidak dipakai di {ix.bentuk.get('label')}")]
    kur = rujukan.item("kurikulum", r.kurikulum) if r.kurikulum is not None else None
    if kur and kur.get("jurusan") and r.jurusan != kur["jurusan"]:
        punya = rujukan.label("jurusan", r.jurusan) if r.jurusan is not None else "tanpa jurusan"
        return [hit("jurusan", masalah=f"jurusan {punya} tidak sesuai {kur['label']} "
                                       f"(kurikulum untuk jurusan {rujukan.label('jurusan', kur['jurusan'])})")]
    return None


@rule(id="ROMBEL-WALI-GANDA", tab=TAB, severity="warning", reads=("rombel", "ptk"),
      title="Satu wali untuk beberapa rombel",
      message="{wali} menjadi wali kelas {n} rombel: {rombel}.",
      hint="Biasanya satu guru menjadi wali satu rombel; periksa pilihan wali kelas.",
      why="Peringatan: di sekolah kecil satu guru bisa menjadi wali dua rombel (kelas rangkap).",
      ok={"rombel": [{"id": "a", "nama": "1A", "ptk_id": "p1"}, {"id": "b", "nama": "1B", "ptk_id": "p2"}]},
      bad={"rombel": [{"id": "a", "nama": "1A", "ptk_id": "p1"}, {"id": "b", "nama": "1B", "ptk_id": "p1"}]},
      more_ok={"rombel kedua ekskul": {"rombel": [{"id": "a", "ptk_id": "p1"},
                                                  {"id": "b", "nama": "Pramuka", "ptk_id": "p1", "jenis_rombel": 9}]}},
      groups=lambda ix: [k for k, v in ix.by["rombel_by_wali"].items() if len(v) > 1],
      affects={"rombel": lambda r, ix: [r.ptk_id] if r.ptk_id else [], "ptk": lambda p, ix: [p.id]})
def wali_ganda(ix: Any, key: str) -> Any:
    recs = [r for r in ix.related("rombel_by_wali", key) if ix.is_active_rombel_kelas(r)]
    if len(recs) < 2:
        return None
    ptk = ix.get("ptk", key)
    params = {"wali": ptk.nama if ptk is not None else "PTK terpilih", "n": len(recs),
              "rombel": ", ".join(sorted(r.nama for r in recs))}
    return [(r, "ptk_id", params) for r in recs]


@rule(id="ROMBEL-ANGGOTA-PD", tab=TAB, severity="invalid", reads=("anggota_rombel", "peserta_didik", "rombel"),
      title="Anggota rombel tanpa peserta didik",
      message="{label} merujuk ke {apa} yang sudah dihapus.",
      hint="Hapus anggota rombel ini, atau pulihkan data yang terhapus.",
      why="Anggota yang merujuk data terhapus membuat jumlah anggota dan nilai salah (invalid).",
      ok={"peserta_didik": [{"id": "pd1"}], "rombel": [{"id": "rb1"}],
          "anggota_rombel": [{"rombel_id": "rb1", "peserta_didik_id": "pd1"}]},
      bad={"rombel": [{"id": "rb1"}], "anggota_rombel": [{"rombel_id": "rb1", "peserta_didik_id": "pd1"}]},
      more_bad={"rombel sudah dihapus": {"peserta_didik": [{"id": "pd1"}], "anggota_rombel": [{}]}},
      groups=lambda ix: list(ix.records["anggota_rombel"]),
      affects={"anggota_rombel": lambda a, ix: [a.id],
               "peserta_didik": lambda p, ix: list(ix.ids("anggota_by_pd", p.id)),
               "rombel": lambda r, ix: list(ix.ids("anggota_by_rombel", r.id))})
def anggota_pd(ix: Any, key: str) -> Any:
    a = ix.get("anggota_rombel", key)
    if a is None:
        return None
    if a.peserta_didik_id not in ix.records["peserta_didik"]:
        return [(a, "peserta_didik_id", {"apa": "peserta didik"})]
    if a.rombel_id not in ix.records["rombel"]:
        return [(a, "rombel_id", {"apa": "rombel"})]
    return None

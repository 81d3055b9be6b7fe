"""Tab Pembelajaran: mapel vs kurikulum and tingkat, JJM maximum, teacher and penugasan,
teaching load (docs/domain.md#validasi-lokal). Only the active semester's pembelajaran are checked."""

from __future__ import annotations

from typing import Any

from pyapp.core import rujukan
from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import GURU, empty, hit

registry = Registry()
rule = registry.rule
TAB = "Pembelajaran"

#: Minimum weekly load of a teacher (jam tatap muka + jam ekuivalen tugas tambahan), PP 74/2008.
JJM_MIN = 24


def _pemb_ids(ix: Any) -> Any:
    return list(ix.records["pembelajaran"])


def _by_rombel(r: Any, ix: Any) -> Any:
    return list(ix.ids("pembelajaran_by_rombel", r.id))


def _by_ptk(p: Any, ix: Any) -> Any:
    return list(ix.ids("pembelajaran_by_ptk", p.id if hasattr(p, "nama") else p.ptk_id))


_PB = {"rombel": [{"id": "rb1", "tingkat": 1, "kurikulum": 10111}]}  # Kurikulum SD Merdeka


@rule(id="PEMB-JJM-MAKS", tab=TAB, severity="invalid", reads=("pembelajaran", "rombel"),
      title="Jam mengajar melebihi JJM mapel",
      message="{label} di rombel {rombel}: {jam} jam per minggu, melebihi maksimal {maks} jam untuk tingkat {tingkat}.",
      hint="Turunkan jam mengajar per minggu menjadi paling banyak {maks} sesuai struktur kurikulum; jika mapel "
           "diajar beberapa guru, bagi jamnya.",
      why="Invalid di Dapodik: jam per minggu di atas maksimal mapel (docs/domain.md#validasi-lokal).",
      ok={**_PB, "pembelajaran": [{"rombel_id": "rb1", "mata_pelajaran_id": 300110000, "jam_mengajar_per_minggu": 8}]},
      bad={**_PB, "pembelajaran": [{"rombel_id": "rb1", "mata_pelajaran_id": 300110000, "jam_mengajar_per_minggu": 10}]},
      more_bad={"satu jam di atas maksimal": {**_PB, "pembelajaran": [{"mata_pelajaran_id": 300110000,
                                                                       "jam_mengajar_per_minggu": 9}]}},
      groups=_pemb_ids, affects={"pembelajaran": lambda p, ix: [p.id], "rombel": _by_rombel})
def jjm_maks(ix: Any, key: str) -> Any:
    p = ix.get("pembelajaran", key)
    if p is None or p.semester_id != ix.semester_id or p.jam_mengajar_per_minggu is None:
        return None
    r = ix.get("rombel", p.rombel_id)
    if r is None or r.tingkat is None or r.kurikulum is None:
        return None
    maks = rujukan.struktur(r.kurikulum, r.tingkat).get(p.mata_pelajaran_id, (None,))[0]
    if maks is None or p.jam_mengajar_per_minggu <= maks:
        return None
    return [(p, "jam_mengajar_per_minggu",
             {"rombel": r.nama, "jam": p.jam_mengajar_per_minggu, "maks": maks, "tingkat": r.tingkat})]


@rule(id="PEMB-MAPEL-KURIKULUM", tab=TAB, severity="invalid", reads=("pembelajaran", "rombel"),
      title="Mapel di luar struktur kurikulum",
      message="{label} tidak ada dalam struktur {kurikulum} untuk tingkat {tingkat} (rombel {rombel}).",
      hint="Pilih mata pelajaran dari struktur kurikulum rombel ini, atau perbaiki kurikulum/tingkat rombelnya.",
      why="Invalid di Dapodik: pembelajaran di luar struktur kurikulum (docs/domain.md#validasi-lokal).",
      ok={**_PB, "pembelajaran": [{"rombel_id": "rb1", "mata_pelajaran_id": 300110000}]},
      bad={**_PB, "pembelajaran": [{"rombel_id": "rb1", "mata_pelajaran_id": 401900000}]},
      groups=_pemb_ids, affects={"pembelajaran": lambda p, ix: [p.id], "rombel": _by_rombel})
def mapel_kurikulum(ix: Any, key: str) -> Any:
    p = ix.get("pembelajaran", key)
    if p is None or p.semester_id != ix.semester_id:
        return None
    r = ix.get("rombel", p.rombel_id)
    mapel = rujukan.item("mata_pelajaran", p.mata_pelajaran_id)
    if r is None or mapel is None or r.kurikulum is None or r.tingkat is None:
        return None
    if p.mata_pelajaran_id in rujukan.struktur(r.kurikulum, r.tingkat):
        return None
    return [(p, "mata_pelajaran_id", {"kurikulum": rujukan.label("kurikulum", r.kurikulum),
                                      "tingkat": r.tingkat, "rombel": r.nama})]


@rule(id="PEMB-TANPA-GURU", tab=TAB, severity="invalid", reads=("pembelajaran",),
      title="Pembelajaran tanpa guru",
      message="{label} belum punya guru pengajar.",
      hint="Pilih guru pengajar (PTK dengan penugasan di sekolah ini) untuk pembelajaran ini.",
      why="Setiap pembelajaran harus punya pengajar agar jam mengajar guru terhitung (invalid).",
      ok={"ptk_id": "ptk1"}, bad={"ptk_id": None},
      more_ok={"semester lalu": {"semester_id": "20242", "ptk_id": None}})
def tanpa_guru(p: Any, ix: Any) -> Any:
    return [hit("ptk_id")] if p.semester_id == ix.semester_id and p.ptk_id is None else None


@rule(id="PEMB-GURU-TANPA-PENUGASAN", tab=TAB, severity="invalid", reads=("pembelajaran", "ptk", "penugasan"),
      title="Guru pengajar tanpa penugasan",
      message="Guru {label} ({guru}) tidak punya penugasan aktif tahun ajaran {ta}.",
      hint="Lengkapi penugasan guru tersebut di GTK, atau pilih guru lain yang bertugas di sekolah ini.",
      why="Invalid di Dapodik: pengajar harus PTK dengan penugasan (docs/domain.md#tab-data, #validasi-lokal).",
      ok={"pembelajaran": [{"ptk_id": "ptk1"}], "ptk": [{"id": "ptk1"}],
          "penugasan": [{"ptk_id": "ptk1", "tahun_ajaran_id": "2025"}]},
      bad={"pembelajaran": [{"ptk_id": "ptk1"}], "ptk": [{"id": "ptk1"}]},
      more_ok={"semester lalu": {"pembelajaran": [{"ptk_id": "ptk1", "semester_id": "20242"}], "ptk": [{}]}},
      more_bad={"guru sudah dihapus": {"pembelajaran": [{"ptk_id": "ptk9"}]}},
      groups=_pemb_ids, affects={"pembelajaran": lambda p, ix: [p.id], "ptk": _by_ptk, "penugasan": _by_ptk})
def guru_tanpa_penugasan(ix: Any, key: str) -> Any:
    p = ix.get("pembelajaran", key)
    if p is None or p.semester_id != ix.semester_id or p.ptk_id is None or ix.ptk_is_active(p.ptk_id):
        return None
    ptk = ix.get("ptk", p.ptk_id)
    return [(p, "ptk_id", {"guru": ptk.nama if ptk else "sudah dihapus", "ta": ix.tahun_ajaran_id})]


@rule(id="PEMB-JAM-KOSONG", tab=TAB, severity="invalid", reads=("pembelajaran",),
      title="Jam mengajar kosong",
      message="Jam mengajar per minggu {label} belum diisi.",
      hint="Isi jam mengajar per minggu sesuai jadwal (tidak melebihi JJM maksimal mapel).",
      why="Jam mengajar dipakai menghitung beban kerja guru; kosong berarti tidak terhitung (invalid).",
      ok={"jam_mengajar_per_minggu": 4}, bad={"jam_mengajar_per_minggu": 0},
      more_ok={"1 jam": {"jam_mengajar_per_minggu": 1}, "semester lalu": {"semester_id": "20242"}},
      more_bad={"kosong": {"jam_mengajar_per_minggu": None}})
def jam_kosong(p: Any, ix: Any) -> Any:
    return [hit("jam_mengajar_per_minggu")] if p.semester_id == ix.semester_id and not p.jam_mengajar_per_minggu else None


@rule(id="PEMB-SK-MENGAJAR", tab=TAB, severity="warning", reads=("pembelajaran",),
      title="SK mengajar kosong",
      message="Nomor SK mengajar {label} belum diisi.",
      hint="Isi nomor dan tanggal SK pembagian tugas mengajar dari Kepala Sekolah.",
      why="Peringatan: SK mengajar dibutuhkan untuk tunjangan, tetapi tidak menahan sinkronisasi.",
      ok={"sk_mengajar": "800/1/SK-MGJ/2025"}, bad={"sk_mengajar": None},
      more_ok={"semester lalu": {"semester_id": "20242"}}, more_bad={"hanya spasi": {"sk_mengajar": " "}})
def sk_mengajar(p: Any, ix: Any) -> Any:
    return [hit("sk_mengajar")] if p.semester_id == ix.semester_id and empty(p.sk_mengajar) else None


@rule(id="PEMB-MAPEL-GANDA", tab=TAB, severity="warning", reads=("pembelajaran", "rombel"),
      title="Mapel ganda dalam rombel",
      message="{label} tercatat {n} kali di rombel {rombel}.",
      hint="Hapus pembelajaran yang terbuat ganda; untuk team teaching, bagi jamnya agar totalnya tidak melebihi JJM.",
      why="Peringatan: team teaching sah, tetapi biasanya ini data ganda.",
      ok={**_PB, "pembelajaran": [{"id": "a", "rombel_id": "rb1", "mata_pelajaran_id": 300110000},
                                  {"id": "b", "rombel_id": "rb1", "mata_pelajaran_id": 401000000}]},
      bad={**_PB, "pembelajaran": [{"id": "a", "rombel_id": "rb1", "mata_pelajaran_id": 300110000},
                                   {"id": "b", "rombel_id": "rb1", "mata_pelajaran_id": 300110000}]},
      groups=lambda ix: [k for k, v in ix.by["pembelajaran_by_mapel"].items() if len(v) > 1],
      affects={"pembelajaran": lambda p, ix: [(p.rombel_id, p.mata_pelajaran_id)],
               "rombel": lambda r, ix: list({(p.rombel_id, p.mata_pelajaran_id)
                                             for p in ix.related("pembelajaran_by_rombel", r.id)})})
def mapel_ganda(ix: Any, key: Any) -> Any:
    recs = [p for p in ix.related("pembelajaran_by_mapel", key) if p.semester_id == ix.semester_id]
    r = ix.get("rombel", key[0])
    if len(recs) < 2 or r is None:
        return None
    return [(p, "mata_pelajaran_id", {"n": len(recs), "rombel": r.nama}) for p in recs]


def _jam(n: int) -> dict[str, Any]:
    return {"pembelajaran": [{"ptk_id": "ptk1", "jam_mengajar_per_minggu": n}]}


def _ptk_of_tugas(t: Any, ix: Any) -> Any:
    return [t.ptk_id]


@rule(id="PEMB-JJM-GURU", tab=TAB, severity="warning", reads=("ptk", "pembelajaran", "tugas_tambahan"),
      title="Beban mengajar guru di bawah 24 jam",
      message="Beban {label} {jam} jam per minggu ({tatap} jam mengajar + {tambahan} jam tugas tambahan), "
              "kurang dari {min} jam.",
      hint="Tambahkan pembelajaran atau tugas tambahan bila memang ada; jika tidak, abaikan (tunjangan "
           "profesi mensyaratkan minimal {min} jam).",
      why="Peringatan: total jadwal di bawah JJM (docs/domain.md#validasi-lokal) tidak menahan sinkronisasi.",
      ok={"ptk": [{"id": "ptk1", "jenis_ptk": 4}],
          "pembelajaran": [{"ptk_id": "ptk1", "jam_mengajar_per_minggu": 24}]},
      bad={"ptk": [{"id": "ptk1", "jenis_ptk": 4}],
           "pembelajaran": [{"ptk_id": "ptk1", "jam_mengajar_per_minggu": 6}]},
      more_ok={"18 jam + 6 jam tugas tambahan": {"ptk": [{"jenis_ptk": 4}], **_jam(18),
                                                 "tugas_tambahan": [{"jabatan": 3, "jumlah_jam": 6}]}},
      more_bad={"23 jam": {"ptk": [{"jenis_ptk": 4}], **_jam(23)},
                "17 jam + 6 jam tugas tambahan": {"ptk": [{"jenis_ptk": 4}], **_jam(17),
                                                  "tugas_tambahan": [{"jabatan": 3, "jumlah_jam": 6}]}},
      groups=lambda ix: list(ix.by["pembelajaran_by_ptk"]),
      affects={"ptk": lambda p, ix: [p.id], "pembelajaran": lambda p, ix: [p.ptk_id] if p.ptk_id else [],
               "tugas_tambahan": _ptk_of_tugas})
def jjm_guru(ix: Any, key: str) -> Any:
    p = ix.get("ptk", key)
    if p is None or p.jenis_ptk not in GURU:
        return None
    tatap = sum(x.jam_mengajar_per_minggu or 0 for x in ix.related("pembelajaran_by_ptk", key)
                if x.semester_id == ix.semester_id)
    if tatap == 0:
        return None
    tambahan = sum(t.jumlah_jam or 0 for t in ix.related("tugas_by_ptk", key))
    if tatap + tambahan >= JJM_MIN:
        return None
    return [(p, "pembelajaran", {"jam": tatap + tambahan, "tatap": tatap, "tambahan": tambahan, "min": JJM_MIN})]

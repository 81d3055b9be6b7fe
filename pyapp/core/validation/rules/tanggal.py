"""Dates between records and against the semester: birth, entry, leaving and graduation of
peserta didik; TMT, surat tugas and tugas tambahan of GTK; SK dates of the school and of
teaching assignments.

Every relation here is one a person typing from paper gets wrong (a year typed twice, day and
month swapped, the date of the letter instead of the TMT). "After the semester" means after
its last day (semester 1: 31 December, semester 2: 30 June): data entered for a semester
cannot be dated after it ends.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import fmt_date, hit

registry = Registry()
rule = registry.rule

#: Minimum age at appointment as a civil servant (PP 11/2017 on ASN management: applicants are
#: at least 18) and, by the same measure, at a teaching assignment.
USIA_KERJA = 18
LULUS = 1
#: Months a graduation (jenis keluar Lulus) can be dated in: results are announced at the end of
#: the school year (April–July); another month is almost always the entry or birth date copied.
BULAN_LULUS = range(4, 8)


def semester_end(ix: Any) -> dt.date:
    """The last day of the active semester."""
    year = int(ix.tahun_ajaran_id)
    return dt.date(year, 12, 31) if ix.semester_id.endswith("1") else dt.date(year + 1, 6, 30)


def birthday(born: dt.date, years: int) -> dt.date:
    """The day someone born on `born` turns `years` old (29 February: 1 March if not a leap year)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return dt.date(born.year + years, 3, 1)


def _after_semester(ix: Any, d: dt.date | None) -> bool:
    return d is not None and d > semester_end(ix)


def _future(ix: Any) -> str:
    return f"setelah semester {ix.semester_id} berakhir ({fmt_date(semester_end(ix))})"


_PD_TAB = "Peserta Didik"
_REG = {"peserta_didik": [{"id": "pd1", "tanggal_lahir": "2017-03-02"}],
        "registrasi": [{"peserta_didik_id": "pd1", "tanggal_masuk": "2023-07-17"}]}


def _reg(pd: dict[str, Any] | None = None, **reg: Any) -> dict[str, Any]:
    """An example: the PD of _REG (fields changed by `pd`) and its registrasi (fields changed)."""
    return {"peserta_didik": [{**_REG["peserta_didik"][0], **(pd or {})}],
            "registrasi": [{**_REG["registrasi"][0], **reg}]}


def _reg_of_pd(pd: Any, ix: Any) -> Any:
    return list(ix.ids("registrasi_by_pd", pd.id))


@rule(id="PD-TANGGAL-MASUK", tab=_PD_TAB, severity="invalid", reads=("registrasi", "peserta_didik"),
      title="Tanggal masuk sekolah",
      message="Tanggal masuk {masuk} pada {label} {masalah}.",
      hint="Isi tanggal masuk sesuai buku induk (hari pertama di sekolah ini); periksa tahun dan urutan "
           "hari-bulan, lalu tanggal lahir peserta didik.",
      why="Masuk sekolah sebelum lahir, atau setelah semester yang sedang diisi berakhir, pasti salah ketik "
          "(invalid).",
      ok=_REG, bad=_reg(tanggal_masuk="2016-07-18"),
      more_ok={"masuk sehari setelah lahir": _reg(tanggal_masuk="2017-03-03"),
               "masuk pada hari terakhir semester": _reg(tanggal_masuk="2025-12-31"),
               "tanggal lahir kosong": _reg({"tanggal_lahir": None})},
      more_bad={"masuk pada hari lahir": _reg(tanggal_masuk="2017-03-02"),
                "masuk sehari setelah semester berakhir": _reg(tanggal_masuk="2026-01-01")},
      affects={"peserta_didik": _reg_of_pd})
def tanggal_masuk(reg: Any, ix: Any) -> Any:
    masuk = reg.tanggal_masuk
    if masuk is None:
        return None
    pd = ix.get("peserta_didik", reg.peserta_didik_id)
    born = pd.tanggal_lahir if pd is not None else None
    if born is not None and masuk <= born:
        masalah = f"tidak setelah tanggal lahir {fmt_date(born)}"
    elif _after_semester(ix, masuk):
        masalah = _future(ix)
    else:
        return None
    return [hit("tanggal_masuk", masuk=fmt_date(masuk), masalah=masalah)]


@rule(id="PD-TANGGAL-KELUAR", tab=_PD_TAB, severity="invalid", reads=("registrasi",),
      title="Tanggal keluar di masa depan",
      message="Tanggal keluar {keluar} pada {label} {masalah}.",
      hint="Isi tanggal keluar hanya setelah peserta didik benar-benar keluar; periksa tahunnya.",
      why="Data semester ini tidak dapat mencatat kepergian setelah semester berakhir (invalid).",
      ok={"jenis_keluar": 2, "tanggal_masuk": "2023-07-17", "tanggal_keluar": "2025-09-01"},
      bad={"jenis_keluar": 2, "tanggal_masuk": "2023-07-17", "tanggal_keluar": "2052-09-01"},
      more_ok={"keluar pada hari terakhir semester": {"jenis_keluar": 2, "tanggal_keluar": "2025-12-31"}},
      more_bad={"keluar sehari setelah semester berakhir": {"jenis_keluar": 2, "tanggal_keluar": "2026-01-01"}})
def tanggal_keluar(reg: Any, ix: Any) -> Any:
    if _after_semester(ix, reg.tanggal_keluar):
        return [hit("tanggal_keluar", keluar=fmt_date(reg.tanggal_keluar), masalah=_future(ix))]
    return None


@rule(id="PD-TANGGAL-LULUS", tab=_PD_TAB, severity="warning", reads=("registrasi",),
      title="Tanggal lulus di luar masa kelulusan",
      message="{label}: jenis keluar Lulus bertanggal {keluar}, di luar masa kelulusan (April–Juli).",
      hint="Isi tanggal kelulusan sesuai SK/pengumuman kelulusan; jika peserta didik pindah atau keluar "
           "di tengah tahun, pilih jenis keluar yang sesuai (mis. Mutasi).",
      why="Peringatan: kelulusan diumumkan di akhir tahun ajaran; bulan lain hampir selalu tanggal masuk "
          "atau lahir yang tersalin, tetapi ujian susulan bisa membuatnya sah.",
      ok={"jenis_keluar": 1, "tanggal_masuk": "2019-07-15", "tanggal_keluar": "2025-06-20"},
      bad={"jenis_keluar": 1, "tanggal_masuk": "2019-07-15", "tanggal_keluar": "2025-08-15"},
      more_ok={"1 April": {"jenis_keluar": 1, "tanggal_keluar": "2025-04-01"},
               "31 Juli": {"jenis_keluar": 1, "tanggal_keluar": "2025-07-31"},
               "mutasi bulan September": {"jenis_keluar": 2, "tanggal_keluar": "2025-09-01"}},
      more_bad={"31 Maret": {"jenis_keluar": 1, "tanggal_keluar": "2025-03-31"},
                "1 Agustus": {"jenis_keluar": 1, "tanggal_keluar": "2025-08-01"}})
def tanggal_lulus(reg: Any, ix: Any) -> Any:
    keluar = reg.tanggal_keluar
    if reg.jenis_keluar != LULUS or keluar is None or keluar.month in BULAN_LULUS:
        return None
    return [hit("tanggal_keluar", keluar=fmt_date(keluar))]


_GTK_TAB = "GTK"
_PTK = {"tanggal_lahir": "1985-03-12", "status_kepegawaian": 1, "tmt_pengangkatan": "2010-01-01"}


@rule(id="GTK-TANGGAL-TMT", tab=_GTK_TAB, severity="invalid", reads=("ptk",),
      title="TMT pengangkatan",
      message="TMT pengangkatan {label} ({tmt}) {masalah}.",
      hint="Salin TMT dari SK pengangkatan (CPNS/PPPK/yayasan); periksa juga tanggal lahir.",
      why=f"Pengangkatan sebelum usia {USIA_KERJA} tahun (PP 11/2017) atau setelah semester berakhir "
          "pasti salah ketik (invalid).",
      ok=_PTK, bad={**_PTK, "tmt_pengangkatan": "1995-01-01"},
      more_ok={"tepat ulang tahun ke-18": {**_PTK, "tmt_pengangkatan": "2003-03-12"},
               "lahir 29 Februari, TMT 1 Maret tahun ke-18": {**_PTK, "tanggal_lahir": "1984-02-29",
                                                              "tmt_pengangkatan": "2002-03-01"},
               "TMT hari terakhir semester": {**_PTK, "tmt_pengangkatan": "2025-12-31"}},
      more_bad={"sehari sebelum usia 18": {**_PTK, "tmt_pengangkatan": "2003-03-11"},
                "lahir 29 Februari, TMT 28 Februari tahun ke-18": {**_PTK, "tanggal_lahir": "1984-02-29",
                                                                   "tmt_pengangkatan": "2002-02-28"},
                "TMT sehari setelah semester": {**_PTK, "tmt_pengangkatan": "2026-01-01"}})
def tanggal_tmt(p: Any, ix: Any) -> Any:
    tmt = p.tmt_pengangkatan
    if tmt is None:
        return None
    if p.tanggal_lahir is not None and tmt < birthday(p.tanggal_lahir, USIA_KERJA):
        masalah = f"sebelum usia {USIA_KERJA} tahun (lahir {fmt_date(p.tanggal_lahir)})"
    elif _after_semester(ix, tmt):
        masalah = _future(ix)
    else:
        return None
    return [hit("tmt_pengangkatan", tmt=fmt_date(tmt), masalah=masalah)]


_PEN = {"ptk": [{"id": "ptk1", "tanggal_lahir": "1985-03-12"}],
        "penugasan": [{"ptk_id": "ptk1", "tahun_ajaran_id": "2025", "tanggal_surat_tugas": "2025-06-30",
                       "tmt_tugas": "2025-07-14"}]}


def _pen(ptk: dict[str, Any] | None = None, **pen: Any) -> dict[str, Any]:
    return {"ptk": [{**_PEN["ptk"][0], **(ptk or {})}], "penugasan": [{**_PEN["penugasan"][0], **pen}]}


@rule(id="GTK-TANGGAL-PENUGASAN", tab=_GTK_TAB, severity="invalid", reads=("penugasan", "ptk"),
      title="Tanggal penugasan",
      message="{label} milik {nama}: {kolom} {tanggal} {masalah}.",
      hint="Salin tanggal dari surat tugas; TMT tugas tidak sebelum usia {usia} tahun, tanggal keluar tidak "
           "sebelum TMT tugas, dan tidak ada tanggal setelah semester berakhir.",
      why="Tanggal surat tugas, TMT dan tanggal keluar yang urutannya mustahil pasti salah ketik (invalid).",
      ok=_PEN, bad=_pen(tmt_tugas="1995-07-14"),
      more_ok={"keluar pada hari TMT": _pen(tanggal_keluar="2025-07-14"),
               "TMT tepat usia 18": _pen({"tanggal_lahir": "2007-07-14"}),
               "surat tugas hari terakhir semester": _pen(tanggal_surat_tugas="2025-12-31", tmt_tugas=None),
               "PTK sudah dihapus": {"penugasan": [{**_PEN["penugasan"][0], "ptk_id": "ptk9"}]}},
      more_bad={"keluar sehari sebelum TMT": _pen(tanggal_keluar="2025-07-13"),
                "TMT sehari sebelum usia 18": _pen({"tanggal_lahir": "2007-07-15"}),
                "surat tugas sehari setelah semester": _pen(tanggal_surat_tugas="2026-01-01", tmt_tugas=None),
                "TMT setelah semester": _pen(tmt_tugas="2026-01-02")},
      affects={"ptk": lambda p, ix: list(ix.ids("penugasan_by_ptk", p.id))})
def tanggal_penugasan(pen: Any, ix: Any) -> Any:
    ptk = ix.get("ptk", pen.ptk_id)
    nama = ptk.nama if ptk is not None else "PTK terhapus"
    born = ptk.tanggal_lahir if ptk is not None else None
    base = {"nama": nama, "usia": USIA_KERJA}
    if pen.tmt_tugas is not None and born is not None and pen.tmt_tugas < birthday(born, USIA_KERJA):
        return [hit("tmt_tugas", kolom="TMT tugas", tanggal=fmt_date(pen.tmt_tugas),
                    masalah=f"sebelum usia {USIA_KERJA} tahun (lahir {fmt_date(born)})", **base)]
    if pen.tanggal_keluar is not None and pen.tmt_tugas is not None and pen.tanggal_keluar < pen.tmt_tugas:
        return [hit("tanggal_keluar", kolom="tanggal keluar", tanggal=fmt_date(pen.tanggal_keluar),
                    masalah=f"sebelum TMT tugas {fmt_date(pen.tmt_tugas)}", **base)]
    for fld, kolom in (("tanggal_surat_tugas", "tanggal surat tugas"), ("tmt_tugas", "TMT tugas")):
        d = getattr(pen, fld)
        if _after_semester(ix, d):
            return [hit(fld, kolom=kolom, tanggal=fmt_date(d), masalah=_future(ix), **base)]
    return None


_TT = {"jabatan": 2, "tmt_tambahan": "2024-01-02", "tst_tambahan": "2027-01-01"}


@rule(id="GTK-TANGGAL-TUGAS-TAMBAHAN", tab=_GTK_TAB, severity="invalid", reads=("tugas_tambahan",),
      title="TMT dan TST tugas tambahan",
      message="{label}: {masalah}.",
      hint="Salin TMT dan TST (tanggal selesai tugas) dari SK tugas tambahan; TST tidak boleh sebelum TMT.",
      why="Tugas yang selesai sebelum dimulai, atau dimulai setelah semester berakhir, pasti salah ketik "
          "(invalid).",
      ok=_TT, bad={**_TT, "tst_tambahan": "2023-01-02"},
      more_ok={"TST sama dengan TMT": {**_TT, "tst_tambahan": "2024-01-02"},
               "TMT hari terakhir semester": {**_TT, "tmt_tambahan": "2025-12-31"}},
      more_bad={"TST sehari sebelum TMT": {**_TT, "tst_tambahan": "2024-01-01"},
                "TMT sehari setelah semester": {**_TT, "tmt_tambahan": "2026-01-01"}})
def tanggal_tugas_tambahan(t: Any, ix: Any) -> Any:
    tmt, tst = t.tmt_tambahan, t.tst_tambahan
    if tmt is not None and tst is not None and tst < tmt:
        return [hit("tst_tambahan", masalah=f"TST {fmt_date(tst)} sebelum TMT {fmt_date(tmt)}")]
    if _after_semester(ix, tmt):
        return [hit("tmt_tambahan", masalah=f"TMT {fmt_date(tmt)} {_future(ix)}")]
    return None


@rule(id="PEMB-TANGGAL-SK", tab="Pembelajaran", severity="invalid", reads=("pembelajaran",),
      title="Tanggal SK mengajar",
      message="Tanggal SK mengajar {label} ({tanggal}) {masalah}.",
      hint="Salin tanggal SK pembagian tugas mengajar; SK semester ini bertanggal sebelum semester berakhir.",
      why="SK mengajar semester ini tidak mungkin bertanggal setelah semesternya berakhir (invalid).",
      ok={"tanggal_sk_mengajar": "2025-07-07"}, bad={"tanggal_sk_mengajar": "2052-07-07"},
      more_ok={"hari terakhir semester": {"tanggal_sk_mengajar": "2025-12-31"},
               "pembelajaran semester lalu": {"semester_id": "20242", "tanggal_sk_mengajar": "2026-01-05"}},
      more_bad={"sehari setelah semester": {"tanggal_sk_mengajar": "2026-01-01"}})
def tanggal_sk_mengajar(p: Any, ix: Any) -> Any:
    if p.semester_id == ix.semester_id and _after_semester(ix, p.tanggal_sk_mengajar):
        return [hit("tanggal_sk_mengajar", tanggal=fmt_date(p.tanggal_sk_mengajar), masalah=_future(ix))]
    return None


_SK = {"tanggal_sk_pendirian": "1980-01-02", "tanggal_sk_izin_operasional": "2019-05-06"}


@rule(id="SEK-TANGGAL-SK", tab="Sekolah", severity="invalid", reads=("sekolah",),
      title="Tanggal SK pendirian dan izin operasional",
      message="{label}: {masalah}.",
      hint="Salin tanggal dari dokumen SK; izin operasional terbit pada atau setelah pendirian sekolah.",
      why="Izin operasional sebelum sekolah didirikan, atau SK bertanggal setelah semester berakhir, pasti "
          "salah ketik (invalid).",
      ok=_SK, bad={**_SK, "tanggal_sk_izin_operasional": "1979-05-06"},
      more_ok={"izin pada hari pendirian": {**_SK, "tanggal_sk_izin_operasional": "1980-01-02"},
               "izin hari terakhir semester": {**_SK, "tanggal_sk_izin_operasional": "2025-12-31"}},
      more_bad={"izin sehari sebelum pendirian": {**_SK, "tanggal_sk_izin_operasional": "1980-01-01"},
                "izin sehari setelah semester": {**_SK, "tanggal_sk_izin_operasional": "2026-01-01"},
                "pendirian setelah semester": {"tanggal_sk_pendirian": "2026-01-01"}})
def tanggal_sk(s: Any, ix: Any) -> Any:
    berdiri, izin = s.tanggal_sk_pendirian, s.tanggal_sk_izin_operasional
    if berdiri is not None and izin is not None and izin < berdiri:
        return [hit("tanggal_sk_izin_operasional",
                    masalah=f"izin operasional {fmt_date(izin)} sebelum SK pendirian {fmt_date(berdiri)}")]
    for fld, kolom, d in (("tanggal_sk_pendirian", "SK pendirian", berdiri),
                          ("tanggal_sk_izin_operasional", "izin operasional", izin)):
        if _after_semester(ix, d):
            return [hit(fld, masalah=f"{kolom} {fmt_date(d)} {_future(ix)}")]
    return None

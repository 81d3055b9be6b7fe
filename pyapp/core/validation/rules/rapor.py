"""Tab Nilai beyond the mapel marks: sikap (Kurikulum 2013 only), ekstrakurikuler and their
members' grades (both curricula), and no grade entered before the semester's assessment date."""

from __future__ import annotations

import datetime as dt
from operator import attrgetter
from typing import Any

from pyapp.core.models.nilai import WIB, tanggal_penilaian
from pyapp.core.types import date_text
from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import empty, hit, screen_groups
from pyapp.core.validation.rules.nilai import _k13, _nilai_of

registry = Registry()
rule = registry.rule
TAB = "Nilai"

_K13 = {"rombel": [{"id": "rb1", "tingkat": 4, "kurikulum": 4}],  # Kurikulum SD 2013
        "anggota_rombel": [{"id": "ar1", "rombel_id": "rb1"}]}
_MERDEKA = {"rombel": [{"id": "rb1", "tingkat": 4, "kurikulum": 10111}],  # Kurikulum SD Merdeka
            "anggota_rombel": [{"id": "ar1", "rombel_id": "rb1"}]}
_SIKAP = {"predikat_spiritual": "B", "uraian_deskripsi_spiritual": "Selalu bersyukur dan berdoa.",
          "predikat_sosial": "SB", "uraian_deskripsi_sosial": "Jujur, santun dan peduli teman."}
_EKSKUL = {**_K13, "kelas_ekskul": [{"id": "eks1", "nm_ekskul": "Pramuka"}]}


def _rombel_of_anggota(ix: Any, anggota_id: str) -> Any:
    a = ix.get("anggota_rombel", anggota_id)
    return ix.get("rombel", a.rombel_id) if a is not None else None


def _sikap_of_anggota(a: Any, ix: Any) -> list[str]:
    return list(ix.ids("sikap_by_anggota", a.id))


def _sikap_of_rombel(r: Any, ix: Any) -> list[str]:
    return [s for a in ix.ids("anggota_by_rombel", r.id) for s in ix.ids("sikap_by_anggota", a)]


def _ekskul_of_anggota(a: Any, ix: Any) -> list[str]:
    return list(ix.ids("ekskul_nilai_by_anggota", a.id))


def _ekskul_of_rombel(r: Any, ix: Any) -> list[str]:
    return [n for a in ix.ids("anggota_by_rombel", r.id) for n in ix.ids("ekskul_nilai_by_anggota", a)]


def _ekskul_of_kelas(k: Any, ix: Any) -> list[str]:
    return list(ix.ids("ekskul_nilai_by_kelas", k.id))


# -- sikap ---------------------------------------------------------------------------------

@rule(id="NILAI-SIKAP-MERDEKA", tab=TAB, severity="invalid", reads=("deskripsi_sikap", "anggota_rombel", "rombel"),
      title="Nilai sikap pada Kurikulum Merdeka",
      message="{label}: rombelnya memakai Kurikulum Merdeka, yang tidak menilai sikap spiritual dan sosial.",
      hint="Hapus nilai sikap ini; rapor Kurikulum Merdeka tidak memuat predikat sikap.",
      why="Nilai sikap spiritual dan sosial hanya ada pada rapor Kurikulum 2013.",
      ok={**_K13, "deskripsi_sikap": [{"anggota_rombel_id": "ar1", **_SIKAP}]},
      bad={**_MERDEKA, "deskripsi_sikap": [{"anggota_rombel_id": "ar1", **_SIKAP}]},
      more_ok={"anggota sudah dihapus": {**_MERDEKA, "deskripsi_sikap": [{"anggota_rombel_id": "ar9"}]}},
      affects={"anggota_rombel": _sikap_of_anggota, "rombel": _sikap_of_rombel})
def sikap_merdeka(s: Any, ix: Any) -> Any:
    r = _rombel_of_anggota(ix, s.anggota_rombel_id)
    if r is None or _k13(ix, r.id):
        return None
    return [hit("anggota_rombel_id")]


@rule(id="NILAI-SIKAP-KOSONG", tab=TAB, severity="warning", reads=("deskripsi_sikap",),
      title="Nilai sikap belum lengkap",
      message="{kolom} pada {label} belum diisi.",
      hint="Isi predikat (Sangat Baik, Baik, Cukup, Kurang) dan deskripsi sikap spiritual dan sosial.",
      why="Peringatan: sikap boleh dilengkapi bertahap sampai rapor dibagikan.",
      ok=_SIKAP, bad={**_SIKAP, "predikat_sosial": None},
      more_ok={"predikat Kurang": {**_SIKAP, "predikat_spiritual": "K", "predikat_sosial": "K"}},
      more_bad={"deskripsi hanya spasi": {**_SIKAP, "uraian_deskripsi_spiritual": "  "},
                "semua kosong": {}})
def sikap_kosong(s: Any, ix: Any) -> Any:
    out = []
    for fld, kolom in (("predikat_spiritual", "Predikat sikap spiritual"),
                       ("uraian_deskripsi_spiritual", "Deskripsi sikap spiritual"),
                       ("predikat_sosial", "Predikat sikap sosial"),
                       ("uraian_deskripsi_sosial", "Deskripsi sikap sosial")):
        if empty(getattr(s, fld)):
            out.append(hit(fld, kolom=kolom))
    return out or None


@rule(id="NILAI-SIKAP-GANDA", tab=TAB, severity="invalid", reads=("deskripsi_sikap",),
      title="Nilai sikap ganda",
      message="{label} tercatat {n} kali untuk peserta didik dan semester yang sama.",
      hint="Hapus nilai sikap yang ganda; satu peserta didik punya satu nilai sikap per semester.",
      why="Dua nilai sikap untuk satu anggota rombel membuat rapor ambigu.",
      ok={"deskripsi_sikap": [{"id": "a", "anggota_rombel_id": "ar1"}, {"id": "b", "anggota_rombel_id": "ar2"}]},
      bad={"deskripsi_sikap": [{"id": "a", "anggota_rombel_id": "ar1"}, {"id": "b", "anggota_rombel_id": "ar1"}]},
      groups=lambda ix: list(ix.by["sikap_by_anggota"]),
      affects={"deskripsi_sikap": lambda s, ix: [s.anggota_rombel_id]})
def sikap_ganda(ix: Any, key: str) -> Any:
    recs = ix.related("sikap_by_anggota", key)
    return [(s, "anggota_rombel_id", {"n": len(recs)}) for s in recs] if len(recs) > 1 else None


# -- ekstrakurikuler -----------------------------------------------------------------------

@rule(id="NILAI-EKSKUL-PEMBINA", tab=TAB, severity="warning", reads=("kelas_ekskul", "ptk"),
      title="Ekstrakurikuler tanpa pembina",
      message="{label} {masalah}.",
      hint="Pilih GTK pembina kegiatan ini.",
      why="Peringatan: pembina yang tercatat adalah GTK yang mengisi nilai ekstrakurikuler di rapor.",
      ok={"ptk": [{"id": "ptk1"}], "kelas_ekskul": [{"ptk_id": "ptk1"}]},
      bad={"kelas_ekskul": [{"ptk_id": None}]},
      more_bad={"pembina sudah dihapus": {"kelas_ekskul": [{"ptk_id": "ptk9"}]}},
      affects={"ptk": lambda p, ix: [k.id for k in ix.records["kelas_ekskul"].values() if k.ptk_id == p.id]})
def ekskul_pembina(k: Any, ix: Any) -> Any:
    if k.ptk_id is None:
        return [hit("ptk_id", masalah="belum punya pembina")]
    if ix.get("ptk", k.ptk_id) is None:
        return [hit("ptk_id", masalah="merujuk ke GTK yang sudah dihapus")]
    return None


@rule(id="NILAI-EKSKUL-SEMESTER", tab=TAB, severity="invalid",
      reads=("nilai_ekskul", "kelas_ekskul", "anggota_rombel", "rombel"),
      title="Peserta ekstrakurikuler dari semester lain",
      message="{label}: {masalah}.",
      hint="Nilai ekstrakurikuler diberikan kepada anggota rombel pada semester yang sama dengan kegiatannya.",
      why="Ekstrakurikuler dan rombel peserta didik dicatat per semester; nilai yang menyilang semester "
          "tidak dapat masuk rapor mana pun.",
      ok={**_EKSKUL, "nilai_ekskul": [{"kelas_ekskul_id": "eks1", "anggota_rombel_id": "ar1"}]},
      bad={**_EKSKUL, "kelas_ekskul": [{"id": "eks1", "nm_ekskul": "Pramuka", "semester_id": "20242"}],
           "nilai_ekskul": [{"kelas_ekskul_id": "eks1", "anggota_rombel_id": "ar1"}]},
      more_bad={"anggota sudah dihapus": {**_EKSKUL, "nilai_ekskul": [{"anggota_rombel_id": "ar9"}]},
                "ekstrakurikuler sudah dihapus": {**_EKSKUL, "nilai_ekskul": [{"kelas_ekskul_id": "eks9"}]}},
      affects={"kelas_ekskul": _ekskul_of_kelas, "anggota_rombel": _ekskul_of_anggota, "rombel": _ekskul_of_rombel})
def ekskul_semester(n: Any, ix: Any) -> Any:
    k = ix.get("kelas_ekskul", n.kelas_ekskul_id)
    if k is None:
        return [hit("kelas_ekskul_id", masalah="ekstrakurikulernya sudah dihapus")]
    if ix.get("anggota_rombel", n.anggota_rombel_id) is None:
        return [hit("anggota_rombel_id", masalah="anggota rombelnya sudah dihapus")]
    r = _rombel_of_anggota(ix, n.anggota_rombel_id)
    if r is not None and r.semester_id != k.semester_id:
        return [hit("anggota_rombel_id", masalah=f"rombelnya semester {r.semester_id}, kegiatannya "
                                                 f"semester {k.semester_id}")]
    return None


@rule(id="NILAI-EKSKUL-KOSONG", tab=TAB, severity="warning", reads=("nilai_ekskul",),
      title="Nilai ekstrakurikuler belum lengkap",
      message="{kolom} pada {label} belum diisi.",
      hint="Isi predikat (Sangat Baik, Baik, Cukup, Kurang) dan keterangan capaian kegiatan.",
      why="Peringatan: rapor kedua kurikulum memuat predikat dan keterangan ekstrakurikuler.",
      ok={"nilai_huruf": "B", "ket": "Aktif mengikuti latihan."},
      bad={"nilai_huruf": None, "ket": "Aktif mengikuti latihan."},
      more_bad={"keterangan hanya spasi": {"nilai_huruf": "SB", "ket": " "}})
def ekskul_kosong(n: Any, ix: Any) -> Any:
    out = [hit(f, kolom=k) for f, k in (("nilai_huruf", "Predikat"), ("ket", "Keterangan")) if empty(getattr(n, f))]
    return out or None


@rule(id="NILAI-EKSKUL-GANDA", tab=TAB, severity="invalid", reads=("nilai_ekskul",),
      title="Nilai ekstrakurikuler ganda",
      message="{label} tercatat {n} kali pada ekstrakurikuler yang sama.",
      hint="Hapus yang ganda; satu peserta didik punya satu nilai per kegiatan.",
      why="Dua nilai untuk satu peserta pada satu kegiatan membuat rapor ambigu.",
      ok={"nilai_ekskul": [{"id": "a"}, {"id": "b", "anggota_rombel_id": "ar2"}]},
      bad={"nilai_ekskul": [{"id": "a"}, {"id": "b"}]},
      more_ok={"kegiatan lain": {"nilai_ekskul": [{"id": "a"}, {"id": "b", "kelas_ekskul_id": "eks2"}]}},
      groups=lambda ix: list(ix.by["ekskul_nilai_by_kelas"]),
      affects={"nilai_ekskul": lambda n, ix: [n.kelas_ekskul_id]})
def ekskul_ganda(ix: Any, key: str) -> Any:
    seen: dict[str, list[Any]] = {}
    for n in ix.related("ekskul_nilai_by_kelas", key):
        seen.setdefault(n.anggota_rombel_id, []).append(n)
    out = [(n, "anggota_rombel_id", {"n": len(g)}) for g in seen.values() if len(g) > 1 for n in g]
    return out or None


# -- the assessment date -------------------------------------------------------------------

def _before(rec: Any, semester_id: str | None) -> Any:
    if semester_id is None:
        return None
    mulai = tanggal_penilaian(semester_id)
    if rec.updated_at.astimezone(WIB).date() >= mulai:
        return None
    return [hit("updated_at", diisi=date_text(rec.updated_at.astimezone(WIB).date()), mulai=date_text(mulai),
                semester=semester_id)]


_UPDATED = attrgetter("updated_at")


def _start(semester_id: str) -> dt.datetime:
    """The moment a semester's assessment starts (00.00 WIB of `tanggal_penilaian`): a grade
    saved at or after it is on time, as `_before` reckons it."""
    return dt.datetime.combine(tanggal_penilaian(semester_id), dt.time(), WIB)


def _early_screen(index: str, records_of: Any, semester_of: Any) -> Any:
    """A screen for the `_before` rules: the records of every group (a pembelajaran, a kelas
    ekskul) whose earliest save is before its semester's assessment."""
    def screen(ix: Any) -> list[str]:
        starts: dict[str, dt.datetime] = {}

        def dirty(key: str, recs: list[Any]) -> bool:
            semester_id = semester_of(ix, key)
            if semester_id is None:
                return False
            start = starts.get(semester_id)
            if start is None:
                start = starts[semester_id] = _start(semester_id)
            return bool(min(map(_UPDATED, recs)) < start)
        return screen_groups(ix, index, dirty, records_of)
    return screen


def _semester_of_pemb(ix: Any, pemb_id: str) -> str | None:
    p = ix.records["pembelajaran"].get(pemb_id)
    return p.semester_id if p is not None else None


def _semester_of_kelas(ix: Any, kelas_id: str) -> str | None:
    k = ix.records["kelas_ekskul"].get(kelas_id)
    return k.semester_id if k is not None else None


_TOO_EARLY = dict(
    severity="invalid",
    message="{label} diisi {diisi}, sebelum penilaian akhir semester {semester} dimulai ({mulai}).",
    hint="Isi nilai rapor setelah penilaian akhir semester dimulai; simpan ulang nilai ini setelah tanggal itu.",
    why="Nilai rapor adalah hasil penilaian akhir semester, jadi tidak mungkin ada sebelum penilaian itu. "
        "Dapodik menyimpan batas waktu rapor per semester tetapi tidak menerbitkan tanggalnya; tanggal di sini "
        "ditetapkan aplikasi ini (docs/domain.md#tanggal-penilaian): semester ganjil mulai 1 Desember, genap "
        "mulai 1 Juni.",
)
_ON_TIME = "2025-11-30T17:00:00Z"  # 1 Desember 2025 00.00 WIB
_EARLY = "2025-11-30T16:59:59Z"


@rule(id="NILAI-SEBELUM-PENILAIAN", tab=TAB, reads=("nilai", "pembelajaran"),
      title="Nilai diisi sebelum penilaian", **_TOO_EARLY,  # type: ignore[arg-type]
      ok={"pembelajaran": [{"id": "pb1"}], "nilai": [{"updated_at": "2025-12-08T03:00:00Z"}]},
      bad={"pembelajaran": [{"id": "pb1"}], "nilai": [{"updated_at": "2025-07-14T01:00:00Z"}]},
      more_ok={"tepat 1 Desember 00.00 WIB": {"pembelajaran": [{"id": "pb1"}], "nilai": [{"updated_at": _ON_TIME}]},
               "genap: 1 Juni": {"pembelajaran": [{"id": "pb1", "semester_id": "20242"}],
                                 "nilai": [{"updated_at": "2025-05-31T17:00:00Z"}]}},
      more_bad={"sedetik sebelumnya": {"pembelajaran": [{"id": "pb1"}], "nilai": [{"updated_at": _EARLY}]},
                "genap: 31 Mei": {"pembelajaran": [{"id": "pb1", "semester_id": "20242"}],
                                  "nilai": [{"updated_at": "2025-05-31T16:59:59Z"}]}},
      affects={"pembelajaran": lambda p, ix: list(ix.ids("nilai_by_pembelajaran", p.id))},
      screen=_early_screen("nilai_by_pembelajaran", _nilai_of, _semester_of_pemb))
def nilai_sebelum_penilaian(n: Any, ix: Any) -> Any:
    p = ix.get("pembelajaran", n.pembelajaran_id)
    return _before(n, p.semester_id if p is not None else None)


def _semester_of_anggota(ix: Any, anggota_id: str) -> str | None:
    r = _rombel_of_anggota(ix, anggota_id)
    return r.semester_id if r is not None else None


@rule(id="NILAI-SIKAP-SEBELUM-PENILAIAN", tab=TAB, reads=("deskripsi_sikap", "anggota_rombel", "rombel"),
      title="Nilai sikap diisi sebelum penilaian", **_TOO_EARLY,  # type: ignore[arg-type]
      ok={**_K13, "deskripsi_sikap": [{"updated_at": "2025-12-08T03:00:00Z"}]},
      bad={**_K13, "deskripsi_sikap": [{"updated_at": "2025-09-01T03:00:00Z"}]},
      more_ok={"tepat 1 Desember 00.00 WIB": {**_K13, "deskripsi_sikap": [{"updated_at": _ON_TIME}]}},
      more_bad={"sedetik sebelumnya": {**_K13, "deskripsi_sikap": [{"updated_at": _EARLY}]}},
      affects={"anggota_rombel": _sikap_of_anggota, "rombel": _sikap_of_rombel})
def sikap_sebelum_penilaian(s: Any, ix: Any) -> Any:
    return _before(s, _semester_of_anggota(ix, s.anggota_rombel_id))


@rule(id="NILAI-EKSKUL-SEBELUM-PENILAIAN", tab=TAB, reads=("nilai_ekskul", "kelas_ekskul"),
      title="Nilai ekstrakurikuler diisi sebelum penilaian", **_TOO_EARLY,  # type: ignore[arg-type]
      ok={**_EKSKUL, "nilai_ekskul": [{"updated_at": "2025-12-08T03:00:00Z"}]},
      bad={**_EKSKUL, "nilai_ekskul": [{"updated_at": "2025-10-01T03:00:00Z"}]},
      more_ok={"tepat 1 Desember 00.00 WIB": {**_EKSKUL, "nilai_ekskul": [{"updated_at": _ON_TIME}]}},
      more_bad={"sedetik sebelumnya": {**_EKSKUL, "nilai_ekskul": [{"updated_at": _EARLY}]}},
      affects={"kelas_ekskul": _ekskul_of_kelas},
      screen=_early_screen("ekskul_nilai_by_kelas", None, _semester_of_kelas))
def ekskul_sebelum_penilaian(n: Any, ix: Any) -> Any:
    k = ix.get("kelas_ekskul", n.kelas_ekskul_id)
    return _before(n, k.semester_id if k is not None else None)


"""Tab Peserta Didik, continued: rombel membership, age vs jenjang, registrasi and periodik
rows (docs/domain.md#validasi-lokal)."""

from __future__ import annotations

from typing import Any

from pyapp.core.types import semester_text
from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import hit
from pyapp.core.validation.rules.peserta_didik import _by_pd

registry = Registry()
rule = registry.rule
TAB = "Peserta Didik"

def _without(ix: Any, having: set[str]) -> list[str]:
    """PD ids not in `having` (the only PDs a "PD without X" rule can flag)."""
    return [i for i in ix.records["peserta_didik"] if i not in having]


def _pd_in_kelas(ix: Any) -> set[str]:
    kelas = {r.id for r in ix.records["rombel"].values() if ix.is_active_rombel_kelas(r)}
    return {a.peserta_didik_id for a in ix.records["anggota_rombel"].values() if a.rombel_id in kelas}


_ANGGOTA = {"peserta_didik": [{"id": "pd1"}], "rombel": [{"id": "rb1", "nama": "1A"}],
            "anggota_rombel": [{"rombel_id": "rb1", "peserta_didik_id": "pd1"}]}


@rule(id="PD-TANPA-ROMBEL", tab=TAB, severity="invalid",
      reads=("peserta_didik", "anggota_rombel", "rombel", "registrasi"),
      title="Peserta didik tanpa rombel",
      message="{label} belum masuk rombel (kelas) mana pun di semester {semester}.",
      hint="Masukkan {label} ke rombel kelasnya lewat Rombongan Belajar → Anggota Rombel; jika sudah keluar, "
           "isi jenis keluar di registrasi.",
      why="Invalid di Dapodik: setiap PD aktif harus tercatat di satu rombel kelas.",
      ok=_ANGGOTA, bad={**_ANGGOTA, "anggota_rombel": []},
      more_ok={"sudah keluar": {**_ANGGOTA, "anggota_rombel": [], "registrasi": [{"jenis_keluar": 2,
                                                                                "tanggal_keluar": "2025-08-01"}]}},
      more_bad={"hanya di rombel ekskul": {**_ANGGOTA, "rombel": [{"jenis_rombel": 9}]},
                "hanya di rombel semester lalu": {**_ANGGOTA, "rombel": [{"semester_id": "20242"}]},
                "registrasi tanpa jenis keluar": {**_ANGGOTA, "anggota_rombel": [], "registrasi": [{}]}},
      groups=lambda ix: _without(ix, _pd_in_kelas(ix)),
      affects=_by_pd("peserta_didik", "anggota_rombel", "rombel", "registrasi"))
def tanpa_rombel(ix: Any, key: str) -> Any:
    pd = ix.get("peserta_didik", key)
    if pd is None or ix.kelas_of_pd(key) or not ix.pd_is_active(key):
        return None
    return [(pd, "rombel", {"semester": semester_text(ix.semester_id)})]


@rule(id="PD-ROMBEL-GANDA", tab=TAB, severity="invalid", reads=("peserta_didik", "anggota_rombel", "rombel"),
      title="Peserta didik di dua rombel",
      message="{label} tercatat di {n} rombel kelas semester {semester}: {rombel}.",
      hint="Keluarkan {label} dari rombel yang salah (Anggota Rombel → hapus), sisakan satu rombel kelas.",
      why="Invalid di Dapodik: satu PD hanya boleh di satu rombel kelas per semester.",
      ok=_ANGGOTA,
      bad={**_ANGGOTA, "rombel": [{"id": "rb1", "nama": "1A"}, {"id": "rb2", "nama": "1B"}],
           "anggota_rombel": [{"rombel_id": "rb1", "peserta_didik_id": "pd1"},
                              {"rombel_id": "rb2", "peserta_didik_id": "pd1"}]},
      more_ok={"rombel kelas dan ekskul": {**_ANGGOTA, "rombel": [{"id": "rb1"}, {"id": "rb2", "jenis_rombel": 9}],
                                           "anggota_rombel": [{"rombel_id": "rb1"}, {"rombel_id": "rb2"}]}},
      groups=lambda ix: [k for k, v in ix.by["anggota_by_pd"].items() if len(v) > 1],
      affects=_by_pd("peserta_didik", "anggota_rombel", "rombel"))
def rombel_ganda(ix: Any, key: str) -> Any:
    pd = ix.get("peserta_didik", key)
    kelas = ix.kelas_of_pd(key) if pd is not None else []
    if len(kelas) < 2:
        return None
    names = ", ".join(sorted(r.nama for r in kelas))
    return [(pd, "rombel", {"n": len(kelas), "semester": semester_text(ix.semester_id), "rombel": names})]


# jenjang -> (hard min, hard max, usual min, usual max), age in completed years on the first day of
# the semester. Hard bounds: docs/domain.md#validasi-lokal where known (TK ≥ 4, PAUD ≥ 12 invalid, kesetaraan > 72
# invalid); the others are this app's choice, wide enough for late starters and repeaters.
USIA: dict[str, tuple[int, int, int, int]] = {
    "TK": (4, 11, 4, 6), "PAUD": (0, 11, 0, 6), "SD": (5, 20, 5, 15), "SMP": (9, 25, 11, 18),
    "SMA": (12, 30, 14, 21), "SMK": (12, 30, 14, 21), "SLB": (3, 60, 3, 60), "Kesetaraan": (6, 72, 6, 72),
}
_USIA_OK = {"peserta_didik": [{"tanggal_lahir": "2017-03-02"}], "sekolah": [{"bentuk_pendidikan": 5}]}


@rule(id="PD-USIA-JENJANG", tab=TAB, severity="invalid", reads=("peserta_didik", "sekolah"),
      title="Usia tidak sesuai jenjang",
      message="Usia {label} {usia} tahun (lahir {lahir}) tidak mungkin untuk jenjang {jenjang} "
              "({min}–{max} tahun).",
      hint="Periksa tanggal lahir di akta kelahiran/Kartu Keluarga; tahun lahir sering salah ketik.",
      why="docs/domain.md#validasi-lokal: TK minimal 4 tahun, PAUD 12 tahun ke atas dan kesetaraan di atas 72 tahun invalid; "
          "batas jenjang lain dipilih aplikasi ini cukup longgar untuk siswa terlambat atau mengulang.",
      ok=_USIA_OK, bad={**_USIA_OK, "peserta_didik": [{"tanggal_lahir": "2023-03-02"}]},
      more_ok={"SD: tepat 5 tahun pada 1 Juli": {**_USIA_OK, "peserta_didik": [{"tanggal_lahir": "2020-07-01"}]},
               "SD: 20 tahun (tertua)": {**_USIA_OK, "peserta_didik": [{"tanggal_lahir": "2004-07-02"}]},
               "TK: 4 tahun": {"sekolah": [{"bentuk_pendidikan": 1}], "peserta_didik": [{"tanggal_lahir": "2021-07-01"}]}},
      more_bad={"SD: 5 tahun kurang sehari": {**_USIA_OK, "peserta_didik": [{"tanggal_lahir": "2020-07-02"}]},
                "SD: 21 tahun": {**_USIA_OK, "peserta_didik": [{"tanggal_lahir": "2004-07-01"}]},
                "TK: 3 tahun": {"sekolah": [{"bentuk_pendidikan": 1}], "peserta_didik": [{"tanggal_lahir": "2021-07-02"}]}})
def usia_jenjang(pd: Any, ix: Any) -> Any:
    band = USIA.get(ix.jenjang or "")
    usia = ix.age(pd.tanggal_lahir)
    if band is None or usia is None or band[0] <= usia <= band[1]:
        return None
    return [hit("tanggal_lahir", usia=usia, lahir=pd.tanggal_lahir.strftime("%d-%m-%Y"), jenjang=ix.jenjang,
                min=band[0], max=band[1])]


@rule(id="PD-USIA-WAJAR", tab=TAB, severity="warning", reads=("peserta_didik", "sekolah"),
      title="Usia tidak wajar untuk jenjang",
      message="Usia {label} {usia} tahun di luar usia lazim jenjang {jenjang} ({min}–{max} tahun).",
      hint="Jika tanggal lahir sudah benar, abaikan; jika tidak, perbaiki sesuai akta kelahiran.",
      why="Peringatan \"usia tidak wajar\" (docs/domain.md#validasi-lokal; PAUD 7–11 tahun peringatan).",
      ok=_USIA_OK, bad={**_USIA_OK, "peserta_didik": [{"tanggal_lahir": "2008-03-02"}]},
      more_ok={"SD: 15 tahun (tertua yang lazim)": {**_USIA_OK, "peserta_didik": [{"tanggal_lahir": "2009-07-02"}]},
               "SD: 4 tahun (sudah invalid, bukan peringatan)":
                   {**_USIA_OK, "peserta_didik": [{"tanggal_lahir": "2020-07-02"}]},
               "SD: 21 tahun (sudah invalid, bukan peringatan)":
                   {**_USIA_OK, "peserta_didik": [{"tanggal_lahir": "2004-07-01"}]}},
      more_bad={"SD: 16 tahun": {**_USIA_OK, "peserta_didik": [{"tanggal_lahir": "2009-07-01"}]},
                "SD: 20 tahun (tertua yang sah)": {**_USIA_OK, "peserta_didik": [{"tanggal_lahir": "2004-07-02"}]}})
def usia_wajar(pd: Any, ix: Any) -> Any:
    band = USIA.get(ix.jenjang or "")
    usia = ix.age(pd.tanggal_lahir)
    if band is None or usia is None or not band[0] <= usia <= band[1] or band[2] <= usia <= band[3]:
        return None
    return [hit("tanggal_lahir", usia=usia, jenjang=ix.jenjang, min=band[2], max=band[3])]


@rule(id="PD-REGISTRASI-MASUK", tab=TAB, severity="invalid", reads=("registrasi",),
      title="Data masuk registrasi",
      message="{kolom} pada {label} belum diisi.",
      hint="Lengkapi {kolom} di Registrasi Peserta Didik.",
      why="Jenis pendaftaran dan tanggal masuk wajib untuk mencatat PD di sekolah (invalid).",
      ok={"jenis_pendaftaran": 1, "tanggal_masuk": "2025-07-14"},
      bad={"jenis_pendaftaran": None, "tanggal_masuk": "2025-07-14"},
      more_bad={"tanggal masuk kosong": {"jenis_pendaftaran": 1}})
def registrasi_masuk(reg: Any, ix: Any) -> Any:
    out = []
    if reg.jenis_pendaftaran is None:
        out.append(hit("jenis_pendaftaran", kolom="Jenis pendaftaran"))
    if reg.tanggal_masuk is None:
        out.append(hit("tanggal_masuk", kolom="Tanggal masuk"))
    return out


@rule(id="PD-REGISTRASI-KELUAR", tab=TAB, severity="invalid", reads=("registrasi",),
      title="Jenis dan tanggal keluar",
      message="{label}: {masalah}.",
      hint="Isi jenis keluar dan tanggal keluar bersamaan (keduanya atau tidak sama sekali); tanggal keluar "
           "tidak boleh sebelum tanggal masuk.",
      why="Keluar tanpa tanggal (atau sebaliknya) membuat status PD tidak jelas (invalid).",
      ok={"jenis_keluar": 2, "tanggal_masuk": "2023-07-17", "tanggal_keluar": "2025-01-10"},
      bad={"jenis_keluar": 2, "tanggal_masuk": "2023-07-17", "tanggal_keluar": None},
      more_ok={"keluar pada hari masuk": {"jenis_keluar": 2, "tanggal_masuk": "2023-07-17",
                                          "tanggal_keluar": "2023-07-17"},
               "masih aktif": {"tanggal_masuk": "2023-07-17"}},
      more_bad={"keluar sehari sebelum masuk": {"jenis_keluar": 2, "tanggal_masuk": "2023-07-17",
                                                "tanggal_keluar": "2023-07-16"},
                "tanggal keluar tanpa jenis": {"tanggal_masuk": "2023-07-17", "tanggal_keluar": "2025-01-10"}})
def registrasi_keluar(reg: Any, ix: Any) -> Any:
    if reg.jenis_keluar is not None and reg.tanggal_keluar is None:
        return [hit("tanggal_keluar", masalah="jenis keluar diisi tetapi tanggal keluar kosong")]
    if reg.tanggal_keluar is not None and reg.jenis_keluar is None:
        return [hit("jenis_keluar", masalah="tanggal keluar diisi tetapi jenis keluar kosong")]
    if reg.tanggal_keluar is not None and reg.tanggal_masuk is not None and reg.tanggal_keluar < reg.tanggal_masuk:
        return [hit("tanggal_keluar", masalah="tanggal keluar sebelum tanggal masuk")]
    return None


@rule(id="PD-PERIODIK-KOSONG", tab=TAB, severity="warning", reads=("peserta_didik", "periodik_pd"),
      title="Data periodik semester ini",
      message="Data periodik {label} (tinggi, berat, jarak, waktu tempuh) untuk semester {semester} belum diisi.",
      hint="Isi Data Periodik semester {semester}: tinggi dan berat badan, jarak dan waktu tempuh ke sekolah.",
      why="Peringatan: data periodik diisi ulang tiap semester dan tidak menahan sinkronisasi.",
      ok={"peserta_didik": [{"id": "pd1"}], "periodik_pd": [{"peserta_didik_id": "pd1", "semester_id": "20251"}]},
      bad={"peserta_didik": [{"id": "pd1"}], "periodik_pd": [{"peserta_didik_id": "pd1", "semester_id": "20242"}]},
      groups=lambda ix: _without(ix, {p.peserta_didik_id for p in ix.records["periodik_pd"].values()
                                      if p.semester_id == ix.semester_id}),
      affects=_by_pd("peserta_didik", "periodik_pd"))
def periodik(ix: Any, key: str) -> Any:
    pd = ix.get("peserta_didik", key)
    if pd is None or any(p.semester_id == ix.semester_id for p in ix.related("periodik_by_pd", key)):
        return None
    return [(pd, "periodik", {"semester": semester_text(ix.semester_id)})]

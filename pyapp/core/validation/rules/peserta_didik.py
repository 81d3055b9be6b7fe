"""Tab Peserta Didik: names, required family fields, KIP/PIP/KPS, registrasi, rombel
membership and age (docs/domain.md#validasi-lokal). Identity numbers are in identitas.py."""

from __future__ import annotations

from typing import Any

from pyapp.core import rujukan
from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import EMAIL_RE, control_char, empty, hit, same_name

registry = Registry()
rule = registry.rule
TAB = "Peserta Didik"
KIP = 1


def _pd_ids(ix: Any) -> Any:
    return list(ix.records["peserta_didik"])


def _members_pd(r: Any, ix: Any) -> list[str]:
    anggota = ix.records["anggota_rombel"]
    return [anggota[i].peserta_didik_id for i in ix.ids("anggota_by_rombel", r.id)]


#: How each read type maps a changed record to the PD ids it can affect.
BY_PD: dict[str, Any] = {
    "peserta_didik": lambda r, ix: [r.id],
    "anggota_rombel": lambda r, ix: [r.peserta_didik_id],
    "registrasi": lambda r, ix: [r.peserta_didik_id],
    "kesejahteraan_pd": lambda r, ix: [r.peserta_didik_id],
    "periodik_pd": lambda r, ix: [r.peserta_didik_id],
    "rombel": _members_pd,
}


def _by_pd(*types: str) -> dict[str, Any]:
    return {t: BY_PD[t] for t in types}


_NAMA_FIELDS = (("nama", "Nama"), ("nama_ayah", "Nama ayah"), ("nama_ibu_kandung", "Nama ibu kandung"),
                ("nama_wali", "Nama wali"))


@rule(id="PD-NAMA-KARAKTER", tab=TAB, severity="invalid", reads=("peserta_didik",),
      title="Nama tanpa karakter kendali",
      message="{kolom} {label} memuat karakter {karakter}.",
      hint="Ketik ulang nama tanpa menyalin dari Excel/WhatsApp: hapus tab dan baris baru, pisahkan kata "
           "dengan satu spasi.",
      why="Dapodik 2022.a menolak nama dengan tab/baris baru (invalid).",
      ok={"nama": "Budi Santoso"}, bad={"nama": "Budi\tSantoso"},
      more_ok={"spasi ganda (bukan karakter kendali)": {"nama": "Budi  Santoso", "nama_wali": "Ani"}},
      more_bad={"carriage return pada nama ayah": {"nama_ayah": "Ahmad\rHidayat"},
                "karakter kendali lain pada nama wali": {"nama_wali": "Ani\x07"},
                "baris baru pada nama ibu": {"nama_ibu_kandung": "Siti\nAminah"}})
def nama_karakter(pd: Any, ix: Any) -> Any:
    if all(v is None or v.isprintable() for v in (pd.nama, pd.nama_ayah, pd.nama_ibu_kandung, pd.nama_wali)):
        return None
    out = []
    for fld, kolom in _NAMA_FIELDS:
        found = control_char(getattr(pd, fld))
        if found:
            out.append(hit(fld, kolom=kolom, karakter=found))
    return out


@rule(id="PD-IBU-KOSONG", tab=TAB, severity="invalid", reads=("peserta_didik",),
      title="Nama ibu kandung wajib",
      message="Nama ibu kandung {label} belum diisi.",
      hint="Isi nama ibu kandung sesuai akta kelahiran atau Kartu Keluarga, tanpa gelar.",
      why="Wajib di Dapodik (invalid); dipakai untuk padan identitas PD.",
      ok={"nama_ibu_kandung": "Siti Aminah"}, bad={"nama_ibu_kandung": None})
def ibu_kosong(pd: Any, ix: Any) -> Any:
    return [hit("nama_ibu_kandung")] if empty(pd.nama_ibu_kandung) else None


@rule(id="PD-IBU-SAMA-AYAH", tab=TAB, severity="invalid", reads=("peserta_didik",),
      title="Nama ibu sama dengan nama ayah",
      message="Nama ibu kandung {label} sama dengan nama ayah ({nama}).",
      hint="Isi nama ibu kandung dan nama ayah masing-masing sesuai Kartu Keluarga.",
      why="Invalid di Dapodik: hampir selalu salah salin kolom.",
      ok={"nama_ayah": "Ahmad Hidayat", "nama_ibu_kandung": "Siti Aminah"},
      bad={"nama_ayah": "Ahmad Hidayat", "nama_ibu_kandung": "ahmad  hidayat"},
      more_ok={"beda satu huruf di akhir": {"nama_ayah": "Ahmad Hidayat", "nama_ibu_kandung": "Ahmad Hidayah"}},
      more_bad={"spasi di depan": {"nama_ayah": "Ahmad Hidayat", "nama_ibu_kandung": " Ahmad Hidayat"}})
def ibu_sama_ayah(pd: Any, ix: Any) -> Any:
    if same_name(pd.nama_ibu_kandung, pd.nama_ayah):
        return [hit("nama_ibu_kandung", nama=pd.nama_ayah)]
    return None


_WAJIB = (("jenis_kelamin", "jenis kelamin"), ("tempat_lahir", "tempat lahir"), ("tanggal_lahir", "tanggal lahir"),
          ("agama", "agama"), ("jenis_tinggal", "jenis tinggal"), ("alat_transportasi", "alat transportasi"),
          ("pendidikan_ibu", "pendidikan ibu"), ("pekerjaan_ibu", "pekerjaan ibu"),
          ("penghasilan_ibu", "penghasilan ibu"))
_LENGKAP = {"jenis_kelamin": "L", "tempat_lahir": "Bandung", "tanggal_lahir": "2015-03-02", "agama": 1,
            "jenis_tinggal": 1, "alat_transportasi": 1, "pendidikan_ibu": 6, "pekerjaan_ibu": 1,
            "penghasilan_ibu": 99}


@rule(id="PD-ISIAN-WAJIB", tab=TAB, severity="invalid", reads=("peserta_didik",),
      title="Isian wajib peserta didik",
      message="{kolom} {label} belum diisi.",
      hint="Lengkapi {kolom} di formulir peserta didik (lihat Kartu Keluarga/akta kelahiran).",
      why="Kolom wajib Dapodik (docs/domain.md#validasi-lokal: jenis tinggal, alat transportasi, pendidikan/pekerjaan/"
          "penghasilan ibu; identitas dasar).",
      ok=_LENGKAP, bad={**_LENGKAP, "jenis_tinggal": None},
      more_bad={"tempat lahir hanya spasi": {**_LENGKAP, "tempat_lahir": " "}})
def isian_wajib(pd: Any, ix: Any) -> Any:
    values = pd.__dict__
    return [hit(fld, kolom=kolom[0].upper() + kolom[1:]) for fld, kolom in _WAJIB
            if (v := values[fld]) is None or (v.__class__ is str and not v.strip()) or (fld == "agama" and v == 98)]


@rule(id="PD-HOBI-KOSONG", tab=TAB, severity="warning", reads=("peserta_didik",),
      title="Hobi belum diisi", message="Hobi {label} belum diisi.",
      hint="Pilih hobi peserta didik (tanyakan ke siswa atau wali kelas).",
      why="Peringatan sejak Dapodik 2021.d.", ok={"hobi": 1}, bad={"hobi": -1})
def hobi(pd: Any, ix: Any) -> Any:
    return [hit("hobi")] if rujukan.is_empty("hobi", pd.hobi) else None


@rule(id="PD-CITA-KOSONG", tab=TAB, severity="warning", reads=("peserta_didik",),
      title="Cita-cita belum diisi", message="Cita-cita {label} belum diisi.",
      hint="Pilih cita-cita peserta didik (tanyakan ke siswa atau wali kelas).",
      why="Peringatan sejak Dapodik 2021.d.", ok={"cita_cita": 3}, bad={"cita_cita": -1})
def cita(pd: Any, ix: Any) -> Any:
    return [hit("cita_cita")] if rujukan.is_empty("cita_cita", pd.cita_cita) else None


@rule(id="PD-TAHUN-LAHIR-ORTU", tab=TAB, severity="invalid", reads=("peserta_didik",),
      title="Tahun lahir orang tua",
      message="Tahun lahir {siapa} {label} ({tahun}) harus antara 1900 dan {batas}.",
      hint="Isi tahun lahir {siapa} 4 digit sesuai KTP/Kartu Keluarga.",
      why="Aturan Dapodik: 4 digit dalam rentang 1900 sampai sekarang (invalid).",
      ok={"tahun_lahir_ayah": 1980}, bad={"tahun_lahir_ayah": 1080},
      more_ok={"1900": {"tahun_lahir_ibu": 1900}, "tahun semester ini (2025)": {"tahun_lahir_wali": 2025}},
      more_bad={"1899": {"tahun_lahir_ibu": 1899}, "tahun depan (2026)": {"tahun_lahir_wali": 2026}})
def tahun_lahir_ortu(pd: Any, ix: Any) -> Any:
    out = []
    for siapa in ("ayah", "ibu", "wali"):
        tahun = getattr(pd, f"tahun_lahir_{siapa}")
        if tahun is not None and not 1900 <= tahun <= ix.ref_date.year:
            out.append(hit(f"tahun_lahir_{siapa}", siapa=siapa, tahun=tahun, batas=ix.ref_date.year))
    return out


@rule(id="PD-EMAIL", tab=TAB, severity="invalid", reads=("peserta_didik",),
      title="Format email", message="Email {label} ({email}) tidak berformat alamat email.",
      hint="Perbaiki menjadi nama@domain (mis. budi@gmail.com) atau kosongkan.",
      why="Aturan Dapodik: format email (invalid).", ok={"email": "budi@gmail.com"}, bad={"email": "budi@gmail"},
      more_ok={"domain 2 huruf, subdomain": {"email": "a.b@x-y.sch.id"}},
      more_bad={"domain 1 huruf": {"email": "budi@gmail.c"}, "tanpa nama": {"email": "@gmail.com"}})
def email(pd: Any, ix: Any) -> Any:
    return [hit("email", email=pd.email)] if pd.email and not EMAIL_RE.match(pd.email) else None


@rule(id="PD-KPS-NOMOR", tab=TAB, severity="invalid", reads=("peserta_didik",),
      title="Penerima KPS tanpa nomor",
      message="{label} ditandai penerima KPS/PKH tetapi nomor KPS/PKH kosong.",
      hint="Isi nomor KPS/PKH dari kartu, atau ubah \"Penerima KPS/PKH\" menjadi Tidak.",
      why="Invalid: nomor KPS wajib bagi penerima (docs/domain.md#validasi-lokal); dipakai untuk usulan PIP.",
      ok={"penerima_kps": True, "no_kps": "KPS1234567"}, bad={"penerima_kps": True, "no_kps": None},
      more_ok={"bukan penerima, tanpa nomor": {"penerima_kps": False, "no_kps": None}},
      more_bad={"nomor hanya spasi": {"penerima_kps": True, "no_kps": "  "}})
def kps(pd: Any, ix: Any) -> Any:
    return [hit("no_kps")] if pd.penerima_kps and empty(pd.no_kps) else None


@rule(id="PD-PIP-ALASAN", tab=TAB, severity="warning", reads=("peserta_didik",),
      title="Layak PIP tanpa alasan",
      message="{label} diusulkan layak PIP tetapi alasan layak PIP kosong.",
      hint="Pilih alasan layak PIP (mis. pemegang KPS/PKH, siswa miskin), atau ubah usulan menjadi Tidak.",
      why="Peringatan (docs/domain.md#validasi-lokal).",
      ok={"layak_pip": True, "alasan_layak_pip": 6}, bad={"layak_pip": True, "alasan_layak_pip": None},
      more_ok={"tidak diusulkan": {"layak_pip": False}})
def pip(pd: Any, ix: Any) -> Any:
    return [hit("alasan_layak_pip")] if pd.layak_pip and pd.alasan_layak_pip is None else None


def _kip_rows(ix: Any, pd_id: str) -> list[Any]:
    return [w for w in ix.related("kesejahteraan_by_pd", pd_id) if w.jenis_kesejahteraan == KIP]


_KIP_OK = {"peserta_didik": [{"id": "pd1", "penerima_kip": True}],
           "kesejahteraan_pd": [{"peserta_didik_id": "pd1", "jenis_kesejahteraan": 1, "nomor_kartu": "K12345"}]}


@rule(id="PD-KIP-TANPA-DATA", tab=TAB, severity="invalid", reads=("peserta_didik", "kesejahteraan_pd"),
      title="Memiliki KIP tanpa data KIP",
      message="{label} ditandai memiliki KIP tetapi tidak ada data KIP dengan nomor kartu di Kesejahteraan.",
      hint="Tambahkan data Kesejahteraan jenis KIP dengan nomor kartu, atau ubah \"Memiliki KIP\" menjadi Tidak.",
      why="Invalid di Dapodik (docs/domain.md#validasi-lokal: memiliki KIP tanpa baris KIP).",
      ok=_KIP_OK, bad={"peserta_didik": [{"id": "pd1", "penerima_kip": True}]},
      more_bad={"data KIP tanpa nomor": {**_KIP_OK, "kesejahteraan_pd": [{"jenis_kesejahteraan": 1}]},
                "hanya data PKH": {**_KIP_OK, "kesejahteraan_pd": [{"jenis_kesejahteraan": 4,
                                                                    "nomor_kartu": "P123"}]}},
      groups=lambda ix: [i for i, pd in ix.records["peserta_didik"].items() if pd.penerima_kip], affects=_by_pd("peserta_didik", "kesejahteraan_pd"))
def kip_tanpa_data(ix: Any, key: str) -> Any:
    pd = ix.get("peserta_didik", key)
    if pd is None or not pd.penerima_kip:
        return None
    if any(not empty(w.nomor_kartu) for w in _kip_rows(ix, key)):
        return None
    return [(pd, "penerima_kip", {})]


@rule(id="PD-KIP-TIDAK-DITANDAI", tab=TAB, severity="invalid", reads=("peserta_didik", "kesejahteraan_pd"),
      title="Data KIP tanpa tanda memiliki KIP",
      message="{label} punya data KIP ({nomor}) tetapi \"Memiliki KIP\" tidak diisi Ya.",
      hint="Ubah \"Memiliki KIP\" menjadi Ya, atau hapus data KIP yang keliru di Kesejahteraan.",
      why="Invalid di Dapodik (docs/domain.md#validasi-lokal: tidak memiliki KIP tetapi ada baris KIP).",
      ok=_KIP_OK, bad={**_KIP_OK, "peserta_didik": [{"id": "pd1", "penerima_kip": False}]},
      more_ok={"hanya data PKH": {"peserta_didik": [{"penerima_kip": False}],
                                  "kesejahteraan_pd": [{"jenis_kesejahteraan": 4, "nomor_kartu": "P123"}]}},
      more_bad={"data KIP tanpa nomor": {"peserta_didik": [{"penerima_kip": None}],
                                         "kesejahteraan_pd": [{"jenis_kesejahteraan": 1}]}},
      groups=lambda ix: list(ix.by["kesejahteraan_by_pd"]), affects=_by_pd("peserta_didik", "kesejahteraan_pd"))
def kip_tidak_ditandai(ix: Any, key: str) -> Any:
    pd = ix.get("peserta_didik", key)
    if pd is None or pd.penerima_kip:
        return None
    rows = _kip_rows(ix, key)
    if not rows:
        return None
    nomor = ", ".join(sorted(w.nomor_kartu or "tanpa nomor" for w in rows))
    return [(pd, "penerima_kip", {"nomor": nomor})]


@rule(id="PD-TANPA-REGISTRASI", tab=TAB, severity="invalid", reads=("peserta_didik", "registrasi"),
      title="Peserta didik belum diregistrasi",
      message="{label} belum punya data registrasi (jenis pendaftaran, NIS, tanggal masuk).",
      hint="Isi Registrasi Peserta Didik: jenis pendaftaran, NIS dan tanggal masuk sekolah.",
      why="Invalid: PD tanpa registrasi tidak tercatat sebagai siswa sekolah ini.",
      ok={"peserta_didik": [{"id": "pd1"}], "registrasi": [{"peserta_didik_id": "pd1"}]},
      bad={"peserta_didik": [{"id": "pd1"}]},
      groups=lambda ix: [i for i in ix.records["peserta_didik"] if i not in ix.by["registrasi_by_pd"]],
      affects=_by_pd("peserta_didik", "registrasi"))
def tanpa_registrasi(ix: Any, key: str) -> Any:
    pd = ix.get("peserta_didik", key)
    if pd is None or ix.ids("registrasi_by_pd", key):
        return None
    return [(pd, "registrasi", {})]

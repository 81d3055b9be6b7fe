"""Tab GTK: names, required detail, ASN fields, penugasan, Kepala Sekolah / PLT (docs/domain.md#validasi-lokal).
NIK, NIP and NUPTK structure are in identitas.py."""

from __future__ import annotations

import re
from typing import Any

from pyapp.core import rujukan
from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import ASN, EMAIL_RE, KEPALA, PLT_KEPALA, control_char, empty, hit

registry = Registry()
rule = registry.rule
TAB = "GTK"

_GELAR_DEPAN = re.compile(r"^(prof|dr|drs|dra|ir)\.\s*", re.IGNORECASE)
_GELAR_BELAKANG = re.compile(r",|\b[SMAD]\.\s?[A-Z][A-Za-z]{0,4}\b|\b[SM][123]\b")


def gelar(nama: str) -> str | None:
    """The academic title found in a name, or None."""
    m = _GELAR_DEPAN.match(nama) or _GELAR_BELAKANG.search(nama)
    if m is None:
        return None
    if m.group() == ",":
        return nama[m.start():].strip(" ,") or ","
    return m.group().strip()


@rule(id="GTK-NAMA-GELAR", tab=TAB, severity="invalid", reads=("ptk",),
      title="Nama GTK tanpa gelar",
      message="Nama {label} memuat gelar \"{gelar}\".",
      hint="Tulis nama tanpa gelar akademik (mis. \"Siti Rahayu\", bukan \"Dra. Siti Rahayu, M.Pd.\"); "
           "gelar dicatat di riwayat pendidikan.",
      why="Invalid di Dapodik: nama GTK harus tanpa gelar (docs/domain.md#tab-data, #validasi-lokal).",
      ok={"nama": "Siti Rahayu"}, bad={"nama": "Siti Rahayu, S.Pd."},
      more_ok={"nama berawalan Dra tanpa titik": {"nama": "Drajat Santoso"}, "huruf S sendiri": {"nama": "Sri S Mulyani"}},
      more_bad={"gelar depan": {"nama": "Dra. Siti Rahayu"}, "gelar belakang tanpa koma": {"nama": "Siti Rahayu S.Pd"},
                "S2": {"nama": "Budi Santoso S2"}, "koma di akhir": {"nama": "Siti Rahayu,"}})
def nama_gelar(p: Any, ix: Any) -> Any:
    found = gelar(p.nama)
    return [hit("nama", gelar=found)] if found else None


@rule(id="GTK-NAMA-KARAKTER", tab=TAB, severity="invalid", reads=("ptk",),
      title="Nama tanpa karakter kendali",
      message="{kolom} {label} memuat karakter {karakter}.",
      hint="Ketik ulang nama tanpa tab atau baris baru.",
      why="Dapodik 2022.a menolak nama dengan tab/baris baru (invalid).",
      ok={"nama": "Siti Rahayu"}, bad={"nama": "Siti\nRahayu"},
      more_bad={"tab pada nama ibu kandung": {"nama_ibu_kandung": "Siti\tAminah"}})
def nama_karakter(p: Any, ix: Any) -> Any:
    out = []
    for fld, kolom in (("nama", "Nama"), ("nama_ibu_kandung", "Nama ibu kandung")):
        found = control_char(getattr(p, fld))
        if found:
            out.append(hit(fld, kolom=kolom, karakter=found))
    return out


_WAJIB = (("jenis_kelamin", "Jenis kelamin"), ("tempat_lahir", "Tempat lahir"), ("tanggal_lahir", "Tanggal lahir"),
          ("nama_ibu_kandung", "Nama ibu kandung"), ("agama", "Agama"),
          ("status_kepegawaian", "Status kepegawaian"), ("jenis_ptk", "Jenis PTK"))
_LENGKAP = {"jenis_kelamin": "P", "tempat_lahir": "Bandung", "tanggal_lahir": "1985-03-12",
            "nama_ibu_kandung": "Aminah", "agama": 1, "status_kepegawaian": 8, "jenis_ptk": 4}


@rule(id="GTK-ISIAN-WAJIB", tab=TAB, severity="invalid", reads=("ptk",),
      title="Isian wajib GTK",
      message="{kolom} {label} belum diisi.",
      hint="Lengkapi {kolom} di formulir GTK (lihat KTP/SK pengangkatan).",
      why="Invalid di Dapodik: detail GTK yang belum lengkap menahan sinkronisasi (docs/domain.md#validasi-lokal).",
      ok=_LENGKAP, bad={**_LENGKAP, "agama": None})
def isian_wajib(p: Any, ix: Any) -> Any:
    return [hit(fld, kolom=kolom) for fld, kolom in _WAJIB if empty(getattr(p, fld))]


_PNS = {"status_kepegawaian": 1, "nip": "198503122010012003", "sk_pengangkatan": "813/1/BKD/2010",
        "tmt_pengangkatan": "2010-01-01"}


@rule(id="GTK-PNS-TANPA-NIP", tab=TAB, severity="invalid", reads=("ptk",),
      title="ASN tanpa NIP",
      message="{label} berstatus {status} tetapi NIP kosong.",
      hint="Isi NIP 18 digit sesuai SK CPNS/PPPK, atau perbaiki status kepegawaian jika ia bukan ASN.",
      why="Invalid di Dapodik: PNS tanpa NIP (docs/domain.md#validasi-lokal); PPPK juga memiliki NIP.",
      ok=_PNS, bad={**_PNS, "nip": None},
      more_ok={"honorer tanpa NIP": {"status_kepegawaian": 8, "nip": None}},
      more_bad={"PNS Depag tanpa NIP": {**_PNS, "status_kepegawaian": 3, "nip": None}})
def pns_tanpa_nip(p: Any, ix: Any) -> Any:
    if p.status_kepegawaian in ASN and p.nip is None:
        return [hit("nip", status=rujukan.label("status_kepegawaian", p.status_kepegawaian))]
    return None


@rule(id="GTK-PNS-TANPA-TMT", tab=TAB, severity="invalid", reads=("ptk",),
      title="ASN tanpa SK/TMT pengangkatan",
      message="{label} berstatus {status} tetapi {kolom} kosong.",
      hint="Isi {kolom} sesuai SK CPNS/PPPK.",
      why="Invalid di Dapodik: PNS tanpa TMT PNS / SK CPNS (docs/domain.md#validasi-lokal).",
      ok=_PNS, bad={**_PNS, "tmt_pengangkatan": None},
      more_ok={"honorer tanpa SK": {"status_kepegawaian": 8}},
      more_bad={"SK kosong": {**_PNS, "sk_pengangkatan": " "}})
def pns_tanpa_tmt(p: Any, ix: Any) -> Any:
    if p.status_kepegawaian not in ASN:
        return None
    status = rujukan.label("status_kepegawaian", p.status_kepegawaian)
    out = []
    if empty(p.sk_pengangkatan):
        out.append(hit("sk_pengangkatan", status=status, kolom="SK pengangkatan"))
    if p.tmt_pengangkatan is None:
        out.append(hit("tmt_pengangkatan", status=status, kolom="TMT pengangkatan"))
    return out


@rule(id="GTK-EMAIL", tab=TAB, severity="invalid", reads=("ptk",),
      title="Format email", message="Email {label} ({email}) tidak berformat alamat email.",
      hint="Perbaiki menjadi nama@domain (mis. siti@guru.sd.belajar.id) atau kosongkan.",
      why="Aturan Dapodik: format email (invalid).", ok={"email": "siti@gmail.com"}, bad={"email": "siti.gmail.com"})
def email(p: Any, ix: Any) -> Any:
    return [hit("email", email=p.email)] if p.email and not EMAIL_RE.match(p.email) else None


@rule(id="GTK-USIA", tab=TAB, severity="warning", reads=("ptk",),
      title="Usia GTK tidak wajar",
      message="Usia {label} {usia} tahun (lahir {lahir}) di luar 18–65 tahun.",
      hint="Periksa tanggal lahir sesuai KTP; jika sudah benar, abaikan.",
      why="Peringatan: usia di luar rentang kerja biasa hampir selalu salah ketik tahun lahir.",
      ok={"tanggal_lahir": "1985-03-12"}, bad={"tanggal_lahir": "2015-03-12"},
      more_ok={"tepat 18 tahun": {"tanggal_lahir": "2007-07-01"}, "65 tahun": {"tanggal_lahir": "1959-07-02"}},
      more_bad={"18 tahun kurang sehari": {"tanggal_lahir": "2007-07-02"}, "66 tahun": {"tanggal_lahir": "1959-07-01"}})
def usia(p: Any, ix: Any) -> Any:
    u = ix.age(p.tanggal_lahir)
    if u is None or 18 <= u <= 65:
        return None
    return [hit("tanggal_lahir", usia=u, lahir=p.tanggal_lahir.strftime("%d-%m-%Y"))]


_TUGAS_OK = {"ptk": [{"id": "ptk1"}], "penugasan": [{"ptk_id": "ptk1", "tahun_ajaran_id": "2025"}]}


@rule(id="GTK-TANPA-PENUGASAN", tab=TAB, severity="invalid", reads=("ptk", "penugasan"),
      title="PTK tanpa penugasan",
      message="{label} belum punya penugasan aktif untuk tahun ajaran {ta}.",
      hint="Tambahkan penugasan tahun ajaran {ta} (nomor dan tanggal surat tugas, TMT, sekolah induk); "
           "jika PTK sudah keluar, isi tanggal keluar pada penugasan terakhirnya.",
      why="Invalid di Dapodik: PTK tanpa penugasan (docs/domain.md#validasi-lokal).",
      ok=_TUGAS_OK, bad={**_TUGAS_OK, "penugasan": [{"ptk_id": "ptk1", "tahun_ajaran_id": "2024"}]},
      more_ok={"keluar tahun ajaran ini": {**_TUGAS_OK, "penugasan": [{"tahun_ajaran_id": "2025",
                                                                       "tanggal_keluar": "2025-09-01"}]}},
      more_bad={"keluar tahun lalu": {**_TUGAS_OK, "penugasan": [{"tahun_ajaran_id": "2024",
                                                                  "tanggal_keluar": "2025-05-01"}]}},
      groups=lambda ix: list(ix.records["ptk"]),
      affects={"ptk": lambda p, ix: [p.id], "penugasan": lambda p, ix: [p.ptk_id]})
def tanpa_penugasan(ix: Any, key: str) -> Any:
    p = ix.get("ptk", key)
    if p is None or ix.ptk_is_active(key):
        return None
    pen = ix.related("penugasan_by_ptk", key)
    if any(x.tahun_ajaran_id == ix.tahun_ajaran_id and x.tanggal_keluar is not None for x in pen):
        return None  # left the school this year: not expected to have one
    return [(p, "penugasan", {"ta": f"{ix.tahun_ajaran_id}/{int(ix.tahun_ajaran_id) + 1}"})]


@rule(id="GTK-PENUGASAN-SURAT", tab=TAB, severity="warning", reads=("penugasan",),
      title="Surat tugas belum lengkap",
      message="{label}: {kolom} belum diisi.",
      hint="Lengkapi {kolom} sesuai surat tugas dari dinas/yayasan.",
      why="Peringatan: sinkronisasi tetap bisa, tetapi tunjangan memerlukan surat tugas lengkap.",
      ok={"tahun_ajaran_id": "2025", "nomor_surat_tugas": "800/1/ST/2025", "tmt_tugas": "2025-07-14"},
      bad={"tahun_ajaran_id": "2025", "nomor_surat_tugas": None, "tmt_tugas": "2025-07-14"},
      more_ok={"tahun ajaran lalu": {"tahun_ajaran_id": "2024"}},
      more_bad={"TMT kosong": {"tahun_ajaran_id": "2025", "nomor_surat_tugas": "800/1/ST/2025"}})
def penugasan_surat(pen: Any, ix: Any) -> Any:
    if pen.tahun_ajaran_id != ix.tahun_ajaran_id:
        return None
    out = []
    if empty(pen.nomor_surat_tugas):
        out.append(hit("nomor_surat_tugas", kolom="Nomor surat tugas"))
    if pen.tmt_tugas is None:
        out.append(hit("tmt_tugas", kolom="TMT tugas"))
    return out


def _kepala_aktif(ix: Any) -> list[Any]:
    out = []
    for jabatan in (KEPALA, PLT_KEPALA):
        for t in ix.related("tugas_by_jabatan", jabatan):
            if t.ptk_id in ix.records["ptk"] and (t.tst_tambahan is None or t.tst_tambahan >= ix.ref_date):
                out.append(t)
    return out


_KS = {"sekolah": [{"id": "sek"}], "ptk": [{"id": "ptk1"}], "tugas_tambahan": [{"ptk_id": "ptk1", "jabatan": 2}]}
_ALL = (lambda r, ix: ["sekolah"])  # noqa: E731 - a rule scope, read as data


@rule(id="GTK-TANPA-KEPSEK", tab=TAB, severity="invalid", reads=("tugas_tambahan", "ptk", "sekolah"),
      title="Sekolah tanpa Kepala Sekolah",
      message="{label} belum punya Kepala Sekolah atau Plt. Kepala Sekolah yang aktif.",
      hint="Tambahkan tugas tambahan Kepala Sekolah (atau Plt.) pada PTK yang menjabat, dengan nomor SK dan TMT.",
      why="Invalid di Dapodik (docs/domain.md#validasi-lokal); tanpa Kepala Sekolah tidak ada yang berhak mengirim data.",
      ok=_KS, bad={**_KS, "tugas_tambahan": [{"ptk_id": "ptk1", "jabatan": 11}]},
      more_ok={"Plt. Kepala Sekolah": {**_KS, "tugas_tambahan": [{"ptk_id": "ptk1", "jabatan": 33}]},
               "TST pada hari pertama semester": {**_KS, "tugas_tambahan": [{"ptk_id": "ptk1", "jabatan": 2,
                                                                             "tst_tambahan": "2025-07-01"}]}},
      more_bad={"TST sehari sebelum semester": {**_KS, "tugas_tambahan": [{"ptk_id": "ptk1", "jabatan": 2,
                                                                           "tst_tambahan": "2025-06-30"}]},
                "kepala sekolah PTK terhapus": {**_KS, "ptk": [], "tugas_tambahan": [{"ptk_id": "ptk9", "jabatan": 2}]}},
      groups=lambda ix: ["sekolah"], affects={"tugas_tambahan": _ALL, "ptk": _ALL, "sekolah": _ALL})
def tanpa_kepsek(ix: Any, key: str) -> Any:
    if ix.sekolah is None or _kepala_aktif(ix):
        return None
    return [(ix.sekolah, "tugas_tambahan", {})]


@rule(id="GTK-KEPSEK-GANDA", tab=TAB, severity="invalid", reads=("tugas_tambahan", "ptk"),
      title="Kepala Sekolah ganda",
      message="{label} untuk {nama}: sekolah punya {n} Kepala Sekolah/Plt. aktif ({semua}).",
      hint="Sisakan satu: isi TST (tanggal selesai tugas) pada tugas tambahan Kepala Sekolah atau Plt. yang "
           "sudah berakhir.",
      why="Invalid di Dapodik: Kepala Sekolah dan Plt. sekaligus (docs/domain.md#validasi-lokal).",
      ok=_KS, bad={**_KS, "ptk": [{"id": "ptk1"}, {"id": "ptk2", "nama": "Agus"}],
                   "tugas_tambahan": [{"ptk_id": "ptk1", "jabatan": 2}, {"ptk_id": "ptk2", "jabatan": 33}]},
      more_ok={"Plt. lama selesai sehari sebelum semester":
               {**_KS, "ptk": [{"id": "ptk1"}, {"id": "ptk2", "nama": "Agus"}],
                "tugas_tambahan": [{"ptk_id": "ptk1", "jabatan": 2},
                                   {"ptk_id": "ptk2", "jabatan": 33, "tst_tambahan": "2025-06-30"}]}},
      more_bad={"Plt. selesai pada hari pertama semester":
                {**_KS, "ptk": [{"id": "ptk1"}, {"id": "ptk2", "nama": "Agus"}],
                 "tugas_tambahan": [{"ptk_id": "ptk1", "jabatan": 2},
                                    {"ptk_id": "ptk2", "jabatan": 33, "tst_tambahan": "2025-07-01"}]}},
      groups=lambda ix: ["sekolah"], affects={"tugas_tambahan": _ALL, "ptk": _ALL})
def kepsek_ganda(ix: Any, key: str) -> Any:
    aktif = _kepala_aktif(ix)
    if len(aktif) < 2:
        return None
    names = {t.id: ix.records["ptk"][t.ptk_id].nama for t in aktif}
    semua = ", ".join(sorted(names.values()))
    return [(t, "jabatan", {"nama": names[t.id], "n": len(aktif), "semua": semua}) for t in aktif]


@rule(id="GTK-KEPSEK-INDUK", tab=TAB, severity="invalid", reads=("tugas_tambahan", "ptk", "penugasan"),
      title="Kepala Sekolah di sekolah induk",
      message="{nama} menjabat {jabatan} tetapi {label} di sekolah ini bukan sekolah induk.",
      hint="Ubah \"Sekolah induk\" pada {label} milik {nama} menjadi Ya.",
      why="Invalid di Dapodik: Kepala Sekolah harus berinduk di sekolah yang dipimpin (docs/domain.md#validasi-lokal).",
      ok={**_KS, "penugasan": [{"ptk_id": "ptk1", "tahun_ajaran_id": "2025", "sekolah_induk": True}]},
      bad={**_KS, "penugasan": [{"ptk_id": "ptk1", "tahun_ajaran_id": "2025", "sekolah_induk": False}]},
      groups=lambda ix: [t.id for t in _kepala_aktif(ix)],
      affects={"tugas_tambahan": lambda t, ix: [t.id],
               "ptk": lambda p, ix: list(ix.ids("tugas_by_ptk", p.id)),
               "penugasan": lambda p, ix: list(ix.ids("tugas_by_ptk", p.ptk_id))})
def kepsek_induk(ix: Any, key: str) -> Any:
    t = ix.get("tugas_tambahan", key)
    if t is None or t.jabatan != KEPALA or t.ptk_id not in ix.records["ptk"]:
        return None
    if t.tst_tambahan is not None and t.tst_tambahan < ix.ref_date:
        return None
    pen = [x for x in ix.related("penugasan_by_ptk", t.ptk_id)
           if x.tahun_ajaran_id == ix.tahun_ajaran_id and x.tanggal_keluar is None]
    if not pen or any(x.sekolah_induk for x in pen):
        return None  # no penugasan at all: GTK-TANPA-PENUGASAN says so
    # The field is the penugasan's: the finding names each of this year's penugasan.
    params = {"nama": ix.records["ptk"][t.ptk_id].nama, "jabatan": t.label()}
    return [(x, "sekolah_induk", params) for x in pen]


@rule(id="GTK-SK-TUGAS-TAMBAHAN", tab=TAB, severity="invalid", reads=("tugas_tambahan",),
      title="Nomor SK tugas tambahan",
      message="Nomor SK {label} {masalah}.",
      hint="Isi nomor SK tugas tambahan lengkap sesuai dokumen SK (minimal 10 karakter).",
      why="Invalid di Dapodik: nomor SK tugas tambahan minimal 10 karakter (docs/domain.md#validasi-lokal).",
      ok={"nomor_sk": "821.2/123/Disdik/2025"}, bad={"nomor_sk": "12/2025"},
      more_ok={"tepat 10 karakter": {"nomor_sk": "821/1/2025"}},
      more_bad={"9 karakter": {"nomor_sk": "821/12025"}, "9 karakter diapit spasi": {"nomor_sk": "  821/12025  "},
                "kosong": {"nomor_sk": None}})
def sk_tugas(t: Any, ix: Any) -> Any:
    if empty(t.nomor_sk):
        return [hit("nomor_sk", masalah="belum diisi")]
    if len(t.nomor_sk.strip()) < 10:
        return [hit("nomor_sk", masalah=f"\"{t.nomor_sk}\" kurang dari 10 karakter")]
    return None

"""Where each rule comes from: a section of docs/domain.md (which names the public sources),
or a public source directly. The rules catalogue prints it; a test checks that every rule has
one and that every docs/domain.md anchor exists."""

from __future__ import annotations

DOMAIN = "docs/domain.md"

_BY_PREFIX: tuple[tuple[str, str], ...] = (
    ("SEK-SANITASI-", "sanitasi"),
    ("SEK-", "v-sekolah"),
    ("SAR-KONDISI-", "kondisi-sarpras"),
    ("SAR-ALAT-SEMESTER-", "kondisi-sarpras"),
    ("SAR-", "v-sarpras"),
    ("GTK-NIK-", "nomor-identitas"),
    ("GTK-NUPTK-", "nomor-identitas"),
    ("GTK-NIP-", "nomor-identitas"),
    ("GTK-NAMA-", "v-identitas"),
    ("GTK-EMAIL", "v-identitas"),
    ("GTK-RWY-", "riwayat-pendidikan"),
    ("GTK-", "v-gtk"),  # GTK-PNS-CPNS, GTK-ASN-LEMBAGA, GTK-GTY-NEGERI too
    ("PD-NIK-", "nomor-identitas"),
    ("PD-NISN-", "nomor-identitas"),
    ("PD-NAMA-", "v-identitas"),
    ("PD-TAHUN-LAHIR-ORTU", "v-identitas"),
    ("PD-EMAIL", "v-identitas"),
    ("PD-AGAMA-", "pendidikan-agama"),
    ("PD-REG-JENIS-", "jenis-pendaftaran"),
    ("PD-", "v-peserta-didik"),
    ("ROMBEL-ANGGOTA-JENIS-", "jenis-pendaftaran"),
    ("ROMBEL-KURIKULUM", "kurikulum"),
    ("ROMBEL-JURUSAN", "kurikulum"),
    ("ROMBEL-", "v-rombel"),
    ("PEMB-MAPEL-KURIKULUM", "kurikulum"),
    ("PEMB-JJM-MAKS", "kurikulum"),
    ("PEMB-", "v-pembelajaran"),
    ("NILAI-AGAMA-", "pendidikan-agama"),
    ("NILAI-SEBELUM-", "tanggal-penilaian"),
    ("NILAI-SIKAP-SEBELUM-", "tanggal-penilaian"),
    ("NILAI-EKSKUL-SEBELUM-", "tanggal-penilaian"),
    ("NILAI-SIKAP-", "sikap-ekskul"),
    ("NILAI-EKSKUL-", "sikap-ekskul"),
    ("NILAI-", "v-nilai"),
)

# Rules that also rest on a public source named directly.
_PUBLIC: dict[str, str] = {
    "PD-AGAMA-TANPA-PELAJARAN": "UU 20/2003 pasal 12 ayat (1) huruf a",
    "NILAI-AGAMA-LAIN": "UU 20/2003 pasal 12 ayat (1) huruf a",
    "PD-REG-JENIS-PENDAFTARAN": "dhannyjsb/dapodik_ref api/ref_jenis_pendaftaran.json (daftar_sekolah)",
    "ROMBEL-ANGGOTA-JENIS-PENDAFTARAN": "dhannyjsb/dapodik_ref api/ref_jenis_pendaftaran.json (daftar_rombel)",
    "ROMBEL-JURUSAN": "eraporsmk/erapor8 database/data/kurikulum.json (jurusan_id)",
    "PEMB-MAPEL-KURIKULUM": "eraporsmk/erapor8 database/data/mata_pelajaran_kurikulum-*.json",
    "PEMB-JJM-MAKS": "eraporsmk/erapor8 database/data/mata_pelajaran_kurikulum-*.json (jumlah_jam_maksimum)",
    "PD-NAMA-KARAKTER": "catatan rilis Dapodik 2022.a (dapodix/dapodik-2022)",
    "PD-HOBI-KOSONG": "catatan rilis Dapodik 2021.d (dapodix/dapodik-2021)",
    "PD-CITA-KOSONG": "catatan rilis Dapodik 2021.d (dapodix/dapodik-2021)",
    "SAR-ALAT-SEMESTER-LAIK": "dapodik-org/dapodik-laravel-eloquent alat_longitudinal (jumlah, jumlah_laik)",
    "SAR-KONDISI-GANDA": "dapodik-org/dapodik-laravel-eloquent ruang_longitudinal (id_ruang, semester_id)",
    "GTK-RWY-TAHUN": "dapodik-org/dapodik-laravel-eloquent rwy_pend_formal (tahun_masuk, tahun_lulus)",
    "NILAI-SIKAP-GANDA": "eraporsmk/erapor8 deskripsi_sikap (one row per anggota_rombel_id)",
    "NILAI-EKSKUL-SEMESTER": "dapodik-org/dapodik-laravel-eloquent kelas_ekskul, nilai_ekskul (anggota_rombel_id)",
    "SEK-SANITASI-CUCI-TANGAN": "dapodik-org/dapodik-laravel-eloquent sanitasi (tempat_cuci_tangan, "
                                "tempat_cuci_tangan_rusak)",
}


def anchor(rule_id: str) -> str:
    for prefix, name in _BY_PREFIX:
        if rule_id.startswith(prefix):
            return name
    raise KeyError(f"no docs/domain.md section for rule {rule_id}")


def source_of(rule_id: str) -> str:
    """"docs/domain.md#section" plus the public source where one is named directly."""
    ref = f"{DOMAIN}#{anchor(rule_id)}"
    public = _PUBLIC.get(rule_id)
    return f"{ref}; {public}" if public else ref

"""Which rule finds each mistake the demo generator can inject (`generate(..., errors=K)`).

Keys are the generator's stable kinds (pyapp.core.generator.errors.KINDS); a test checks that
every kind is mapped and that each manifest entry is found by its rule on its record.
"""

from __future__ import annotations

from pyapp.core.generator import errors as e

RULE_FOR_KIND: dict[str, str] = {
    e.BAD_NIK_DATE: "PD-NIK-TANGGAL",
    e.NIK_KK_SWAPPED: "PD-NIK-SAMA-KK",
    e.PD_WITHOUT_ROMBEL: "PD-TANPA-ROMBEL",
    e.ROMBEL_OVER_CAPACITY: "ROMBEL-DAYA-TAMPUNG",
    e.ROMBEL_WITHOUT_WALI: "ROMBEL-TANPA-WALI",
    e.JJM_OVER_MAX: "PEMB-JJM-MAKS",
    e.GTK_NAME_TITLE: "GTK-NAMA-GELAR",
    e.NAME_WHITESPACE: "PD-NAMA-KARAKTER",
    e.IBU_EQUALS_AYAH: "PD-IBU-SAMA-AYAH",
    e.PNS_WITHOUT_NIP: "GTK-PNS-TANPA-NIP",
    e.ROMBEL_WITHOUT_RUANG: "ROMBEL-TANPA-RUANG",
    e.DUPLICATE_ROMBEL_NAME: "ROMBEL-NAMA-GANDA",
    e.PD_IN_TWO_ROMBELS: "PD-ROMBEL-GANDA",
    e.KIP_WITHOUT_NUMBER: "PD-KIP-TANPA-DATA",
    e.NILAI_OTHER_RELIGION: "NILAI-AGAMA-LAIN",
    e.REG_NAIK_KELAS: "PD-REG-JENIS-PENDAFTARAN",
    e.ANGGOTA_PINDAHAN: "ROMBEL-ANGGOTA-JENIS-PENDAFTARAN",
    e.KURIKULUM_OTHER_JENJANG: "ROMBEL-KURIKULUM",
    e.NILAI_BEFORE_ASSESSMENT: "NILAI-SEBELUM-PENILAIAN",
    e.SANITASI_RUSAK_OVER: "SEK-SANITASI-CUCI-TANGAN",
    e.RWY_LULUS_BEFORE_MASUK: "GTK-RWY-TAHUN",
}

__all__ = ["RULE_FOR_KIND"]

"""Record models, one module per tab, and the registry of record types.

RECORD_TYPES maps the stable snake_case type name (used in snapshots, sync messages and
findings) to its model; TAB_OF maps it to the tab shown on the validation screen.
"""

from __future__ import annotations

from pyapp.core.models.base import Record, new_id
from pyapp.core.models.gtk import Penugasan, Ptk, RwyPendidikanFormal, TugasTambahan
from pyapp.core.models.nilai import DeskripsiSikap, KelasEkskul, Nilai, NilaiEkskul
from pyapp.core.models.pembelajaran import Pembelajaran
from pyapp.core.models.peserta_didik import KesejahteraanPd, PeriodikPd, PesertaDidik, Registrasi
from pyapp.core.models.rombel import AnggotaRombel, Rombel
from pyapp.core.models.sarpras import Alat, AlatLongitudinal, Bangunan, BangunanLongitudinal, Ruang, RuangLongitudinal, Tanah
from pyapp.core.models.sekolah import Sanitasi, Sekolah, SekolahPeriodik

# Order: parents before children (the order a restore or a push applies them).
RECORD_TYPES: dict[str, type[Record]] = {
    "sekolah": Sekolah,
    "sekolah_periodik": SekolahPeriodik,
    "sanitasi": Sanitasi,
    "tanah": Tanah,
    "bangunan": Bangunan,
    "bangunan_longitudinal": BangunanLongitudinal,
    "ruang": Ruang,
    "ruang_longitudinal": RuangLongitudinal,
    "alat": Alat,
    "alat_longitudinal": AlatLongitudinal,
    "ptk": Ptk,
    "penugasan": Penugasan,
    "tugas_tambahan": TugasTambahan,
    "rwy_pendidikan_formal": RwyPendidikanFormal,
    "peserta_didik": PesertaDidik,
    "registrasi": Registrasi,
    "periodik_pd": PeriodikPd,
    "kesejahteraan_pd": KesejahteraanPd,
    "rombel": Rombel,
    "anggota_rombel": AnggotaRombel,
    "pembelajaran": Pembelajaran,
    "nilai": Nilai,
    "deskripsi_sikap": DeskripsiSikap,
    "kelas_ekskul": KelasEkskul,
    "nilai_ekskul": NilaiEkskul,
}

TABS: tuple[str, ...] = (
    "Sekolah",
    "Sarpras",
    "GTK",
    "Peserta Didik",
    "Rombongan Belajar",
    "Pembelajaran",
    "Nilai",
)

TAB_OF: dict[str, str] = {
    "sekolah": "Sekolah",
    "sekolah_periodik": "Sekolah",
    "sanitasi": "Sekolah",
    "tanah": "Sarpras",
    "bangunan": "Sarpras",
    "bangunan_longitudinal": "Sarpras",
    "ruang": "Sarpras",
    "ruang_longitudinal": "Sarpras",
    "alat": "Sarpras",
    "alat_longitudinal": "Sarpras",
    "ptk": "GTK",
    "penugasan": "GTK",
    "tugas_tambahan": "GTK",
    "rwy_pendidikan_formal": "GTK",
    "peserta_didik": "Peserta Didik",
    "registrasi": "Peserta Didik",
    "periodik_pd": "Peserta Didik",
    "kesejahteraan_pd": "Peserta Didik",
    "rombel": "Rombongan Belajar",
    "anggota_rombel": "Rombongan Belajar",
    "pembelajaran": "Pembelajaran",
    "nilai": "Nilai",
    "deskripsi_sikap": "Nilai",
    "kelas_ekskul": "Nilai",
    "nilai_ekskul": "Nilai",
}

TYPE_OF: dict[type[Record], str] = {cls: name for name, cls in RECORD_TYPES.items()}

# References whose record means nothing without the record it points to, as (type, field):
# deleting the target deletes these too (once the user confirms). Any other live reference (a
# rombel's wali kelas, a pembelajaran's guru, a room's building) blocks the delete instead.
OWNED_LINKS: frozenset[tuple[str, str]] = frozenset({
    ("sekolah_periodik", "sekolah_id"),
    ("penugasan", "ptk_id"),
    ("tugas_tambahan", "ptk_id"),
    ("registrasi", "peserta_didik_id"),
    ("periodik_pd", "peserta_didik_id"),
    ("kesejahteraan_pd", "peserta_didik_id"),
    ("anggota_rombel", "peserta_didik_id"),
    ("anggota_rombel", "rombel_id"),
    ("pembelajaran", "rombel_id"),
    ("nilai", "anggota_rombel_id"),
    ("nilai", "pembelajaran_id"),
    ("sanitasi", "sekolah_id"),
    ("ruang_longitudinal", "ruang_id"),
    ("bangunan_longitudinal", "bangunan_id"),
    ("alat_longitudinal", "alat_id"),
    ("rwy_pendidikan_formal", "ptk_id"),
    ("deskripsi_sikap", "anggota_rombel_id"),
    ("nilai_ekskul", "anggota_rombel_id"),
    ("nilai_ekskul", "kelas_ekskul_id"),
})

__all__ = [
    "OWNED_LINKS", "RECORD_TYPES", "TAB_OF", "TABS", "TYPE_OF", "Record", "new_id",
    "Sekolah", "SekolahPeriodik", "Tanah", "Bangunan", "Ruang", "Alat",
    "Ptk", "Penugasan", "TugasTambahan", "PesertaDidik", "Registrasi", "PeriodikPd",
    "KesejahteraanPd", "Rombel", "AnggotaRombel", "Pembelajaran", "Nilai",
    "Sanitasi", "AlatLongitudinal", "BangunanLongitudinal", "RuangLongitudinal", "RwyPendidikanFormal", "DeskripsiSikap", "KelasEkskul", "NilaiEkskul",
]

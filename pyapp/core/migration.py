"""Snapshot format migrations: an older snapshot (backup, CLI input, fixture) is brought up to
the current format before it is validated.

Version 1 (the app before the official Dapodik codes) used codes of its own in several rujukan
tables. Version 2 uses the official ids, except for jenis sarana, which version 3 puts on the
official ids (`migrate_v2`, core/migration_v2.py). `migrate` takes a document through each step
in turn (1 → 2 → 3). `migrate_v1` rewrites a version-1 document in place:

- plain code tables: each field whose model names the rujukan gets `V1_CODES[rujukan][old]`
  (codes missing from a map are the same in both versions);
- rombel `kurikulum`/`jurusan`: version 1 had one "SMK" kurikulum and a short jurusan list;
  version 2 has one kurikulum per program keahlian (kelas 10) or konsentrasi keahlian (kelas
  11–13), so the new code depends on the rombel's tingkat and jurusan;
- pembelajaran `mata_pelajaran_id`: version 1 numbered mapel per jenjang; the official id of
  "Dasar-dasar program keahlian" and "Konsentrasi keahlian" depends on the rombel's jurusan.

Where version 2 has no equal of an old code the closest official one is used; docs/rujukan.md
lists those lossy cases.

Data stored outside a snapshot (a browser's IndexedDB, the proxy's records table) carries no
version of its own until it is migrated once (engine/upgrade.py, proxy migrations 0003 and
0004). Unmarked data was written by the version-1 app unless it shows a sign only version 2
writes (`stored_version`): a rombel kurikulum or a pembelajaran mapel that version 1 never had.
Every app of version 3 keeps its store marked, so unmarked data is version 3 only when an alat
shows an official sarana id beyond the old codes.
"""

from __future__ import annotations

from typing import Any

from pyapp.core.migration_v2 import V2_CODES, apply_codes, migrate_v2

__all__ = ["migrate", "migrate_v1", "migrate_v2", "migrate_records", "stored_version", "V1_CODES",
           "V2_CODES", "CURRENT_VERSION"]

CURRENT_VERSION = 3

# rujukan name -> {version-1 code: version-2 code}
V1_CODES: dict[str, dict[Any, Any]] = {
    "alat_transportasi": {11: 12, 12: 13, 13: 14},
    "jenis_tinggal": {6: 10},
    "cita_cita": {9: 8, 10: 8},  # 8 Ilmuwan, 9 Agamawan, 10 Lainnya -> 8 Lainnya
    "status_kepegawaian": {3: 10, 4: 11, 5: 4, 6: 5, 7: 6, 10: 7},
    "jenis_ptk": {26: 30, 30: 43},
    "jabatan_tugas_tambahan": {1: 2, 2: 33, 3: 11, 4: 7, 5: 3, 6: 38, 7: 37, 8: 44},
    "bentuk_pendidikan": {6: 9, 7: 6, 8: 10, 14: 16, 16: 17, 20: 29, 21: 7, 22: 8, 23: 14, 28: 27},
    "jenis_keluar": {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "Z": 99},
    "jenis_rombel": {8: 3, 9: 51, 10: 5, 51: 2, 99: 1},
    "jenis_prasarana": {2: 10, 3: 2, 4: 8, 5: 6, 6: 16, 7: 22, 8: 23, 9: 24, 10: 31, 11: 14,
                        12: 28, 13: 30, 14: 53, 15: 21, 16: 25, 17: 63},
    "akreditasi": {"A": 1, "B": 2, "C": 3, "TT": 8, "BELUM": 9},
    "sumber_listrik": {1: 2, 2: 3, 3: 4, 4: 5, 5: 9, 6: 1, 99: 9},
    "waktu_penyelenggaraan": {99: 9},
    "kepemilikan": {4: 9, 5: 4},
    "akses_internet": {1: 98, 2: 92, 3: 91, 4: 99, 5: 94, 6: 99},
}

# version-1 jurusan -> (Merdeka program keahlian, Merdeka konsentrasi keahlian, K13 kompetensi keahlian)
V1_JURUSAN: dict[int, tuple[str, str, str]] = {
    1: ("16012", "16012425", "15052515"),  # Teknik Komputer dan Jaringan
    2: ("16010", "16010410", "15052510"),  # Rekayasa Perangkat Lunak
    3: ("35014", "35014605", "35291535"),  # Akuntansi
    4: ("35012", "35012585", "35281530"),  # Manajemen Perkantoran
    5: ("12012", "12012175", "10042270"),  # Teknik Kendaraan Ringan
    6: ("13010", "13010340", "10020205"),  # Teknik Instalasi Tenaga Listrik
    7: ("47012", "47012650", "46321590"),  # Desain Komunikasi Visual
    8: ("40416", "40416625", "40311565"),  # Tata Boga / Kuliner
    9: ("40412", "40412620", "40301555"),  # Perhotelan
    10: ("21010", "21010440", "21141365"),  # Keperawatan
}
_V1_KURIKULUM = {101: 10111, 102: 10211, 103: 10311, 201: 4, 202: 8, 203: 23}

# version-1 mapel -> official id, by the number's last two digits within its jenjang block
_V1_MAPEL_COMMON = {1: 100011070, 2: 100012050, 3: 100013010, 4: 100015010, 11: 300110000}
_V1_MAPEL: dict[int, int] = {
    1010: 200010000, 1012: 401000000, 1013: 401900000, 1014: 500010000, 1015: 700121000,
    1016: 300210000, 1017: 300311900,
    2010: 200010300, 2012: 401000000, 2013: 401100000, 2014: 401200000, 2015: 300210000,
    2016: 500010000, 2017: 700106100, 2018: 700109000, 2019: 300311900,
    3010: 200010000, 3012: 401000000, 3013: 300210000, 3014: 500010000, 3015: 401230000,
    3016: 600011000, 3020: 401121000, 3021: 401130100, 3022: 401110200, 3023: 401241000,
    3024: 401250100, 3025: 401220000, 3026: 700106100,
    4010: 200010300, 4012: 500010000, 4013: 401230000, 4014: 700121000, 4015: 401000000,
    4016: 300210000, 4017: 700106100, 4018: 401901000, 4019: 300311900, 4032: 600070200,
    4033: 401002000,
}
_V1_KEJURUAN = (4030, 4031)  # Dasar-dasar program keahlian, Konsentrasi keahlian


def migrate(raw: dict[str, Any]) -> dict[str, Any]:
    """Bring a parsed snapshot document to the current version (in place; returned)."""
    if raw.get("version") == 1:
        migrate_v1(raw)
    if raw.get("version") == 2:
        migrate_v2(raw)
    return raw


def stored_version(records: dict[str, list[dict[str, Any]]]) -> int:
    """The format of unversioned stored records: 3 when an alat has an official jenis sarana
    id that versions 1 and 2 never had (their codes were 1-15 and 99); otherwise 2 when a
    rombel kurikulum or a pembelajaran mapel is one only version 2 has, 1 when one is only
    version 1's, else 1 (the records of a school without rombel and pembelajaran were written
    before version 2 existed)."""
    for rec in records.get("alat") or []:
        code = rec.get("jenis_sarana") if isinstance(rec, dict) else None
        if isinstance(code, int) and not (1 <= code <= 15 or code == 99):
            return 3
    v1_kurikulum = {*_V1_KURIKULUM, 104, 204}
    for rec in records.get("rombel") or []:
        kur = rec.get("kurikulum") if isinstance(rec, dict) else None
        if isinstance(kur, int):
            return 1 if kur in v1_kurikulum else 2
    for rec in records.get("pembelajaran") or []:
        mapel = rec.get("mata_pelajaran_id") if isinstance(rec, dict) else None
        if isinstance(mapel, int):
            return 1 if 1000 <= mapel < 5000 else 2
    return 1


def migrate_records(records: dict[str, list[dict[str, Any]]],
                    school: dict[str, Any] | None = None, *, found: int = 1,
                    target: int = CURRENT_VERSION) -> None:
    """Records kept outside a snapshot (type -> record dicts, changed in place), and the
    snapshot-like `school` block beside them when given, from version `found` to `target`
    (a proxy migration names its own target: revision 0003 stops at 2, 0004 goes on to 3)."""
    raw: dict[str, Any] = {"version": found, "records": records}
    if school is not None:
        raw["school"] = school
    if raw["version"] == 1 and target >= 2:
        migrate_v1(raw)
    if raw["version"] == 2 and target >= 3:
        migrate_v2(raw)


def migrate_v1(raw: dict[str, Any]) -> dict[str, Any]:
    """A version-1 document to version 2, in place (returned)."""
    records = raw.get("records")
    if not isinstance(records, dict):
        raw["version"] = 2
        return raw
    apply_codes(records, V1_CODES)
    school = raw.get("school")
    if isinstance(school, dict) and school.get("bentuk_pendidikan") in V1_CODES["bentuk_pendidikan"]:
        school["bentuk_pendidikan"] = V1_CODES["bentuk_pendidikan"][school["bentuk_pendidikan"]]
    rombels: dict[str, dict[str, Any]] = {}
    for rec in records.get("rombel") or []:
        if isinstance(rec, dict):
            _rombel_v1(rec)
            if isinstance(rec.get("id"), str):
                rombels[rec["id"]] = rec
    for rec in records.get("pembelajaran") or []:
        if isinstance(rec, dict):
            rid = rec.get("rombel_id")
            _pembelajaran_v1(rec, rombels.get(rid) if isinstance(rid, str) else None)
    raw["version"] = 2
    return raw


def _smk_kurikulum(jurusan: str) -> int | None:
    from pyapp.core import rujukan

    for item in rujukan.get("kurikulum"):
        if item.get("jurusan") == jurusan:
            return int(item["code"])
    return None


def _rombel_v1(rec: dict[str, Any]) -> None:
    kur, jur, tingkat = rec.get("kurikulum"), rec.get("jurusan"), rec.get("tingkat")
    if kur in _V1_KURIKULUM:
        rec["kurikulum"] = _V1_KURIKULUM[kur]
    if jur in V1_JURUSAN:
        program, konsentrasi, k13 = V1_JURUSAN[jur]
        if kur == 204:
            new_jur = k13
        else:
            new_jur = program if tingkat == 10 else konsentrasi
        rec["jurusan"] = new_jur
        if kur in (104, 204):
            rec["kurikulum"] = _smk_kurikulum(new_jur) or kur
    elif kur in (104, 204):
        rec["kurikulum"] = None  # an SMK kurikulum without jurusan has no official equal


def _pembelajaran_v1(rec: dict[str, Any], rombel: dict[str, Any] | None) -> None:
    old = rec.get("mata_pelajaran_id")
    if not isinstance(old, int) or not 1000 <= old < 5000:
        return
    if old in _V1_KEJURUAN:
        new = _kejuruan(rombel, basic=old == 4030)
    else:
        new = _V1_MAPEL.get(old) or _V1_MAPEL_COMMON.get(old % 1000 if old % 1000 < 20 else -1)
    if new is not None:
        rec["mata_pelajaran_id"] = new


def _kejuruan(rombel: dict[str, Any] | None, basic: bool) -> int | None:
    """The official kejuruan mapel of the rombel's kurikulum: the largest-hours mapel whose
    status is 8 (kejuruan) and that is not one of the common subjects."""
    from pyapp.core import rujukan

    if rombel is None or rombel.get("kurikulum") is None:
        return None
    item = rujukan.item("kurikulum", rombel["kurikulum"])
    if not item:
        return None
    tingkat = str(rombel.get("tingkat") or (10 if basic else 11))
    rows = item.get("struktur", {}).get(tingkat, {})
    best = [(jam, int(m)) for m, (jam, status) in rows.items() if status == 8 and int(m) >= 800000000]
    return max(best)[1] if best else None

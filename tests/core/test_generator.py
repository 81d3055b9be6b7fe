from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pyapp.cli import main as cli_main
from pyapp.core import rujukan
from pyapp.core.generator import KINDS, GeneratorError, generate, needed_province
from pyapp.core.generator.names import LAKI, PEREMPUAN
from pyapp.core.generator.staff import MAX_JAM
from pyapp.core.generator.presets import PRESETS, kurikulum_rombel
from pyapp.core.generator.teaching import agama_of
from pyapp.core.models.nilai import tanggal_penilaian
from pyapp.core.rujukan.wilayah import Wilayah, export_wilayah
from pyapp.core.snapshot import Snapshot, dump_snapshot, load_snapshot

BASE = dt.date(2025, 7, 14)
CAP = {"small": 28, "medium": 32, "large": 36}
TINGKAT0 = {"small": 1, "medium": 7, "large": 10}


def _usia(lahir: dt.date) -> int:
    return BASE.year - lahir.year - ((BASE.month, BASE.day) < (lahir.month, lahir.day))


def _nik_ok(nik: str, lahir: dt.date, jk: str) -> bool:
    day = lahir.day + (40 if jk == "P" else 0)
    return nik[6:12] == f"{day:02d}{lahir.month:02d}{lahir.year % 100:02d}" and nik[12:] != "0000"


@pytest.mark.parametrize("preset", ["small", "medium", "large"])
def test_round_trip_is_lossless(school: Any, preset: str) -> None:
    snap, _ = school(preset)
    text = dump_snapshot(snap)
    again = load_snapshot(text, f"{preset}.json")
    assert again == snap
    assert dump_snapshot(again) == text


@pytest.mark.parametrize("preset,pd,gtk,rombel", [
    ("small", (115, 125), (12, 18), 6), ("medium", (580, 620), (40, 65), 21), ("large", (2900, 3100), (170, 240), 90),
])
def test_preset_sizes(school: Any, preset: str, pd: tuple[int, int], gtk: tuple[int, int], rombel: int) -> None:
    counts = school(preset)[0].counts()
    assert pd[0] <= counts["peserta_didik"] <= pd[1]
    assert gtk[0] <= counts["ptk"] <= gtk[1]
    assert counts["rombel"] == rombel
    if preset == "large":
        assert counts["nilai"] == sum(1 for _ in _nilai_expected(school(preset)[0]))


def _nilai_expected(snap: Snapshot) -> Any:
    """One nilai per member per pembelajaran, religion lessons only for the member's own agama."""
    agama = {p.id: p.agama for p in snap.records.peserta_didik}
    lessons: dict[str, list[Any]] = {}
    for p in snap.records.pembelajaran:
        lessons.setdefault(p.rombel_id, []).append(agama_of(p.mata_pelajaran_id))
    for a in snap.records.anggota_rombel:
        yield from (1 for ag in lessons.get(a.rombel_id, []) if ag is None or ag == agama[a.peserta_didik_id])


@pytest.mark.parametrize("preset", ["small", "medium", "large"])
def test_clean_school_is_consistent(school: Any, wilayah: Wilayah, preset: str) -> None:
    snap, manifest = school(preset)
    r = snap.records
    assert manifest["errors"] == []
    ptk_ids = {p.id for p in r.ptk}
    # exactly one Kepala Sekolah; every PTK has a penugasan
    assert [t.jabatan for t in r.tugas_tambahan].count(2) == 1  # official 2 Kepala Sekolah
    assert {p.ptk_id for p in r.penugasan} == ptk_ids
    # rombels: wali kelas, a classroom each, within capacity; every PD in exactly one
    kelas = {x.id for x in r.ruang if x.jenis_prasarana == 1}
    assert all(rb.ptk_id in ptk_ids and rb.ruang_id in kelas for rb in r.rombel)
    assert len({rb.ruang_id for rb in r.rombel}) == len(r.rombel)
    assert len({rb.nama for rb in r.rombel}) == len(r.rombel)
    members = Counter(a.rombel_id for a in r.anggota_rombel)
    assert max(members.values()) <= CAP[preset]
    assert Counter(a.peserta_didik_id for a in r.anggota_rombel) == Counter({p.id: 1 for p in r.peserta_didik})
    # teaching within JJM, per mapel and per teacher
    tingkat = {rb.id: rb.tingkat for rb in r.rombel}
    kurikulum = {rb.id: rb.kurikulum for rb in r.rombel}
    for p in r.pembelajaran:
        maks = rujukan.struktur(kurikulum[p.rombel_id], tingkat[p.rombel_id])[p.mata_pelajaran_id][0]
        assert p.jam_mengajar_per_minggu <= maks
        assert p.ptk_id in ptk_ids
    # every pupil has the lesson of their own religion, graded only there
    ajar = {(p.rombel_id, agama_of(p.mata_pelajaran_id)) for p in r.pembelajaran}
    pd_agama = {p.id: p.agama for p in r.peserta_didik}
    anggota = {a.id: a for a in r.anggota_rombel}
    assert all((a.rombel_id, pd_agama[a.peserta_didik_id]) in ajar for a in r.anggota_rombel)
    pemb = {p.id: p for p in r.pembelajaran}
    for n in r.nilai:
        ag = agama_of(pemb[n.pembelajaran_id].mata_pelajaran_id)
        assert ag is None or ag == pd_agama[anggota[n.anggota_rombel_id].peserta_didik_id]
    load = Counter()
    for p in r.pembelajaran:
        load[p.ptk_id] += p.jam_mengajar_per_minggu
    assert max(load.values()) <= MAX_JAM
    # people: gendered first names, NIK/KK, parents, ages, real address
    rombel_of = {a.peserta_didik_id: tingkat[a.rombel_id] for a in r.anggota_rombel}
    for pd in r.peserta_didik:
        first = pd.nama.split()[0]
        assert first in (LAKI if pd.jenis_kelamin == "L" else PEREMPUAN)
        assert pd.nik and pd.no_kk and pd.nik != pd.no_kk and _nik_ok(pd.nik, pd.tanggal_lahir, pd.jenis_kelamin)
        assert wilayah.name(f"{pd.nik[:2]}.{pd.nik[2:4]}.{pd.nik[4:6]}")
        assert pd.nama_ibu_kandung and pd.nama_ibu_kandung != pd.nama_ayah
        assert _usia(pd.tanggal_lahir) - rombel_of[pd.id] in (5, 6)
        assert wilayah.kode_pos(pd.kode_wilayah) == pd.kode_pos
        assert wilayah.name(pd.kode_wilayah) == pd.desa_kelurahan
    for ptk in r.ptk:
        assert ptk.nik and _nik_ok(ptk.nik, ptk.tanggal_lahir, ptk.jenis_kelamin)
        if ptk.status_kepegawaian == 1:
            assert ptk.nip and ptk.nip[:8] == ptk.tanggal_lahir.strftime("%Y%m%d")
    s = r.sekolah[0]
    assert wilayah.kode_pos(s.kode_wilayah) == s.kode_pos and snap.school.npsn == s.npsn
    p = PRESETS[preset]
    assert all(rb.kurikulum == kurikulum_rombel(p, rb.tingkat, rb.jurusan) for rb in r.rombel)


def test_deterministic_for_a_seed(wilayah: Wilayah, school: Any) -> None:
    for preset in ("small", "large"):
        a = dump_snapshot(school(preset)[0])
        b = dump_snapshot(generate(preset, 1, wilayah=wilayah)[0])
        assert a == b, preset
    assert dump_snapshot(generate("small", 2, wilayah=wilayah)[0]) != dump_snapshot(school("small")[0])
    assert generate("small", 1, errors=3, wilayah=wilayah)[1] == generate("small", 1, errors=3, wilayah=wilayah)[1]


def test_browser_path_gives_the_same_school(tmp_path: Path, school: Any) -> None:
    export_wilayah(tmp_path)
    prov = needed_province(1)
    docs = [json.loads((tmp_path / name).read_text()) for name in ("provinsi.json", f"desa-{prov}.json")]
    browser = Wilayah.from_export(*docs)
    assert dump_snapshot(generate("small", 1, wilayah=browser)[0]) == dump_snapshot(school("small")[0])
    with pytest.raises(GeneratorError, match="desa-"):
        generate("small", 1, wilayah=Wilayah.from_export(docs[0]))


def _check_injected(snap: Snapshot, entry: dict[str, Any]) -> None:
    r = snap.records
    rec = next(x for x in r[entry["record_type"]] if x.id == entry["record_id"])
    kind = entry["kind"]
    members = Counter(a.rombel_id for a in r.anggota_rombel)
    in_rombels = Counter(a.peserta_didik_id for a in r.anggota_rombel)
    checks = {
        "bad_nik_date": lambda: rec.nik[6:8] == "32",
        "nik_kk_swapped": lambda: rec.no_kk == rec.nik,
        "pd_without_rombel": lambda: in_rombels[rec.id] == 0,
        "rombel_over_capacity": lambda: members[rec.id] > 28,
        "rombel_without_wali": lambda: rec.ptk_id is None,
        "jjm_over_max": lambda: rec.jam_mengajar_per_minggu > 0 and rec.jam_mengajar_per_minggu
        > next(rujukan.struktur(rb.kurikulum, rb.tingkat)[rec.mata_pelajaran_id][0]
               for rb in r.rombel if rb.id == rec.rombel_id),
        "gtk_name_title": lambda: "," in rec.nama or "." in rec.nama,
        "name_whitespace": lambda: "\t" in rec.nama or "\n" in rec.nama,
        "ibu_equals_ayah": lambda: rec.nama_ibu_kandung == rec.nama_ayah,
        "pns_without_nip": lambda: rec.status_kepegawaian == 1 and rec.nip is None,
        "rombel_without_ruang": lambda: rec.ruang_id is None,
        "duplicate_rombel_name": lambda: sum(rb.nama == rec.nama for rb in r.rombel) >= 2,
        "pd_in_two_rombels": lambda: in_rombels[rec.id] == 2,
        "nilai_other_religion": lambda: agama_of(next(p.mata_pelajaran_id for p in r.pembelajaran
                                                      if p.id == rec.pembelajaran_id))
        != next(pd.agama for a in r.anggota_rombel if a.id == rec.anggota_rombel_id
                for pd in r.peserta_didik if pd.id == a.peserta_didik_id),
        "reg_naik_kelas": lambda: rec.jenis_pendaftaran == 3,
        "anggota_pindahan": lambda: rec.jenis_pendaftaran_rombel == 2,
        "kurikulum_other_jenjang": lambda: rujukan.item("kurikulum", rec.kurikulum)["jenjang"] != "SD",
        "kip_without_number": lambda: rec.penerima_kip and not any(
            k.peserta_didik_id == rec.id and k.jenis_kesejahteraan == 1 for k in r.kesejahteraan_pd),
        "nilai_before_assessment": lambda: rec.updated_at.date() < tanggal_penilaian("20251"),
        "sanitasi_rusak_over": lambda: rec.tempat_cuci_tangan_rusak > rec.tempat_cuci_tangan,
        "rwy_lulus_before_masuk": lambda: rec.tahun_lulus < rec.tahun_masuk,
    }
    assert checks[kind](), entry


def test_injected_errors_are_real_and_listed(school: Any) -> None:
    snap, manifest = school("small", 1, 2 * len(KINDS))
    kinds = Counter(e["kind"] for e in manifest["errors"])
    assert kinds == Counter({k: 2 for k in KINDS})
    for entry in manifest["errors"]:
        _check_injected(snap, entry)
    # still a valid snapshot (rule violations, not model violations)
    assert load_snapshot(dump_snapshot(snap)) == snap


def test_cli_writes_snapshot_and_manifest(tmp_path: Path) -> None:
    out = tmp_path / "school.json"
    assert cli_main(["demo", "--preset", "small", "--seed", "5", "--errors", "3", "-o", str(out)]) == 0
    snap = load_snapshot(out.read_bytes(), "school.json")
    manifest = json.loads((tmp_path / "school.manifest.json").read_text())
    assert [e["kind"] for e in manifest["errors"]] == list(KINDS[:3])
    assert {e["record_id"] for e in manifest["errors"]} <= {rec.id for _, rec in snap.iter_records()}
    assert cli_main(["demo", "--preset", "small", "--seed", "5", "-o", str(tmp_path / "b.json")]) == 0
    assert not (tmp_path / "b.manifest.json").exists()


def test_bad_arguments(wilayah: Wilayah) -> None:
    with pytest.raises(GeneratorError):
        generate("huge", 1, wilayah=wilayah)
    with pytest.raises(GeneratorError):
        generate("small", 1, errors=-1, wilayah=wilayah)


@pytest.mark.parametrize("preset", ["small", "sma", "large"])
def test_employment_and_programme_fields(school: Any, preset: str) -> None:
    """Fields other programmes ask for are filled like a real school's: PNS with CPNS/PNS dates
    and rank, appointed and paid by the right government level, no GTY/PTY in a negeri school;
    pembelajaran point at the teacher's penugasan; KIP holders have their number."""
    snap, _ = school(preset)
    r = snap.records
    pemda = 2 if PRESETS[preset].jenjang in ("SMA", "SMK", "SLB") else 3
    for p in r.ptk:
        assert p.status_kepegawaian != 4 and p.status_keaktifan == 1
        if p.status_kepegawaian == 1:
            assert p.sk_cpns and p.tgl_cpns and p.tmt_pns and p.pangkat_golongan
            assert p.tmt_pns.year == p.tgl_cpns.year + 1
        if p.status_kepegawaian in (1, 11):
            assert p.lembaga_pengangkat == p.sumber_gaji == pemda
        else:
            assert p.lembaga_pengangkat == 5 and p.sumber_gaji == 5
    pen = {x.id: x for x in r.penugasan}
    for p in r.pembelajaran:
        assert pen[p.penugasan_id].ptk_id == p.ptk_id
    assert all(x.jenis_ptk is not None and x.jabatan_ptk in (1, 2, 6) for x in r.penugasan)
    kip = [pd for pd in r.peserta_didik if pd.penerima_kip]
    assert kip and all(pd.no_kip and pd.nm_kip == pd.nama and pd.rekening_bank for pd in kip)
    assert all(pd.reg_akta_lahir for pd in r.peserta_didik)
    s = r.sekolah[0]
    assert ("Kep-Gub" in s.sk_pendirian) == (pemda == 2)


def test_sample_pupils_look_real(school: Any, wilayah: Wilayah) -> None:
    """Growth by age and sex near the WHO 2007 reference; transport, distance and travel time
    that agree; names that fit religion and region (Balinese names Hindu, Batak marga from
    the father, Christian given names on Christians)."""
    from pyapp.core.generator.names import _KRISTEN_L, _KRISTEN_P, MARGA
    from pyapp.core.generator.periodik import _TINGGI, _at

    bali = generate("small", 5, wilayah=wilayah)[0]  # seed 5 places the school in Bali (51)
    assert needed_province(5) == "51"
    for snap in (school("medium")[0], school("small")[0], bali):
        r = snap.records
        pd = {p.id: p for p in r.peserta_didik}
        for x in r.periodik_pd:
            p = pd[x.peserta_didik_id]
            bulan = (2025 - p.tanggal_lahir.year) * 12 + 7 - p.tanggal_lahir.month
            m, sd = _at(_TINGGI[p.jenis_kelamin], bulan)
            assert abs(x.tinggi_badan - m) <= 3 * sd, (x.tinggi_badan, m)
            assert 10 <= x.berat_badan / (x.tinggi_badan / 100) ** 2 <= 35
            kmh = x.jarak_rumah_km / (x.waktu_tempuh_menit / 60)
            assert kmh <= (6 if p.alat_transportasi == 1 else 45), (p.alat_transportasi, x.jarak_rumah_km, x.waktu_tempuh_menit)
            if p.alat_transportasi == 1:
                assert x.jarak_rumah_km <= 2
        for p in r.peserta_didik:
            first, last = p.nama.split()[0], p.nama.split()[-1]
            if first in ("I", "Ni"):
                assert p.agama == 4 and (first == "I") == (p.jenis_kelamin == "L")
            if first in _KRISTEN_L or first in _KRISTEN_P:
                assert p.agama in (2, 3), p.nama
            if p.nama_ayah.split()[-1] in MARGA:
                assert last == p.nama_ayah.split()[-1] != p.nama_ibu_kandung.split()[-1]
    agama = Counter(p.agama for p in bali.records.peserta_didik)
    assert agama[4] > len(bali.records.peserta_didik) / 2
    by_age: dict[tuple[str, int], list[int]] = {}
    medium = school("medium")[0].records
    pd = {p.id: p for p in medium.peserta_didik}
    for x in medium.periodik_pd:
        p = pd[x.peserta_didik_id]
        by_age.setdefault((p.jenis_kelamin, 2025 - p.tanggal_lahir.year), []).append(x.tinggi_badan)
    for (jk, usia), hs in by_age.items():
        if len(hs) >= 30:
            m, sd = _at(_TINGGI[jk], usia * 12)
            assert abs(sum(hs) / len(hs) - m) < sd, (jk, usia)

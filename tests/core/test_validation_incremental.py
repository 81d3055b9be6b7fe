"""IncrementalValidator equals a full validate after every single-record edit and after every
batch of edits applied at once (property tests on the small preset: realistic field changes,
soft deletes and restores), and after each listed edit of each type (a deterministic sweep).

Deterministic: the examples are derived from the tests themselves (derandomize), so every run
checks the same edit sequences and a failure reproduces as is."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyapp.core.models import RECORD_TYPES, Record
from pyapp.core.snapshot import Snapshot
from pyapp.core.validation import IncrementalValidator, validate


_EARLY = dt.datetime(2025, 11, 30, 16, 59, 59, tzinfo=dt.timezone.utc)  # before the 20251 assessment


def _other(state: dict[str, dict[str, Record]], rtype: str, draw: Any) -> Any:
    ids = sorted(state[rtype])
    return state[rtype][draw(st.sampled_from(ids))] if ids else None


def _mutations(rtype: str, rec: Any, state: dict[str, dict[str, Record]], draw: Any) -> dict[str, Any]:
    """One realistic change to `rec`, drawn from `_edits`."""
    return draw(st.sampled_from(_edits(rtype, rec, state, draw)))


def _edits(rtype: str, rec: Any, state: dict[str, dict[str, Record]], draw: Any) -> list[dict[str, Any]]:
    """Realistic changes to `rec` (a few per type; each may create or fix a finding)."""
    o = _other(state, rtype, draw)
    table: dict[str, Any] = {
        "peserta_didik": lambda: [
            {"nik": rec.nik[:6] + "32" + rec.nik[8:]} if rec.nik else {"nik": None},
            {"no_kk": rec.nik}, {"nik": None}, {"nama_ibu_kandung": rec.nama_ayah}, {"nama_ibu_kandung": None},
            {"penerima_kip": not rec.penerima_kip}, {"jenis_kelamin": "L" if rec.jenis_kelamin == "P" else "P"},
            {"tanggal_lahir": dt.date(2021, 1, 5)}, {"nisn": o.nisn if o else None}, {"hobi": None},
            {"nama": "Budi\tSantoso"}, {"nik": o.nik if o else None}, {"agama": 4}, {"agama": 2},
            {"tanggal_lahir": dt.date(2024, 1, 5)},
        ],
        "anggota_rombel": lambda: ([{"rombel_id": draw(st.sampled_from(sorted(state["rombel"])))}] if state["rombel"] else [{}])
        + [{"jenis_pendaftaran_rombel": 2}],
        "rombel": lambda: [
            {"ptk_id": None}, {"ptk_id": o.ptk_id if o else None}, {"ruang_id": None},
            {"nama": o.nama if o else "X"}, {"tingkat": 3}, {"semester_id": "20242"}, {"jenis_rombel": 9},
            {"kurikulum": 10211}, {"jurusan": "16010"}, {"ruang_id": _other(state, "ruang", draw).id if state["ruang"] else None},
        ],
        "pembelajaran": lambda: [
            {"jam_mengajar_per_minggu": (rec.jam_mengajar_per_minggu or 0) + 3}, {"kkm": None}, {"kkm": 95},
            {"ptk_id": _other(state, "ptk", draw).id if state["ptk"] else None}, {"rombel_id": o.rombel_id if o else rec.rombel_id},
            {"mata_pelajaran_id": 100012050}, {"mata_pelajaran_id": 100015010},
        ],
        "ptk": lambda: [
            {"nama": rec.nama + ", S.Pd."}, {"status_kepegawaian": 1, "nip": None}, {"nik": o.nik if o else None},
            {"jenis_ptk": 11}, {"nuptk": o.nuptk if o else None}, {"status_kepegawaian": 4}, {"tmt_pns": None},
            {"tanggal_lahir": dt.date(2009, 1, 2)}, {"tmt_pengangkatan": dt.date(2026, 1, 1)},
            {"pendidikan_terakhir": 40},
        ],
        "penugasan": lambda: [{"tahun_ajaran_id": "2024"}, {"sekolah_induk": False}, {"tanggal_keluar": dt.date(2025, 1, 2)},
                              {"tmt_tugas": dt.date(2026, 1, 1)}],
        "tugas_tambahan": lambda: [{"jabatan": 2}, {"jabatan": 3}, {"tst_tambahan": dt.date(2024, 1, 1)},
                           {"ptk_id": _other(state, "ptk", draw).id if state["ptk"] else rec.ptk_id}],
        "nilai": lambda: [{"predikat": "D"}, {"nilai_akhir": None}, {"pembelajaran_id": o.pembelajaran_id if o else rec.pembelajaran_id},
                  {"anggota_rombel_id": o.anggota_rombel_id if o else rec.anggota_rombel_id}, {"deskripsi": None},
                  {"updated_at": _EARLY}],
        "sekolah": lambda: [{"bentuk_pendidikan": 7}, {"status_sekolah": 2}, {"kode_wilayah": None},
                            {"tanggal_sk_izin_operasional": dt.date(1970, 1, 1)}],
        "registrasi": lambda: [{"jenis_keluar": 2, "tanggal_keluar": dt.date(2025, 1, 2)}, {"jenis_pendaftaran": None},
                               {"jenis_pendaftaran": 3}, {"tanggal_masuk": dt.date(2017, 1, 2)},
                               {"jenis_keluar": 1, "tanggal_keluar": dt.date(2025, 9, 1)}],
        "kesejahteraan_pd": lambda: [{"jenis_kesejahteraan": 3}, {"peserta_didik_id": o.peserta_didik_id if o else rec.peserta_didik_id}],
        "ruang": lambda: [{"kapasitas": 5}, {"lantai": 3}, {"jenis_prasarana": 12}],
        "periodik_pd": lambda: [{"semester_id": "20242"}],
        "bangunan": lambda: [{"jumlah_lantai": 1}, {"kerusakan_atap": None}],
        "alat": lambda: [{"jumlah_laik": (rec.jumlah or 0) + 1}, {"jenis_sarana": 13}],
        "tanah": lambda: [{"luas": 0}],
        "sekolah_periodik": lambda: [{"semester_id": "20242"}],
        "sanitasi": lambda: [{"semester_id": "20242"}, {"tempat_cuci_tangan_rusak": 9},
                             {"jml_jamban_l_g": 0, "jml_jamban_p_g": 0, "jml_jamban_lp_g": 0}],
        "alat_longitudinal": lambda: [{"jumlah_laik": (rec.jumlah or 0) + 1}, {"semester_id": "20242"},
                                      {"alat_id": o.alat_id if o else rec.alat_id}],
        "bangunan_longitudinal": lambda: [{"semester_id": "20242"}, {"rusak_pondasi": 40.0},
                                          {"bangunan_id": o.bangunan_id if o else rec.bangunan_id}],
        "ruang_longitudinal": lambda: [{"berfungsi": False}, {"semester_id": "20242"},
                                       {"ruang_id": o.ruang_id if o else rec.ruang_id}],
        "rwy_pendidikan_formal": lambda: [{"jenjang_pendidikan_id": 35}, {"jenjang_pendidikan_id": 40},
                                          {"tahun_lulus": 1950}, {"ptk_id": _other(state, "ptk", draw).id}],
        "kelas_ekskul": lambda: [{"semester_id": "20242"}, {"ptk_id": None},
                                 {"ptk_id": _other(state, "ptk", draw).id}],
        "deskripsi_sikap": lambda: [{"predikat_sosial": None}, {"updated_at": _EARLY},
                                    {"anggota_rombel_id": o.anggota_rombel_id if o else rec.anggota_rombel_id}],
        "nilai_ekskul": lambda: [{"nilai_huruf": None}, {"updated_at": _EARLY},
                                 {"anggota_rombel_id": o.anggota_rombel_id if o else rec.anggota_rombel_id},
                                 {"kelas_ekskul_id": o.kelas_ekskul_id if o else rec.kelas_ekskul_id}],
    }
    return list(table[rtype]())


def _snapshot(base: Snapshot, state: dict[str, dict[str, Record]]) -> Snapshot:
    records = base.records.model_copy(update={t: list(state[t].values()) for t in RECORD_TYPES})
    return base.model_copy(update={"records": records})


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.parametrize("preset", ["small", "sd-k13"])  # sd-k13: sikap (Kurikulum 2013 only)
def test_incremental_equals_full(school: Any, data: Any, preset: str) -> None:
    base, _ = school(preset, 1, 6)
    state = {t: {r.id: r for r in base.records[t]} for t in RECORD_TYPES}
    v = IncrementalValidator(base)
    assert v.report() == validate(base)
    draw = data.draw
    types = [t for t in RECORD_TYPES if state[t]]
    for _ in range(draw(st.integers(1, 6))):
        rtype = draw(st.sampled_from(types))
        rec = state[rtype][draw(st.sampled_from(sorted(state[rtype])))]
        action = draw(st.sampled_from(["edit", "edit", "delete", "restore"]))
        if action == "edit" and not rec.deleted:
            new = rec.model_copy(update=_mutations(rtype, rec, state, draw))
        elif action == "delete":
            new = rec.model_copy(update={"deleted": True})
        else:
            new = rec.model_copy(update={"deleted": False})
        state[rtype][rec.id] = new
        if draw(st.booleans()):
            got = v.apply(rtype, new)
        else:
            got = v.apply(rtype, new.model_dump(), deleted=new.deleted)
        want = validate(_snapshot(base, state))
        assert got == want, (rtype, action, [f for f in got.findings if f not in want.findings][:3],
                             [f for f in want.findings if f not in got.findings][:3])


def _last(strategy: Any) -> Any:
    """A draw for the sweep below: the last of a sampled_from's elements (so "another record"
    is not the edited one, which is the first)."""
    return list(strategy.elements)[-1]


def test_every_listed_edit_of_every_type_equals_a_full_run(school: Any) -> None:
    """Deterministic sweep: each realistic edit above, applied alone to a record of its type
    and then undone, keeps the incremental report equal to a full run, so every rule's
    `affects` is exercised for every type it reads."""
    base, _ = school("small", 1, 6)
    state = {t: {r.id: r for r in base.records[t]} for t in RECORD_TYPES}
    v = IncrementalValidator(base)
    for rtype in RECORD_TYPES:
        if not state[rtype]:
            continue
        rec = state[rtype][sorted(state[rtype])[0]]
        for fields in _edits(rtype, rec, state, _last):
            state[rtype][rec.id] = rec.model_copy(update=fields)
            assert v.apply(rtype, state[rtype][rec.id]) == validate(_snapshot(base, state)), (rtype, fields)
            state[rtype][rec.id] = rec
            assert v.apply(rtype, rec) == validate(_snapshot(base, state)), (rtype, "undo", fields)
        # a new record (nothing refers to it yet), then its soft delete
        new = rec.model_copy(update={"id": "00000000-0000-4000-8000-" + f"{len(rtype):012d}"})
        state[rtype][new.id] = new
        assert v.apply(rtype, new) == validate(_snapshot(base, state)), (rtype, "new")
        state[rtype][new.id] = new.model_copy(update={"deleted": True})
        assert v.apply(rtype, state[rtype][new.id]) == validate(_snapshot(base, state)), (rtype, "gone")


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_batches_equal_full(school: Any, data: Any) -> None:
    """apply_many (what the proxy runs for one push): several records of several types at
    once, some of them depending on each other, then a full run on the result."""
    base, _ = school("small", 1, 6)
    state = {t: {r.id: r for r in base.records[t]} for t in RECORD_TYPES}
    v = IncrementalValidator(base)
    draw = data.draw
    types = [t for t in RECORD_TYPES if state[t]]
    for _ in range(draw(st.integers(1, 3))):
        batch = []
        for _ in range(draw(st.integers(1, 8))):
            rtype = draw(st.sampled_from(types))
            rec = state[rtype][draw(st.sampled_from(sorted(state[rtype])))]
            action = draw(st.sampled_from(["edit", "edit", "delete", "restore"]))
            if action == "edit" and not rec.deleted:
                new = rec.model_copy(update=_mutations(rtype, rec, state, draw))
            else:
                new = rec.model_copy(update={"deleted": action == "delete"})
            state[rtype][rec.id] = new
            batch.append((rtype, new))
        v.apply_many(batch)
        want = validate(_snapshot(base, state))
        assert v.report() == want
        assert v.findings("invalid") == [f for f in want.findings if f.severity == "invalid"]


def test_apply_unknown_type_is_an_error(school: Any) -> None:
    import pytest

    v = IncrementalValidator(school("small")[0])
    with pytest.raises(ValueError, match="tidak dikenal"):
        v.apply("murid", {})


def test_a_deferred_validator_run_step_by_step_equals_a_full_run(school: Any) -> None:
    """`defer=True` + `steps()` (the worker yields between rules at a deferred open) ends
    with the full run's report; an edit made before the last step runs the rest first."""
    from pyapp.core.validation.engine import default_registry

    base, _ = school("small", 1, 6)
    full = validate(base)
    v = IncrementalValidator(base, defer=True)
    left = list(v.steps())
    assert left == list(range(len(default_registry()) - 1, -1, -1))
    assert v.report() == full and list(v.steps()) == []
    half = IncrementalValidator(base, defer=True)
    steps = half.steps()
    next(steps)
    pd = base.records["peserta_didik"][0]
    edited = pd.model_copy(update={"deleted": True})
    got = half.apply("peserta_didik", edited)
    state = {t: {r.id: r for r in base.records[t]} for t in RECORD_TYPES}
    state["peserta_didik"][pd.id] = edited
    assert got == validate(_snapshot(base, state))


def test_a_deferred_validator_builds_only_the_indexes_its_rules_read(school: Any) -> None:
    """The indexes only edits read are left to `prepare_edits()` (or to the first edit that
    reads one, built then from the records as they are); either way the reports after edits
    equal full runs."""
    from pyapp.core.validation._index import INDEXES

    base, _ = school("small", 1, 6)
    state = {t: {r.id: r for r in base.records[t]} for t in RECORD_TYPES}
    for prepared in (False, True):
        v = IncrementalValidator(base, defer=True)
        assert v.report() == validate(base)
        built = set(dict.keys(v.index.by))
        assert "nilai_by_anggota" not in built and built < set(INDEXES)
        if prepared:
            v.prepare_edits()
            assert set(dict.keys(v.index.by)) == set(INDEXES)
        edited = dict(state)
        # an anggota leaves its rombel, and one of its nilai goes: rules then read the
        # nilai by anggota (built lazily when not prepared)
        nilai = next(iter(state["nilai"].values()))
        anggota = state["anggota_rombel"][nilai.anggota_rombel_id]
        gone_a = anggota.model_copy(update={"deleted": True})
        gone_n = nilai.model_copy(update={"deleted": True})
        edited["anggota_rombel"] = {**state["anggota_rombel"], anggota.id: gone_a}
        assert v.apply("anggota_rombel", gone_a) == validate(_snapshot(base, edited))
        edited["nilai"] = {**state["nilai"], nilai.id: gone_n}
        assert v.apply("nilai", gone_n) == validate(_snapshot(base, edited))

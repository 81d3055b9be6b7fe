"""Sample schools placed in their region: coordinates inside the school's kabupaten/kota (so
SEK-KOORDINAT has nothing to say), and parents' jobs and incomes that follow the region
(pyapp/core/generator/school.py, ekonomi.py)."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from typing import Any

import pytest

from pyapp.core.generator.ekonomi import pekerjaan_orang_tua, penghasilan, setting
from pyapp.core.generator.school import SEBARAN, kabupaten_koordinat
from pyapp.core.rujukan.wilayah import Wilayah
from pyapp.core.validation import validate


def test_every_kabupaten_has_a_centre_inside_its_province(wilayah: Wilayah) -> None:
    points = kabupaten_koordinat()
    kabupaten = {c for c in wilayah.base if len(c) == 5}
    assert set(points) == kabupaten
    by_prov: dict[str, list[tuple[float, float]]] = {}
    for code, p in points.items():
        by_prov.setdefault(code[:2], []).append(p)
    for code, (lat, lng) in points.items():
        mid_lat = statistics.median(p[0] for p in by_prov[code[:2]])
        mid_lng = statistics.median(p[1] for p in by_prov[code[:2]])
        # Maluku and Papua spread widest (Kepulauan Aru to Maluku Barat Daya: ~8 degrees)
        assert abs(lat - mid_lat) < 4.5 and abs(lng - mid_lng) < 6.5, (code, wilayah.name(code))
        assert -11.5 <= lat <= 6.5 and 94.5 <= lng <= 141.5


@pytest.mark.parametrize(("preset", "seed"), [("small", 1), ("medium", 2), ("sma", 7),
                                              ("smk-k13", 3), ("slb", 4)])
def test_sample_school_lies_in_its_kabupaten(school: Any, wilayah: Wilayah, preset: str, seed: int) -> None:
    snap, _ = school(preset, seed)
    s = snap.records["sekolah"][0]
    kab = s.kode_wilayah[:5]
    lat, lng = kabupaten_koordinat()[kab]
    r = SEBARAN["kota" if (wilayah.name(kab) or "").startswith("Kota") else "kabupaten"]
    assert s.lintang is not None and s.bujur is not None
    assert abs(s.lintang - lat) <= r and abs(s.bujur - lng) <= r
    assert not [f for f in validate(snap).findings if f.rule_id == "SEK-KOORDINAT"]


def test_setting_from_the_desa_code() -> None:
    assert setting("32.04.05.2001", "Kabupaten Bandung") == "desa"
    assert setting("32.04.05.1001", "Kabupaten Bandung") == "kota"  # a kelurahan
    assert setting("32.73.01.1001", "Kota Bandung") == "kota"


def _jobs(where: str, prov: str, jk: str = "L", n: int = 4000) -> Counter[int]:
    rng = random.Random(1)
    return Counter(pekerjaan_orang_tua(rng, jk, where, prov) for _ in range(n))


def test_jobs_follow_rural_or_urban_and_the_coast() -> None:
    desa, kota = _jobs("desa", "33"), _jobs("kota", "33")
    assert desa[3] > 3 * kota[3]  # Petani
    assert kota[6] > 2 * desa[6]  # Karyawan Swasta
    assert desa.most_common(1)[0][0] == 3 and kota.most_common(1)[0][0] == 6
    assert _jobs("desa", "81")[2] > 2.5 * desa[2]  # Nelayan in Maluku's villages
    ibu = _jobs("desa", "33", "P")
    assert ibu.most_common(1)[0][0] == 1  # most mothers: Tidak bekerja


def test_income_follows_job_and_province() -> None:
    rng = random.Random(2)

    def mean(job: int, prov: str) -> float:
        return statistics.mean(penghasilan(rng, job, prov) for _ in range(3000))

    assert penghasilan(rng, 1, "31") == 99
    assert mean(5, "33") > mean(3, "33") + 1  # PNS above Petani
    assert mean(6, "31") > mean(6, "32") > mean(6, "33")  # DKI above Jabar above Jateng
    assert all(11 <= penghasilan(rng, j, p) <= 16 for j in range(2, 15) for p in ("31", "35"))


def test_sample_pupils_parents_follow_the_school_s_setting(school: Any) -> None:
    snap, _ = school("medium", 2)
    s = snap.records["sekolah"][0]
    assert s.kode_wilayah.rsplit(".", 1)[1].startswith("2")  # a desa: rural
    ayah = Counter(p.pekerjaan_ayah for p in snap.records["peserta_didik"])
    assert ayah.most_common(1)[0][0] == 3  # Petani
    tanpa = [p for p in snap.records["peserta_didik"] if p.pekerjaan_ibu == 1]
    assert tanpa and all(p.penghasilan_ibu == 99 for p in tanpa)


def test_sample_addresses_carry_dapodik_s_kode_wilayah(school: Any, wilayah: Wilayah) -> None:
    snap, _ = school("small", 1)
    s = snap.records["sekolah"][0]
    assert s.kode_wilayah_kemendikbud == wilayah.kode_kemendikbud(s.kode_wilayah)
    pds = snap.records["peserta_didik"]
    assert all(p.kode_wilayah_kemendikbud == wilayah.kode_kemendikbud(p.kode_wilayah) for p in pds)
    assert sum(p.kode_wilayah_kemendikbud is not None for p in pds) > len(pds) // 2


def test_kemendikbud_codes_nest_like_the_kemendagri_ones(wilayah: Wilayah) -> None:
    """A desa's Dapodik code starts with its kecamatan's, a kecamatan's lies in its
    kabupaten's province block (first two digits), where both are known."""
    codes = wilayah.kemendikbud
    assert len([c for c in codes if len(c) == 13]) > 65_000 and wilayah.kode_kemendikbud("31") == "010000"
    nested = [c for c in codes if len(c) == 13 and c[:8] in codes]
    agree = sum(codes[c].startswith(codes[c[:8]]) for c in nested)
    assert agree / len(nested) > 0.97
    assert all(codes[c][:2] == codes[c[:5]][:2] for c in codes if len(c) == 8 and c[:5] in codes)

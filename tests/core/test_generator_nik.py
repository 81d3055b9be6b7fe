"""Generated NIKs agree with an independent parser (lokal-id's parse_nik) on 10,000+ people:
birth date, gender and region."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lokal.nik import parse_nik
from lokal.wilayah import wilayah_name

REF = dt.date(2025, 7, 14)


def _people(snap: Any) -> list[tuple[str, str, str | int]]:
    """(nik, gender, birth date ISO or birth year) for every person with a NIK."""
    out: list[tuple[str, str, str | int]] = []
    for p in snap.records.peserta_didik:
        out.append((p.nik, p.jenis_kelamin, p.tanggal_lahir.isoformat()))
        out.append((p.nik_ayah, "L", p.tahun_lahir_ayah))
        out.append((p.nik_ibu, "P", p.tahun_lahir_ibu))
    for p in snap.records.ptk:
        out.append((p.nik, p.jenis_kelamin, p.tanggal_lahir.isoformat()))
    return out


def test_generated_niks_agree_with_lokal_parse_nik(school: Any) -> None:
    people = _people(school("large")[0]) + _people(school("medium")[0])
    assert len(people) >= 10_000
    for nik, jk, lahir in people:
        info = parse_nik(nik, lookup_wilayah=wilayah_name, reference_date=REF)
        assert info.valid and not info.warnings, (nik, info.errors, info.warnings)
        assert info.gender == jk, nik
        if isinstance(lahir, int):
            assert info.birth_date and int(info.birth_date[:4]) == lahir, nik
        else:
            assert info.birth_date == lahir, nik
        assert info.district, nik

"""Dates between records (rules/tanggal.py) on whole schools: a clean generated school has no
date finding; the mistakes an operator makes are each found, on the record and field that is
wrong, in both semesters of a school year."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pyapp.core.snapshot import Snapshot
from pyapp.core.validation import REGISTRY, validate
from pyapp.core.validation.rules import tanggal

DATE_RULES = {r.id for r in REGISTRY if r.check.__module__ == tanggal.__name__}


def test_the_date_rules_are_registered() -> None:
    assert DATE_RULES == {"PD-TANGGAL-MASUK", "PD-TANGGAL-KELUAR", "PD-TANGGAL-LULUS", "GTK-TANGGAL-TMT",
                          "GTK-TANGGAL-PENUGASAN", "GTK-TANGGAL-TUGAS-TAMBAHAN", "PEMB-TANGGAL-SK",
                          "SEK-TANGGAL-SK"}


@pytest.mark.parametrize(("semester", "end"), [("20251", dt.date(2025, 12, 31)),
                                                ("20252", dt.date(2026, 6, 30)),
                                                ("20241", dt.date(2024, 12, 31))])
def test_semester_end(semester: str, end: dt.date) -> None:
    class Ix:
        semester_id = semester
        tahun_ajaran_id = semester[:4]

    assert tanggal.semester_end(Ix()) == end


@pytest.mark.parametrize(("born", "years", "day"), [
    (dt.date(1985, 3, 12), 18, dt.date(2003, 3, 12)),
    (dt.date(2000, 2, 29), 18, dt.date(2018, 3, 1)),   # no 29 February in 2018
    (dt.date(2000, 2, 29), 20, dt.date(2020, 2, 29)),  # 2020 has one
    (dt.date(1999, 12, 31), 1, dt.date(2000, 12, 31)),
])
def test_birthday(born: dt.date, years: int, day: dt.date) -> None:
    assert tanggal.birthday(born, years) == day


def _edit(snap: Snapshot, rtype: str, i: int, **fields: Any) -> tuple[Snapshot, str]:
    recs = list(snap.records[rtype])
    recs[i] = recs[i].model_copy(update=fields)
    records = snap.records.model_copy(update={rtype: recs})
    return snap.model_copy(update={"records": records}), recs[i].id


def _with_semester(snap: Snapshot, semester: str) -> Snapshot:
    return snap.model_copy(update={"school": snap.school.model_copy(update={"semester_id": semester})})


def _date_findings(snap: Snapshot) -> set[tuple[str, str, str | None]]:
    return {(f.rule_id, f.record_id, f.field) for f in validate(snap).findings if f.rule_id in DATE_RULES}


@pytest.mark.parametrize("preset", ["small", "medium"])
def test_a_clean_school_has_no_date_finding(school: Any, preset: str) -> None:
    snap, _ = school(preset)
    assert _date_findings(snap) == set()
    assert _date_findings(_with_semester(snap, "20252")) == set()


def _pd_born(snap: Snapshot, reg_index: int) -> dt.date:
    reg = snap.records["registrasi"][reg_index]
    return next(p.tanggal_lahir for p in snap.records["peserta_didik"] if p.id == reg.peserta_didik_id)


MISTAKES = [
    # (what, record type, index, fields or a function of the snapshot, rule, field)
    ("entry date = birth date", "registrasi", 0, lambda s: {"tanggal_masuk": _pd_born(s, 0)},
     "PD-TANGGAL-MASUK", "tanggal_masuk"),
    ("entry year typed as 2052", "registrasi", 1, {"tanggal_masuk": dt.date(2052, 7, 14)},
     "PD-TANGGAL-MASUK", "tanggal_masuk"),
    ("left in the future", "registrasi", 2, {"jenis_keluar": 2, "tanggal_keluar": dt.date(2027, 1, 4)},
     "PD-TANGGAL-KELUAR", "tanggal_keluar"),
    ("graduated in October", "registrasi", 3, {"jenis_keluar": 1, "tanggal_keluar": dt.date(2024, 10, 1)},
     "PD-TANGGAL-LULUS", "tanggal_keluar"),
    ("TMT = birth date", "ptk", 0, lambda s: {"tmt_pengangkatan": s.records["ptk"][0].tanggal_lahir},
     "GTK-TANGGAL-TMT", "tmt_pengangkatan"),
    ("penugasan left before its TMT", "penugasan", 0, {"tanggal_keluar": dt.date(2025, 7, 1)},
     "GTK-TANGGAL-PENUGASAN", "tanggal_keluar"),
    ("tugas tambahan ends before it starts", "tugas_tambahan", 0, {"tst_tambahan": dt.date(2020, 1, 1)},
     "GTK-TANGGAL-TUGAS-TAMBAHAN", "tst_tambahan"),
    ("SK mengajar dated next year", "pembelajaran", 0, {"tanggal_sk_mengajar": dt.date(2026, 7, 7)},
     "PEMB-TANGGAL-SK", "tanggal_sk_mengajar"),
    ("izin operasional before the school was founded", "sekolah", 0,
     lambda s: {"tanggal_sk_izin_operasional": s.records["sekolah"][0].tanggal_sk_pendirian - dt.timedelta(days=1)},
     "SEK-TANGGAL-SK", "tanggal_sk_izin_operasional"),
]


@pytest.mark.parametrize(("what", "rtype", "i", "fields", "rule_id", "field"), MISTAKES,
                         ids=[m[0] for m in MISTAKES])
def test_each_date_mistake_is_found_on_its_record(school: Any, what: str, rtype: str, i: int, fields: Any,
                                                  rule_id: str, field: str) -> None:
    snap, _ = school("small")
    bad, rid = _edit(snap, rtype, i, **(fields(snap) if callable(fields) else fields))
    assert _date_findings(bad) == {(rule_id, rid, field)}, what


def test_the_semester_end_moves_with_the_semester(school: Any) -> None:
    """An SK mengajar dated 1 February 2026 is after semester 20251 and inside 20252."""
    snap, _ = school("small")
    bad, rid = _edit(snap, "pembelajaran", 0, tanggal_sk_mengajar=dt.date(2026, 2, 1))
    assert ("PEMB-TANGGAL-SK", rid, "tanggal_sk_mengajar") in _date_findings(bad)
    moved = _with_semester(bad, "20252")
    pemb = [p.model_copy(update={"semester_id": "20252"}) for p in moved.records["pembelajaran"]]
    moved = moved.model_copy(update={"records": moved.records.model_copy(update={"pembelajaran": pemb})})
    assert ("PEMB-TANGGAL-SK", rid, "tanggal_sk_mengajar") not in _date_findings(moved)
    later, _ = _edit(moved, "pembelajaran", 0, tanggal_sk_mengajar=dt.date(2026, 7, 1))
    assert ("PEMB-TANGGAL-SK", rid, "tanggal_sk_mengajar") in _date_findings(later)

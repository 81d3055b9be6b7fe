"""Rules with `candidates` (a whole-school pre-pass) give exactly the findings they give when
every record or group is checked, on schools with nilai mistakes of every kind."""

from __future__ import annotations

import dataclasses

import pytest

from pyapp.core.validation import validate
from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules import REGISTRY


def _without_candidates() -> Registry:
    return Registry(dataclasses.replace(r, candidates=None) for r in REGISTRY)


def _nilai_mistakes(snap):  # type: ignore[no-untyped-def]
    """Every nilai rule fires: missing marks, blank deskripsi, predikat against KKM, a nilai
    of another rombel's anggota, a nilai whose anggota is gone, and a duplicate."""
    nilai = snap.records["nilai"]
    anggota = {a.id: a for a in snap.records["anggota_rombel"]}
    pemb = {p.id: p for p in snap.records["pembelajaran"]}
    other = next(a for a in anggota.values() if a.rombel_id != pemb[nilai[0].pembelajaran_id].rombel_id)
    edited = [
        nilai[0].model_copy(update={"nilai_keterampilan": None}),
        nilai[1].model_copy(update={"deskripsi": "  "}),
        nilai[2].model_copy(update={"nilai_pengetahuan": 10, "nilai_keterampilan": 20, "predikat": "A"}),
        nilai[3].model_copy(update={"anggota_rombel_id": other.id}),
        nilai[4].model_copy(update={"anggota_rombel_id": "00000000-0000-4000-8000-000000000000"}),
        nilai[6].model_copy(update={"predikat": None}),
    ]
    dup = nilai[5].model_copy(update={"id": "11111111-2222-4333-8444-555555555555"})
    records = dict(snap.records.items())
    records["nilai"] = [*edited, *nilai[7:], nilai[5], dup]
    return snap.model_copy(update={"records": snap.records.model_copy(update=records)})


@pytest.mark.parametrize("errors", [0, 6])
def test_candidates_change_no_finding(school, errors):
    snap = _nilai_mistakes(school("small", errors=errors)[0])
    fast = validate(snap)
    slow = validate(snap, registry=_without_candidates())
    assert fast == slow
    fired = {f.rule_id for f in fast.findings}
    assert {"NILAI-KOSONG", "NILAI-DESKRIPSI", "NILAI-PREDIKAT-KKM", "NILAI-ROMBEL",
            "NILAI-GANDA"} <= fired, fired


def test_a_clean_school_needs_no_closer_look(school):
    from pyapp.core.validation._index import Index
    from pyapp.core.validation.rules import nilai as N

    ix = Index(school("small")[0], None)
    for rule in REGISTRY:
        if rule.candidates is not None and rule.tab == "Nilai":
            keys = list(rule.candidates(ix))
            assert len(keys) <= len(ix.records["nilai"]) // 10, (rule.id, len(keys))
    assert N._ganda_candidates(ix) == ()

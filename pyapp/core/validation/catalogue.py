"""The rules catalogue, generated from the registry: docs/rules.md (`python -m pyapp rules`)
and the same entries as data for the app's help screen (`rule_docs`)."""

from __future__ import annotations

import json
from typing import Any

from pyapp.core.models import TABS
from pyapp.core.validation.examples import run_case, run_example
from pyapp.core.validation.registry import Registry, Rule
from pyapp.core.validation.sources import source_of

SEVERITY_LABEL = {"invalid": "invalid (menahan sinkronisasi)", "warning": "peringatan (sinkronisasi tetap bisa)"}
SCOPE_LABEL = {"record": "per data", "cross": "lintas data"}

__all__ = ["render_markdown", "rule_docs", "rule_doc"]


def rule_doc(r: Rule) -> dict[str, Any]:
    """One rule as data (help screen, `/-/rules`): declaration plus the message its failing
    example produces."""
    bad = run_example(r, "bad")
    return {
        "id": r.id, "tab": r.tab, "severity": r.severity, "title": r.title, "scope": r.scope,
        "reads": list(r.reads), "message": r.message, "hint": r.hint, "why": r.why,
        "source": source_of(r.id),
        "ok": r.ok, "bad": r.bad, "example_message": bad[0].message if bad else None,
        "example_hint": bad[0].hint if bad else None,
        "more_ok": r.more_ok, "more_bad": r.more_bad,
        "more_bad_messages": {d: _first_message(r, ex) for d, ex in r.more_bad.items()},
    }


def _first_message(r: Rule, example: Any) -> str | None:
    found = run_case(r, example)
    return found[0].message if found else None


def rule_docs(registry: Registry) -> list[dict[str, Any]]:
    return [rule_doc(r) for r in registry]


def _link(source: str) -> str:
    """docs/domain.md#x as a relative link (rules.md sits next to domain.md)."""
    head, _, rest = source.partition(";")
    if head.startswith("docs/domain.md#"):
        head = f"[domain.md#{head.split('#', 1)[1]}](domain.md#{head.split('#', 1)[1]})"
    return head + (";" + rest if rest else "")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def render_markdown(registry: Registry) -> str:
    docs = rule_docs(registry)
    out = [
        "# Katalog aturan Validasi Lokal",
        "",
        "<!-- Dibuat otomatis dari pyapp/core/validation/rules/ oleh `python -m pyapp rules`. "
        "Jangan disunting manual; CI menjalankan `python -m pyapp rules --check`. -->",
        "",
        f"{len(docs)} aturan. **Invalid** menahan sinkronisasi sampai diperbaiki; **peringatan** "
        "ditampilkan tetapi sinkronisasi tetap bisa. Pesan menyebut data dan kolomnya, petunjuk "
        "menjelaskan cara memperbaikinya. Contoh memakai id singkat (`pd1`, `rb1`); kolom lain "
        "bernilai bawaan.",
        "",
        "| Tab | Invalid | Peringatan |",
        "|---|---:|---:|",
    ]
    for tab in TABS:
        n_inv = sum(1 for d in docs if d["tab"] == tab and d["severity"] == "invalid")
        n_warn = sum(1 for d in docs if d["tab"] == tab and d["severity"] == "warning")
        out.append(f"| {tab} | {n_inv} | {n_warn} |")
    for tab in TABS:
        out += ["", f"## {tab}", ""]
        for d in (d for d in docs if d["tab"] == tab):
            out += [
                f"### {d['id']} — {d['title']}",
                "",
                f"- **Tingkat:** {SEVERITY_LABEL[d['severity']]}",
                f"- **Cakupan:** {SCOPE_LABEL[d['scope']]}; membaca {', '.join(f'`{t}`' for t in d['reads'])}",
                f"- **Pesan:** {d['message']}",
                f"- **Petunjuk:** {d['hint']}",
                f"- **Alasan tingkat:** {d['why']}",
                f"- **Sumber:** {_link(d['source'])}",
                f"- **Contoh lolos:** `{_json(d['ok'])}`",
                f"- **Contoh gagal:** `{_json(d['bad'])}`",
                f"  - pesan: {d['example_message']}",
                f"  - petunjuk: {d['example_hint']}",
            ]
            if d["more_ok"] or d["more_bad"]:
                out.append("- **Contoh batas:**")
                out += [f"  - lolos — {desc}: `{_json(ex)}`" for desc, ex in d["more_ok"].items()]
                out += [f"  - gagal — {desc}: `{_json(ex)}` → {d['more_bad_messages'][desc]}"
                        for desc, ex in d["more_bad"].items()]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"

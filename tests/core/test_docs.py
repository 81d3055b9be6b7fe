"""docs/domain.md, docs/rujukan.md and the rule sources: every rule cites a section of
docs/domain.md (and that section exists); docs/rujukan.md is generated and current; nothing
cites the old context file any more."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pyapp.cli import main
from pyapp.cli.rujukan import DEFAULT_PATH as RUJUKAN_MD
from pyapp.cli.rujukan import render as render_rujukan
from pyapp.core import rujukan
from pyapp.core.validation import REGISTRY
from pyapp.core.validation.sources import anchor, source_of

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_MD = (ROOT / "docs" / "domain.md").read_text(encoding="utf-8")
ANCHORS = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', DOMAIN_MD))


def test_every_rule_cites_an_existing_section() -> None:
    for r in REGISTRY:
        assert anchor(r.id) in ANCHORS, r.id
        assert source_of(r.id).startswith("docs/domain.md#")
    rules_md = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert rules_md.count("- **Sumber:** [domain.md#") == len(REGISTRY)


def test_links_inside_domain_md_resolve() -> None:
    for target in re.findall(r"\]\(#([a-z0-9-]+)\)", DOMAIN_MD):
        assert target in ANCHORS, target


def test_nothing_cites_the_old_context_file() -> None:
    pattern = re.compile(r"DOMAIN(\.md)? ?§")
    for path in [*(ROOT / "pyapp").rglob("*.py"), *(ROOT / "docs").glob("*.md"), ROOT / "README.md"]:
        assert not pattern.search(path.read_text(encoding="utf-8")), path


def test_rujukan_doc_is_current_and_lists_every_code() -> None:
    text = RUJUKAN_MD.read_text(encoding="utf-8")
    assert text == render_rujukan(), "jalankan `python -m pyapp rujukan`"
    for name in rujukan.names():
        assert f"## {name}\n" in text and rujukan.source(name)[:40] in text
    assert "| `10` | Pesantren |" in text and "'Z' → 99" in text


def test_rujukan_check_detects_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rujukan.md"
    assert main(["rujukan", "-o", str(path)]) == 0
    assert main(["rujukan", "-o", str(path), "--check"]) == 0
    path.write_text("usang\n", encoding="utf-8")
    assert main(["rujukan", "-o", str(path), "--check"]) == 1
    assert "usang" in capsys.readouterr().err

"""`python -m pyapp validate` and `python -m pyapp rules` (called through main())."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pyapp.cli import main
from pyapp.cli.rules import DEFAULT_PATH, render
from pyapp.core.snapshot import dump_snapshot


def _write(tmp_path: Path, school: Any, errors: int) -> Path:
    snap, _ = school("small", 1, errors)
    path = tmp_path / f"school-{errors}.json"
    path.write_text(dump_snapshot(snap), encoding="utf-8")
    return path


def test_clean_school_exits_0(tmp_path: Path, school: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(_write(tmp_path, school, 0))]) == 0
    out = capsys.readouterr().out
    assert "Validasi Lokal:" in out and "Peserta Didik" in out
    assert "tidak ada data invalid" in out


def test_invalid_school_exits_1(tmp_path: Path, school: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(_write(tmp_path, school, 3))]) == 1
    out = capsys.readouterr().out
    assert "[INVALID] PD-NIK-TANGGAL" in out and "Perbaiki:" in out and "Sinkronisasi ditolak" in out


def test_json_output(tmp_path: Path, school: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(_write(tmp_path, school, 3)), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["has_invalid"] is True
    assert {f["rule_id"] for f in data["findings"]} >= {"PD-NIK-TANGGAL", "PD-NIK-SAMA-KK", "PD-TANPA-ROMBEL"}
    assert list(data["summary"]) == ["Sekolah", "Sarpras", "GTK", "Peserta Didik", "Rombongan Belajar",
                                     "Pembelajaran", "Nilai"]


@pytest.mark.parametrize("content", [None, b"{not json", b'{"format": "lain"}', b"\xff\xfe"])
def test_unreadable_file_exits_2(tmp_path: Path, content: bytes | None, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rusak.json"
    if content is not None:
        path.write_bytes(content)
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert "rusak.json" in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


def test_rules_doc_is_current() -> None:
    assert DEFAULT_PATH.read_text(encoding="utf-8") == render(), "jalankan `python -m pyapp rules`"


def test_rules_check_detects_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rules.md"
    assert main(["rules", "-o", str(path)]) == 0
    assert main(["rules", "-o", str(path), "--check"]) == 0
    path.write_text("usang\n", encoding="utf-8")
    assert main(["rules", "-o", str(path), "--check"]) == 1
    assert "usang" in capsys.readouterr().err

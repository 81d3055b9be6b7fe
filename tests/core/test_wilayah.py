from __future__ import annotations

import json
from pathlib import Path

from pyapp.core.rujukan.wilayah import Wilayah, export_wilayah


def test_index_from_plain_dicts() -> None:
    w = Wilayah({"32": "Jawa Barat", "32.73": "Kota Bandung", "32.73.01": "Sukasari"},
                {"32.73.01.1001": ["Sukarasa", "40152"], "32.73.01.1002": "Gegerkalong"})
    assert w.provinces() == ["32"]
    assert w.children("32.73.01") == ["32.73.01.1001", "32.73.01.1002"]
    assert w.path("32.73.01.1001") == "Sukarasa, Sukasari, Kota Bandung, Jawa Barat"
    assert w.kode_pos("32.73.01.1001") == "40152" and w.kode_pos("32.73.01.1002") is None
    assert w.name("99.99") is None and w.loaded_provinces == {"32"}


def test_full_data_matches_kepmendagri_counts(wilayah: Wilayah) -> None:
    assert len(wilayah.provinces()) == 38
    assert len(wilayah.desa) == 83_762
    assert sum(1 for c in wilayah.base if len(c) == 8) == 7_285
    assert wilayah.kode_pos("32.73.01.1001") == "40152"


def test_export_splits_by_province(tmp_path: Path, wilayah: Wilayah) -> None:
    sizes = export_wilayah(tmp_path)
    assert len(sizes) == 39 and sizes["provinsi.json"] < 250_000
    prov = json.loads((tmp_path / "provinsi.json").read_text())
    assert "Kepmendagri" in prov["source"]
    jabar = json.loads((tmp_path / "desa-32.json").read_text())
    rebuilt = Wilayah.from_export(prov, jabar)
    assert rebuilt.path("32.73.01.1001") == wilayah.path("32.73.01.1001")
    assert sum(1 for c in wilayah.desa if c.startswith("32.")) == len(rebuilt.desa)

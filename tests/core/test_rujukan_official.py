"""Every rujukan table that has a published official list matches it: ids and labels, retired
rows marked, nothing invented. The official lists are committed under tests/fixtures/official
with the repository, path and commit they were read from."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from pyapp.core import rujukan

OFFICIAL = Path(__file__).resolve().parents[1] / "fixtures" / "official"
FILES = sorted(OFFICIAL.glob("*.json")) + sorted(OFFICIAL.glob("*.json.gz"))
# Tables with no public official list: this app's own codes (their `source` says so).
APP_OWN = {"jenis_kelamin", "status_sekolah", "predikat", "predikat_kualitatif", "jenis_kesejahteraan", "kebutuhan_khusus"}


def _load(path: Path) -> dict:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return json.loads(raw)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def test_every_table_is_either_official_or_declared_own() -> None:
    official = {_load(p)["table"] for p in FILES}
    assert official | APP_OWN == set(rujukan.names())
    assert not official & APP_OWN
    for name in APP_OWN:
        src = rujukan.source(name).lower()
        assert "milik aplikasi" in src or "unverified" in src, name


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name.split(".")[0])
def test_table_matches_its_official_list(path: Path) -> None:
    doc = _load(path)
    name = doc["table"]
    repo = doc["source"].split()[0]
    assert repo in rujukan.source(name), f"{name}: source must name {repo}"
    rows = {c: (_norm(label), expired) for c, label, expired in doc["rows"]}
    for it in rujukan.get(name):
        assert it["code"] in rows, f"{name}: code {it['code']!r} is not in the official list"
        label, expired = rows[it["code"]]
        assert _norm(it["label"]) == label, f"{name} {it['code']}: {it['label']!r} != official {label!r}"
        assert bool(it.get("expired")) == expired, f"{name} {it['code']}: retired flag differs"
    if doc["mode"] == "full":
        omit = set(doc.get("omit", []))
        missing = [c for c, (_, expired) in rows.items() if not expired and c not in omit and rujukan.item(name, c) is None]
        assert not missing, f"{name}: official codes missing: {missing}"


def test_the_issue_examples() -> None:
    """The codes the issue names: 11 Kuda / 12 Sepeda, 10 Pesantren, hobi 11-33, cita-cita 11-41,
    9 Putus Sekolah, Honor Daerah, agama 98, alasan layak PIP -1/-2/-3."""
    assert rujukan.label("alat_transportasi", 11) == "Kuda" and rujukan.label("alat_transportasi", 12) == "Sepeda"
    assert rujukan.label("jenis_tinggal", 10) == "Pesantren"
    assert set(range(11, 34)) <= set(rujukan.codes("hobi")) and set(range(11, 42)) <= set(rujukan.codes("cita_cita"))
    assert rujukan.label("jenis_pendaftaran", 9) == "Putus Sekolah"
    assert rujukan.label("status_kepegawaian", 5).startswith("Honor Daerah")
    assert rujukan.label("agama", 98) == "Tidak diisi"
    assert {-1, -2, -3} <= set(rujukan.codes("alasan_layak_pip"))


def test_jenis_sarana_is_a_curated_part_of_the_whole_official_list() -> None:
    """The fixture holds every official row (the comparison above then checks each of ours);
    the app offers a few dozen live kinds, and keeps a retired one only as a migration target."""
    from pyapp.core.migration import V2_CODES

    doc = _load(OFFICIAL / "jenis_sarana.json.gz")
    assert doc["mode"] == "subset" and len(doc["rows"]) == 6158
    assert sum(1 for _, _, expired in doc["rows"] if not expired) == 5991
    ours = rujukan.get("jenis_sarana")
    assert 30 <= len(rujukan.choices("jenis_sarana")) <= 80
    retired = {it["code"] for it in ours if it.get("expired")}
    assert retired and retired <= set(V2_CODES["jenis_sarana"].values())

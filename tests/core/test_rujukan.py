from __future__ import annotations

import pytest

from pyapp.core import rujukan
from pyapp.core.models import RECORD_TYPES, TAB_OF, TABS


def test_every_file_names_its_source_and_has_unique_codes() -> None:
    assert len(rujukan.names()) >= 20
    for name in rujukan.names():
        assert len(rujukan.source(name)) > 10, name
        codes = rujukan.codes(name)
        assert codes and len(codes) == len(set(codes)), name
        assert all(isinstance(i["label"], str) and i["label"] for i in rujukan.get(name)), name


def test_label_lookup() -> None:
    assert rujukan.label("agama", 1) == "Islam"
    assert rujukan.label("jenis_pendaftaran", 2) == "Pindahan"
    assert rujukan.label("agama", None) == ""
    assert rujukan.label("agama", 42) == "42"
    with pytest.raises(rujukan.RujukanError):
        rujukan.get("tidak_ada")
    with pytest.raises(rujukan.RujukanError):
        rujukan.get("../pyproject")


def test_bentuk_pendidikan_tingkat_ranges() -> None:
    by_label = {i["label"]: i for i in rujukan.get("bentuk_pendidikan")}
    assert (by_label["SD"]["tingkat_min"], by_label["SD"]["tingkat_max"]) == (1, 6)
    assert (by_label["SMK"]["tingkat_min"], by_label["SMK"]["tingkat_max"]) == (10, 13)
    assert by_label["SMP"]["maks_anggota_rombel"] == 32


def test_mata_pelajaran_has_jjm_for_its_jenjang_and_known_kurikulum() -> None:
    tingkat = {i["jenjang"]: range(i["tingkat_min"], i["tingkat_max"] + 1) for i in rujukan.get("bentuk_pendidikan")}
    kurikulum = {i["code"]: i for i in rujukan.get("kurikulum")}
    for mp in rujukan.get("mata_pelajaran"):
        assert mp["jjm_maks"], mp["label"]
        for t, jjm in mp["jjm_maks"].items():
            assert int(t) in tingkat[mp["jenjang"]] and 1 <= jjm <= 24, mp
        for k in mp["kurikulum"]:
            assert kurikulum[k]["jenjang"] == mp["jenjang"]


def test_every_coded_field_points_at_an_existing_rujukan() -> None:
    seen = 0
    for model in RECORD_TYPES.values():
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra
            if isinstance(extra, dict) and "rujukan" in extra:
                seen += 1
                if extra["rujukan"] not in ("wilayah", "ptk", "ruang"):
                    assert extra["rujukan"] in rujukan.names(), (model, name)
            assert info.title, (model.__name__, name)
    assert seen > 40


def test_registry_names_and_tabs() -> None:
    assert set(TAB_OF) == set(RECORD_TYPES)
    assert set(TAB_OF.values()) == set(TABS)
    for cls in RECORD_TYPES.values():
        assert cls.model_config.get("extra") == "forbid"

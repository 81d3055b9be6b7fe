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


def test_kurikulum_structures_name_known_mapel_at_tingkat_of_their_jenjang() -> None:
    tingkat: dict[str, set[int]] = {}
    for i in rujukan.get("bentuk_pendidikan"):
        tingkat.setdefault(i["jenjang"], set()).update(range(i["tingkat_min"], i["tingkat_max"] + 1))
    mapel = set(rujukan.codes("mata_pelajaran"))
    jurusan = set(rujukan.codes("jurusan"))
    for k in rujukan.get("kurikulum"):
        assert k["kurikulum"] in ("Merdeka", "K13") and k["struktur"], k["code"]
        assert k.get("jurusan") is None or k["jurusan"] in jurusan, k["code"]
        for t, rows in k["struktur"].items():
            assert int(t) in tingkat[k["jenjang"]], (k["code"], t)
            for m, (jam, status) in rows.items():
                assert int(m) in mapel and 0 <= jam <= 40 and 1 <= status <= 12, (k["code"], t, m)


def test_every_jenjang_has_both_curricula_and_every_religion_has_its_lesson() -> None:
    """Pendidikan Agama for each of the six religions and Kepercayaan (agama 1-7) at every
    tingkat of every Kurikulum Merdeka structure."""
    fam = {(k["jenjang"], k["kurikulum"]) for k in rujukan.get("kurikulum")}
    for jenjang in ("SD", "SMP", "SMA", "SMK", "SLB"):
        assert {(jenjang, "Merdeka"), (jenjang, "K13")} <= fam, jenjang
    lesson = {m["code"]: m["agama"] for m in rujukan.get("mata_pelajaran") if m.get("agama")}
    assert set(lesson.values()) == {1, 2, 3, 4, 5, 6, 7}
    for k in rujukan.get("kurikulum"):
        if k["kurikulum"] != "Merdeka":
            continue
        for t in k["struktur"]:
            have = {lesson[m] for m in rujukan.struktur(k["code"], t) if m in lesson}
            assert have == {1, 2, 3, 4, 5, 6, 7}, (k["code"], t, have)


def test_retired_codes_are_read_but_never_offered() -> None:
    assert rujukan.item("penghasilan", 1)["expired"] and 1 in rujukan.codes("penghasilan")
    assert 1 not in dict(rujukan.choices("penghasilan"))
    assert 98 not in dict(rujukan.choices("agama")) and rujukan.is_empty("agama", 98)
    assert not rujukan.offered("hobi", -1) and rujukan.offered("hobi", 33)


def test_every_coded_field_points_at_an_existing_rujukan() -> None:
    seen = 0
    for model in RECORD_TYPES.values():
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra
            if isinstance(extra, dict) and "rujukan" in extra:
                seen += 1
                if extra["rujukan"] not in ("wilayah", "ptk", "ruang", "penugasan"):
                    assert extra["rujukan"] in rujukan.names(), (model, name)
            assert info.title, (model.__name__, name)
    assert seen > 40


def test_registry_names_and_tabs() -> None:
    assert set(TAB_OF) == set(RECORD_TYPES)
    assert set(TAB_OF.values()) == set(TABS)
    for cls in RECORD_TYPES.values():
        assert cls.model_config.get("extra") == "forbid"

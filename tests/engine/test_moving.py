"""Pindah rombel: a pupil moves with their nilai, only within the same tingkat (issue 15)."""

from __future__ import annotations

from tests.engine.conftest import run


def _setup(svc):
    """A member with nilai, and a new parallel rombel teaching all but one of their mapel."""
    live = [a for a in svc.data["anggota_rombel"].values() if not a.deleted]
    for am in live:
        nilai = [n for n in svc.data["nilai"].values() if not n.deleted and n.anggota_rombel_id == am.id]
        if len(nilai) >= 3:
            break
    source = svc.data["rombel"][am.rombel_id]
    made = run(svc.save({"type": "rombel", "record": {
        "nama": source.nama + " Paralel", "tingkat": source.tingkat,
        "semester_id": source.semester_id, "jenis_rombel": source.jenis_rombel,
        "kurikulum": getattr(source, "kurikulum", None)}}))
    assert made["ok"], made
    target = made["record"]["id"]
    mapels = sorted({svc.data["pembelajaran"][n.pembelajaran_id].mata_pelajaran_id for n in nilai})
    for m in mapels[1:]:
        out = run(svc.save({"type": "pembelajaran", "record": {
            "rombel_id": target, "mata_pelajaran_id": m, "semester_id": source.semester_id}}))
        assert out["ok"], out
    return am, nilai, source, target, mapels


def test_move_carries_nilai_and_names_what_cannot_be_carried(svc_small):
    svc = svc_small
    am, nilai, source, target, mapels = _setup(svc)
    members = run(svc.rombel_members({"rombel_id": source.id}))
    assert [o["id"] for o in members["move_to"]] == [target]
    invalid_before = svc.totals()[0]
    ask = {"anggota_rombel_id": am.id, "rombel_id": target}
    refused = run(svc.move_member(ask))
    assert refused["ok"] is False and refused["code"] == "engine.pindah_nilai_tertinggal"
    left = [n for n in nilai if svc.data["pembelajaran"][n.pembelajaran_id].mata_pelajaran_id == mapels[0]]
    assert refused["details"]["jumlah"] == len(left)
    assert refused["details"]["carried"] == len(nilai) - len(left)
    assert svc.data["anggota_rombel"][am.id].rombel_id == source.id  # nothing moved yet
    done = run(svc.move_member({**ask, "drop": True}))
    assert done["ok"], done
    assert (done["carried"], done["dropped"]) == (len(nilai) - len(left), len(left))
    assert svc.data["anggota_rombel"][am.id].rombel_id == target
    for n in nilai:
        now = svc.data["nilai"][n.id]
        if n in left:
            assert now.deleted
        else:
            assert svc.data["pembelajaran"][now.pembelajaran_id].rombel_id == target
    # No nilai became invalid by the move ("nilai that belong to the right rombel").
    assert svc.totals()[0] <= invalid_before


def test_move_only_within_the_same_tingkat(svc_small):
    svc = svc_small
    am = next(a for a in svc.data["anggota_rombel"].values() if not a.deleted)
    source = svc.data["rombel"][am.rombel_id]
    other = next(r for r in svc.data["rombel"].values()
                 if not r.deleted and r.tingkat != source.tingkat)
    out = run(svc.move_member({"anggota_rombel_id": am.id, "rombel_id": other.id}))
    assert out["ok"] is False and out["code"] == "engine.pindah_beda_tingkat"
    assert svc.data["anggota_rombel"][am.id].rombel_id == source.id


def test_naik_kelas_moves_a_class_up_to_the_next_tingkat_of_a_later_semester(svc_small):
    svc = svc_small
    source = next(r for r in svc.data["rombel"].values() if not r.deleted and r.tingkat == 3)
    later = str(int(source.semester_id) + 10)  # the same half of the next year
    made = run(svc.save({"type": "rombel", "record": {
        "nama": "4 Baru", "tingkat": 4, "semester_id": later, "jenis_rombel": source.jenis_rombel}}))
    assert made["ok"], made
    target = made["record"]["id"]
    card = run(svc.rombel_members({"rombel_id": source.id}))
    assert [o["id"] for o in card["naik_to"]] == [target]
    members = card["total"]
    done = run(svc.naik_kelas({"rombel_id": source.id, "target_id": target}))
    assert done["ok"] and done["moved"] == members and done["skipped"] == []
    assert run(svc.rombel_members({"rombel_id": target}))["total"] == members
    assert run(svc.rombel_members({"rombel_id": source.id}))["total"] == members  # history stays
    again = run(svc.naik_kelas({"rombel_id": source.id, "target_id": target}))
    assert again["moved"] == 0 and len(again["skipped"]) == members
    same_year = next(r for r in svc.data["rombel"].values()
                     if not r.deleted and r.tingkat == 4 and r.semester_id == source.semester_id)
    refused = run(svc.naik_kelas({"rombel_id": source.id, "target_id": same_year.id}))
    assert refused["ok"] is False and refused["code"] == "engine.naik_kelas_tujuan"

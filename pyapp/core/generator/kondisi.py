"""Generator: every building's and room's condition for the active semester
(bangunan_longitudinal, ruang_longitudinal), taken from the damage each already carries,
and every sarana's count this semester (alat_longitudinal, as the sarana's own count) (floor, walls, roof, doors, windows) with small damage on
the installations and finishings. Every room is usable.

Run after the records made before it (see generate()), so those draw the same random numbers.
"""

from __future__ import annotations

from pyapp.core.generator._context import SEMESTER_ID, Context


def make_kondisi(ctx: Context) -> None:
    rng = ctx.rng
    small = (0.0, 0.0, 0.0, 5.0, 10.0)
    for b in list(ctx.records.get("bangunan", [])):
        atap = b.get("kerusakan_atap") or 0.0
        ctx.add("bangunan_longitudinal", bangunan_id=b["id"], semester_id=SEMESTER_ID,
                rusak_pondasi=b.get("kerusakan_pondasi") or 0.0,
                rusak_sloop_kolom_balok=b.get("kerusakan_kolom_balok") or 0.0,
                rusak_plester_struktur=b.get("kerusakan_dinding") or 0.0,
                rusak_kudakuda_atap=rng.choice(small), rusak_kaso_atap=atap, rusak_reng_atap=atap,
                rusak_tutup_atap=atap)
    for a in list(ctx.records.get("alat", [])):
        ctx.add("alat_longitudinal", alat_id=a["id"], semester_id=SEMESTER_ID, jumlah=a.get("jumlah"),
                jumlah_laik=a.get("jumlah_laik"))
    for r in list(ctx.records.get("ruang", [])):
        ctx.add("ruang_longitudinal", ruang_id=r["id"], semester_id=SEMESTER_ID,
                rusak_tutup_lantai=r.get("kerusakan_lantai") or 0.0,
                rusak_plester_dinding=r.get("kerusakan_dinding") or 0.0,
                rusak_tutup_plafon=r.get("kerusakan_atap") or 0.0,
                rusak_daun_pintu=r.get("kerusakan_pintu") or 0.0,
                rusak_daun_jendela=r.get("kerusakan_jendela") or 0.0,
                rusak_lisplang_talang=rng.choice(small), rusak_rangka_plafon=rng.choice(small),
                rusak_bata_dinding=0.0, rusak_kusen=rng.choice(small), rusak_inst_listrik=rng.choice(small),
                rusak_inst_air=rng.choice(small), rusak_drainase=rng.choice(small),
                rusak_finish_struktur=rng.choice(small), rusak_finish_plafon=rng.choice(small),
                rusak_finish_dinding=rng.choice(small), rusak_finish_kpj=rng.choice(small),
                berfungsi=r.get("berfungsi", True) is not False)

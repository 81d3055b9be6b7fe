"""Generator: every room's condition for the active semester (ruang_longitudinal), taken from
the damage the room already carries (floor, walls, roof, doors, windows) with small damage on
the installations and finishings. Every room is usable.

Run after the records made before it (see generate()), so those draw the same random numbers.
"""

from __future__ import annotations

from pyapp.core.generator._context import SEMESTER_ID, Context


def make_kondisi(ctx: Context) -> None:
    rng = ctx.rng
    small = (0.0, 0.0, 0.0, 5.0, 10.0)
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

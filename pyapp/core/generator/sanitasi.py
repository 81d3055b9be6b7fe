"""Generator: the school's sanitasi for the active semester, counted from the sarpras it
already has (pupils' toilet rooms and the kloset in them), plus water and hand-washing places
in proportion to the rombels.

Run after the records made before it (see generate()), so those draw the same random numbers.
"""

from __future__ import annotations

from typing import Any

from pyapp.core import rujukan
from pyapp.core.generator._context import SEMESTER_ID, Context
from pyapp.core.generator.presets import Preset

#: official jenis_sarana ids of a kloset (202 Jongkok, 203 Duduk: rujukan items marked "kloset")
KLOSET = frozenset(it["code"] for it in rujukan.get("jenis_sarana") if it.get("kloset"))
WC_SISWA_L, WC_SISWA_P = 28, 29  # official jenis_prasarana


def _kloset(ctx: Context, ruang_ids: set[str]) -> tuple[int, int]:
    """(usable, not usable) kloset in these rooms."""
    laik = total = 0
    for a in ctx.records.get("alat", []):
        if a["ruang_id"] in ruang_ids and a["jenis_sarana"] in KLOSET:
            total += a.get("jumlah") or 0
            laik += a.get("jumlah_laik") or 0
    return laik, total - laik


def make_sanitasi(ctx: Context, preset: Preset, sekolah: dict[str, Any]) -> None:
    rng = ctx.rng
    ruang = ctx.records.get("ruang", [])
    laki = {r["id"] for r in ruang if r.get("jenis_prasarana") == WC_SISWA_L}
    perempuan = {r["id"] for r in ruang if r.get("jenis_prasarana") == WC_SISWA_P}
    l_g, l_tg = _kloset(ctx, laki)
    p_g, p_tg = _kloset(ctx, perempuan)
    cuci = max(2, len(ctx.records.get("rombel", [])) // 3)
    ctx.add("sanitasi", sekolah_id=sekolah["id"], semester_id=SEMESTER_ID,
            ketersediaan_air=True, kecukupan_air=rng.random() < 0.85, memproses_air=rng.random() < 0.4,
            siswa_bawa_air=rng.random() < 0.7,
            toilet_siswa_laki=len(laki), toilet_siswa_perempuan=len(perempuan),
            toilet_siswa_kk=1 if preset.jenjang == "SLB" else 0,
            jml_jamban_l_g=l_g, jml_jamban_l_tg=l_tg, jml_jamban_p_g=p_g, jml_jamban_p_tg=p_tg,
            jml_jamban_lp_g=0, jml_jamban_lp_tg=0,
            tempat_cuci_tangan=cuci, tempat_cuci_tangan_rusak=rng.choice((0, 0, 0, 1)),
            a_sabun_air_mengalir=rng.random() < 0.8, jamban_difabel=preset.jenjang == "SLB" or rng.random() < 0.3)

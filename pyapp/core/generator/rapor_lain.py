"""Generator: the report beyond mapel marks. Kurikulum 2013 sikap (spiritual and sosial) for
each member of a K13 rombel; extracurricular activities fitting the jenjang, each with a
teacher in charge and about a fifth to a third of the pupils as graded members (under both
curricula). Every grade is dated GRADED_AT, after the semester's assessment date.

Run after make_nilai, so the records made before draw the same random numbers as without it.
"""

from __future__ import annotations

from typing import Any

from pyapp.core import rujukan
from pyapp.core.generator._context import SEMESTER_ID, Context
from pyapp.core.generator.presets import Preset

#: when the generator's grades were entered: a week into the assessment of 20251 (1 Dec 2025)
GRADED_AT = "2025-12-08T02:00:00Z"

_SPIRITUAL = {
    "SB": "Selalu bersyukur, berdoa sebelum dan sesudah kegiatan, dan taat beribadah.",
    "B": "Berdoa sebelum dan sesudah kegiatan dan menjalankan ibadah; ketaatan beribadah perlu ditingkatkan.",
    "C": "Mulai terbiasa berdoa; perlu bimbingan dalam menjalankan ibadah tepat waktu.",
}
_SOSIAL = {
    "SB": "Sangat jujur, santun, peduli dan bertanggung jawab dalam tugas kelompok.",
    "B": "Jujur dan santun; kedisiplinan dan kepedulian terhadap teman perlu ditingkatkan.",
    "C": "Perlu bimbingan dalam kedisiplinan dan tanggung jawab.",
}
# activities by jenjang: (name, hours a week); Pramuka is compulsory (Permendikbud 63/2014)
_EKSKUL: dict[str, tuple[tuple[str, int], ...]] = {
    "SD": (("Pramuka", 2), ("Seni Tari", 2), ("Futsal", 2), ("Baca Tulis Al-Qur'an", 2), ("Drum Band", 2)),
    "SMP": (("Pramuka", 2), ("Paskibra", 2), ("Palang Merah Remaja", 2), ("Futsal", 2), ("Karya Ilmiah Remaja", 2),
            ("Paduan Suara", 2)),
    "SMA": (("Pramuka", 2), ("Paskibra", 2), ("Palang Merah Remaja", 2), ("Basket", 2), ("Karya Ilmiah Remaja", 2),
            ("Jurnalistik", 2), ("English Club", 2)),
    "SMK": (("Pramuka", 2), ("Paskibra", 2), ("Palang Merah Remaja", 2), ("Futsal", 2), ("Robotik", 3),
            ("Kewirausahaan", 2)),
    "SLB": (("Pramuka", 2), ("Seni Musik", 2), ("Tata Boga", 2), ("Olahraga Adaptif", 2)),
}
_KET = {
    "SB": "Sangat aktif dan menjadi teladan dalam kegiatan {nama}.",
    "B": "Aktif mengikuti latihan {nama} dengan baik.",
    "C": "Cukup aktif; kehadiran dalam kegiatan {nama} perlu ditingkatkan.",
    "K": "Jarang hadir dalam kegiatan {nama}; perlu dorongan untuk lebih aktif.",
}


def _predikat(rng: Any, weights: tuple[int, int, int, int]) -> str:
    return str(rng.choices(("SB", "B", "C", "K"), weights=weights)[0])


def make_rapor_lain(ctx: Context, preset: Preset) -> None:
    rng = ctx.rng
    k13 = {r["id"] for r in ctx.records.get("rombel", [])
           if (rujukan.item("kurikulum", r["kurikulum"]) or {}).get("kurikulum") == "K13"}
    graded = {"created_at": GRADED_AT, "updated_at": GRADED_AT}
    semester = {r["id"] for r in ctx.records.get("rombel", []) if r["semester_id"] == SEMESTER_ID}
    anggota = [a for a in ctx.records.get("anggota_rombel", []) if a["rombel_id"] in semester]
    for a in anggota:
        if a["rombel_id"] not in k13:
            continue
        sp, so = _predikat(rng, (30, 62, 8, 0)), _predikat(rng, (25, 63, 12, 0))
        rec = ctx.add("deskripsi_sikap", anggota_rombel_id=a["id"], predikat_spiritual=sp,
                      uraian_deskripsi_spiritual=_SPIRITUAL[sp], predikat_sosial=so,
                      uraian_deskripsi_sosial=_SOSIAL[so])
        rec.update(graded)
    guru = [p["id"] for p in ctx.records.get("ptk", []) if p.get("nuptk")]
    kegiatan = _EKSKUL.get(preset.jenjang, _EKSKUL["SD"])
    n = min(len(kegiatan), 2 + len(anggota) // 150)
    for i, (nama, jam) in enumerate(kegiatan[:n]):
        k = ctx.add("kelas_ekskul", semester_id=SEMESTER_ID, nm_ekskul=nama,
                    ptk_id=guru[i % len(guru)] if guru else None,
                    sk_ekskul=f"421/{rng.randint(100, 999)}/SK-EKS/{SEMESTER_ID[:4]}",
                    tgl_sk_ekskul=f"{SEMESTER_ID[:4]}-07-21", jam_kegiatan_per_minggu=jam)
        share = 0.9 if nama == "Pramuka" else rng.uniform(0.1, 0.25)
        for a in anggota:
            if rng.random() >= share:
                continue
            huruf = _predikat(rng, (25, 55, 17, 3))
            rec = ctx.add("nilai_ekskul", kelas_ekskul_id=k["id"], anggota_rombel_id=a["id"], nilai_huruf=huruf,
                          ket=_KET[huruf].format(nama=nama))
            rec.update(graded)

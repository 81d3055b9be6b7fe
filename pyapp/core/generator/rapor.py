"""Generator: report marks as each curriculum keeps them.

Kurikulum Merdeka: a nilai akhir 0-100 and a capaian kompetensi description (strongest and
weakest learning goal), no KKM, no predikat. Kurikulum 2013: pengetahuan and keterampilan marks
with KKM 75 and predikat A-D. Marks centre on ~82 with a per-pupil ability spread, so a few
pupils fall below 70 / the KKM. Each pupil is graded in the religion lesson of their own agama
only.
"""

from __future__ import annotations

from typing import Any

from pyapp.core import rujukan
from pyapp.core.generator._context import Context
from pyapp.core.generator.rapor_lain import GRADED_AT
from pyapp.core.generator.teaching import agama_of

# learning goals (tujuan pembelajaran) per mapel family, by official mapel id prefix
_TP: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("1", ("memahami ajaran pokok agamanya", "membaca kitab suci dengan tartil/benar", "meneladani akhlak mulia",
           "mempraktikkan ibadah sehari-hari", "menghargai perbedaan keyakinan")),
    ("2000", ("menjelaskan nilai-nilai Pancasila", "menunjukkan sikap gotong royong", "memahami hak dan kewajiban",
              "menghargai keberagaman budaya")),
    ("3001", ("memahami isi teks bacaan", "menulis teks narasi", "menyampaikan pendapat secara lisan",
              "menggunakan ejaan dengan tepat", "menyimpulkan informasi dari teks")),
    ("3002", ("memahami percakapan sederhana", "menulis kalimat sederhana", "membaca teks pendek",
              "menggunakan kosakata sehari-hari")),
    ("3003", ("berbicara dalam bahasa daerah", "memahami cerita rakyat setempat", "menulis aksara daerah")),
    ("4010", ("operasi hitung bilangan", "pecahan dan desimal", "pengukuran dan geometri", "pengolahan data",
              "aljabar dan persamaan", "pemecahan masalah kontekstual")),
    ("401", ("mengamati dan mencatat gejala alam", "memahami ekosistem", "menjelaskan sifat zat",
             "memahami interaksi sosial", "membaca peta dan ruang", "merancang percobaan sederhana")),
    ("5000", ("gerak dasar lokomotor", "permainan bola besar", "kebugaran jasmani", "pola hidup sehat",
              "aktivitas senam")),
    ("7001", ("mengenal unsur rupa", "berkarya seni", "mengapresiasi karya seni", "membuat pola tari/irama")),
    ("8", ("menerapkan keselamatan kerja", "menggunakan peralatan praktik", "menyusun rencana kerja",
           "menyelesaikan proyek praktik", "memahami proses bisnis")),
)
_UMUM = ("memahami konsep pokok", "menerapkan konsep dalam tugas", "bekerja sama dalam proyek", "menyajikan hasil kerja")


def _tujuan(mapel: int) -> tuple[str, ...]:
    text = str(mapel)
    for prefix, goals in _TP:
        if text.startswith(prefix):
            return goals
    return _UMUM


def _capaian(rng: Any, goals: tuple[str, ...], nilai: float) -> str:
    n = len(goals)  # two different goals; two plain draws (random.sample is slow in this hot loop)
    i = int(rng.random() * n)
    kuat, lemah = goals[i], goals[(i + 1 + int(rng.random() * (n - 1))) % n]
    if nilai >= 90:
        return f"Menunjukkan penguasaan yang sangat baik dalam {kuat} dan {lemah}."
    if nilai >= 80:
        return f"Menunjukkan penguasaan yang baik dalam {kuat}; perlu penguatan dalam {lemah}."
    if nilai >= 70:
        return f"Cukup menguasai {kuat}; perlu bimbingan dalam {lemah}."
    return f"Perlu bimbingan dalam {kuat} dan {lemah}."


def make_nilai(ctx: Context) -> None:
    rng = ctx.rng
    gauss, uniform = rng.gauss, rng.uniform
    k13_rombel = {r["id"] for r in ctx.records.get("rombel", [])
                  if (rujukan.item("kurikulum", r["kurikulum"]) or {}).get("kurikulum") == "K13"}
    by_rombel: dict[str, list[tuple[dict[str, Any], int | None, tuple[str, ...]]]] = {}
    for p in ctx.records.get("pembelajaran", []):
        m = p["mata_pelajaran_id"]
        by_rombel.setdefault(p["rombel_id"], []).append((p, agama_of(m), _tujuan(m)))
    agama = {pd["id"]: pd.get("agama") for pd in ctx.records.get("peserta_didik", [])}
    out = ctx.records.setdefault("nilai", [])
    uid = ctx.uid
    base = {"version": 1, "created_at": GRADED_AT, "updated_at": GRADED_AT, "deleted": False}
    for anggota in ctx.records.get("anggota_rombel", []):
        bakat = uniform(-8, 8)
        own = agama.get(anggota["peserta_didik_id"])
        k13 = anggota["rombel_id"] in k13_rombel
        for p, lesson_agama, goals in by_rombel.get(anggota["rombel_id"], []):
            if lesson_agama is not None and lesson_agama != own:
                continue  # each pupil is graded in the lesson of their own religion only
            rec = {"id": uid(), **base, "anggota_rombel_id": anggota["id"], "pembelajaran_id": p["id"]}
            if k13:
                np = round(min(100.0, max(55.0, gauss(80 + bakat, 6))))
                nk = round(min(100.0, max(55.0, gauss(81 + bakat, 6))))
                rata = (np + nk) / 2
                predikat = "A" if rata >= 90 else "B" if rata >= 80 else "C" if rata >= p["kkm"] else "D"
                rec.update(nilai_pengetahuan=float(np), nilai_keterampilan=float(nk), predikat=predikat,
                           deskripsi=_capaian(rng, goals, rata))
            else:
                akhir = round(min(100.0, max(50.0, gauss(82 + bakat, 6))))
                rec.update(nilai_akhir=float(akhir), deskripsi=_capaian(rng, goals, akhir))
            out.append(rec)
    for extra in ctx.extra_nilai:
        rec = ctx.add("nilai", **extra, nilai_akhir=80.0, deskripsi="Menunjukkan penguasaan yang baik.")
        rec.update(created_at=GRADED_AT, updated_at=GRADED_AT)

"""Generator: each PTK's riwayat pendidikan formal, agreeing with their pendidikan terakhir
(SMA for everyone; D3 or S1 on top where that is the last one; about one teacher in eight has
since finished an S2, and their pendidikan terakhir says so).

Run after the records made before it (see generate()), so those draw the same random numbers.
"""

from __future__ import annotations

from typing import Any

from pyapp.core.generator._context import BASE_DATE, Context

# teacher-training universities (LPTK) and others, by public name
_LPTK = ("Universitas Negeri Jakarta", "Universitas Pendidikan Indonesia", "Universitas Negeri Yogyakarta",
         "Universitas Negeri Semarang", "Universitas Negeri Malang", "Universitas Negeri Surabaya",
         "Universitas Negeri Medan", "Universitas Negeri Padang", "Universitas Negeri Makassar",
         "Universitas Pendidikan Ganesha", "Universitas Terbuka", "Universitas Muhammadiyah Prof. Dr. Hamka")
_FKIP = ("Fakultas Keguruan dan Ilmu Pendidikan", "Fakultas Ilmu Pendidikan", "Fakultas Matematika dan Ilmu "
         "Pengetahuan Alam", "Fakultas Bahasa dan Seni", "Fakultas Ilmu Sosial")
_POLITEKNIK = ("Politeknik Negeri Jakarta", "Politeknik Negeri Bandung", "Politeknik Negeri Semarang",
               "Politeknik Negeri Malang", "Politeknik Negeri Ujung Pandang")


def make_riwayat(ctx: Context) -> None:
    rng = ctx.rng
    now = BASE_DATE.year
    for ptk in ctx.records.get("ptk", []):
        lahir = int(ptk["tanggal_lahir"][:4])
        guru = bool(ptk.get("nuptk"))
        sma = lahir + rng.randint(17, 19)
        ctx.add("rwy_pendidikan_formal", ptk_id=ptk["id"], jenjang_pendidikan_id=6,
                satuan_pendidikan_formal=f"SMA Negeri {rng.randint(1, 12)} {ptk.get('tempat_lahir') or ''}".strip(),
                tahun_masuk=sma - 3, tahun_lulus=sma)
        last = ptk.get("pendidikan_terakhir")
        if last not in (22, 30):
            continue
        lulus = min(sma + (3 if last == 22 else rng.randint(4, 5)), now - 1)
        if last == 22:
            ctx.add("rwy_pendidikan_formal", ptk_id=ptk["id"], jenjang_pendidikan_id=22,
                    satuan_pendidikan_formal=rng.choice(_POLITEKNIK), fakultas="Jurusan Administrasi Niaga",
                    kependidikan=False, tahun_masuk=sma, tahun_lulus=lulus,
                    nim=ctx.unique_digits(10, prefix=f"{sma % 100:02d}"), ipk=_ipk(rng))
            continue
        ctx.add("rwy_pendidikan_formal", ptk_id=ptk["id"], jenjang_pendidikan_id=30,
                satuan_pendidikan_formal=rng.choice(_LPTK), fakultas=rng.choice(_FKIP) if guru else "Fakultas Ekonomi",
                kependidikan=guru, tahun_masuk=sma, tahun_lulus=lulus,
                nim=ctx.unique_digits(10, prefix=f"{sma % 100:02d}"), ipk=_ipk(rng))
        if guru and lulus + 4 < now and rng.random() < 0.125:
            s2 = rng.randint(lulus + 3, now - 1)
            ctx.add("rwy_pendidikan_formal", ptk_id=ptk["id"], jenjang_pendidikan_id=35,
                    satuan_pendidikan_formal=rng.choice(_LPTK), fakultas="Program Pascasarjana", kependidikan=True,
                    tahun_masuk=s2 - 2, tahun_lulus=s2, nim=ctx.unique_digits(10, prefix=f"{(s2 - 2) % 100:02d}"),
                    ipk=min(4.0, _ipk(rng) + 0.2))
            ptk["pendidikan_terakhir"] = 35


def _ipk(rng: Any) -> float:
    return round(min(3.95, max(2.6, float(rng.gauss(3.35, 0.25)))), 2)

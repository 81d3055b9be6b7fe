"""Generator: the parents' jobs and incomes, following the school's region.

Our own choice, not an official statistic (docs/domain.md, "Data contoh"): the weights below
are rough shapes that a school operator would recognise, not figures from a survey.

- **Setting**: a school in a kelurahan (Kemendagri level-4 code 1xxx) or in a kota is urban;
  in a desa (2xxx) of a kabupaten it is rural. Rural fathers farm, fish or labour more often;
  urban ones work for a company, trade or run a business more often.
- **Coast and islands**: in island provinces (Bangka Belitung, Kepulauan Riau, Nusa Tenggara,
  Sulawesi, Maluku) more rural fathers fish.
- **Income** follows the job (a bracket range per job, codes of rujukan `penghasilan`), one
  bracket higher in provinces whose minimum wage is among the highest (DKI Jakarta, Kepulauan
  Riau, Kalimantan Timur and Utara, Papua) and one lower in those where it is among the lowest
  (Jawa Tengah, DI Yogyakarta, Jawa Timur, Nusa Tenggara Timur), each with some chance.
  Someone without work has none (99).
"""

from __future__ import annotations

import random

__all__ = ["setting", "pekerjaan_orang_tua", "penghasilan"]

#: pekerjaan codes (rujukan pekerjaan): 1 Tidak bekerja, 2 Nelayan, 3 Petani, 4 Peternak,
#: 5 PNS/TNI/Polri, 6 Karyawan Swasta, 7 Pedagang Kecil, 8 Pedagang Besar, 9 Wiraswasta,
#: 10 Wirausaha, 11 Buruh, 12 Pensiunan, 13 Tenaga Kerja Indonesia, 14 Karyawan BUMN
_AYAH = {
    "desa": {3: 30, 11: 18, 9: 10, 7: 8, 2: 4, 4: 4, 6: 8, 5: 5, 10: 4, 13: 3, 14: 1, 8: 1, 12: 1, 1: 3},
    "kota": {6: 30, 9: 15, 11: 12, 7: 10, 5: 9, 10: 8, 14: 5, 8: 3, 3: 2, 12: 2, 2: 1, 13: 1, 1: 2},
}
_IBU = {
    "desa": {1: 45, 3: 18, 7: 12, 11: 7, 6: 5, 9: 5, 5: 4, 13: 3, 10: 1},
    "kota": {1: 40, 6: 20, 7: 14, 9: 8, 5: 7, 10: 5, 11: 4, 14: 2},
}
#: island provinces: more rural fathers fish
_KEPULAUAN = {"19", "21", "52", "53", "71", "72", "73", "74", "75", "76", "81", "82"}
#: (lowest, highest) penghasilan bracket of each job: 11 < Rp 500 rb, 12 < Rp 1 jt,
#: 13 < Rp 2 jt, 14 < Rp 5 jt, 15 Rp 5–20 jt, 16 > Rp 20 jt
_KISARAN = {2: (11, 13), 3: (11, 13), 4: (11, 14), 5: (14, 15), 6: (13, 14), 7: (12, 13),
            8: (14, 16), 9: (13, 15), 10: (13, 15), 11: (12, 13), 12: (13, 14), 13: (13, 14),
            14: (14, 15)}
_UPAH_TINGGI = {"31", "21", "64", "65", "91", "92", "93", "94", "95", "96"}
_UPAH_RENDAH = {"33", "34", "35", "53"}


def setting(desa_code: str, nama_kabupaten: str) -> str:
    """"kota" (a kelurahan, or anywhere in a kota) or "desa" (a desa of a kabupaten)."""
    kelurahan = desa_code.rsplit(".", 1)[-1].startswith("1")
    return "kota" if kelurahan or nama_kabupaten.startswith("Kota") else "desa"


def _pick(rng: random.Random, weights: dict[int, int]) -> int:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def pekerjaan_orang_tua(rng: random.Random, jk: str, where: str, prov: str) -> int:
    if jk == "P":
        return _pick(rng, _IBU[where])
    weights = _AYAH[where]
    if where == "desa" and prov in _KEPULAUAN:
        weights = {**weights, 2: weights[2] * 4}
    return _pick(rng, weights)


def penghasilan(rng: random.Random, pekerjaan: int, prov: str) -> int:
    if pekerjaan == 1:
        return 99
    low, high = _KISARAN.get(pekerjaan, (12, 14))
    bracket = rng.randint(low, high)
    if prov in _UPAH_TINGGI and rng.random() < 0.5:
        bracket += 1
    elif prov in _UPAH_RENDAH and rng.random() < 0.4:
        bracket -= 1
    return max(11, min(16, bracket))

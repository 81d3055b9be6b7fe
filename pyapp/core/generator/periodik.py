"""Generator: a pupil's periodic data that a school recognises.

Height and weight by age and sex from the WHO Growth Reference 2007 for 5-19 years, which
Indonesia's anthropometric standard for children (Permenkes 2/2020) uses for school ages.
Values at whole years read from the public copy in Yannngn/pygrowthstandards
(data/raw/growth/who-growth-reference-data/who-growth-height-{m,f}.csv and
who-growth-body_mass_index-f.csv, commit 0fa7f8cb / 261c8c90): height median M and SD per
sex; BMI median M and coefficient of variation S. Only the girls' BMI table is in that copy,
so it is used for boys too (the WHO medians differ by under 1 kg/m2 at these ages).
Weight = BMI x height^2. Transport, distance and travel time are drawn together.
"""

from __future__ import annotations

import math
from typing import Any

# age in months -> (median cm, SD cm)
_TINGGI = {
    "L": {60: (110.26, 4.59), 72: (115.95, 4.93), 84: (121.73, 5.29), 96: (127.27, 5.65), 108: (132.57, 6.01),
          120: (137.78, 6.37), 132: (143.11, 6.73), 144: (149.08, 7.09), 156: (156.04, 7.43),
          168: (163.18, 7.69), 180: (168.96, 7.80), 192: (172.90, 7.77), 204: (175.16, 7.64)},
    "P": {60: (109.60, 4.77), 72: (115.12, 5.12), 84: (120.81, 5.47), 96: (126.56, 5.80), 108: (132.49, 6.11),
          120: (138.64, 6.40), 132: (144.99, 6.65), 144: (151.23, 6.84), 156: (156.37, 6.94),
          168: (159.79, 6.94), 180: (161.67, 6.88), 192: (162.52, 6.79), 204: (162.85, 6.69)},
}
# age in months -> (BMI median kg/m2, coefficient of variation)
_BMI = {60: (15.24, 0.097), 72: (15.27, 0.102), 84: (15.40, 0.107), 96: (15.68, 0.113), 108: (16.10, 0.118),
        120: (16.61, 0.123), 132: (17.25, 0.127), 144: (18.00, 0.131), 156: (18.80, 0.134),
        168: (19.56, 0.137), 180: (20.21, 0.139), 192: (20.70, 0.141), 204: (21.04, 0.142), 216: (21.26, 0.143)}


def _at(table: dict[int, tuple[float, float]], months: int) -> tuple[float, float]:
    """Linear interpolation between whole years; clamped to the table's range."""
    keys = sorted(table)
    months = min(max(months, keys[0]), keys[-1])
    lo = max(k for k in keys if k <= months)
    hi = min(k for k in keys if k >= months)
    if lo == hi:
        return table[lo]
    f = (months - lo) / (hi - lo)
    (a1, b1), (a2, b2) = table[lo], table[hi]
    return a1 + f * (a2 - a1), b1 + f * (b2 - b1)


def tinggi_berat(rng: Any, jk: str, usia_bulan: int) -> tuple[int, int]:
    """(height cm, weight kg) of one pupil: a height z-score and a BMI drawn around the reference."""
    m, sd = _at(_TINGGI[jk], usia_bulan)
    z = max(-2.5, min(2.5, rng.gauss(0.0, 1.0)))
    tinggi = m + z * sd
    bmi_m, s = _at(_BMI, usia_bulan)
    bmi = bmi_m * math.exp(max(-2.5, min(2.5, rng.gauss(0.0, 1.0))) * s)
    return round(tinggi), max(12, round(bmi * (tinggi / 100) ** 2))


# official alat_transportasi -> (km range, speed km/h, minutes of waiting/walking to the vehicle)
_MODA = {
    1: ((0.1, 2.0), 4.0, 0),     # Jalan kaki
    12: ((0.5, 5.0), 10.0, 0),   # Sepeda
    13: ((1.0, 12.0), 25.0, 2),  # Sepeda motor
    6: ((1.0, 12.0), 25.0, 5),   # Ojek
    3: ((2.0, 20.0), 20.0, 10),  # Angkutan umum
    4: ((2.0, 15.0), 25.0, 5),   # Antar jemput
    2: ((1.0, 15.0), 25.0, 2),   # Kendaraan pribadi
    14: ((2.0, 15.0), 25.0, 2),  # Mobil pribadi
}


def perjalanan(rng: Any, tingkat: int) -> tuple[int, float, int]:
    """(alat_transportasi, jarak km, waktu tempuh minutes) that agree with each other: young
    pupils walk or are taken; older ones also cycle, ride or take public transport."""
    if tingkat <= 6:
        moda = rng.choices([1, 13, 12, 4, 6, 2], weights=[40, 30, 10, 8, 7, 5])[0]
    elif tingkat <= 9:
        moda = rng.choices([1, 13, 12, 3, 6, 4], weights=[25, 35, 15, 12, 8, 5])[0]
    else:
        moda = rng.choices([13, 3, 1, 12, 6, 14], weights=[50, 20, 10, 8, 8, 4])[0]
    (lo, hi), speed, wait = _MODA[moda]
    jarak = round(lo + (hi - lo) * rng.random() ** 2, 1)  # most live near the school
    menit = wait + jarak / speed * 60 * rng.uniform(0.9, 1.4)
    return moda, jarak, max(5, int(5 * round(menit / 5)))

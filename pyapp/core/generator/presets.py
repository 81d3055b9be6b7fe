"""The demo school presets, and which official kurikulum and jurusan a rombel of a preset uses."""

from __future__ import annotations

from dataclasses import dataclass

from pyapp.core import rujukan


@dataclass(frozen=True)
class Preset:
    name: str
    bentuk_pendidikan: int  # rujukan bentuk_pendidikan (official id)
    jenjang: str
    kurikulum: str  # "Merdeka" or "K13": the official kurikulum per rombel follows from it
    tingkat: tuple[int, ...]
    rombel_per_tingkat: int
    jumlah_pd: int
    tenaga_administrasi: int
    nama_sekolah: str
    jurusan: tuple[str, ...] = ()  # SMK keys of SMK_JURUSAN / SMA K13 keys of SMA_PEMINATAN
    wakasek: int = 0


# SMK: short name -> (Merdeka program keahlian [kelas 10], Merdeka konsentrasi keahlian
# [kelas 11-13], K13 kompetensi keahlian), official jurusan ids (rujukan jurusan).
SMK_JURUSAN: dict[str, tuple[str, str, str]] = {
    "TKJ": ("16012", "16012425", "15052515"),
    "RPL": ("16010", "16010410", "15052510"),
    "AKL": ("35014", "35014605", "35291535"),
    "MP": ("35012", "35012585", "35281530"),
    "TKR": ("12012", "12012175", "10042270"),
    "TITL": ("13010", "13010340", "10020205"),
    "DKV": ("47012", "47012650", "46321590"),
    "KUL": ("40416", "40416625", "40311565"),
    "PHT": ("40412", "40412620", "40301555"),
    "KPR": ("21010", "21010440", "21141365"),
}
# SMA K13 peminatan -> official jurusan id
SMA_PEMINATAN: dict[str, str] = {"MIPA": "00000095", "IPS": "00000100", "BAHASA": "00000105"}

PRESETS: dict[str, Preset] = {
    "small": Preset("small", 5, "SD", "Merdeka", (1, 2, 3, 4, 5, 6), 1, 120, 1, "SD Negeri {n} {desa}"),
    "medium": Preset("medium", 6, "SMP", "Merdeka", (7, 8, 9), 7, 600, 4, "SMP Negeri {n} {kab}", wakasek=2),
    "large": Preset(
        "large", 15, "SMK", "Merdeka", (10, 11, 12), 30, 3000, 10, "SMK Negeri {n} {kab}",
        jurusan=("TKJ", "RPL", "AKL", "MP", "TKR"), wakasek=4,
    ),
    "sd-k13": Preset("sd-k13", 5, "SD", "K13", (1, 2, 3, 4, 5, 6), 2, 300, 2, "SD Negeri {n} {desa}"),
    "smp-k13": Preset("smp-k13", 6, "SMP", "K13", (7, 8, 9), 3, 280, 3, "SMP Negeri {n} {kab}", wakasek=1),
    "sma": Preset("sma", 13, "SMA", "Merdeka", (10, 11, 12), 4, 420, 4, "SMA Negeri {n} {kab}", wakasek=2),
    "sma-k13": Preset(
        "sma-k13", 13, "SMA", "K13", (10, 11, 12), 3, 320, 3, "SMA Negeri {n} {kab}",
        jurusan=("MIPA", "IPS", "BAHASA"), wakasek=2,
    ),
    "smk-k13": Preset(
        "smk-k13", 15, "SMK", "K13", (10, 11, 12), 4, 400, 4, "SMK Negeri {n} {kab}",
        jurusan=("TKJ", "AKL"), wakasek=2,
    ),
    "slb": Preset("slb", 7, "SLB", "Merdeka", (1, 2, 3, 4, 5, 6), 2, 54, 1, "SLB Negeri {n} {kab}"),
}


def jurusan_rombel(preset: Preset, key: str | None, tingkat: int) -> str | None:
    """The official jurusan id of a rombel."""
    if key is None:
        return None
    if preset.jenjang == "SMA":
        return SMA_PEMINATAN[key]
    program, konsentrasi, k13 = SMK_JURUSAN[key]
    if preset.kurikulum == "K13":
        return k13
    return program if tingkat == 10 else konsentrasi


def kurikulum_rombel(preset: Preset, tingkat: int, jurusan: str | None) -> int:
    """The official kurikulum id a rombel of this preset uses (rujukan kurikulum)."""
    for item in rujukan.get("kurikulum"):
        if item.get("kurikulum") != preset.kurikulum or item.get("jenjang") != preset.jenjang:
            continue
        lo, hi = item.get("tingkat", (0, 99))
        if not lo <= tingkat <= hi or str(tingkat) not in item.get("struktur", {}):
            continue
        if item.get("jurusan") == jurusan or (jurusan is None and "jurusan" not in item):
            return int(item["code"])
    raise LookupError(f"no kurikulum for {preset.name} tingkat {tingkat} jurusan {jurusan}")

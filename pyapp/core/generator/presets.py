"""The demo school presets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    name: str
    bentuk_pendidikan: int  # rujukan bentuk_pendidikan
    jenjang: str
    kurikulum: int  # rujukan kurikulum
    tingkat: tuple[int, ...]
    rombel_per_tingkat: int
    jumlah_pd: int
    tenaga_administrasi: int
    nama_sekolah: str
    jurusan: tuple[int, ...] = ()  # SMK: rombels are spread over these program keahlian
    wakasek: int = 0


PRESETS: dict[str, Preset] = {
    "small": Preset("small", 5, "SD", 101, (1, 2, 3, 4, 5, 6), 1, 120, 1, "SD Negeri {n} {desa}"),
    "medium": Preset("medium", 7, "SMP", 102, (7, 8, 9), 7, 600, 4, "SMP Negeri {n} {kab}", wakasek=2),
    "large": Preset(
        "large", 15, "SMK", 104, (10, 11, 12), 30, 3000, 10, "SMK Negeri {n} {kab}",
        jurusan=(1, 2, 3, 4, 5), wakasek=4,
    ),
}

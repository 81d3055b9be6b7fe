"""Generator: the school record, its per-semester data and its sarpras (tanah → bangunan →
ruang → alat). Classrooms are returned for the rombels."""

from __future__ import annotations

import json
import random
from functools import cache
from importlib import resources
from typing import Any

from pyapp.core.generator._context import SEMESTER_ID, Context
from pyapp.core.generator.names import alamat_jalan
from pyapp.core.generator.presets import Preset

RUANG_PER_LANTAI = 8
#: How far (degrees) a school lies from its kabupaten/kota's centre point at most: a kota is
#: small, a kabupaten spreads wider (about 3 km and 9 km).
SEBARAN = {"kota": 0.03, "kabupaten": 0.08}


@cache
def kabupaten_koordinat() -> dict[str, tuple[float, float]]:
    """Kemendagri kabupaten/kota code -> (lintang, bujur) of its centre (source in the file)."""
    text = resources.files(__package__).joinpath("kabupaten_koordinat.json").read_text(encoding="utf-8")
    return {k: (v[0], v[1]) for k, v in json.loads(text)["kabupaten"].items()}


def koordinat(kabupaten: str, nama_kabupaten: str, npsn: str) -> tuple[float | None, float | None]:
    """A plausible point for a school in the kabupaten: near its centre, from its own rng
    (seeded by the NPSN) so the rest of the school is generated as before."""
    pusat = kabupaten_koordinat().get(kabupaten)
    if pusat is None:
        return None, None
    rng = random.Random(f"koordinat-{npsn}")
    r = SEBARAN["kota" if nama_kabupaten.startswith("Kota") else "kabupaten"]
    return (round(pusat[0] + rng.uniform(-r, r), 6), round(pusat[1] + rng.uniform(-r, r), 6))


def make_school(ctx: Context, preset: Preset) -> dict[str, Any]:
    rng = ctx.rng
    desa = ctx.wilayah.name(ctx.desa_code) or ""
    kab = ctx.tempat_lahir(ctx.kecamatan)
    nama = preset.nama_sekolah.format(n=rng.randint(1, 9), desa=desa, kab=kab)[:100]
    # negeri SD/SMP belong to the kabupaten/kota, SMA/SMK/SLB to the province (UU 23/2014, annex on education)
    provinsi = preset.jenjang in ("SMA", "SMK", "SLB")
    ctx.pemda = 2 if provinsi else 3
    kepala_daerah = "Gub" if provinsi else "Bup"
    sekolah = ctx.add(
        "sekolah",
        nama=nama,
        npsn=ctx.unique_digits(8, prefix="20"),
        bentuk_pendidikan=preset.bentuk_pendidikan,
        status_sekolah=1,
        sk_pendirian=f"421.{2 if provinsi else 1}/{rng.randint(10, 999)}/Kep-{kepala_daerah}/{rng.randint(1975, 2005)}",
        tanggal_sk_pendirian=f"{rng.randint(1975, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        sk_izin_operasional=f"503/{rng.randint(100, 9999)}/DPMPTSP{'-Prov' if provinsi else ''}/2019",
        tanggal_sk_izin_operasional=f"2019-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        alamat_jalan=alamat_jalan(rng),
        rt=rng.randint(1, 10), rw=rng.randint(1, 8),
        desa_kelurahan=desa[:60],
        kode_wilayah=ctx.desa_code,
        kode_wilayah_kemendikbud=ctx.wilayah.kode_kemendikbud(ctx.desa_code),
        kode_pos=ctx.wilayah.kode_pos(ctx.desa_code),
        akreditasi=rng.choice([1, 1, 2]),
        nomor_telepon=f"0{rng.randint(21, 779)}-{rng.randint(100000, 9999999)}",
        email=f"{preset.jenjang.lower()}n{rng.randint(1, 99)}@sekolah.belajar.id",
    )
    sekolah["lintang"], sekolah["bujur"] = koordinat(
        ctx.kabupaten, ctx.wilayah.name(ctx.kabupaten) or "", sekolah["npsn"])
    ctx.add(
        "sekolah_periodik",
        sekolah_id=sekolah["id"], semester_id=SEMESTER_ID,
        sumber_listrik=2, daya_listrik=rng.choice([2200, 3500, 5500, 7700, 11000, 16500]),
        akses_internet=rng.choice([2, 4, 9, 11, 92]), waktu_penyelenggaraan=rng.choice([1, 6]),
    )
    return sekolah


def _ruang(ctx: Context, bangunan: dict[str, Any], jenis: int, nama: str, lantai: int,
           kapasitas: int, panjang: float = 9.0, lebar: float = 8.0) -> dict[str, Any]:
    rng = ctx.rng
    return ctx.add(
        "ruang", bangunan_id=bangunan["id"], jenis_prasarana=jenis, nama=nama[:50],
        kode=f"R{len(ctx.records.get('ruang', [])) + 1:03d}", lantai=lantai,
        panjang=panjang, lebar=lebar, kapasitas=kapasitas,
        kerusakan_lantai=float(rng.choice([0, 0, 5, 10])), kerusakan_dinding=float(rng.choice([0, 5, 10])),
        kerusakan_atap=float(rng.choice([0, 0, 10, 20])), kerusakan_pintu=0.0, kerusakan_jendela=float(rng.choice([0, 5])),
        berfungsi=True,
    )


def _alat(ctx: Context, ruang: dict[str, Any], jenis: int, jumlah: int) -> None:
    rusak = ctx.rng.choice([0, 0, 0, 1, 2]) if jumlah > 2 else 0
    ctx.add("alat", ruang_id=ruang["id"], jenis_sarana=jenis, jumlah=jumlah, jumlah_laik=jumlah - rusak)


def make_sarpras(ctx: Context, preset: Preset, jumlah_kelas: int, kapasitas: int) -> list[dict[str, Any]]:
    """Build the sarpras chain; return the classrooms (one per rombel)."""
    rng = ctx.rng
    lantai = 1 if preset.jenjang == "SD" else 2 if preset.jenjang == "SMP" else 3
    per_gedung = RUANG_PER_LANTAI * lantai
    n_gedung_kelas = -(-jumlah_kelas // per_gedung)
    tapak = 9.0 * 8.0 * RUANG_PER_LANTAI * 1.3
    luas = round(tapak * (n_gedung_kelas + 1) * 2.5, 0)
    tanah = ctx.add("tanah", nama="Tanah Sekolah", no_sertifikat=f"10.{rng.randint(10, 99)}.{rng.randint(1000, 9999)}",
                    luas=luas, kepemilikan=1)

    def gedung(nama: str, n_lantai: int) -> dict[str, Any]:
        return ctx.add(
            "bangunan", tanah_id=tanah["id"], nama=nama, jumlah_lantai=n_lantai,
            tahun_dibangun=rng.randint(1985, 2020), luas_tapak=tapak, kepemilikan=1,
            kerusakan_pondasi=0.0, kerusakan_kolom_balok=float(rng.choice([0, 5])),
            kerusakan_atap=float(rng.choice([0, 10, 15])), kerusakan_dinding=float(rng.choice([0, 5, 10])),
            kerusakan_lantai=float(rng.choice([0, 5])),
        )

    kelas: list[dict[str, Any]] = []
    for g in range(n_gedung_kelas):
        b = gedung(f"Gedung Kelas {chr(65 + g)}", lantai)
        for i in range(min(per_gedung, jumlah_kelas - len(kelas))):
            r = _ruang(ctx, b, 1, f"Ruang Kelas {len(kelas) + 1}", i // RUANG_PER_LANTAI + 1, kapasitas)
            # official jenis_sarana: 1 Meja Siswa, 2 Kursi Siswa, 3 Meja Guru, 4 Kursi Guru, 7 Papan Tulis
            for jenis, n in ((1, kapasitas), (2, kapasitas), (3, 1), (4, 1), (7, 1)):
                _alat(ctx, r, jenis, n)
            kelas.append(r)

    kantor = gedung("Gedung Kantor", 1 if preset.jenjang == "SD" else 2)
    # official jenis_prasarana: 22 R. Kepala Sekolah, 23 R. Guru, 24 R. TU, 10 Perpustakaan,
    # 14 UKS, 31 Ibadah, 2 Lab IPA, 8 Lab Komputer, 21 BP/BK, 16 Bengkel, 26-29 toilets
    others = [(22, "Ruang Kepala Sekolah", 4), (23, "Ruang Guru", 40), (24, "Ruang Tata Usaha", 10),
              (10, "Perpustakaan", 40), (14, "Ruang UKS", 6), (31, "Mushola", 60)]
    if preset.jenjang not in ("SD", "SLB"):
        others += [(2, "Laboratorium IPA", 36), (8, "Laboratorium Komputer", 36), (21, "Ruang BK", 6)]
    for key in preset.jurusan if preset.jenjang == "SMK" else ():
        others.append((16, f"Bengkel {key}", 36))
    toilets = max(1, preset.jumlah_pd // 300)
    for i in range(toilets):
        others += [(28, f"Toilet Siswa Laki-laki {i + 1}", 1), (29, f"Toilet Siswa Perempuan {i + 1}", 1)]
    others += [(26, "Toilet Guru Laki-laki", 1), (27, "Toilet Guru Perempuan", 1)]
    for i, (jenis, nama, kap) in enumerate(others):
        r = _ruang(ctx, kantor, jenis, nama, 1 + (i % 2 if preset.jenjang != "SD" else 0), kap, 7.0, 6.0)
        # official jenis_sarana: 202 Kloset Jongkok, 26412 Wastafel, 13 Komputer, 171 Rak Buku,
        # 174 Meja Baca, 3 Meja Guru, 8 Lemari
        if jenis in (26, 27, 28, 29):
            _alat(ctx, r, 202, 1)
            _alat(ctx, r, 26412, 1)
        elif jenis == 8:
            _alat(ctx, r, 13, 36)
        elif jenis == 10:
            _alat(ctx, r, 171, 12)
            _alat(ctx, r, 174, rng.randint(4, 12))
        else:
            _alat(ctx, r, 3, 2)
            _alat(ctx, r, 8, 2)
    return kelas

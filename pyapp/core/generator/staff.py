"""Generator: GTK (PTK, penugasan, tugas tambahan) and pembelajaran.

Teaching is planned first (hours per mapel over all rombels), then just enough teachers are
made per mapel so that nobody exceeds MAX_JAM hours a week, each pembelajaran at the mapel's
maximum JJM for the tingkat.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pyapp.core import rujukan
from pyapp.core.generator._context import BASE_DATE, SEMESTER_ID, TAHUN_AJARAN_ID, Context
from pyapp.core.generator.names import nama_orang
from pyapp.core.generator.presets import Preset

MAX_JAM = 36  # a teacher's weekly hours stay at or below this
TARGET_JAM = 30


def make_ptk(ctx: Context, jenis_ptk: int, guru: bool = True) -> dict[str, Any]:
    rng = ctx.rng
    jk = "L" if rng.random() < 0.45 else "P"
    lahir = ctx.tanggal_lahir_tahun(rng.randint(1968, 1999))
    kec = ctx.kecamatan_asal()
    nik = ctx.nik(lahir, jk, kec)
    tmt = dt.date(min(lahir.year + rng.randint(23, 30), 2024), rng.choice([1, 3, 4, 7]), 1)
    status = rng.choices([1, 4, 5, 8] if guru else [1, 4, 9], weights=[40, 20, 15, 25] if guru else [30, 20, 50])[0]
    pegawai_negeri = status in (1, 4)
    return ctx.add(
        "ptk",
        nama=nama_orang(rng, jk), jenis_kelamin=jk, tempat_lahir=ctx.tempat_lahir(kec),
        tanggal_lahir=lahir.isoformat(), nik=nik, no_kk=ctx.no_kk(nik),
        nama_ibu_kandung=nama_orang(rng, "P"), agama=rng.choices([1, 2, 3, 4], weights=[85, 8, 5, 2])[0],
        nip=ctx.nip(lahir, tmt, jk) if pegawai_negeri else None,
        nuptk=ctx.unique_digits(16, prefix=str(rng.randint(1, 9))) if guru else None,
        status_kepegawaian=status, jenis_ptk=jenis_ptk,
        pendidikan_terakhir=30 if guru else rng.choice([6, 22, 30]),
        sk_pengangkatan=f"813/{rng.randint(100, 9999)}/BKD/{tmt.year}", tmt_pengangkatan=tmt.isoformat(),
        nomor_hp=f"08{rng.randint(11, 99)}{rng.randint(10000000, 99999999)}",
    )


def _penugasan(ctx: Context, ptk: dict[str, Any]) -> None:
    rng = ctx.rng
    ctx.add(
        "penugasan", ptk_id=ptk["id"], tahun_ajaran_id=TAHUN_AJARAN_ID,
        nomor_surat_tugas=f"800/{rng.randint(100, 999)}/ST/{TAHUN_AJARAN_ID}",
        tanggal_surat_tugas=(BASE_DATE - dt.timedelta(days=14)).isoformat(),
        tmt_tugas=BASE_DATE.isoformat(), sekolah_induk=True,
    )


def _tugas(ctx: Context, ptk: dict[str, Any], jabatan: int) -> None:
    item = rujukan.item("jabatan_tugas_tambahan", jabatan) or {}
    ctx.add(
        "tugas_tambahan", ptk_id=ptk["id"], jabatan=jabatan, jumlah_jam=item.get("jam_ekuivalen", 0),
        nomor_sk=f"821.2/{ctx.rng.randint(100, 999)}/Disdik/{TAHUN_AJARAN_ID}",
        tmt_tambahan=BASE_DATE.isoformat(),
    )


def mapel_for(preset: Preset, tingkat: int) -> list[dict[str, Any]]:
    """Mata pelajaran of a rombel: the preset's kurikulum at that tingkat, Islam as agama."""
    return [
        m for m in rujukan.get("mata_pelajaran")
        if preset.kurikulum in m["kurikulum"] and str(tingkat) in m["jjm_maks"] and m.get("agama", 1) == 1
    ]


def make_staff_and_teaching(ctx: Context, preset: Preset, rombels: list[dict[str, Any]]) -> None:
    """Make every PTK with a penugasan, the Kepala Sekolah, wali kelas and all pembelajaran."""
    kepala = make_ptk(ctx, 20)
    kepala["status_kepegawaian"] = 1
    if kepala["nip"] is None:
        lahir = dt.date.fromisoformat(kepala["tanggal_lahir"])
        kepala["nip"] = ctx.nip(lahir, dt.date.fromisoformat(kepala["tmt_pengangkatan"]), kepala["jenis_kelamin"])
    _tugas(ctx, kepala, 1)

    # 1. what must be taught: (pool key) -> [(rombel, mapel, jam)]
    kelas_guru: dict[str, dict[str, Any]] = {}
    pools: dict[tuple[int, int | None], list[tuple[dict[str, Any], dict[str, Any], int]]] = {}
    for rombel in rombels:
        for mp in mapel_for(preset, rombel["tingkat"]):
            jam = mp["jjm_maks"][str(rombel["tingkat"])]
            if preset.jenjang == "SD" and mp["kelompok"] != "agama" and mp["code"] != 1014:
                guru = kelas_guru.get(rombel["id"])
                if guru is None:
                    guru = kelas_guru[rombel["id"]] = make_ptk(ctx, 3)
                    rombel["ptk_id"] = guru["id"]
                _pembelajaran(ctx, rombel, mp, guru, jam)
                continue
            key = (mp["code"], rombel.get("jurusan") if mp["kelompok"] in ("kejuruan", "pilihan") else None)
            pools.setdefault(key, []).append((rombel, mp, jam))

    # 2. just enough teachers per pool, least-loaded first
    teachers: list[dict[str, Any]] = []
    for key in sorted(pools, key=lambda k: (k[0], k[1] or 0)):
        tasks = pools[key]
        total = sum(j for _, _, j in tasks)
        n = max(1, -(-total // TARGET_JAM))
        group = [make_ptk(ctx, 4) for _ in range(n)]
        load = [0] * n
        for rombel, mp, jam in tasks:
            i = min(range(n), key=lambda k: load[k])
            if load[i] + jam > MAX_JAM:
                group.append(make_ptk(ctx, 4))
                load.append(0)
                i = len(group) - 1
            load[i] += jam
            _pembelajaran(ctx, rombel, mp, group[i], jam)
        teachers.extend(group)

    # 3. wali kelas (SMP/SMA/SMK): distinct subject teachers; wakasek among the others
    if preset.jenjang != "SD":
        order = list(teachers)
        ctx.rng.shuffle(order)
        for rombel, guru in zip(rombels, order, strict=False):
            rombel["ptk_id"] = guru["id"]
        for guru in order[len(rombels):len(rombels) + preset.wakasek]:
            _tugas(ctx, guru, 3)

    staff = [kepala, *kelas_guru.values(), *teachers]
    staff += [make_ptk(ctx, 11, guru=False) for _ in range(preset.tenaga_administrasi)]
    for ptk in staff:
        _penugasan(ctx, ptk)


def _pembelajaran(ctx: Context, rombel: dict[str, Any], mp: dict[str, Any], guru: dict[str, Any], jam: int) -> None:
    ctx.add(
        "pembelajaran", rombel_id=rombel["id"], mata_pelajaran_id=mp["code"], ptk_id=guru["id"],
        semester_id=SEMESTER_ID, nama_mata_pelajaran=mp["label"][:80],
        sk_mengajar=f"800/{ctx.rng.randint(100, 999)}/SK-MGJ/{TAHUN_AJARAN_ID}",
        tanggal_sk_mengajar=(BASE_DATE - dt.timedelta(days=7)).isoformat(),
        jam_mengajar_per_minggu=jam, kkm=75,
    )

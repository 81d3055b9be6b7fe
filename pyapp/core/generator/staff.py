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
from pyapp.core.generator.names import keluarga, nama_orang, pilih_agama
from pyapp.core.generator.presets import Preset
from pyapp.core.generator.teaching import PJOK, agama_of, mapel_rombel

MAX_JAM = 36  # a teacher's weekly hours stay at or below this
TARGET_JAM = 30


def make_ptk(ctx: Context, jenis_ptk: int, guru: bool = True, agama: int | None = None) -> dict[str, Any]:
    rng = ctx.rng
    jk = "L" if rng.random() < 0.45 else "P"
    lahir = ctx.tanggal_lahir_tahun(rng.randint(1968, 1999))
    kec = ctx.kecamatan_asal()
    nik = ctx.nik(lahir, jk, kec)
    prov = ctx.desa_code[:2]
    fam = keluarga(rng, agama or pilih_agama(rng, prov), prov)
    tmt = dt.date(min(lahir.year + rng.randint(23, 30), 2024), rng.choice([1, 3, 4, 7]), 1)
    # PNS, PPPK, Guru/Tenaga Honor Sekolah (a negeri school has no GTY/PTY)
    status = rng.choices([1, 11, 8] if guru else [1, 11, 9], weights=[45, 25, 30] if guru else [30, 20, 50])[0]
    pegawai_negeri = status in (1, 11)
    ptk = ctx.add(
        "ptk",
        nama=nama_orang(rng, jk, fam, rng.randint(1, 4)), jenis_kelamin=jk, tempat_lahir=ctx.tempat_lahir(kec),
        tanggal_lahir=lahir.isoformat(), nik=nik, no_kk=ctx.no_kk(nik),
        nama_ibu_kandung=nama_orang(rng, "P", {**fam, "marga": None}, rng.randint(1, 4)), agama=fam["agama"],
        nip=ctx.nip(lahir, tmt, jk) if pegawai_negeri else None,
        nuptk=ctx.unique_digits(16, prefix=str(rng.randint(1, 9))) if guru else None,
        status_kepegawaian=status, jenis_ptk=jenis_ptk,
        pendidikan_terakhir=30 if guru else rng.choice([6, 22, 30]),
        sk_pengangkatan=f"813/{rng.randint(100, 9999)}/BKD/{tmt.year}", tmt_pengangkatan=tmt.isoformat(),
        nomor_hp=f"08{rng.randint(11, 99)}{rng.randint(10000000, 99999999)}",
    )
    _kepegawaian(ctx, ptk, tmt, guru)
    return ptk


def _kepegawaian(ctx: Context, ptk: dict[str, Any], tmt: dt.date, guru: bool) -> None:
    """Employment detail: who appointed and pays the PTK, CPNS/PNS dates and rank, certification.
    A negeri SD/SMP is run by the kabupaten/kota, a negeri SMA/SMK/SLB by the province."""
    rng = ctx.rng
    status = ptk["status_kepegawaian"]
    asn = status in (1, 11)
    ptk["lembaga_pengangkat"] = ctx.pemda if asn else 5  # 2 Provinsi / 3 Kab/Kota; 5 Kepala Sekolah
    ptk["sumber_gaji"] = ctx.pemda if asn else 5  # 2 APBD Provinsi / 3 APBD Kab/Kota; 5 Sekolah
    ptk["status_keaktifan"] = 1
    masa = BASE_DATE.year - tmt.year
    if status == 1:
        ptk["sk_cpns"] = f"813.3/{rng.randint(100, 9999)}/BKD/{tmt.year}"
        ptk["tgl_cpns"] = tmt.isoformat()
        ptk["tmt_pns"] = tmt.replace(year=tmt.year + 1).isoformat()
        start = 9 if ptk["pendidikan_terakhir"] == 30 else 5  # III/a for S1, II/a otherwise
        ptk["pangkat_golongan"] = min(start + masa // 4, 14)
    if guru and asn and masa >= 5 and rng.random() < 0.6:
        ptk["jenis_sertifikasi"] = 1  # Sertifikasi Pendidik
        ptk["nrg"] = ctx.unique_digits(12, prefix=f"{(tmt.year + 4) % 100:02d}")


def _penugasan(ctx: Context, ptk: dict[str, Any]) -> dict[str, Any]:
    rng = ctx.rng
    jabatan = 2 if ptk["jenis_ptk"] == 20 else 1 if ptk["jenis_ptk"] in (3, 4, 5) else 6  # jabatan_ptk
    return ctx.add(
        "penugasan", ptk_id=ptk["id"], tahun_ajaran_id=TAHUN_AJARAN_ID,
        nomor_surat_tugas=f"800/{rng.randint(100, 999)}/ST/{TAHUN_AJARAN_ID}",
        tanggal_surat_tugas=(BASE_DATE - dt.timedelta(days=14)).isoformat(),
        tmt_tugas=BASE_DATE.isoformat(), sekolah_induk=True, jenis_ptk=ptk["jenis_ptk"], jabatan_ptk=jabatan,
    )


def _tugas(ctx: Context, ptk: dict[str, Any], jabatan: int) -> None:
    item = rujukan.item("jabatan_tugas_tambahan", jabatan) or {}
    ctx.add(
        "tugas_tambahan", ptk_id=ptk["id"], jabatan=jabatan, jumlah_jam=item.get("jam_ekuivalen", 0),
        nomor_sk=f"821.2/{ctx.rng.randint(100, 999)}/Disdik/{TAHUN_AJARAN_ID}",
        tmt_tambahan=BASE_DATE.isoformat(),
    )


def _agama_rombel(ctx: Context) -> dict[str, set[int]]:
    """rombel id -> the agama of its members."""
    agama = {pd["id"]: pd.get("agama") for pd in ctx.records.get("peserta_didik", [])}
    out: dict[str, set[int]] = {}
    for a in ctx.records.get("anggota_rombel", []):
        ag = agama.get(a["peserta_didik_id"])
        if ag is not None:
            out.setdefault(a["rombel_id"], set()).add(ag)
    return out


def make_staff_and_teaching(ctx: Context, preset: Preset, rombels: list[dict[str, Any]]) -> None:
    """Make every PTK with a penugasan, the Kepala Sekolah, wali kelas and all pembelajaran."""
    kepala = make_ptk(ctx, 20)
    kepala["status_kepegawaian"] = 1
    _kepegawaian(ctx, kepala, dt.date.fromisoformat(kepala["tmt_pengangkatan"]), True)
    if kepala["nip"] is None:
        lahir = dt.date.fromisoformat(kepala["tanggal_lahir"])
        kepala["nip"] = ctx.nip(lahir, dt.date.fromisoformat(kepala["tmt_pengangkatan"]), kepala["jenis_kelamin"])
    _tugas(ctx, kepala, 2)

    # 1. what must be taught: (pool key) -> [(rombel, mapel, jam)]
    kelas_guru: dict[str, dict[str, Any]] = {}
    pools: dict[int, list[tuple[dict[str, Any], int, int]]] = {}
    agama = _agama_rombel(ctx)
    for i, rombel in enumerate(rombels):
        for mapel, jam in mapel_rombel(rombel["kurikulum"], rombel["tingkat"], agama.get(rombel["id"], set()), i):
            if preset.jenjang in ("SD", "SLB") and agama_of(mapel) is None and mapel != PJOK:
                guru = kelas_guru.get(rombel["id"])
                if guru is None:
                    guru = kelas_guru[rombel["id"]] = make_ptk(ctx, 3)
                    rombel["ptk_id"] = guru["id"]
                _pembelajaran(ctx, rombel, mapel, guru, jam)
                continue
            pools.setdefault(mapel, []).append((rombel, mapel, jam))

    # 2. just enough teachers per pool, least-loaded first
    teachers: list[dict[str, Any]] = []
    for key in sorted(pools):
        tasks = pools[key]
        total = sum(j for _, _, j in tasks)
        n = max(1, -(-total // TARGET_JAM))
        ag = agama_of(key)
        group = [make_ptk(ctx, 4, agama=ag) for _ in range(n)]
        load = [0] * n
        for rombel, mp, jam in tasks:
            i = min(range(n), key=lambda k: load[k])
            if load[i] + jam > MAX_JAM:
                group.append(make_ptk(ctx, 4, agama=ag))
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
            _tugas(ctx, guru, 11)

    staff = [kepala, *kelas_guru.values(), *teachers]
    staff += [make_ptk(ctx, 11, guru=False) for _ in range(preset.tenaga_administrasi)]
    penugasan = {ptk["id"]: _penugasan(ctx, ptk)["id"] for ptk in staff}
    for p in ctx.records.get("pembelajaran", []):
        p["penugasan_id"] = penugasan.get(p["ptk_id"])


def _pembelajaran(ctx: Context, rombel: dict[str, Any], mapel: int, guru: dict[str, Any], jam: int) -> None:
    ctx.add(
        "pembelajaran", rombel_id=rombel["id"], mata_pelajaran_id=mapel, ptk_id=guru["id"],
        semester_id=SEMESTER_ID, nama_mata_pelajaran=rujukan.label("mata_pelajaran", mapel)[:80],
        sk_mengajar=f"800/{ctx.rng.randint(100, 999)}/SK-MGJ/{TAHUN_AJARAN_ID}",
        tanggal_sk_mengajar=(BASE_DATE - dt.timedelta(days=7)).isoformat(),
        jam_mengajar_per_minggu=jam, kkm=75 if _k13(rombel) else None,  # Merdeka has no KKM
    )


def _k13(rombel: dict[str, Any]) -> bool:
    item = rujukan.item("kurikulum", rombel["kurikulum"]) or {}
    return item.get("kurikulum") == "K13"

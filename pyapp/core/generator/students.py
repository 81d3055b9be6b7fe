"""Generator: rombels, peserta didik (with parents, registrasi, periodik, KIP/KPS) and their
membership; nilai once pembelajaran exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pyapp.core import rujukan
from pyapp.core.generator._context import BASE_DATE, SEMESTER_ID, Context
from pyapp.core.generator.ekonomi import pekerjaan_orang_tua, penghasilan
from pyapp.core.generator.names import MARGA, alamat_jalan, keluarga, nama_orang, pilih_agama
from pyapp.core.generator.periodik import perjalanan, tinggi_berat
from pyapp.core.generator.presets import Preset, jurusan_rombel, kurikulum_rombel

ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX",
          10: "X", 11: "XI", 12: "XII", 13: "XIII"}


HOBI = (1, 1, 2, 3, 4, 5, 6, 14, 15, 19, 20, 24, 26)
CITA = (1, 2, 3, 3, 4, 4, 6, 7, 13, 16, 18, 19, 22, 26, 30, 35, 41)


def kapasitas(preset: Preset) -> int:
    item = rujukan.item("bentuk_pendidikan", preset.bentuk_pendidikan) or {}
    return int(item.get("maks_anggota_rombel", 32))


def make_rombels(ctx: Context, preset: Preset, kelas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rombels: list[dict[str, Any]] = []
    for tingkat in preset.tingkat:
        for i in range(preset.rombel_per_tingkat):
            if preset.jurusan:
                per = max(1, preset.rombel_per_tingkat // len(preset.jurusan))
                key = preset.jurusan[min(i // per, len(preset.jurusan) - 1)]
                nama = f"{ROMAWI[tingkat]} {key} {i % per + 1}"
            else:
                key = None
                nama = f"{tingkat}{chr(65 + i)}" if preset.rombel_per_tingkat > 1 else f"Kelas {tingkat}"
            jurusan = jurusan_rombel(preset, key, tingkat)
            rombels.append(ctx.add(
                "rombel", semester_id=SEMESTER_ID, tingkat=tingkat, jenis_rombel=1,
                kurikulum=kurikulum_rombel(preset, tingkat, jurusan), jurusan=jurusan, nama=nama,
                ptk_id=None, ruang_id=kelas[len(rombels)]["id"],
            ))
    return rombels


def _orang_tua(ctx: Context, jk: str, tahun_anak: int, fam: dict[str, Any]) -> dict[str, Any]:
    rng = ctx.rng
    siapa = "ayah" if jk == "L" else "ibu"
    lahir = ctx.tanggal_lahir_tahun(tahun_anak - rng.randint(24, 42) + (3 if jk == "P" else 0))
    prov = ctx.desa_code[:2]
    pekerjaan = pekerjaan_orang_tua(rng, jk, ctx.setting, prov)
    nama_key = "nama_ayah" if jk == "L" else "nama_ibu_kandung"
    return {
        nama_key: nama_orang(rng, jk, fam, rng.randint(1, 4), marga=_marga_ibu(rng, fam) if jk == "P" else None),
        f"nik_{siapa}": ctx.nik(lahir, jk),
        f"tahun_lahir_{siapa}": lahir.year,
        f"pendidikan_{siapa}": rng.choice([4, 5, 6, 6, 6, 22, 30, 30]),
        f"pekerjaan_{siapa}": pekerjaan,
        f"penghasilan_{siapa}": penghasilan(rng, pekerjaan, prov),
    }


def make_pd(ctx: Context, preset: Preset, tingkat: int) -> dict[str, Any]:
    """One peserta didik of an age fitting `tingkat`, with registrasi and periodik data."""
    rng = ctx.rng
    jk = "L" if rng.random() < 0.5 else "P"
    usia = tingkat + 5 + (1 if rng.random() < 0.06 else 0)
    lahir = ctx.tanggal_lahir_usia(usia)
    kec = ctx.kecamatan_asal()
    nik = ctx.nik(lahir, jk, kec)
    prov = ctx.desa_code[:2]
    fam = keluarga(rng, pilih_agama(rng, prov), prov)
    anak_ke = rng.randint(1, 4)
    kip = rng.random() < 0.15
    kps = rng.random() < 0.08
    moda, jarak, menit = perjalanan(rng, tingkat)
    pd = ctx.add(
        "peserta_didik",
        nama=nama_orang(rng, jk, fam, anak_ke), jenis_kelamin=jk,
        nisn=ctx.unique_digits(10, prefix="0" + str(lahir.year % 100 // 10)),
        nik=nik, no_kk=ctx.no_kk(nik), tempat_lahir=ctx.tempat_lahir(kec), tanggal_lahir=lahir.isoformat(),
        agama=fam["agama"], kewarganegaraan="ID",
        kebutuhan_khusus=0, alamat_jalan=alamat_jalan(rng), **ctx.alamat(),
        jenis_tinggal=rng.choices([1, 2, 3, 10], weights=[90, 6, 2, 2])[0],
        alat_transportasi=moda,
        anak_keberapa=anak_ke, hobi=rng.choice(HOBI), cita_cita=rng.choice(CITA),
        penerima_kps=kps, no_kps=f"KPS{rng.randint(1000000, 9999999)}" if kps else None,
        penerima_kip=kip, layak_pip=kip or kps, alasan_layak_pip=(1 if kps else 6) if (kip or kps) else None,
        **_orang_tua(ctx, "L", lahir.year, fam), **_orang_tua(ctx, "P", lahir.year, fam),
    )
    masuk_tingkat = preset.tingkat[0]
    pindahan = tingkat > masuk_tingkat and rng.random() < 0.04
    tahun_masuk = BASE_DATE.year - (tingkat - masuk_tingkat)
    ctx.add(
        "registrasi", peserta_didik_id=pd["id"], jenis_pendaftaran=2 if pindahan else 1,
        nipd=f"{tahun_masuk}{rng.randint(1000, 9999)}",
        tanggal_masuk=(dt.date(tahun_masuk, 7, 14) + dt.timedelta(days=rng.randint(30, 150) if pindahan else 0)).isoformat(),
        sekolah_asal=_sekolah_asal(rng, preset, pindahan), **_asal(ctx, preset, tahun_masuk),
    )
    bulan = (BASE_DATE.year - lahir.year) * 12 + BASE_DATE.month - lahir.month - (BASE_DATE.day < lahir.day)
    tinggi, berat = tinggi_berat(rng, jk, bulan)
    ctx.add(
        "periodik_pd", peserta_didik_id=pd["id"], semester_id=SEMESTER_ID,
        tinggi_badan=tinggi, berat_badan=berat,
        lingkar_kepala=rng.randint(49, 53) if tingkat <= 6 else rng.randint(51, 56), jarak_rumah_km=jarak,
        waktu_tempuh_menit=menit, jumlah_saudara=pd["anak_keberapa"] - 1 + rng.randint(0, 2),
    )
    _program(ctx, pd, lahir, kip, kps)
    if kip:
        ctx.add("kesejahteraan_pd", peserta_didik_id=pd["id"], jenis_kesejahteraan=1,
                nomor_kartu=ctx.unique_digits(6, prefix="K"), nama_di_kartu=pd["nama"], dari_tahun=2023)
    if kps:
        ctx.add("kesejahteraan_pd", peserta_didik_id=pd["id"], jenis_kesejahteraan=3,
                nomor_kartu=pd["no_kps"], nama_di_kartu=pd["nama_ibu_kandung"], dari_tahun=2022)
    return pd


def _marga_ibu(rng: Any, fam: dict[str, Any]) -> str | None:
    """A Batak mother keeps her own marga (never her husband's)."""
    if not fam.get("marga"):
        return None
    marga: str = rng.choice([m for m in MARGA if m != fam["marga"]])
    return marga


def _program(ctx: Context, pd: dict[str, Any], lahir: dt.date, kip: bool, kps: bool) -> None:
    """Fields other programmes ask for: birth certificate, KIP/KKS numbers, PIP bank account."""
    rng = ctx.rng
    pd["reg_akta_lahir"] = f"{pd['nik'][:4]}-LT-{lahir:%d%m%Y}-{rng.randint(1, 9999):04d}"
    if kip:
        pd["no_kip"] = ctx.unique_digits(6, prefix=str(rng.randint(1, 9)))
        pd["nm_kip"] = pd["nama"]
    if kps:
        pd["no_kks"] = ctx.unique_digits(6, prefix=str(rng.randint(1, 9)))
    if kip or kps:
        pd["nama_kcp"] = rng.choice(["BRI", "BNI", "Bank Mandiri", "BSI"])
        pd["rekening_bank"] = ctx.unique_digits(15, prefix=str(rng.randint(1, 9)))
        pd["rekening_atas_nama"] = pd["nama"]


def _sekolah_asal(rng: Any, preset: Preset, pindahan: bool) -> str | None:
    if pindahan:
        return f"{preset.jenjang} Negeri {rng.randint(1, 12)}"
    sebelum = {"SMP": "SD", "SMA": "SMP", "SMK": "SMP"}.get(preset.jenjang)
    return f"{sebelum} Negeri {rng.randint(1, 12)}" if sebelum else None


def add_member(ctx: Context, rombel: dict[str, Any], pd: dict[str, Any], jenis: int) -> dict[str, Any]:
    return ctx.add("anggota_rombel", rombel_id=rombel["id"], peserta_didik_id=pd["id"], jenis_pendaftaran_rombel=jenis)


def fill_rombels(ctx: Context, preset: Preset, rombels: list[dict[str, Any]]) -> None:
    cap = kapasitas(preset)
    base, extra = divmod(preset.jumlah_pd, len(rombels))
    for i, rombel in enumerate(rombels):
        n = min(cap - 1, base + (1 if i < extra else 0))
        jenis = 1 if rombel["tingkat"] == preset.tingkat[0] else 3
        for _ in range(n):
            add_member(ctx, rombel, make_pd(ctx, preset, rombel["tingkat"]), jenis)


def _asal(ctx: Context, preset: Preset, tahun_masuk: int) -> dict[str, Any]:
    """Registrasi detail from the previous jenjang: PAUD/TK for SD pupils; exam number and
    certificate series for pupils from SD/SMP."""
    rng = ctx.rng
    if preset.jenjang in ("SD", "SLB"):
        tk = rng.random() < 0.8
        return {"pernah_tk": tk, "pernah_paud": tk or rng.random() < 0.3}
    return {"no_peserta_ujian": f"{rng.randint(1, 3)}-{tahun_masuk % 100:02d}-{rng.randint(1, 38):02d}-"
                                f"{rng.randint(1, 99):02d}-{rng.randint(1, 999):03d}-{rng.randint(1, 999):03d}-{rng.randint(1, 9)}",
            "no_seri_ijazah": f"DN-{rng.randint(1, 38):02d} D{'M' if preset.jenjang != 'SMP' else ''} "
                              f"{ctx.unique_digits(7, prefix=str(rng.randint(1, 9)))}"}

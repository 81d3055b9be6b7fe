"""Generator: rombels, peserta didik (with parents, registrasi, periodik, KIP/KPS) and their
membership; nilai once pembelajaran exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pyapp.core import rujukan
from pyapp.core.generator._context import BASE_DATE, SEMESTER_ID, Context
from pyapp.core.generator.names import alamat_jalan, nama_orang
from pyapp.core.generator.presets import Preset

ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX",
          10: "X", 11: "XI", 12: "XII", 13: "XIII"}
SINGKAT = {1: "TKJ", 2: "RPL", 3: "AKL", 4: "MPLB", 5: "TKR", 6: "TITL", 7: "DKV", 8: "TBG", 9: "PHT", 10: "KPR"}


def kapasitas(preset: Preset) -> int:
    item = rujukan.item("bentuk_pendidikan", preset.bentuk_pendidikan) or {}
    return int(item.get("maks_anggota_rombel", 32))


def make_rombels(ctx: Context, preset: Preset, kelas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rombels: list[dict[str, Any]] = []
    for tingkat in preset.tingkat:
        for i in range(preset.rombel_per_tingkat):
            if preset.jurusan:
                per = preset.rombel_per_tingkat // len(preset.jurusan)
                jurusan = preset.jurusan[i // per]
                nama = f"{ROMAWI[tingkat]} {SINGKAT[jurusan]} {i % per + 1}"
            else:
                jurusan = None
                nama = f"{tingkat}{chr(65 + i)}" if preset.rombel_per_tingkat > 1 else f"Kelas {tingkat}"
            rombels.append(ctx.add(
                "rombel", semester_id=SEMESTER_ID, tingkat=tingkat, jenis_rombel=1,
                kurikulum=preset.kurikulum, jurusan=jurusan, nama=nama,
                ptk_id=None, ruang_id=kelas[len(rombels)]["id"],
            ))
    return rombels


def _orang_tua(ctx: Context, jk: str, tahun_anak: int) -> dict[str, Any]:
    rng = ctx.rng
    siapa = "ayah" if jk == "L" else "ibu"
    lahir = ctx.tanggal_lahir_tahun(tahun_anak - rng.randint(24, 42) + (3 if jk == "P" else 0))
    pekerjaan = (rng.choice([3, 6, 7, 9, 11, 5, 2, 14, 10]) if jk == "L"
                 else rng.choice([1, 1, 1, 7, 6, 5, 9, 3]))
    nama_key = "nama_ayah" if jk == "L" else "nama_ibu_kandung"
    return {
        nama_key: nama_orang(rng, jk),
        f"nik_{siapa}": ctx.nik(lahir, jk),
        f"tahun_lahir_{siapa}": lahir.year,
        f"pendidikan_{siapa}": rng.choice([4, 5, 6, 6, 6, 22, 30, 30]),
        f"pekerjaan_{siapa}": pekerjaan,
        f"penghasilan_{siapa}": 99 if pekerjaan == 1 else rng.choice([11, 12, 13, 13, 14, 14, 15]),
    }


def make_pd(ctx: Context, preset: Preset, tingkat: int) -> dict[str, Any]:
    """One peserta didik of an age fitting `tingkat`, with registrasi and periodik data."""
    rng = ctx.rng
    jk = "L" if rng.random() < 0.5 else "P"
    usia = tingkat + 5 + (1 if rng.random() < 0.06 else 0)
    lahir = ctx.tanggal_lahir_usia(usia)
    kec = ctx.kecamatan_asal()
    nik = ctx.nik(lahir, jk, kec)
    kip = rng.random() < 0.15
    kps = rng.random() < 0.08
    pd = ctx.add(
        "peserta_didik",
        nama=nama_orang(rng, jk), jenis_kelamin=jk,
        nisn=ctx.unique_digits(10, prefix="0" + str(lahir.year % 100 // 10)),
        nik=nik, no_kk=ctx.no_kk(nik), tempat_lahir=ctx.tempat_lahir(kec), tanggal_lahir=lahir.isoformat(),
        agama=rng.choices([1, 2, 3, 4, 5], weights=[86, 7, 4, 2, 1])[0], kewarganegaraan="ID",
        kebutuhan_khusus=0, alamat_jalan=alamat_jalan(rng), **ctx.alamat(),
        jenis_tinggal=rng.choices([1, 2, 3], weights=[92, 6, 2])[0],
        alat_transportasi=rng.choice([1, 1, 2, 3, 6, 11, 12]) if tingkat < 10 else rng.choice([1, 3, 6, 12, 12]),
        anak_keberapa=rng.randint(1, 4), hobi=rng.randint(1, 6), cita_cita=rng.randint(1, 10),
        penerima_kps=kps, no_kps=f"KPS{rng.randint(1000000, 9999999)}" if kps else None,
        penerima_kip=kip, layak_pip=kip or kps, alasan_layak_pip=(1 if kps else 6) if (kip or kps) else None,
        **_orang_tua(ctx, "L", lahir.year), **_orang_tua(ctx, "P", lahir.year),
    )
    masuk_tingkat = preset.tingkat[0]
    pindahan = tingkat > masuk_tingkat and rng.random() < 0.04
    tahun_masuk = BASE_DATE.year - (tingkat - masuk_tingkat)
    ctx.add(
        "registrasi", peserta_didik_id=pd["id"], jenis_pendaftaran=2 if pindahan else 1,
        nipd=f"{tahun_masuk}{rng.randint(1000, 9999)}",
        tanggal_masuk=(dt.date(tahun_masuk, 7, 14) + dt.timedelta(days=rng.randint(30, 150) if pindahan else 0)).isoformat(),
        sekolah_asal=_sekolah_asal(rng, preset, pindahan),
    )
    tinggi = 110 + (usia - 6) * 6 + rng.randint(-6, 6)
    ctx.add(
        "periodik_pd", peserta_didik_id=pd["id"], semester_id=SEMESTER_ID,
        tinggi_badan=tinggi, berat_badan=max(15, int(tinggi * 0.3) - 18 + rng.randint(-5, 8)),
        lingkar_kepala=rng.randint(48, 56), jarak_rumah_km=round(rng.uniform(0.3, 8.0), 1),
        waktu_tempuh_menit=rng.choice([5, 10, 15, 20, 30, 45]), jumlah_saudara=pd["anak_keberapa"] - 1 + rng.randint(0, 2),
    )
    if kip:
        ctx.add("kesejahteraan_pd", peserta_didik_id=pd["id"], jenis_kesejahteraan=1,
                nomor_kartu=ctx.unique_digits(6, prefix="K"), nama_di_kartu=pd["nama"], dari_tahun=2023)
    if kps:
        ctx.add("kesejahteraan_pd", peserta_didik_id=pd["id"], jenis_kesejahteraan=3,
                nomor_kartu=pd["no_kps"], nama_di_kartu=pd["nama_ibu_kandung"], dari_tahun=2022)
    return pd


def _sekolah_asal(rng: Any, preset: Preset, pindahan: bool) -> str | None:
    if pindahan:
        return f"{preset.jenjang} Negeri {rng.randint(1, 12)}"
    sebelum = {"SD": None, "SMP": "SD", "SMA": "SMP", "SMK": "SMP"}[preset.jenjang]
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


_KATA = {"A": "sangat baik", "B": "baik", "C": "cukup", "D": "perlu bimbingan"}


def make_nilai(ctx: Context) -> None:
    rng = ctx.rng
    by_rombel: dict[str, list[dict[str, Any]]] = {}
    for p in ctx.records.get("pembelajaran", []):
        by_rombel.setdefault(p["rombel_id"], []).append(p)
    for anggota in ctx.records.get("anggota_rombel", []):
        bakat = rng.uniform(-8, 8)
        for p in by_rombel.get(anggota["rombel_id"], []):
            np = round(min(100.0, max(55.0, rng.gauss(80 + bakat, 6))))
            nk = round(min(100.0, max(55.0, rng.gauss(81 + bakat, 6))))
            rata = (np + nk) / 2
            predikat = "A" if rata >= 90 else "B" if rata >= 80 else "C" if rata >= p["kkm"] else "D"
            ctx.add("nilai", anggota_rombel_id=anggota["id"], pembelajaran_id=p["id"],
                    nilai_pengetahuan=float(np), nilai_keterampilan=float(nk), predikat=predikat,
                    deskripsi=f"Capaian {_KATA[predikat]}.")

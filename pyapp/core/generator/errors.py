"""Known mistakes the demo generator can inject (`--errors K`), with stable kind ids.

Every injected mistake still passes the field-level models: these are rule violations for
Validasi Lokal to find. The rules engineer maps each kind to a rule id.
"""

from __future__ import annotations

from typing import Any

from pyapp.core.generator._context import Context
from pyapp.core.generator.presets import Preset

BAD_NIK_DATE = "bad_nik_date"
NIK_KK_SWAPPED = "nik_kk_swapped"
PD_WITHOUT_ROMBEL = "pd_without_rombel"
ROMBEL_OVER_CAPACITY = "rombel_over_capacity"
ROMBEL_WITHOUT_WALI = "rombel_without_wali"
JJM_OVER_MAX = "jjm_over_max"
GTK_NAME_TITLE = "gtk_name_title"
NAME_WHITESPACE = "name_whitespace"
IBU_EQUALS_AYAH = "ibu_equals_ayah"
PNS_WITHOUT_NIP = "pns_without_nip"
ROMBEL_WITHOUT_RUANG = "rombel_without_ruang"
DUPLICATE_ROMBEL_NAME = "duplicate_rombel_name"
PD_IN_TWO_ROMBELS = "pd_in_two_rombels"
KIP_WITHOUT_NUMBER = "kip_without_number"
NILAI_OTHER_RELIGION = "nilai_other_religion"
REG_NAIK_KELAS = "reg_naik_kelas"
ANGGOTA_PINDAHAN = "anggota_pindahan"
KURIKULUM_OTHER_JENJANG = "kurikulum_other_jenjang"
# made late (inject_late), on records generated after the others: grades, sanitasi, riwayat
NILAI_BEFORE_ASSESSMENT = "nilai_before_assessment"
SANITASI_RUSAK_OVER = "sanitasi_rusak_over"
RWY_LULUS_BEFORE_MASUK = "rwy_lulus_before_masuk"
LATE_KINDS = (NILAI_BEFORE_ASSESSMENT, SANITASI_RUSAK_OVER, RWY_LULUS_BEFORE_MASUK)

#: Injection order: `--errors K` takes the first K, cycling.
KINDS: tuple[str, ...] = (
    BAD_NIK_DATE, NIK_KK_SWAPPED, PD_WITHOUT_ROMBEL, ROMBEL_OVER_CAPACITY, ROMBEL_WITHOUT_WALI,
    JJM_OVER_MAX, GTK_NAME_TITLE, NAME_WHITESPACE, IBU_EQUALS_AYAH, PNS_WITHOUT_NIP,
    ROMBEL_WITHOUT_RUANG, DUPLICATE_ROMBEL_NAME, PD_IN_TWO_ROMBELS, KIP_WITHOUT_NUMBER,
    NILAI_OTHER_RELIGION, REG_NAIK_KELAS, ANGGOTA_PINDAHAN, KURIKULUM_OTHER_JENJANG, *LATE_KINDS,
)

#: Indonesian description of each kind (for the manifest and docs).
DESCRIPTIONS: dict[str, str] = {
    BAD_NIK_DATE: "Tanggal lahir di NIK tidak mungkin (hari 32)",
    NIK_KK_SWAPPED: "Nomor KK sama dengan NIK",
    PD_WITHOUT_ROMBEL: "Peserta didik tidak masuk rombel mana pun",
    ROMBEL_OVER_CAPACITY: "Anggota rombel melebihi daya tampung",
    ROMBEL_WITHOUT_WALI: "Rombel tanpa wali kelas",
    JJM_OVER_MAX: "Jam mengajar melebihi JJM maksimal mata pelajaran",
    GTK_NAME_TITLE: "Nama GTK memuat gelar akademik",
    NAME_WHITESPACE: "Nama peserta didik memuat tab/baris baru",
    IBU_EQUALS_AYAH: "Nama ibu kandung sama dengan nama ayah",
    PNS_WITHOUT_NIP: "PTK berstatus PNS tanpa NIP",
    ROMBEL_WITHOUT_RUANG: "Rombel tanpa ruang",
    DUPLICATE_ROMBEL_NAME: "Nama rombel ganda dalam satu semester",
    PD_IN_TWO_ROMBELS: "Peserta didik di dua rombel pada semester yang sama",
    KIP_WITHOUT_NUMBER: "Ditandai memiliki KIP tetapi tidak ada data/nomor KIP",
    NILAI_OTHER_RELIGION: "Nilai pada pelajaran agama yang bukan agama peserta didik",
    REG_NAIK_KELAS: "Registrasi dengan jenis pendaftaran Naik kelas (hanya untuk anggota rombel)",
    ANGGOTA_PINDAHAN: "Anggota rombel dengan jenis pendaftaran Pindahan (hanya untuk registrasi)",
    KURIKULUM_OTHER_JENJANG: "Rombel memakai kurikulum jenjang lain",
    NILAI_BEFORE_ASSESSMENT: "Nilai diisi sebelum penilaian akhir semester dimulai",
    SANITASI_RUSAK_OVER: "Tempat cuci tangan rusak lebih banyak dari jumlahnya",
    RWY_LULUS_BEFORE_MASUK: "Riwayat pendidikan: tahun lulus sebelum tahun masuk",
}

TITLES = ("Dra. ", "Drs. ", "Dr. ", "", "")
SUFFIXES = (", S.Pd.", ", S.Pd.I", ", M.Pd.", ", S.Kom.", ", S.E.")


class InjectionError(ValueError):
    pass


def inject(ctx: Context, preset: Preset, k: int) -> list[dict[str, Any]]:
    """Inject k mistakes (cycling through KINDS); return the manifest entries."""
    from pyapp.core.generator.students import add_member, kapasitas, make_pd

    rng = ctx.rng
    recs = ctx.records
    claimed: set[tuple[str, str]] = set()
    cap = kapasitas(preset)

    def members(rombel_id: str) -> list[dict[str, Any]]:
        return [a for a in recs["anggota_rombel"] if a["rombel_id"] == rombel_id]

    def pick(group: str, items: list[dict[str, Any]], ok: Any = None) -> dict[str, Any]:
        free = [r for r in items if (group, r["id"]) not in claimed and (ok is None or ok(r))]
        if not free:
            raise InjectionError(f"Tidak cukup data di preset ini untuk kesalahan jenis {group}.")
        chosen = rng.choice(free)
        claimed.add((group, chosen["id"]))
        return chosen

    def pd(ok: Any = None) -> dict[str, Any]:
        return pick("pd", recs["peserta_didik"], ok)

    def entry(kind: str, rtype: str, rec: dict[str, Any], field: str) -> dict[str, Any]:
        return {"kind": kind, "record_type": rtype, "record_id": rec["id"], "field": field,
                "description": DESCRIPTIONS[kind]}

    manifest = []
    for i in range(k):
        kind = KINDS[i % len(KINDS)]
        if kind in LATE_KINDS:
            ctx.late_errors.append(kind)
        elif kind == BAD_NIK_DATE:
            r = pd()
            r["nik"] = r["nik"][:6] + "32" + r["nik"][8:]
            manifest.append(entry(kind, "peserta_didik", r, "nik"))
        elif kind == NIK_KK_SWAPPED:
            r = pd()
            r["no_kk"] = r["nik"]
            manifest.append(entry(kind, "peserta_didik", r, "no_kk"))
        elif kind == PD_WITHOUT_ROMBEL:
            r = pd()
            gone = {a["id"] for a in recs["anggota_rombel"] if a["peserta_didik_id"] == r["id"]}
            recs["anggota_rombel"] = [a for a in recs["anggota_rombel"] if a["id"] not in gone]
            recs["nilai"] = [n for n in recs.get("nilai", []) if n["anggota_rombel_id"] not in gone]
            manifest.append(entry(kind, "peserta_didik", r, "rombel"))
        elif kind == ROMBEL_OVER_CAPACITY:
            r = pick(kind, recs["rombel"])
            for _ in range(cap + 1 - len(members(r["id"]))):
                new = make_pd(ctx, preset, r["tingkat"])
                claimed.add(("pd", new["id"]))
                add_member(ctx, r, new, 3)
            manifest.append(entry(kind, "rombel", r, "anggota"))
        elif kind == ROMBEL_WITHOUT_WALI:
            r = pick(kind, recs["rombel"])
            r["ptk_id"] = None
            manifest.append(entry(kind, "rombel", r, "ptk_id"))
        elif kind == ROMBEL_WITHOUT_RUANG:
            r = pick(kind, recs["rombel"])
            r["ruang_id"] = None
            manifest.append(entry(kind, "rombel", r, "ruang_id"))
        elif kind == DUPLICATE_ROMBEL_NAME:
            r = pick(kind, recs["rombel"])
            other = pick(kind, recs["rombel"])
            r["nama"] = other["nama"]
            manifest.append(entry(kind, "rombel", r, "nama"))
        elif kind == JJM_OVER_MAX:  # never in a rombel whose kurikulum is swapped (its max would vanish)
            r = pick(kind, recs["pembelajaran"], lambda p: (KURIKULUM_OTHER_JENJANG, p["rombel_id"]) not in claimed)
            r["jam_mengajar_per_minggu"] += 2
            manifest.append(entry(kind, "pembelajaran", r, "jam_mengajar_per_minggu"))
        elif kind == GTK_NAME_TITLE:
            r = pick("ptk", recs["ptk"])
            r["nama"] = (rng.choice(TITLES) + r["nama"] + rng.choice(SUFFIXES))[:60]
            manifest.append(entry(kind, "ptk", r, "nama"))
        elif kind == PNS_WITHOUT_NIP:
            r = pick("ptk", recs["ptk"])
            r["status_kepegawaian"], r["nip"] = 1, None
            manifest.append(entry(kind, "ptk", r, "nip"))
        elif kind == NAME_WHITESPACE:
            r = pd(lambda p: " " in p["nama"])
            r["nama"] = r["nama"].replace(" ", rng.choice(["\t", "\n", " \t"]), 1)
            manifest.append(entry(kind, "peserta_didik", r, "nama"))
        elif kind == IBU_EQUALS_AYAH:
            r = pd()
            r["nama_ibu_kandung"] = r["nama_ayah"]
            manifest.append(entry(kind, "peserta_didik", r, "nama_ibu_kandung"))
        elif kind == PD_IN_TWO_ROMBELS:
            r = pd(lambda p: any(a["peserta_didik_id"] == p["id"] for a in recs["anggota_rombel"]))
            home = next(a["rombel_id"] for a in recs["anggota_rombel"] if a["peserta_didik_id"] == r["id"])
            target = pick(kind, recs["rombel"], lambda x, home=home: x["id"] != home and len(members(x["id"])) < cap)
            add_member(ctx, target, r, 3)
            manifest.append(entry(kind, "peserta_didik", r, "rombel"))
        elif kind == KIP_WITHOUT_NUMBER:
            kip_ids = {w["peserta_didik_id"] for w in recs.get("kesejahteraan_pd", []) if w["jenis_kesejahteraan"] == 1}
            r = pd(lambda p, kip_ids=kip_ids: p["id"] not in kip_ids)
            r["penerima_kip"] = True
            manifest.append(entry(kind, "peserta_didik", r, "penerima_kip"))
        elif kind == NILAI_OTHER_RELIGION:
            manifest.append(_nilai_other_religion(ctx, pick, entry))
        elif kind == REG_NAIK_KELAS:
            r = pick(kind, recs["registrasi"])
            r["jenis_pendaftaran"] = 3
            manifest.append(entry(kind, "registrasi", r, "jenis_pendaftaran"))
        elif kind == ANGGOTA_PINDAHAN:
            r = pick(kind, recs["anggota_rombel"])
            r["jenis_pendaftaran_rombel"] = 2
            manifest.append(entry(kind, "anggota_rombel", r, "jenis_pendaftaran_rombel"))
        elif kind == KURIKULUM_OTHER_JENJANG:
            jjm = {p["rombel_id"] for p in recs["pembelajaran"] if (JJM_OVER_MAX, p["id"]) in claimed}
            r = pick(kind, recs["rombel"], lambda x, jjm=jjm: x["id"] not in jjm)
            r["kurikulum"] = 10211 if preset.jenjang != "SMP" else 10111  # Merdeka SMP / SD
            manifest.append(entry(kind, "rombel", r, "kurikulum"))
    return manifest


def inject_late(ctx: Context) -> list[dict[str, Any]]:
    """The mistakes inject() left for later, on the records made after it (in its order)."""
    rng, recs = ctx.rng, ctx.records
    extra = {n["id"] for n in ctx.extra_nilai}
    out = []
    for kind in ctx.late_errors:
        if kind == NILAI_BEFORE_ASSESSMENT:
            rtype, field = "nilai", "updated_at"
            r = rng.choice([n for n in recs["nilai"] if n["id"] not in extra and n["updated_at"] != EARLY])
            r["created_at"] = r["updated_at"] = EARLY
        elif kind == SANITASI_RUSAK_OVER:
            rtype, field = "sanitasi", "tempat_cuci_tangan_rusak"
            r = recs["sanitasi"][0]
            r["tempat_cuci_tangan_rusak"] = r["tempat_cuci_tangan"] + 1
        else:
            rtype, field = "rwy_pendidikan_formal", "tahun_lulus"
            r = rng.choice([w for w in recs["rwy_pendidikan_formal"] if w["tahun_lulus"] > w["tahun_masuk"]])
            r["tahun_masuk"], r["tahun_lulus"] = r["tahun_lulus"], r["tahun_masuk"]
        out.append({"kind": kind, "record_type": rtype, "record_id": r["id"], "field": field,
                    "description": DESCRIPTIONS[kind]})
    return out


#: when a grade entered too early was saved: two weeks before the 20251 assessment
EARLY = "2025-11-17T02:00:00Z"


def _nilai_other_religion(ctx: Context, pick: Any, entry: Any) -> dict[str, Any]:
    """A nilai (made later by make_nilai, its id fixed now) of a religion lesson that is not the
    pupil's own: a pupil whose agama differs from a religion lesson taught in their rombel."""
    from pyapp.core.generator.teaching import agama_of

    recs = ctx.records
    agama = {p["id"]: p.get("agama") for p in recs["peserta_didik"]}
    lessons: dict[str, list[tuple[dict[str, Any], int]]] = {}
    for p in recs["pembelajaran"]:
        ag = agama_of(p["mata_pelajaran_id"])
        if ag is not None:
            lessons.setdefault(p["rombel_id"], []).append((p, ag))

    def fits(a: dict[str, Any]) -> bool:
        return any(ag != agama.get(a["peserta_didik_id"]) for _, ag in lessons.get(a["rombel_id"], []))

    a = pick(NILAI_OTHER_RELIGION, recs["anggota_rombel"], fits)
    p = next(p for p, ag in lessons[a["rombel_id"]] if ag != agama.get(a["peserta_didik_id"]))
    nid = ctx.uid()
    ctx.extra_nilai.append({"id": nid, "anggota_rombel_id": a["id"], "pembelajaran_id": p["id"]})
    return {"kind": NILAI_OTHER_RELIGION, "record_type": "nilai", "record_id": nid, "field": "pembelajaran_id",
            "description": DESCRIPTIONS[NILAI_OTHER_RELIGION]}

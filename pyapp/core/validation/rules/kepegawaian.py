"""Tab GTK, employment detail other programmes ask for: CPNS/PNS dates, who appointed the PTK,
GTY/PTY only at private schools (columns as ptk in the Dapodik schema,
dapodik-org/dapodik-laravel-eloquent)."""

from __future__ import annotations

from typing import Any

from pyapp.core import rujukan
from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import ASN, empty, hit

registry = Registry()
rule = registry.rule
TAB = "GTK"

#: official status kepegawaian of civil servants proper (PNS, PNS diperbantukan, PNS Depag)
PNS = frozenset(it["code"] for it in rujukan.get("status_kepegawaian") if it.get("pns"))
#: official lembaga pengangkat of government: 1 Pusat, 2 Provinsi, 3 Kab/Kota
PEMERINTAH = frozenset({1, 2, 3})
GTY_PTY = 4
NEGERI = 1

_PNS = {"status_kepegawaian": 1, "sk_cpns": "813.3/12/BKD/2010", "tgl_cpns": "2010-01-01", "tmt_pns": "2011-01-01"}


@rule(id="GTK-PNS-CPNS", tab=TAB, severity="warning", reads=("ptk",),
      title="PNS tanpa data CPNS/TMT PNS",
      message="{label} berstatus {status} tetapi {kolom} belum diisi.",
      hint="Isi {kolom} dari SK CPNS dan SK PNS yang bersangkutan.",
      why="PNS tanpa TMT PNS/SK CPNS termasuk pemeriksaan GTK (docs/domain.md#v-gtk); tingkat resmi tidak "
          "dipublikasikan, jadi peringatan.",
      ok=_PNS, bad={**_PNS, "tmt_pns": None})
def pns_cpns(p: Any, ix: Any) -> Any:
    if p.status_kepegawaian not in PNS:
        return None
    status = rujukan.label("status_kepegawaian", p.status_kepegawaian)
    return [hit(fld, status=status, kolom=kolom) for fld, kolom in
            (("sk_cpns", "SK CPNS"), ("tgl_cpns", "tanggal CPNS"), ("tmt_pns", "TMT PNS"))
            if empty(getattr(p, fld))] or None


@rule(id="GTK-ASN-LEMBAGA", tab=TAB, severity="warning", reads=("ptk",),
      title="ASN diangkat lembaga non-pemerintah",
      message="{label} berstatus {status} tetapi lembaga pengangkatnya {lembaga}.",
      hint="ASN diangkat oleh pemerintah pusat, provinsi, atau kabupaten/kota; perbaiki lembaga pengangkat "
           "atau status kepegawaian.",
      why="PNS, CPNS dan PPPK diangkat oleh instansi pemerintah (UU 20/2023 tentang ASN); yayasan, kepala "
          "sekolah dan komite mengangkat tenaga honorer/GTY (docs/domain.md#v-gtk).",
      ok={"status_kepegawaian": 11, "lembaga_pengangkat": 3},
      bad={"status_kepegawaian": 11, "lembaga_pengangkat": 5})
def asn_lembaga(p: Any, ix: Any) -> Any:
    if p.status_kepegawaian not in ASN or p.lembaga_pengangkat is None or p.lembaga_pengangkat in PEMERINTAH:
        return None
    return [hit("lembaga_pengangkat", status=rujukan.label("status_kepegawaian", p.status_kepegawaian),
                lembaga=rujukan.label("lembaga_pengangkat", p.lembaga_pengangkat))]


@rule(id="GTK-GTY-NEGERI", tab=TAB, severity="warning", reads=("ptk", "sekolah"),
      title="GTY/PTY di sekolah negeri",
      message="{label} berstatus GTY/PTY (guru/pegawai tetap yayasan) di sekolah negeri.",
      hint="Sekolah negeri tidak punya yayasan: pilih status yang sesuai (mis. Guru Honor Sekolah, PPPK, PNS).",
      why="GTY/PTY adalah pegawai tetap yayasan, sedangkan sekolah negeri diselenggarakan pemerintah tanpa "
          "yayasan (docs/domain.md#v-gtk).",
      ok={"sekolah": [{"status_sekolah": 1}], "ptk": [{"status_kepegawaian": 8}]},
      bad={"sekolah": [{"status_sekolah": 1}], "ptk": [{"status_kepegawaian": 4}]})
def gty_negeri(p: Any, ix: Any) -> Any:
    if p.status_kepegawaian != GTY_PTY or ix.sekolah is None or ix.sekolah.status_sekolah != NEGERI:
        return None
    return [hit("status_kepegawaian")]

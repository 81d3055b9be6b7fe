"""Jenis pendaftaran: which codes a registrasi (entering the school) and an anggota rombel
(entering a class) may carry, from the official `daftar_sekolah` / `daftar_rombel` flags of
ref.jenis_pendaftaran (dhannyjsb/dapodik_ref api/ref_jenis_pendaftaran.json)."""

from __future__ import annotations

from typing import Any

from pyapp.core import rujukan
from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules._util import hit

registry = Registry()
rule = registry.rule


def _allowed(flag: str) -> str:
    return ", ".join(f"{it['code']} {it['label']}" for it in rujukan.get("jenis_pendaftaran") if it.get(flag))


@rule(id="PD-REG-JENIS-PENDAFTARAN", tab="Peserta Didik", severity="invalid", reads=("registrasi",),
      title="Jenis pendaftaran bukan pendaftaran sekolah",
      message="{label}: jenis pendaftaran \"{jenis}\" bukan cara masuk sekolah.",
      hint="Pilih jenis pendaftaran masuk sekolah: " + _allowed("daftar_sekolah") + ". \"Naik kelas\", "
           "\"Mengulang\" dan \"Lanjutan semester\" diisi di anggota rombel, bukan di registrasi.",
      why="Rujukan resmi jenis_pendaftaran menandai kode yang berlaku untuk pendaftaran sekolah "
          "(daftar_sekolah = 1); sumber: dhannyjsb/dapodik_ref api/ref_jenis_pendaftaran.json, "
          "lihat docs/domain.md#jenis-pendaftaran.",
      ok={"jenis_pendaftaran": 1}, bad={"jenis_pendaftaran": 3})
def reg_jenis(reg: Any, ix: Any) -> Any:
    item = rujukan.item("jenis_pendaftaran", reg.jenis_pendaftaran) if reg.jenis_pendaftaran is not None else None
    if item is None or item.get("daftar_sekolah"):
        return None
    return [hit("jenis_pendaftaran", jenis=item["label"])]


@rule(id="ROMBEL-ANGGOTA-JENIS-PENDAFTARAN", tab="Rombongan Belajar", severity="invalid",
      reads=("anggota_rombel",),
      title="Jenis pendaftaran anggota rombel",
      message="{label}: jenis pendaftaran rombel \"{jenis}\" tidak berlaku untuk masuk rombel.",
      hint="Pilih jenis pendaftaran rombel: " + _allowed("daftar_rombel") + ". Murid pindahan atau yang "
           "kembali bersekolah masuk rombel sebagai \"Siswa baru\" di tingkat awal, selain itu \"Naik kelas\".",
      why="Rujukan resmi jenis_pendaftaran menandai kode yang berlaku untuk anggota rombel "
          "(daftar_rombel = 1); sumber: dhannyjsb/dapodik_ref api/ref_jenis_pendaftaran.json, "
          "lihat docs/domain.md#jenis-pendaftaran.",
      ok={"jenis_pendaftaran_rombel": 3}, bad={"jenis_pendaftaran_rombel": 2})
def anggota_jenis(a: Any, ix: Any) -> Any:
    code = a.jenis_pendaftaran_rombel
    item = rujukan.item("jenis_pendaftaran", code) if code is not None else None
    if item is None or item.get("daftar_rombel"):
        return None
    return [hit("jenis_pendaftaran_rombel", jenis=item["label"])]

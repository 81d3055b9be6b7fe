"""The rule catalogue: every rule module, merged in one place by explicit imports.

Adding a module means adding it to MODULES; nothing registers itself by being imported
elsewhere. Registry.merge orders the rules by tab, then by module and declaration.
"""

from __future__ import annotations

from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules import (
    agama,
    gtk,
    identitas,
    kepegawaian,
    keanggotaan,
    kondisi,
    nilai,
    pendaftaran,
    pembelajaran,
    peserta_didik,
    rapor,
    riwayat,
    rombel,
    sanitasi,
    sarpras,
    sekolah,
    tanggal,
)

MODULES = (sekolah, sanitasi, sarpras, kondisi, identitas, gtk, kepegawaian, riwayat, peserta_didik, keanggotaan, rombel,
           pembelajaran, nilai, rapor, agama, pendaftaran, tanggal)

REGISTRY: Registry = Registry.merge(*(m.registry for m in MODULES))

__all__ = ["REGISTRY", "MODULES"]

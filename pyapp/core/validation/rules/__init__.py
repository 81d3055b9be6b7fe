"""The rule catalogue: every rule module, merged in one place by explicit imports.

Adding a module means adding it to MODULES; nothing registers itself by being imported
elsewhere. Registry.merge orders the rules by tab, then by module and declaration.
"""

from __future__ import annotations

from pyapp.core.validation.registry import Registry
from pyapp.core.validation.rules import (
    gtk,
    identitas,
    keanggotaan,
    nilai,
    pembelajaran,
    peserta_didik,
    rombel,
    sarpras,
    sekolah,
    tanggal,
)

MODULES = (sekolah, sarpras, identitas, gtk, peserta_didik, keanggotaan, rombel, pembelajaran, nilai,
           tanggal)

REGISTRY: Registry = Registry.merge(*(m.registry for m in MODULES))

__all__ = ["REGISTRY", "MODULES"]

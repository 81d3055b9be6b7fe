"""Helpers shared by the rule modules."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from pyapp.core.models.gtk import KEPALA as KEPALA  # re-exported for the rules
from pyapp.core.models.gtk import PLT_KEPALA as PLT_KEPALA

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")

from pyapp.core import rujukan  # noqa: E402
from pyapp.core.validation._index import INDEXES  # noqa: E402

#: jenis PTK that are teachers (official rujukan jenis_ptk marked "guru"; 12 Guru Pendamping
#: and 13 Guru Magang are retired but still teachers in old data).
GURU = frozenset({it["code"] for it in rujukan.get("jenis_ptk") if it.get("jenis") == "guru"} | {12, 13})
#: status kepegawaian of civil servants with a NIP (PNS, PNS diperbantukan, PNS Depag, CPNS, PPPK).
ASN = frozenset(it["code"] for it in rujukan.get("status_kepegawaian") if it.get("asn"))
#: official jenis_prasarana ids of toilets (WC guru/siswa, laki-laki/perempuan).
TOILET = frozenset(it["code"] for it in rujukan.get("jenis_prasarana") if it.get("toilet"))
#: official jenis_sarana ids of a kloset (202 Kloset Jongkok, 203 Kloset Duduk).
KLOSET = frozenset(it["code"] for it in rujukan.get("jenis_sarana") if it.get("kloset"))


def hit(field: str, **params: Any) -> tuple[str, dict[str, Any]]:
    return field, params


def control_char(value: str | None) -> str | None:
    """The first control character in value, spelled out, or None."""
    if not value:
        return None
    m = CONTROL_RE.search(value)
    if m is None:
        return None
    return {"\t": "tab", "\n": "baris baru", "\r": "carriage return"}.get(m.group(), f"kode {ord(m.group())}")


def empty(value: Any) -> bool:
    return value is None or (value.__class__ is str and not value.strip())


def fmt_date(d: dt.date | None) -> str:
    return d.strftime("%d-%m-%Y") if d else "-"


def same_name(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a.lstrip()[:1].casefold() != b.lstrip()[:1].casefold() or empty(a):
        return False
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def screen_groups(ix: Any, index: str, dirty: Callable[[Any, list[Any]], bool],
                  records_of: Callable[[Any, Any], list[Any]] | None = None) -> list[str]:
    """A rule's `screen` over the groups of `index` (registry.py): the ids of every group for
    which `dirty(key, records)` is true. When some live record is in no group, all ids."""
    by = ix.by[index]
    records = ix.records[INDEXES[index][0]]
    if sum(map(len, by.values())) != len(records):
        return list(records)
    out: list[str] = []
    for key, ids in by.items():
        recs = records_of(ix, key) if records_of is not None else list(map(records.__getitem__, ids))
        if dirty(key, recs):
            out.extend(ids)
    return out

"""What is waiting to be sent (the change log read per record) and the Lembar Konfirmasi.

The change log holds one entry per local write (`{seq, type, id, op, version}`); entries up
to the last receipted push are acknowledged (dropped). Per record, the FIRST pending entry
says which version the server last saw: `base_version = first.version - 1` (None when the
record was created here, version 1, or when this device has never synced). The record sent
is the one in memory now.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from pyapp.core import rujukan
from pyapp.core.models import RECORD_TYPES, TAB_OF, TABS
from pyapp.core.sync import canonical_json
from pyapp.core.sync.messages import HASH_PREFIX

__all__ = ["Pending", "read_outbox", "encode", "sheet_items", "agreement_text",
           "AGREEMENT_VERSION", "KS_JABATAN"]

AGREEMENT_VERSION = "2026.1"
#: Tugas tambahan that make a GTK a principal (official jabatan ids, see rujukan.JABATAN_KEPALA).
KS_JABATAN = rujukan.JABATAN_KEPALA

_AGREEMENT = (
    "PERSETUJUAN PENGIRIMAN DATA\n\n"
    "Saya yang bertanda di bawah ini, {nama}{ident}, selaku Kepala Sekolah {sekolah} "
    "(NPSN {npsn}), menyatakan bahwa:\n"
    "1. Data sekolah, sarana prasarana, GTK, peserta didik, rombongan belajar, pembelajaran "
    "dan nilai yang akan dikirim telah saya periksa pada Lembar Konfirmasi dan sesuai dengan "
    "keadaan yang sebenarnya.\n"
    "2. Saya bertanggung jawab penuh atas kebenaran dan keabsahan data yang dikirim.\n"
    "3. Apabila di kemudian hari terdapat data yang tidak benar, saya bersedia memperbaikinya "
    "dan menerima konsekuensi sesuai ketentuan yang berlaku.\n\n"
    "Dikirim pada tanggal {tanggal}. (Versi pernyataan {versi})"
)


@dataclass(repr=False)
class Pending:
    """The outbox read per record."""

    #: the changes as plain dicts (Change's fields), sorted as `content_hash` sorts them
    changes: list[dict[str, Any]]
    upto_seq: int
    #: tab -> {"created", "updated", "deleted"}
    tabs: dict[str, dict[str, int]]
    #: record id -> first pending version (for Tarik Data's conflict check)
    first_version: dict[str, int]

    @property
    def total(self) -> int:
        return sum(sum(v.values()) for v in self.tabs.values())


def read_outbox(entries: list[dict[str, Any]], data: dict[str, dict[str, Any]],
                ever_synced: bool, records: bool = True) -> Pending:
    """`records=False`: counts only (no change dicts; much cheaper on a large school)."""
    first: dict[str, dict[str, Any]] = {}
    upto = 0
    for e in entries:
        upto = max(upto, int(e.get("seq") or 0))
        first.setdefault(e["id"], e)
    changes: list[dict[str, Any]] = []
    tabs: dict[str, dict[str, int]] = {}
    order = {name: i for i, name in enumerate(RECORD_TYPES)}
    items = first.items()
    if records:  # the order content_hash uses
        items = sorted(items, key=lambda kv: (order.get(kv[1]["type"], 99), kv[0]))  # type: ignore[assignment]
    for rid, e in items:
        tname = e["type"]
        rec = data.get(tname, {}).get(rid)
        if rec is None:
            continue
        version = int(e.get("version") or 1)
        base = version - 1 if ever_synced and version > 1 else None
        if rec.deleted and base is None:
            continue  # created and deleted here, the server never had it
        if records:
            changes.append({"type": tname, "id": rid, "op": "delete" if rec.deleted else "upsert",
                            "base_version": base,
                            "record": rec.model_dump(mode="json", exclude_none=True)})
        kind = "deleted" if rec.deleted else "created" if base is None else "updated"
        bucket = tabs.setdefault(TAB_OF[tname], {"created": 0, "updated": 0, "deleted": 0})
        bucket[kind] += 1
    return Pending(changes, upto, tabs, {rid: int(e.get("version") or 1) for rid, e in first.items()})


def encode(changes: list[dict[str, Any]]) -> tuple[list[str], str]:
    """Each change as canonical JSON, and the content hash over them — the same bytes and the
    same hash as `pyapp.core.sync.content_hash` (sorted keys, one line each, in the sorted
    order `read_outbox` gives), without building 50k pydantic Change objects."""
    lines = [canonical_json(c) for c in changes]
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return lines, HASH_PREFIX + h.hexdigest()


def _live(data: dict[str, dict[str, Any]], tname: str) -> list[Any]:
    return [r for r in data[tname].values() if not r.deleted]


def sheet_items(data: dict[str, dict[str, Any]], semester_id: str | None,
                pending: Pending) -> list[dict[str, str]]:
    """The Lembar Konfirmasi: one item per fact the principal ticks (values as text)."""
    items: list[dict[str, str]] = []

    def add(key: str, label: str, value: Any) -> None:
        items.append({"key": key, "label": label, "value": str(value)})

    for tname, label in (("tanah", "Tanah"), ("bangunan", "Bangunan"), ("ruang", "Ruang"),
                         ("alat", "Alat")):
        add(f"sarpras.{tname}", f"Sarpras — jumlah data {label.lower()}", len(_live(data, tname)))
    by_status: dict[Any, int] = {}
    for p in _live(data, "ptk"):
        by_status[p.status_kepegawaian] = by_status.get(p.status_kepegawaian, 0) + 1
    codes = list(rujukan.codes("status_kepegawaian"))
    for code in sorted(by_status, key=lambda c: codes.index(c) if c in codes else 999):
        name = rujukan.label("status_kepegawaian", code) if code is not None else "belum diisi"
        add(f"gtk.status.{code if code is not None else 'kosong'}",
            f"GTK — status kepegawaian {name}", by_status[code])
    add("gtk.total", "GTK — jumlah seluruhnya", len(_live(data, "ptk")))
    rombels = {r.id: r for r in _live(data, "rombel")}
    current = {i: r for i, r in rombels.items() if r.semester_id == semester_id} or rombels
    pds = data["peserta_didik"]
    per: dict[Any, dict[str, set[str]]] = {}
    for ar in _live(data, "anggota_rombel"):
        rb, pd = current.get(ar.rombel_id), pds.get(ar.peserta_didik_id)
        if rb is None or pd is None or pd.deleted:
            continue
        bucket = per.setdefault(rb.tingkat, {"L": set(), "P": set()})
        if pd.jenis_kelamin in ("L", "P"):
            bucket[pd.jenis_kelamin].add(pd.id)
    for tingkat in sorted(per, key=lambda t: (t is None, t or 0)):
        v = per[tingkat]
        add(f"pd.tingkat.{tingkat}", f"Peserta didik — tingkat {tingkat}",
            f"L {len(v['L'])}, P {len(v['P'])}, jumlah {len(v['L']) + len(v['P'])}")
    live_pd = _live(data, "peserta_didik")
    nl = sum(1 for p in live_pd if p.jenis_kelamin == "L")
    np_ = sum(1 for p in live_pd if p.jenis_kelamin == "P")
    add("pd.total", "Peserta didik — jumlah seluruhnya", f"L {nl}, P {np_}, jumlah {len(live_pd)}")
    add("rombel", "Rombongan belajar", len(_live(data, "rombel")))
    add("pembelajaran", "Pembelajaran", len(_live(data, "pembelajaran")))
    add("nilai", "Nilai", len(_live(data, "nilai")))
    if not pending.tabs:
        add("perubahan", "Perubahan sejak sinkronisasi terakhir", "tidak ada perubahan")
    for tab in TABS:
        c = pending.tabs.get(tab)
        if c:
            add(f"perubahan.{tab}", f"Perubahan sejak sinkronisasi terakhir — {tab}",
                f"{c['created']} baru, {c['updated']} diubah, {c['deleted']} dihapus")
    return items


def agreement_text(nama: str, nip: str | None, nuptk: str | None, sekolah: str, npsn: str,
                   tanggal: str) -> str:
    ident = f", NIP {nip}" if nip else f", NUPTK {nuptk}" if nuptk else ""
    return _AGREEMENT.format(nama=nama, ident=ident, sekolah=sekolah or "-", npsn=npsn or "-",
                             tanggal=tanggal, versi=AGREEMENT_VERSION)

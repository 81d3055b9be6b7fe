"""The Lembar Konfirmasi (the data summary the principal ticks item by item), the
Persetujuan Pengiriman Data text, and the outbox as it will be sent (read and encoded once
while the change log does not move)."""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any

from pyapp.core import rujukan
from pyapp.core.models import TABS
from pyapp.core.sync import AGREEMENT_VERSION
from pyapp.core.types import date_text
from pyapp.engine import _problems as P
from pyapp.engine.overview import pd_per_tingkat
from pyapp.engine.store import REVISION
from pyapp.engine.sync.outbox import Pending, encode, read_outbox
from pyapp.engine.sync.transport import Transport

__all__ = ["Confirming", "sheet_items", "agreement_text"]


_AGREEMENT = (
    "PERSETUJUAN PENGIRIMAN DATA\n\n"
    "Saya yang bertanda tangan di bawah ini, {nama}{ident}, selaku Kepala Sekolah {sekolah} "
    "(NPSN {npsn}), menyatakan bahwa:\n"
    "1. Data sekolah, sarana prasarana, GTK, peserta didik, rombongan belajar, pembelajaran "
    "dan nilai yang akan dikirim telah saya periksa pada Lembar Konfirmasi dan sesuai dengan "
    "keadaan yang sebenarnya.\n"
    "2. Saya bertanggung jawab penuh atas kebenaran dan keabsahan data yang dikirim.\n"
    "3. Apabila di kemudian hari terdapat data yang tidak benar, saya bersedia memperbaikinya "
    "dan menerima konsekuensi sesuai ketentuan yang berlaku.\n\n"
    "Dikirim pada tanggal {tanggal}. (Versi pernyataan {versi})"
)


#: the Lembar Konfirmasi's sections, by the first part of an item's key
GROUPS = {"sarpras": "Sarana dan prasarana", "gtk": "Guru dan tenaga kependidikan",
          "pd": "Peserta didik", "rombel": "Rombel, pembelajaran dan nilai",
          "perubahan": "Perubahan yang dikirim"}


def _live(data: dict[str, dict[str, Any]], tname: str) -> list[Any]:
    return [r for r in data[tname].values() if not r.deleted]


def sheet_items(data: dict[str, dict[str, Any]], semester_id: str | None,
                pending: Pending) -> list[dict[str, str]]:
    """The Lembar Konfirmasi: one item per fact the principal ticks (values as text)."""
    items: list[dict[str, str]] = []

    def add(key: str, label: str, value: Any) -> None:
        group = GROUPS.get(key.split(".", 1)[0], GROUPS["rombel"])
        items.append({"key": key, "label": label, "value": str(value), "group": group})

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
    per = pd_per_tingkat(data, semester_id)
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


class Confirming(Transport):
    def _ever_synced(self) -> bool:
        return self.cfg.get("cursor") is not None

    async def _log_key(self) -> tuple[Any, ...]:
        """What the outbox read from the change log depends on. Not the log itself: reading a
        large school's whole log (~60,000 entries) costs about half a second in the browser.
        Its head moves with every write and acknowledgement, and the data's revision is new
        at every write and gone after a wipe (whose fresh log may count seqs from 1 again)."""
        store = self.service.store
        return (await store.changes_head(), await store.meta_get(REVISION), self._ever_synced(),
                id(self.service.data), tuple(sorted(self._bases().items())))

    async def _pending(self) -> Pending:
        """The outbox's counts per tab and first versions (the Sinkronisasi screen asks at
        every visit), cached like the encoding, which holds them too."""
        key = await self._log_key()
        if self._built is not None and self._built[0] == key:
            return self._built[1]
        if self._counted is None or self._counted[0] != key:
            entries = await self.service.store.changes_since(0)
            self._counted = (key, read_outbox(entries, self.service.data, self._ever_synced(),
                                              False, self._bases()))
        return self._counted[1]

    async def _encoded(self) -> tuple[Pending, list[str], str]:
        """The outbox read and encoded, cached while the change log does not move (every
        write of a record appends to it, so an unchanged log means unchanged changes): the
        Lembar Konfirmasi and the push each ask for it."""
        key = await self._log_key()
        if self._built is None or self._built[0] != key:
            entries = await self.service.store.changes_since(0)
            pending = read_outbox(entries, self.service.data, self._ever_synced(),
                                  bases=self._bases())
            lines, digest = encode(pending.changes)
            self._built = (key, pending, lines, digest)
        return self._built[1], self._built[2], self._built[3]

    async def pending(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        p = await self._pending()
        return {"ok": True, "total": p.total, "tabs": p.tabs}

    def _principal(self) -> Any:
        """The acting Kepala Sekolah's PTK record, or None (operator, or the PTK is gone)."""
        acting = self.cfg.get("acting")
        if acting is None or acting.get("role") != "kepala_sekolah":
            return None
        ptk = self.service.data["ptk"].get(acting.get("ptk_id") or "")
        return ptk if ptk is not None and not ptk.deleted else None

    def _may_send(self) -> Any:
        """The acting principal's PTK, or the problem that stops a sync before it starts:
        not registered, a sync already under way, not the Kepala Sekolah, or invalid data
        (as last validated)."""
        if not self._registered():
            raise P.BELUM_TERDAFTAR.error(open="sinkronisasi")
        if self._active():
            raise P.SEDANG_BERJALAN.error(state=self._state())
        ptk = self._principal()
        if ptk is None:
            raise P.BUKAN_KEPALA_SEKOLAH.error(open="pengaturan")
        invalid, _ = self.service.totals()
        if invalid:
            raise P.MASIH_INVALID.error(invalid=invalid, open="validasi")
        return ptk

    async def confirmation_sheet(self, req: dict[str, Any]) -> dict[str, Any]:
        await self._load()
        ptk = self._may_send()
        p, _, digest = await self._encoded()
        school = self.service.school_info()
        items = sheet_items(self.service.data, school.get("semester_id"), p)
        offset = timedelta(minutes=int(self.cfg.get("tz_offset_min") or 0))
        tanggal = date_text((self.clock().astimezone(timezone.utc) + offset).date())
        return {"ok": True, "items": items, "payload_hash": digest,
                "agreement_version": AGREEMENT_VERSION,
                "agreement_text": agreement_text(ptk.nama, ptk.nip, ptk.nuptk,
                                                 school.get("nama") or "",
                                                 self.cfg.get("npsn") or "", tanggal),
                "principal": {"nama": ptk.nama, "nip": ptk.nip, "nuptk": ptk.nuptk}}

    async def confirmation_xlsx(self, req: dict[str, Any]) -> dict[str, Any]:
        """The Lembar Konfirmasi as an xlsx file (its items by group, with the Persetujuan
        text on a second sheet): for the principal to read or file before sending."""
        from pyapp.engine.excel import Table
        from pyapp.engine.exporting import file_reply, school_heading

        sheet = await self.confirmation_sheet(req)
        rows = [[it["group"], it["label"], it["value"]] for it in sheet["items"]]
        lembar = Table("Lembar Konfirmasi", ["Kelompok", "Data", "Jumlah"], rows,
                       school_heading(self.service, "Lembar Konfirmasi"))
        persetujuan = Table("Persetujuan", ["Persetujuan Pengiriman Data"],
                            [[line] for line in sheet["agreement_text"].split("\n")])
        return file_reply("lembar-konfirmasi", self.service, [lembar, persetujuan])

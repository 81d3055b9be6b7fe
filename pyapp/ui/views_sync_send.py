# Sending: the engine decides whether this user may send now (registered, Kepala Sekolah,
# no invalid data) and answers the Lembar Konfirmasi; then the Persetujuan, then progress.
import js

from ui import bridge, dom, excel, texts, views_sync_progress

# Where each refusal is fixed (the engine names the page in its details' "open").
FIX_LINKS = {"pengaturan": "Buka Pengaturan", "validasi": "Buka Validasi",
             "sinkronisasi": "Buka Sinkronisasi"}


async def start(work):
    dom.clear(work)
    health = await bridge.call("health")
    if not health.get("online"):
        work.append(dom.el("p", cls="bad", testid="sync-refused",
                           text="Lembar Konfirmasi belum dapat dibuat: server tidak terjangkau "
                                "dari komputer ini (periksa sambungan internet). Data tetap aman "
                                "di komputer ini; coba lagi setelah tersambung."))
        return
    sheet = await bridge.call("confirmation_sheet")
    if not sheet.get("ok"):
        work.append(dom.el("p", cls="bad", testid="sync-refused",
                           text=bridge.message_of(sheet, "Gagal menyiapkan.")))
        page = (sheet.get("details") or {}).get("open")
        if page in FIX_LINKS:
            work.append(dom.el("a", text=FIX_LINKS[page], href="#/" + page))
        return
    _lembar(work, sheet)


def _lembar(work, sheet):
    dom.clear(work)
    work.append(dom.el("h2", text="Lembar Konfirmasi"))
    work.append(dom.el("p", text="Periksa setiap isian ringkasan data sekolah, lalu centang. "
                                 "Konfirmasi hanya dapat dilanjutkan jika semua dicentang."))
    boxes = []
    confirm = dom.button("Konfirmasi Isian Dapodik", None, testid="btn-konfirmasi", disabled=True)
    every = dom.el("input", type="checkbox", testid="konfirmasi-semua", id="k-semua")

    def changed(_e):
        done = all(bool(b.checked) for b, _k in boxes)
        confirm.disabled = not done
        every.checked = done

    def tick_all(_e):
        for b, _k in boxes:
            b.checked = bool(every.checked)
        changed(None)

    dom.on(every, "change", tick_all)
    lab = dom.el("label", text="Centang semua (setelah semua isian diperiksa)")
    lab.setAttribute("for", "k-semua")
    work.append(dom.add(dom.el("p", cls="check-all"), every, lab))
    sheet_box = dom.el("div", testid="lembar-konfirmasi")
    groups = {}
    for i, item in enumerate(sheet.get("items") or []):
        name = item.get("group") or "Lainnya"
        if name not in groups:
            section = dom.el("fieldset", cls="sheet-group")
            section.append(dom.el("legend", text=name))
            groups[name] = dom.el("ul", cls="checklist")
            section.append(groups[name])
            sheet_box.append(section)
        li = dom.el("li")
        box = dom.el("input", type="checkbox", testid="konfirmasi-item", id="k-%d" % i)
        box.setAttribute("data-key", item["key"])
        dom.on(box, "change", changed)
        lab = dom.el("label", text="%s: %s" % (item["label"], item["value"]))
        lab.setAttribute("for", "k-%d" % i)
        dom.add(li, box, lab)
        groups[name].append(li)
        boxes.append((box, item["key"]))
    work.append(sheet_box)

    def go_on(_e):
        ticked = [k for b, k in boxes if b.checked]
        _persetujuan(work, sheet, ticked)

    dom.on(confirm, "click", go_on)
    row = dom.el("div", cls="toolbar")
    excel_status = dom.el("span", cls="muted", testid="excel-status", role="status")
    dom.add(row, confirm, dom.button("Cetak", lambda _e: js.window.print(), cls="btn secondary"),
            excel.button("confirmation_xlsx", lambda: {}, excel_status), excel_status)
    work.append(row)


def _persetujuan(work, sheet, ticked):
    dom.clear(work)
    p = sheet.get("principal") or {}
    work.append(dom.el("h2", text="Persetujuan Pengiriman Data"))
    box = dom.el("div", cls="statement", testid="persetujuan")
    dom.add(box, dom.el("p", text=sheet.get("agreement_text") or ""),
            dom.el("p", text="Kepala Sekolah: %s" % (p.get("nama") or "-")),
            dom.el("p", text="NIP/NUPTK: %s" % (p.get("nip") or p.get("nuptk") or "-")),
            dom.el("p", text="Tanggal: %s" % texts.tanggal()))
    work.append(box)

    async def lanjut(_e):
        btn.disabled = True
        res = await bridge.call("sync_begin", {"ticked": ticked,
                                               "agreement_version": sheet.get("agreement_version"),
                                               "payload_hash": sheet.get("payload_hash")})
        if not res.get("ok"):
            btn.disabled = False
            work.append(dom.el("p", cls="bad", testid="sync-error", text=bridge.message_of(res)))
            return
        await views_sync_progress.run(work)

    btn = dom.button("Lanjutkan Sinkronisasi", lanjut, testid="btn-lanjutkan")
    work.append(btn)

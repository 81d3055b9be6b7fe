# A sync under way: one engine step at a time (each makes at most one request), the
# progress bar and phase the engine reports, waits it asks for, and the receipt.
import asyncio

from ui import bridge, dom, locks, state, texts, views_sync_cards, views_sync_conflicts

PHASES = {
    "menyiapkan": "Menyiapkan data",
    "mengirim": "Mengirim",
    "memvalidasi": "Memvalidasi di server",
    "selesai": "Selesai",
    "menunggu": "Menunggu",
    "gagal": "Gagal",
}
_running = {"flag": False}


async def run(work):
    if _running["flag"]:
        return

    async def loop():
        _running["flag"] = True
        try:
            await _loop(work)
        finally:
            _running["flag"] = False

    ok = await locks.run_exclusive("pyapp-sync", loop)
    if not ok:
        work.append(dom.el("p", cls="bad", testid="sync-other-tab",
                           text="Sinkronisasi sedang berjalan di tab lain. Tunggu sampai selesai."))


async def _loop(work):
    dom.clear(work)
    work.append(dom.el("h2", text="Mengirim data"))
    bar_box = dom.el("div", cls="progress", role="progressbar", testid="sync-progress",
                     aria_label="Kemajuan sinkronisasi", aria_valuemin="0", aria_valuemax="100")
    bar = dom.el("div", cls="progress-bar")
    bar_box.append(bar)
    label = dom.el("p", testid="sync-phase", role="status", aria_live="polite")
    wake = {"now": False}

    def try_now(_e):
        wake["now"] = True

    retry_now = dom.button("Coba sekarang", try_now, cls="btn secondary small",
                           testid="btn-coba-sekarang")
    retry_now.hidden = True
    dom.add(work, bar_box, label, retry_now)
    while True:
        now, wake["now"] = wake["now"], False
        res = await bridge.call("sync_step", {"now": True} if now else {}, timeout=300)
        st = res.get("state") or {}
        if not res.get("ok"):
            st = {"phase": "gagal", "message": bridge.message_of(res), "percent": 10}
        phase = st.get("phase") or "menyiapkan"
        sent, total = int(st.get("sent") or 0), int(st.get("total") or 0)
        pct = int(st.get("percent") or 0)
        bar.style.width = "%d%%" % pct
        bar_box.setAttribute("aria-valuenow", str(pct))
        bar_box.setAttribute("data-phase", phase)
        text = PHASES.get(phase, phase)
        if phase == "mengirim" and total:
            text = "Mengirim %d/%d" % (sent, total)
        if st.get("message"):
            text += " — " + st["message"]
        label.textContent = text
        if phase == "selesai":
            retry_now.hidden = True
            _receipt(work, st.get("receipt") or {})
            await views_sync_cards.refresh()
            await views_sync_conflicts.refresh()
            return
        if phase == "gagal":
            for f in (st.get("findings") or [])[:20]:
                work.append(dom.el("p", cls="bad", testid="finding",
                                   text="%s: %s" % (f.get("record_label"), f.get("message"))))
            retry = dom.button("Coba lagi", lambda _e: run(work), cls="btn secondary",
                               testid="btn-coba-lagi")
            work.append(retry)
            return
        retry_now.hidden = phase != "menunggu"
        if phase == "menunggu":
            # Honour the server's Retry-After, unless the user asks to try now.
            waited, wait_s = 0.0, max(0.5, float(st.get("retry_in_s") or 2))
            while waited < wait_s and not wake["now"]:
                await asyncio.sleep(0.25)
                waited += 0.25


def _receipt(work, receipt):
    box = dom.el("section", cls="receipt", testid="sync-receipt")
    counts = receipt.get("counts") or {}
    school = state.app.get("school") or {}
    head = dom.el("div", cls="receipt-head", testid="receipt-school")
    dom.add(head, dom.el("strong", text=school.get("nama") or "Sekolah"),
            dom.el("span", text=" · NPSN %s" % (school.get("npsn") or "-")),
            dom.el("div", text="Tanda terima sinkronisasi Dapodik", cls="muted"))
    box.append(head)
    conflicts = int(counts.get("conflict") or 0)
    box.setAttribute("data-conflicts", str(conflicts))
    if conflicts:
        box.className = "receipt partial"
        box.append(dom.el("h2", text="Terkirim sebagian: %d konflik belum diterima server"
                                      % conflicts, testid="receipt-title"))
        box.append(dom.el("p", cls="bad", text="Data itu juga diubah di server dari komputer "
                                               "lain. Putuskan di bagian Konflik data, lalu "
                                               "jalankan Sinkronisasi lagi."))
    else:
        box.append(dom.el("h2", text="Sinkronisasi berhasil", testid="receipt-title"))
    kv = dom.el("dl", cls="kv")
    for label, value in (("Urutan server", receipt.get("server_seq")),
                         ("Ditambah", counts.get("created", 0)),
                         ("Diubah", counts.get("updated", 0)),
                         ("Dihapus", counts.get("deleted", 0)),
                         ("Konflik", counts.get("conflict", 0)),
                         ("Diterima server", texts.tanggal(receipt.get("received_at"), True))):
        dom.add(kv, dom.el("dt", text=label), dom.el("dd", text=str(value)))
    box.append(kv)
    info = dom.el("details", cls="tech")
    dom.add(info, dom.el("summary", text="Info teknis"),
            dom.el("p", text="Sidik isi kiriman: %s" % (receipt.get("content_hash") or "-")),
            dom.el("p", text="Kunci kiriman: %s" % (receipt.get("idempotency_key") or "-")))
    box.append(info)
    box.append(dom.button("Cetak tanda terima", lambda _e: dom.js.window.print(),
                          cls="btn secondary", testid="btn-cetak-tanda-terima"))
    work.append(box)
    work.classList.add("printing-receipt")

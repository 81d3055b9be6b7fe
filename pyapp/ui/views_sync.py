# Sinkronisasi, the operators' own steps: connection status, pending changes, then
# Lembar Konfirmasi → Persetujuan → progress → receipt; and Tarik Data.
import asyncio

import js

from ui import acting, bridge, dom, locks, router

PHASES = {
    "menyiapkan": "Menyiapkan data",
    "mengirim": "Mengirim",
    "memvalidasi": "Memvalidasi di server",
    "selesai": "Selesai",
    "menunggu": "Menunggu",
    "gagal": "Gagal",
}
_running = {"flag": False}


async def render(_parts):
    main = dom.main_area()
    cfg = await acting.refresh()
    dom.clear(main)
    card = dom.el("section", cls="card", testid="sinkronisasi")
    card.append(dom.el("h1", text="Sinkronisasi"))
    status = dom.el("p", text="Memeriksa koneksi ke server…", testid="sync-status",
                    data_state="checking")
    card.append(status)
    main.append(card)
    await _check(status)
    if not cfg.get("registered"):
        main.append(_register_card(cfg))
        return
    card.append(dom.el("p", cls="muted", text="Server: %s · NPSN %s" % (
        cfg.get("proxy_url") or "-", cfg.get("npsn") or "-")))
    main.append(await _pending_card())
    work = dom.el("section", cls="card", testid="sync-work")
    main.append(work)
    actions = dom.el("div", cls="toolbar")
    dom.add(actions,
            dom.button("Sinkronisasi", lambda _e: _start(work), testid="btn-sinkronisasi"),
            dom.button("Tarik Data", lambda _e: _pull(work), cls="btn secondary",
                       testid="btn-tarik-data"))
    card.append(actions)
    main.append(await _history_card())
    state = await bridge.call("sync_state")
    st = state.get("state") or {}
    if cfg.get("pending_upload") or st.get("phase") in ("mengirim", "menunggu", "memvalidasi",
                                                        "menyiapkan"):
        work.append(dom.el("p", text="Pengiriman sebelumnya belum selesai: dilanjutkan dari "
                                     "bagian terakhir yang diterima server."))
        asyncio.create_task(_run(work))


async def _check(status):
    res = await bridge.call("health")
    online = bool(res.get("online"))
    status.textContent = "Terhubung ke server." if online else "Belum terhubung ke server."
    status.className = "ok" if online else "bad"
    status.setAttribute("data-state", "online" if online else "offline")


def _register_card(cfg):
    card = dom.el("section", cls="card", testid="registrasi")
    dom.add(card, dom.el("h2", text="Daftarkan komputer ini"),
            dom.el("p", text="Masukkan alamat server, NPSN dan Kode Registrasi sekolah dari "
                             "Dinas. Kode hanya dipakai untuk memeriksa dengan server."))
    form = dom.el("div", cls="form")
    url = _labelled(form, "Alamat server", "reg-url", cfg.get("proxy_url") or bridge.base_url())
    npsn = _labelled(form, "NPSN", "reg-npsn", "")
    kode = _labelled(form, "Kode registrasi", "reg-kode", "", kind="password")
    card.append(form)
    status = dom.el("p", cls="muted", testid="reg-status", role="status")

    async def submit(_e):
        status.textContent = "Memeriksa dengan server…"
        res = await bridge.call("register", {"proxy_url": str(url.value).strip(),
                                             "npsn": str(npsn.value).strip(),
                                             "kode": str(kode.value).strip()})
        if not res.get("ok"):
            status.textContent = res.get("error") or "Pendaftaran gagal."
            status.className = "error"
            return
        await acting.refresh()
        if res.get("has_server_data"):
            _offer_prefill(card, status)
        else:
            dom.toast("Komputer ini terdaftar.")
            router.go("sinkronisasi")

    dom.add(card, dom.button("Daftarkan", submit, testid="btn-daftar"), status)
    return card


def _offer_prefill(card, status):
    status.textContent = ("Server sudah menyimpan data sekolah ini. Ambil data tersebut agar "
                          "komputer ini mulai dari sinkronisasi terakhir (tanpa data ganda).")
    status.className = ""

    async def prefill(_e):
        btn.disabled = True
        status.textContent = "Mengambil data dari server…"
        res = await bridge.call("prefill", timeout=600)
        btn.disabled = False
        if res.get("ok"):
            dom.toast("Data sekolah diambil dari server.")
            router.go("beranda")
        else:
            status.textContent = res.get("error") or "Gagal mengambil data."

    btn = dom.button("Ambil data dari server", prefill, testid="btn-prefill")
    card.append(btn)


def _labelled(parent, label, testid, value, kind="text"):
    wrap = dom.el("div", cls="field")
    node = dom.el("input", type=kind, testid=testid, id=testid)
    node.value = value
    lab = dom.el("label", text=label)
    lab.setAttribute("for", testid)
    dom.add(wrap, lab, node)
    parent.append(wrap)
    return node


async def _pending_card():
    res = await bridge.call("pending")
    card = dom.el("section", cls="card", testid="sync-pending")
    card.append(dom.el("h2", text="Perubahan yang belum dikirim (%d)" % int(res.get("total", 0))))
    table = dom.el("table", cls="table compact")
    head = dom.el("tr")
    for text in ("Tab", "Ditambah", "Diubah", "Dihapus"):
        head.append(dom.el("th", text=text, scope="col"))
    table.append(head)
    for tab, c in (res.get("tabs") or {}).items():
        row = dom.el("tr")
        dom.add(row, dom.el("td", text=tab), dom.el("td", text=str(c.get("created", 0))),
                dom.el("td", text=str(c.get("updated", 0))), dom.el("td", text=str(c.get("deleted", 0))))
        table.append(row)
    card.append(table)
    return card


async def _history_card():
    rows = await bridge.call("sync_history")
    card = dom.el("section", cls="card", testid="sync-history")
    card.append(dom.el("h2", text="Riwayat sinkronisasi"))
    if not isinstance(rows, list) or not rows:
        card.append(dom.el("p", text="Belum pernah sinkronisasi.", cls="muted"))
        return card
    table = dom.el("table", cls="table compact")
    head = dom.el("tr")
    for text in ("Waktu", "Urutan server", "Ditambah", "Diubah", "Dihapus", "Konflik"):
        head.append(dom.el("th", text=text, scope="col"))
    table.append(head)
    for r in rows[:20]:
        counts = r.get("counts") or {}
        row = dom.el("tr")
        for v in (str(r.get("received_at") or "")[:16].replace("T", " "), r.get("server_seq"),
                  counts.get("created", 0), counts.get("updated", 0), counts.get("deleted", 0),
                  counts.get("conflict", 0)):
            row.append(dom.el("td", text=str(v)))
        table.append(row)
    card.append(table)
    return card


async def _start(work):
    dom.clear(work)
    cfg = await acting.refresh()
    if cfg.get("role") != "kepala_sekolah":
        dom.add(work, dom.el("p", cls="bad", testid="sync-refused", text=(
            "Hanya Kepala Sekolah yang dapat mengirim data. Buka Pengaturan → Ubah Akses "
            "Pengguna, masukkan Kode Registrasi dan pilih Kepala Sekolah.")),
            dom.el("a", text="Buka Pengaturan", href="#/pengaturan"))
        return
    summary = await bridge.call("summary")
    if int(summary.get("invalid", 0)):
        dom.add(work, dom.el("p", cls="bad", testid="sync-refused", text=(
            "Sinkronisasi ditolak: masih ada %d data invalid. Perbaiki semuanya di halaman "
            "Validasi, lalu coba lagi." % int(summary["invalid"]))),
            dom.el("a", text="Buka Validasi", href="#/validasi"))
        return
    sheet = await bridge.call("confirmation_sheet")
    if not sheet.get("ok"):
        work.append(dom.el("p", cls="bad", text=sheet.get("error") or "Gagal menyiapkan."))
        return
    _lembar(work, sheet)


def _lembar(work, sheet):
    dom.clear(work)
    work.append(dom.el("h2", text="Lembar Konfirmasi"))
    work.append(dom.el("p", text="Periksa setiap isian ringkasan data sekolah, lalu centang. "
                                 "Konfirmasi hanya dapat dilanjutkan jika semua dicentang."))
    boxes = []
    lst = dom.el("ul", cls="checklist", testid="lembar-konfirmasi")
    confirm = dom.button("Konfirmasi Isian Dapodik", None, testid="btn-konfirmasi", disabled=True)

    def changed(_e):
        confirm.disabled = not all(bool(b.checked) for b, _k in boxes)

    for i, item in enumerate(sheet.get("items") or []):
        li = dom.el("li")
        box = dom.el("input", type="checkbox", testid="konfirmasi-item", id="k-%d" % i)
        box.setAttribute("data-key", item["key"])
        dom.on(box, "change", changed)
        lab = dom.el("label", text="%s: %s" % (item["label"], item["value"]))
        lab.setAttribute("for", "k-%d" % i)
        dom.add(li, box, lab)
        lst.append(li)
        boxes.append((box, item["key"]))
    work.append(lst)

    def go_on(_e):
        ticked = [k for b, k in boxes if b.checked]
        _persetujuan(work, sheet, ticked)

    dom.on(confirm, "click", go_on)
    row = dom.el("div", cls="toolbar")
    dom.add(row, confirm, dom.button("Cetak", lambda _e: js.window.print(), cls="btn secondary"))
    work.append(row)


def _persetujuan(work, sheet, ticked):
    dom.clear(work)
    p = sheet.get("principal") or {}
    work.append(dom.el("h2", text="Persetujuan Pengiriman Data"))
    box = dom.el("div", cls="statement", testid="persetujuan")
    dom.add(box, dom.el("p", text=sheet.get("agreement_text") or ""),
            dom.el("p", text="Kepala Sekolah: %s" % (p.get("nama") or "-")),
            dom.el("p", text="NIP/NUPTK: %s" % (p.get("nip") or p.get("nuptk") or "-")),
            dom.el("p", text="Tanggal: %s" % str(
                js.Reflect.construct(js.Date, js.Array.of()).toLocaleDateString("id-ID"))))
    work.append(box)

    async def lanjut(_e):
        btn.disabled = True
        res = await bridge.call("sync_begin", {"ticked": ticked,
                                               "agreement_version": sheet.get("agreement_version")})
        if not res.get("ok"):
            btn.disabled = False
            work.append(dom.el("p", cls="bad", testid="sync-error", text=res.get("error") or ""))
            return
        await _run(work)

    btn = dom.button("Lanjutkan Sinkronisasi", lanjut, testid="btn-lanjutkan")
    work.append(btn)


async def _run(work):
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
            st = {"phase": "gagal", "message": res.get("error")}
        phase = st.get("phase") or "menyiapkan"
        sent, total = int(st.get("sent") or 0), int(st.get("total") or 0)
        pct = {"menyiapkan": 5, "memvalidasi": 95, "selesai": 100}.get(
            phase, 10 + int(80 * sent / total) if total else 10)
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
            await _refresh_cards()
            return
        if phase == "gagal":
            for f in (st.get("findings") or [])[:20]:
                work.append(dom.el("p", cls="bad", testid="finding",
                                   text="%s: %s" % (f.get("record_label"), f.get("message"))))
            retry = dom.button("Coba lagi", lambda _e: _run(work), cls="btn secondary",
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


async def _refresh_cards():
    """After a receipt: the outbox and the history have changed."""
    for testid, build in (("sync-pending", _pending_card), ("sync-history", _history_card)):
        old = dom.document.querySelector('[data-testid="%s"]' % testid)
        if old:
            old.replaceWith(await build())
    await acting.refresh()


def _receipt(work, receipt):
    box = dom.el("section", cls="receipt", testid="sync-receipt")
    counts = receipt.get("counts") or {}
    box.append(dom.el("h2", text="Sinkronisasi berhasil"))
    kv = dom.el("dl", cls="kv")
    for label, value in (("Urutan server", receipt.get("server_seq")),
                         ("Ditambah", counts.get("created", 0)),
                         ("Diubah", counts.get("updated", 0)),
                         ("Dihapus", counts.get("deleted", 0)),
                         ("Konflik", counts.get("conflict", 0)),
                         ("Hash isi", receipt.get("content_hash")),
                         ("Diterima", str(receipt.get("received_at") or "").replace("T", " ")[:19])):
        dom.add(kv, dom.el("dt", text=label), dom.el("dd", text=str(value)))
    box.append(kv)
    work.append(box)


async def _pull(work):
    dom.clear(work)
    work.append(dom.el("p", text="Menarik data dari server…", testid="pull-status"))
    res = await bridge.call("tarik_data", timeout=600)
    dom.clear(work)
    if not res.get("ok"):
        work.append(dom.el("p", cls="bad", testid="pull-status", text=res.get("error") or ""))
        return
    work.append(dom.el("p", testid="pull-status", text="%d perubahan dari server diterapkan." %
                       int(res.get("applied", 0))))
    conflicts = res.get("conflicts") or []
    if conflicts:
        work.append(dom.el("p", cls="bad", text="%d data tidak ditimpa karena ada perubahan lokal "
                                                "yang belum dikirim:" % len(conflicts)))
        lst = dom.el("ul", testid="pull-conflicts")
        for c in conflicts:
            lst.append(dom.add(dom.el("li"), dom.el("a", text=c.get("label") or c.get("id"),
                                                   href="#/rekam/%s/%s" % (c.get("type"), c.get("id")))))
        work.append(lst)

# Pengaturan: backup export/restore, sample data, wipe local data, storage use.
import json

from ui import acting, asking, bridge, dom, router, views_home


async def render(_parts):
    main = dom.main_area()
    dom.clear(main)
    info = await bridge.call("open")
    card = dom.el("section", cls="card", testid="pengaturan")
    card.append(dom.el("h1", text="Pengaturan"))
    storage = info.get("storage") or {}
    if storage.get("quota"):
        used = float(storage.get("usage", 0)) / 1e6
        quota = float(storage["quota"]) / 1e6
        text = "Penyimpanan peramban: %.1f MB dipakai dari %.0f MB." % (used, quota)
        if storage.get("persisted"):
            text += " Data dilindungi dari pembersihan otomatis."
        else:
            text += " Peramban belum menjamin data tidak dibersihkan: buat cadangan rutin."
        card.append(dom.el("p", text=text, testid="storage-info"))
    main.append(card)
    main.append(await _access_card())
    main.append(_backup_card())
    sample = dom.el("section", cls="card")
    dom.add(sample, dom.el("h2", text="Data contoh"),
            dom.el("p", text="Mengganti data di komputer ini dengan sekolah contoh.", cls="muted"),
            views_home.sample_form())
    main.append(sample)
    main.append(_wipe_card())


def _backup_card():
    card = dom.el("section", cls="card", testid="cadangan")
    card.append(dom.el("h2", text="Cadangan data"))
    status = dom.el("p", cls="muted", testid="backup-status", role="status")

    async def export(_e):
        status.textContent = "Menyiapkan cadangan…"
        filename, err = await asking.download_backup()
        status.textContent = "Cadangan diunduh: " + filename if filename else err

    picker = dom.el("input", type="file", accept="application/json,.json", testid="file-pulihkan",
                    aria_label="Berkas cadangan", cls="visually-hidden")

    async def restore(_e):
        files = picker.files
        if not files or files.length == 0:
            return
        f = files.item(0)
        if not await asking.confirm_replace("Memulihkan dari %s" % f.name):
            picker.value = ""
            status.textContent = "Pemulihan dibatalkan; data tidak berubah."
            return
        status.textContent = "Memulihkan dari %s…" % f.name
        raw, err = await bridge.call_raw("restore_file", f)
        res = bridge.failure("engine.gagal_dijalankan", err) if err else json.loads(str(raw))
        picker.value = ""
        if res.get("ok"):
            ms = res.get("ms") or {}
            status.setAttribute("data-ms", json.dumps(ms))
            status.textContent = "Data dipulihkan dari %s (%.1f detik)." % (
                f.name, float(ms.get("total", 0)) / 1000)
            dom.toast("Data dipulihkan.")
        else:
            status.textContent = bridge.message_of(res, "Berkas tidak bisa dipulihkan.")
            status.className = "error"

    dom.on(picker, "change", restore)
    row = dom.el("div", cls="toolbar")
    dom.add(row, dom.button("Ekspor cadangan", export, testid="btn-ekspor"),
            dom.button("Pulihkan dari berkas…", lambda _e: picker.click(), cls="btn secondary",
                       testid="btn-pulihkan"), picker)
    dom.add(card, dom.el("p", text="Simpan cadangan ke flashdisk secara rutin. Berkas cadangan "
                                   "berisi seluruh data sekolah dalam format JSON."), row, status)
    return card


def _wipe_card():
    card = dom.el("section", cls="card danger-zone", testid="hapus-data")
    card.append(dom.el("h2", text="Hapus data lokal"))
    card.append(dom.el("p", text="Menghapus semua data sekolah dari peramban ini. Ketik HAPUS "
                                 "untuk memastikan. Buat cadangan terlebih dahulu."))
    confirm = dom.el("input", type="text", testid="wipe-confirm", aria_label="Ketik HAPUS")
    status = dom.el("span", cls="muted", role="status")

    async def wipe(_e):
        res = await bridge.call("wipe", {"confirm": str(confirm.value)})
        if res.get("ok"):
            dom.toast("Data lokal dihapus.")
            router.go("beranda")
        else:
            status.textContent = bridge.message_of(res, "Tidak dihapus.")

    row = dom.el("div", cls="toolbar")
    dom.add(row, confirm, dom.button("Hapus semua data", wipe, cls="btn danger",
                                     testid="btn-hapus-data"), status)
    card.append(row)
    return card


async def _access_card():
    """Pengaturan → Ubah Akses Pengguna: act as the Kepala Sekolah (kode registrasi + a GTK
    with the KS/PLT tugas tambahan), or back as the operator."""
    cfg = await acting.refresh()
    card = dom.el("section", cls="card", testid="ubah-akses")
    card.append(dom.el("h2", text="Ubah Akses Pengguna"))
    status = dom.el("p", cls="muted", testid="akses-status", role="status")
    if not cfg.get("registered"):
        card.append(dom.el("p", cls="muted", text="Daftarkan komputer ini di halaman "
                                                   "Sinkronisasi terlebih dahulu."))
        return card
    if cfg.get("role") == "kepala_sekolah":
        async def back(_e):
            res = await bridge.call("switch_role", {"role": "operator"})
            await acting.refresh()
            status.textContent = "Kembali sebagai Operator." if res.get("ok") else bridge.message_of(res)

        dom.add(card, dom.el("p", text="Saat ini bertindak sebagai Kepala Sekolah."),
                dom.button("Kembali sebagai Operator", back, cls="btn secondary",
                           testid="btn-akses-operator"), status)
        return card
    people = await bridge.call("principals")
    form = dom.el("div", cls="form")
    pick = dom.el("select", testid="akses-ptk", id="akses-ptk")
    pick.append(dom.el("option", text="— pilih Kepala Sekolah —", value=""))
    for p in people if isinstance(people, list) else []:
        pick.append(dom.el("option", text=p["label"], value=p["ptk_id"]))
    kode = dom.el("input", type="password", testid="akses-kode", id="akses-kode")
    for label, node, for_id in (("Kepala Sekolah", pick, "akses-ptk"),
                                ("Kode registrasi", kode, "akses-kode")):
        wrap = dom.el("div", cls="field")
        lab = dom.el("label", text=label)
        lab.setAttribute("for", for_id)
        dom.add(wrap, lab, node)
        form.append(wrap)

    async def switch(_e):
        status.textContent = "Memeriksa kode dengan server…"
        res = await bridge.call("switch_role", {"role": "kepala_sekolah", "ptk_id": str(pick.value),
                                                "kode": str(kode.value).strip()})
        await acting.refresh()
        if res.get("ok"):
            status.textContent = "Sekarang bertindak sebagai Kepala Sekolah."
            dom.toast("Akses diubah ke Kepala Sekolah.")
        else:
            status.textContent = bridge.message_of(res, "Kode atau Kepala Sekolah tidak sesuai.")

    dom.add(card, dom.el("p", text="Hanya Kepala Sekolah (atau PLT) yang dapat mengirim data."),
            form, dom.button("Ubah Pengguna", switch, testid="btn-ubah-akses"), status)
    return card

# Asking before the school's data is replaced (a backup restored, the sample school loaded):
# the engine names what would be replaced; the user may download a backup first.
import asyncio

from ui import bridge, dom


async def download_backup():
    """Download a backup file now; the file name, or (None, the reason it failed)."""
    return await bridge.download("export_file", "{}", "Gagal membuat cadangan.")


def _lines(info):
    lines = []
    if info.get("school"):
        lines.append("Sekolah: %s%s" % (info["school"], " (NPSN %s)" % info["npsn"]
                                        if info.get("npsn") else ""))
    counts = ["%s %s" % (dom.number(c["count"]), c["label"]) for c in info.get("counts") or []]
    lines.append("Data: " + (", ".join(counts) if counts else "%s data" % dom.number(info.get("total", 0))))
    unsent = int(info.get("unsent") or 0)
    if info.get("ever_synced"):
        lines.append("%s data berubah belum dikirim ke server dan akan hilang." % dom.number(unsent)
                     if unsent else "Semua perubahan sudah terkirim ke server.")
    else:
        lines.append("Data ini belum pernah dikirim ke server: tanpa cadangan, data ini hilang.")
    lines.append("Cadangan terakhir: " + (str(info["last_backup"])[:10] if info.get("last_backup")
                                          else "belum pernah dibuat."))
    return lines


async def confirm_replace(action):
    """True when nothing would be lost, or the user agreed to replace the data."""
    info = await bridge.call("replace_preview")
    if not info.get("ok"):
        return bool(dom.js.window.confirm(
            "Data sekolah di komputer ini akan diganti (%s). Lanjutkan?" % action))
    if not info.get("has_data"):
        return True
    box = dom.el("dialog", cls="ask", testid="ask-replace", aria_labelledby="ask-title")
    title = dom.el("h2", text="Ganti data sekolah di komputer ini?")
    title.id = "ask-title"
    items = dom.el("ul", testid="ask-what")
    for line in _lines(info):
        items.append(dom.el("li", text=line))
    status = dom.el("p", cls="muted", role="status", testid="ask-status")
    answer = {"value": False}
    done = asyncio.Event()

    def finish(value):
        answer["value"] = value
        done.set()

    async def backup(_e):
        status.textContent = "Menyiapkan cadangan…"
        name, err = await download_backup()
        status.textContent = ("Cadangan diunduh: %s. Simpan berkas itu, lalu lanjutkan." % name
                              if name else err)

    row = dom.el("div", cls="toolbar")
    dom.add(row, dom.button("Unduh cadangan dulu", backup, testid="ask-backup"),
            dom.button("Ganti data", lambda _e: finish(True), cls="btn danger",
                       testid="ask-confirm"),
            dom.button("Batal", lambda _e: finish(False), cls="btn secondary",
                       testid="ask-cancel"))
    dom.add(box, title, dom.el("p", text="%s akan mengganti seluruh data berikut:" % action),
            items, row, status)
    dom.on(box, "close", lambda _e: finish(answer["value"]))
    dom.document.body.append(box)
    box.showModal()
    await done.wait()
    if box.open:
        box.close()
    box.remove()
    return answer["value"]

# Registering this computer with the sync server (NPSN + kode registrasi), and the prefill
# offered when the server already holds the school's data.
from ui import acting, bridge, dom, router, state


def card(cfg):
    box = dom.el("section", cls="card", testid="registrasi")
    dom.add(box, dom.el("h2", text="Daftarkan komputer ini"),
            dom.el("p", text="Masukkan alamat server, NPSN dan Kode Registrasi sekolah dari "
                             "Dinas. Kode hanya dipakai untuk memeriksa dengan server."))
    form = dom.el("div", cls="form")
    url = _labelled(form, "Alamat server", "reg-url", cfg.get("proxy_url") or bridge.base_url())
    npsn = _labelled(form, "NPSN", "reg-npsn",
                     cfg.get("npsn") or (state.app.get("school") or {}).get("npsn") or "")
    kode = _labelled(form, "Kode registrasi", "reg-kode", "", kind="password")
    box.append(form)
    status = dom.el("p", cls="muted", testid="reg-status", role="status")

    async def submit(_e):
        status.textContent = "Memeriksa dengan server…"
        res = await bridge.call("register", {"proxy_url": str(url.value).strip(),
                                             "npsn": str(npsn.value).strip(),
                                             "kode": str(kode.value).strip()})
        if not res.get("ok"):
            status.textContent = bridge.message_of(res, "Pendaftaran gagal.")
            status.className = "error"
            return
        await acting.refresh()
        if res.get("has_server_data"):
            _offer_prefill(box, status)
        else:
            dom.toast("Komputer ini terdaftar.")
            router.go("sinkronisasi")

    dom.add(box, dom.button("Daftarkan", submit, testid="btn-daftar"), status)
    return box


def _offer_prefill(box, status):
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
            status.textContent = bridge.message_of(res, "Gagal mengambil data.")

    btn = dom.button("Ambil data dari server", prefill, testid="btn-prefill")
    box.append(btn)


def _labelled(parent, label, testid, value, kind="text"):
    wrap = dom.el("div", cls="field")
    node = dom.el("input", type=kind, testid=testid, id=testid)
    node.value = value
    lab = dom.el("label", text=label)
    lab.setAttribute("for", testid)
    dom.add(wrap, lab, node)
    parent.append(wrap)
    return node
